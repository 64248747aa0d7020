import 'server-only';
/**
 * Reads a request body as text, but never more than `maxBytes`: a route handler has no body limit of its
 * own (server actions do), so `await req.text()` would buffer whatever a client streams before any size
 * check could run. A declared Content-Length over the limit is refused before reading; a chunked body is
 * read until it passes the limit, then the stream is cancelled.
 */
export type BodyText = { ok: true; text: string } | { ok: false; reason: 'too-large' };

export async function readBodyText(req: Request, maxBytes: number): Promise<BodyText> {
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, reason: 'too-large' };
  if (!req.body) return { ok: true, text: '' };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return { ok: false, reason: 'too-large' };
    }
    chunks.push(value);
  }
  return { ok: true, text: new TextDecoder().decode(Buffer.concat(chunks)) };
}
