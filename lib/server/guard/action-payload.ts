/**
 * What proxy.ts checks in a server-action POST before Next decodes it.
 *
 * Next 16 decodes an action's arguments (React's reply encoding) before any code of ours runs, and answers a
 * body it cannot decode with HTTP 500 and an error digest (node_modules/next/dist/server/app-render/
 * action-handler.js: `decodeReply`/busboy errors and the body-size ApiError all reach its catch-all, which
 * sets 500 for fetch actions). So the proxy reads the body (bounded) and refuses, with a 4xx and a message:
 * - more than the server-action body limit, with or without a Content-Length (413);
 * - a multipart body that does not parse as form data (400);
 * - a body that is not React's reply encoding: the root (the text body, or the multipart field "0") and
 *   every other numbered row must be JSON, the root an array of arguments, and every reference to another
 *   row ("$1", "$Q2", "$@3", …) must name a row that was sent (400).
 * It does not decide whether the arguments are right: each action's schema does (lib/server/guard/action.ts).
 * The encoding this mirrors: react-server-dom-webpack's encodeReply (client) and decodeReply (server): rows
 * are form fields named by decimal id, referenced as "$" + optional tag + hexadecimal id.
 */

/** Next's default serverActions.bodySizeLimit; keep in step if next.config.js changes it. */
export const ACTION_BODY_LIMIT = 1024 * 1024;

export type PayloadCheck = { ok: true } | { ok: false; status: 400 | 413; error: string };

const BAD = 'This request could not be read. Reload the page and try again.';
const TOO_LARGE = 'This request is too large (the limit is 1 MB). Shorten what you entered and try again.';

/** Reads at most `max + 1` bytes of a body; null when it is larger than `max`. */
export async function readBounded(
  body: ReadableStream<Uint8Array> | null,
  max: number,
): Promise<Uint8Array | null> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** A reference to another row: "$" + an optional one-letter (or "@") tag + a hexadecimal row id. */
const ROW_REF = /^\$([A-Za-z@]?)([0-9a-f]+)$/;
/** Tags whose digits are not a row id: K (FormData prefix), n (BigInt). */
const NOT_ROW = new Set(['K', 'n']);

function refsOk(value: unknown, hasRow: (id: number) => boolean, depth = 0): boolean {
  if (depth > 64) return false;
  if (typeof value === 'string') {
    const m = ROW_REF.exec(value);
    if (!m || NOT_ROW.has(m[1] ?? '')) return true;
    return hasRow(parseInt(m[2] ?? '', 16));
  }
  if (Array.isArray(value)) return value.every((v) => refsOk(v, hasRow, depth + 1));
  if (typeof value === 'object' && value !== null)
    return Object.values(value).every((v) => refsOk(v, hasRow, depth + 1));
  return true;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    // eslint-disable-next-line no-restricted-properties -- a request body, not a column
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Checks a fetch action's body (the `next-action` header is present). */
export async function checkActionPayload(contentType: string, body: Uint8Array): Promise<PayloadCheck> {
  if (body.byteLength > ACTION_BODY_LIMIT) return { ok: false, status: 413, error: TOO_LARGE };
  const bad = { ok: false, status: 400, error: BAD } as const;
  if (contentType.toLowerCase().startsWith('multipart/form-data')) {
    let form: FormData;
    try {
      form = await new Response(body as BodyInit, { headers: { 'content-type': contentType } }).formData();
    } catch {
      return bad;
    }
    const rows = new Map<number, unknown>();
    for (const [key, value] of form.entries()) {
      if (!/^\d+$/.test(key)) continue; // "<prefix>_<name>": a FormData argument's own fields
      if (typeof value !== 'string') return bad;
      const parsed = parseJson(value);
      if (!parsed.ok) return bad;
      rows.set(Number(key), parsed.value);
    }
    const root = rows.get(0);
    if (!Array.isArray(root)) return bad;
    for (const value of rows.values()) if (!refsOk(value, (id) => rows.has(id))) return bad;
    return { ok: true };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return bad;
  }
  const parsed = parseJson(text);
  if (!parsed.ok || !Array.isArray(parsed.value)) return bad;
  // A text body is a single row: nothing else to refer to.
  return refsOk(parsed.value, () => false) ? { ok: true } : bad;
}

const ACTION_ID = /^[0-9a-f]{42}$/i;

/**
 * Checks a no-JavaScript form post (multipart, no `next-action` header): its size, that it parses, and that
 * the fields naming its action are what React writes (`$ACTION_ID_<id>`, or `$ACTION_REF_<n>` with one JSON
 * `$ACTION_<n>:0` descriptor `{"id":"<id>",…}`) — Next answers anything else with 400 plus a stack trace.
 */
export async function checkFormPost(contentType: string, body: Uint8Array): Promise<PayloadCheck> {
  if (body.byteLength > ACTION_BODY_LIMIT) return { ok: false, status: 413, error: TOO_LARGE };
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) return { ok: true };
  const bad = { ok: false, status: 400, error: BAD } as const;
  let form: FormData;
  try {
    form = await new Response(body as BodyInit, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return bad;
  }
  let refs = 0;
  for (const key of form.keys()) {
    if (key.startsWith('$ACTION_ID_')) {
      if (!ACTION_ID.test(key.slice('$ACTION_ID_'.length))) return bad;
    } else if (key.startsWith('$ACTION_REF_')) {
      if (++refs > 2) return bad;
      const descriptors = form.getAll(`$ACTION_${key.slice('$ACTION_REF_'.length)}:0`);
      const descriptor = descriptors[0];
      if (descriptors.length !== 1 || typeof descriptor !== 'string') return bad;
      const parsed = parseJson(descriptor);
      if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return bad;
      if (!ACTION_ID.test(String((parsed.value as { id?: unknown }).id))) return bad;
    }
  }
  return { ok: true };
}
