/**
 * An in-process queue per key: `lock(key, fn)` runs `fn` only after every earlier `fn` for the same key has
 * settled. The rate limits use it so "check the limit → record the attempt" cannot interleave: without it a
 * parallel burst all read "not limited" before any attempt is recorded, and the limit lets through as many
 * requests as are in flight. One Node process serves the app (ADR 001), so an in-process queue is enough.
 */
export function createKeyedLock(): <T>(key: string, fn: () => Promise<T>) => Promise<T> {
  const queues = new Map<string, Promise<void>>();
  return async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const previous = queues.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = previous.then(() => new Promise<void>((resolve) => (release = resolve)));
    queues.set(key, current);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (queues.get(key) === current) queues.delete(key);
    }
  };
}
