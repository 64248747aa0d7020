import { describe, expect, it } from 'vitest';
import { linkRulesInMarkdown, ruleAnchor } from './link';

describe('rule ids in Markdown', () => {
  it('become links to their /reference entry, outside code and existing links', () => {
    expect(linkRulesInMarkdown('kube-proxy REJECTs (R3.11), see R10.2.')).toBe(
      'kube-proxy REJECTs ([R3.11](/reference#r3-11)), see [R10.2](/reference#r10-2).',
    );
    expect(linkRulesInMarkdown('`R3.2` and [R3.2](https://x.test) and ```\nR1.1\n```')).toBe(
      '`R3.2` and [R3.2](https://x.test) and ```\nR1.1\n```',
    );
    expect(linkRulesInMarkdown('HTTP/1.1 and R2 and XR3.2')).toBe('HTTP/1.1 and R2 and XR3.2');
    expect(ruleAnchor('R12.5')).toBe('r12-5');
  });
});
