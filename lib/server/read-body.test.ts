import { describe, expect, it } from 'vitest';
import { readBodyText } from './read-body';

function streamOf(chunks: string[]): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const c = chunks[i++];
      if (c === undefined) controller.close();
      else controller.enqueue(new TextEncoder().encode(c));
    },
  });
  return { body, pulled: () => i };
}

describe('readBodyText', () => {
  it('returns a body within the limit, multi-byte characters intact', async () => {
    const req = new Request('http://x/', { method: 'PUT', body: '{"response":"naïve ✓"}' });
    expect(await readBodyText(req, 1024)).toEqual({ ok: true, text: '{"response":"naïve ✓"}' });
  });

  it('refuses a declared Content-Length over the limit without reading', async () => {
    const { body, pulled } = streamOf(['x'.repeat(10)]);
    const req = new Request('http://x/', {
      method: 'PUT',
      body,
      headers: { 'content-length': '999999' },
      duplex: 'half',
    } as RequestInit);
    expect(await readBodyText(req, 100)).toEqual({ ok: false, reason: 'too-large' });
    expect(pulled()).toBeLessThanOrEqual(1); // the stream's own first pull, nothing read by us
  });

  it('stops reading a chunked body as soon as it passes the limit', async () => {
    const { body, pulled } = streamOf(Array.from({ length: 1000 }, () => 'x'.repeat(1024)));
    const req = new Request('http://x/', { method: 'PUT', body, duplex: 'half' } as RequestInit);
    expect(await readBodyText(req, 16_384)).toEqual({ ok: false, reason: 'too-large' });
    expect(pulled()).toBeLessThan(40);
  });

  it('reads an empty body as ""', async () => {
    expect(await readBodyText(new Request('http://x/', { method: 'PUT' }), 10)).toEqual({
      ok: true,
      text: '',
    });
  });
});
