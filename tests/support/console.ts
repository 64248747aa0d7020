/** Which console methods the current test may use; reset before each test. */
export const consoleAllowance = new Set<'error' | 'warn'>();

/**
 * Lets the current test write to console.error / console.warn without failing
 * (see tests/setup/fail-on-console.ts). Assert on the spy if the output matters.
 * @public — offered by the failure message of fail-on-console.ts; no test needs it today.
 */
export function allowConsole(...methods: Array<'error' | 'warn'>): void {
  for (const m of methods.length ? methods : (['error', 'warn'] as const)) consoleAllowance.add(m);
}
