import 'server-only';
/**
 * The server's in-memory caches of immutable, derived data (compiled scenarios and troubleshooting exercises,
 * graded answers, parsed questions): lru-cache instances bounded by a number of entries and by an estimate of the
 * heap their values hold. A count alone does not bound memory — entries differ a hundredfold in size — so each
 * cache states its estimate, measured per kind as heap used after a forced GC divided by the size of the text the
 * value was made from.
 * @see https://github.com/isaacs/node-lru-cache#maxsize
 */
import { LRUCache } from 'lru-cache';

export type ByteBoundedCache<V extends object> = LRUCache<string, V>;

/**
 * A least-recently-used cache of at most `maxEntries` values whose estimated sizes add up to at most `maxBytes`.
 * `bytesOf` estimates a value's heap; without it every `set` must pass `{ size }` (lru-cache throws otherwise).
 */
export function byteBoundedCache<V extends object>(o: {
  maxEntries: number;
  maxBytes: number;
  bytesOf?: (value: V, key: string) => number;
}): ByteBoundedCache<V> {
  const bytesOf = o.bytesOf;
  return new LRUCache<string, V>({
    max: o.maxEntries,
    maxSize: o.maxBytes,
    ...(bytesOf ? { sizeCalculation: (v: V, k: string) => Math.max(1, Math.ceil(bytesOf(v, k))) } : {}),
  });
}
