/**
 * Issue 17 (a): an exception inside a trace is the engine's bug, not a networking outcome. It must come out as
 * ENGINE_ERROR with no paths (never a normal-looking DROPPED path), refuse grading, and make the publish check
 * fail. The failure is provoked on the real engine by a model that breaks an invariant parseScenario
 * guarantees (an unknown service dataplane mode), so the code that throws is the real trace code.
 */
import { describe, expect, it } from 'vitest';
import { c1With, trace } from './__fixtures__/build';
import { engineFailure } from '../authoring/scenario-check';
import { grade } from '../grader/grade';
import type { ClusterModel } from './model';

const model = c1With({
  requests: `  requests:
    - id: main
      from: { pod: shop/frontend-1, container: web }
      to: { url: "http://backend/" }
`,
});

/** The same model with a dataplane mode the loader would have rejected. */
function broken(m: ClusterModel): ClusterModel {
  const sd = { ...m.settings.serviceDataplane, mode: 'userspace' as unknown as 'iptables' };
  return { ...m, settings: { ...m.settings, serviceDataplane: sd } };
}

describe('engine errors are loud (issue 17 a)', () => {
  it('a valid model traces normally (the check can tell the difference)', () => {
    const ts = trace(model, 'main');
    expect(ts.disposition).toBe('DELIVERED');
    expect(ts.engineError).toBeUndefined();
    expect(engineFailure([ts])).toBeUndefined();
  });

  it('an exception inside the trace is ENGINE_ERROR with no paths, not a DROPPED path', () => {
    const ts = trace(broken(model), 'main');
    expect(ts.disposition).toBe('ENGINE_ERROR');
    expect(ts.symptom).toBe('ENGINE_ERROR');
    expect(ts.paths).toEqual([]);
    expect(ts.engineError).toMatch(/\S/);
    expect(ts.reason).toContain('internal engine error');
    expect(ts.reason).toContain(model.id);
  });

  it('is never graded', () => {
    const ts = trace(broken(model), 'main');
    expect(() => grade(ts, { cards: [] }, 'coarse')).toThrow(/cannot grade/);
  });

  it('is never publishable: the publish check reports it', () => {
    const ts = trace(broken(model), 'main');
    expect(engineFailure([trace(model, 'main'), ts])).toMatch(/request main/);
  });
});
