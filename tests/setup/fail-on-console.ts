/**
 * Noisy tests are failing tests (STYLE.md rule 20): any console.error or
 * console.warn fails the test that caused it, unless the test opted in with
 * `allowConsole()` from tests/support/console.ts.
 */
import { afterEach, beforeEach, expect, vi } from 'vitest';
import type { MockInstance } from 'vitest';
import { consoleAllowance } from '../support/console.ts';

type Method = 'error' | 'warn';

const calls: Array<{ method: Method; args: unknown[] }> = [];
// Only our own spies are restored, so tests' own mocks (e.g. from beforeAll) survive.
let spies: MockInstance[] = [];

beforeEach(() => {
  calls.length = 0;
  consoleAllowance.clear();
  spies = (['error', 'warn'] as const).map((method) =>
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      calls.push({ method, args });
    }),
  );
});

afterEach(() => {
  const unexpected = calls.filter((c) => !consoleAllowance.has(c.method));
  for (const spy of spies) spy.mockRestore();
  spies = [];
  if (unexpected.length) {
    const lines = unexpected.map((c) => `console.${c.method}: ${c.args.map(String).join(' ')}`);
    expect.fail(`Unexpected console output (call allowConsole() if intended):\n${lines.join('\n')}`);
  }
});
