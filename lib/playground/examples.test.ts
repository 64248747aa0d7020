import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../scenario';
import { GUESTBOOK_ALL_IN_ONE, PLAYGROUND_EXAMPLES } from './examples';

describe('playground examples', () => {
  it('the guestbook example is the committed upstream fixture, unchanged', () => {
    const fixture = readFileSync(
      join(__dirname, '..', 'scenario', '__fixtures__', 'manifests', 'guestbook-all-in-one.yaml'),
      'utf8',
    );
    expect(GUESTBOOK_ALL_IN_ONE).toBe(fixture);
  });
  it('every example expands without errors once a request is added', () => {
    for (const e of PLAYGROUND_EXAMPLES) {
      const r = parseManifests(e.yaml, {
        requests: [
          {
            id: 'r1',
            from: { external: { name: 'b', ip: '198.51.100.7' } },
            to: { ip: '192.168.1.10', port: 80 },
          },
        ],
      });
      expect(r.result.ok, e.id).toBe(true);
    }
  });
});
