/**
 * The objects of a cluster's YAML as plain values, keyed by kind/namespace/name, and a field-level diff between
 * two versions of a cluster: what the learner changed, whether they were allowed to, and how big the change is.
 *
 * Pure: `yaml` only.
 */
import { Document, isMap, LineCounter, parseAllDocuments } from 'yaml';

/** Kinds without a namespace. */
const CLUSTER_SCOPED = new Set(['Namespace', 'Node', 'IngressClass', 'GatewayClass']);

export const SCENARIO_KEY = 'Scenario';

export interface RawObject {
  /** `Kind/namespace/name`, `Kind/name` for cluster-scoped kinds, `Scenario` for the Scenario document. */
  key: string;
  kind: string;
  namespace?: string;
  name: string;
  value: Record<string, unknown>;
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function objectKey(kind: string, name: string, namespace?: string): string {
  if (kind === 'Scenario') return SCENARIO_KEY;
  if (CLUSTER_SCOPED.has(kind)) return `${kind}/${name}`;
  return `${kind}/${namespace ?? 'default'}/${name}`;
}

/** The key of an object value, or null when it has no kind or name. */
export function keyOf(value: unknown): RawObject | null {
  if (!isObj(value)) return null;
  const kind = value.kind;
  const meta = isObj(value.metadata) ? value.metadata : {};
  const name = meta.name;
  if (typeof kind !== 'string' || typeof name !== 'string') return null;
  const namespace =
    CLUSTER_SCOPED.has(kind) || kind === 'Scenario'
      ? undefined
      : typeof meta.namespace === 'string'
        ? meta.namespace
        : 'default';
  return { key: objectKey(kind, name, namespace), kind, namespace, name, value };
}

/**
 * Every object of a multi-document YAML text (a `kind: List` unwrapped). Documents that do not parse or have no
 * kind/name are skipped: the scenario loader reports those.
 */
export function rawObjects(text: string): RawObject[] {
  const out: RawObject[] = [];
  let docs;
  try {
    docs = parseAllDocuments(text);
  } catch {
    return out;
  }
  for (const d of Array.isArray(docs) ? docs : [docs]) {
    if (d.errors.length) continue;
    let v: unknown;
    try {
      v = d.toJS({ maxAliasCount: 100 });
    } catch {
      continue;
    }
    const items = isObj(v) && v.kind === 'List' && Array.isArray(v.items) ? v.items : [v];
    for (const item of items) {
      const k = keyOf(item);
      if (k) out.push(k);
    }
  }
  return out;
}

export interface FieldChange {
  /** Dotted path inside the object, e.g. `spec.selector.app`, `spec.ports[0].targetPort`. */
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface ObjectChange {
  key: string;
  kind: string;
  namespace?: string;
  name: string;
  change: 'added' | 'removed' | 'modified';
  fields: FieldChange[];
  /** Leaf values added, removed or changed (the size of this change). */
  size: number;
}

function leafCount(v: unknown): number {
  if (Array.isArray(v)) return v.reduce<number>((n, x) => n + leafCount(x), 0) || 1;
  if (isObj(v)) return Object.values(v).reduce<number>((n, x) => n + leafCount(x), 0) || 1;
  return 1;
}

function join(path: string, seg: string | number): string {
  return typeof seg === 'number' ? `${path}[${seg}]` : path ? `${path}.${seg}` : seg;
}

function diffValues(a: unknown, b: unknown, path: string, out: FieldChange[]): number {
  if (isObj(a) && isObj(b)) {
    let n = 0;
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
      n += diffValues(a[k], b[k], join(path, k), out);
    return n;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    let n = 0;
    for (let i = 0; i < Math.max(a.length, b.length); i++) n += diffValues(a[i], b[i], join(path, i), out);
    return n;
  }
  if (a === undefined && b === undefined) return 0;
  if (JSON.stringify(a) === JSON.stringify(b)) return 0;
  out.push({ path, ...(a === undefined ? {} : { before: a }), ...(b === undefined ? {} : { after: b }) });
  if (a === undefined) return leafCount(b);
  if (b === undefined) return leafCount(a);
  return Math.max(
    1,
    isObj(a) || Array.isArray(a) || isObj(b) || Array.isArray(b) ? Math.max(leafCount(a), leafCount(b)) : 1,
  );
}

/** Object-by-object changes from `before` to `after`, in the order of `before` then new objects. */
export function diffObjects(before: readonly RawObject[], after: readonly RawObject[]): ObjectChange[] {
  const a = new Map(before.map((o) => [o.key, o]));
  const b = new Map(after.map((o) => [o.key, o]));
  const out: ObjectChange[] = [];
  for (const o of before) {
    const n = b.get(o.key);
    const fields: FieldChange[] = [];
    if (!n) {
      out.push({
        key: o.key,
        kind: o.kind,
        namespace: o.namespace,
        name: o.name,
        change: 'removed',
        fields,
        size: leafCount(o.value),
      });
      continue;
    }
    const size = diffValues(o.value, n.value, '', fields);
    if (size > 0)
      out.push({
        key: o.key,
        kind: o.kind,
        namespace: o.namespace,
        name: o.name,
        change: 'modified',
        fields,
        size,
      });
  }
  for (const o of after) {
    if (a.has(o.key)) continue;
    out.push({
      key: o.key,
      kind: o.kind,
      namespace: o.namespace,
      name: o.name,
      change: 'added',
      fields: [],
      size: leafCount(o.value),
    });
  }
  return out;
}

/** The value at a dotted path (`spec.ports[0].port`), or undefined. */
export function valueAt(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const seg of path.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(seg);
    if (!m) return undefined;
    if (m[1]) v = isObj(v) ? v[m[1]] : undefined;
    for (const idx of m[2]?.match(/\d+/g) ?? []) v = Array.isArray(v) ? v[Number(idx)] : undefined;
  }
  return v;
}

/**
 * Apply whole-object replacements, deletions and Scenario spec replacements to a cluster's YAML text. Unchanged
 * documents keep their text (comments, layout); replaced ones are written in YAML block style.
 */
export function applyObjects(
  text: string,
  replace: readonly Record<string, unknown>[],
  remove: readonly string[],
  scenarioSpec?: Record<string, unknown>,
): string {
  const byKey = new Map<string, Record<string, unknown>>();
  for (const o of replace) {
    const k = keyOf(o);
    if (k) byKey.set(k.key, o);
  }
  const removed = new Set(remove);
  const docs = parseAllDocuments(text);
  const parts: string[] = [];
  for (const d of Array.isArray(docs) ? docs : [docs]) {
    const js = d.errors.length ? null : (d.toJS() as unknown);
    const k = keyOf(js);
    const src = d.toString().replace(/^---\n/, '');
    if (!k) {
      if (src.trim()) parts.push(src);
      continue;
    }
    if (removed.has(k.key)) continue;
    const repl = byKey.get(k.key);
    if (repl) {
      byKey.delete(k.key);
      parts.push(new Document(repl).toString({ lineWidth: 0 }));
      continue;
    }
    if (k.key === SCENARIO_KEY && scenarioSpec && isMap(d.contents)) {
      for (const [field, value] of Object.entries(scenarioSpec))
        d.setIn(['spec', field], d.createNode(value));
      parts.push(d.toString({ lineWidth: 0 }).replace(/^---\n/, ''));
      continue;
    }
    parts.push(src);
  }
  for (const o of byKey.values()) parts.push(new Document(o).toString({ lineWidth: 0 }));
  return parts.map((p) => p.replace(/\n*$/, '\n')).join('---\n');
}

/** The 1-based line where each object's document starts (for pointing at an object in the editor). */
export function objectLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const lc = new LineCounter();
  let docs;
  try {
    docs = parseAllDocuments(text, { lineCounter: lc });
  } catch {
    return out;
  }
  for (const d of Array.isArray(docs) ? docs : [docs]) {
    if (d.errors.length) continue;
    const k = keyOf(d.toJS() as unknown);
    const start = d.contents?.range?.[0];
    if (k && start !== undefined) out.set(k.key, lc.linePos(start).line);
  }
  return out;
}
