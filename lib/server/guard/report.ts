import 'server-only';
/**
 * Where the guards report what they refused or what broke. Refusals are expected (a stale form, a signed-out
 * tab), so they are not printed; an unexpected error is printed as one line (name and message), never as a
 * response body.
 */
export function reportRefusal(kind: 'action' | 'route', name: string, status: number, reason: string): void {
  void kind;
  void name;
  void status;
  void reason;
}

export function reportUnexpected(kind: 'action' | 'route', name: string, error: unknown): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(`[${kind} ${name}] unexpected error: ${message}`);
}
