/**
 * The proxy's check of server-action bodies, fed with what React's own client encoder (the one Next ships
 * and the browser runs) produces for the arguments our pages send, and with bodies it never produces.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ACTION_BODY_LIMIT, checkActionPayload, checkFormPost, readBounded } from './action-payload';

const require = createRequire(import.meta.url);
const { encodeReply } = require('next/dist/compiled/react-server-dom-webpack/client.node.js') as {
  encodeReply: (args: unknown[]) => Promise<string | FormData>;
};

/** The request body and Content-Type the browser would send for these arguments. */
async function encode(args: unknown[]): Promise<{ type: string; body: Uint8Array }> {
  const reply = await encodeReply(args);
  const req = new Request('http://x/', { method: 'POST', body: reply });
  return {
    type: req.headers.get('content-type') ?? 'text/plain;charset=UTF-8',
    body: new Uint8Array(await req.arrayBuffer()),
  };
}

const text = (s: string) => new TextEncoder().encode(s);
const multipart = async (fields: [string, string][]) => {
  const fd = new FormData();
  for (const [k, v] of fields) fd.append(k, v);
  const req = new Request('http://x/', { method: 'POST', body: fd });
  return { type: req.headers.get('content-type')!, body: new Uint8Array(await req.arrayBuffer()) };
};

describe('checkActionPayload accepts what React encodes', () => {
  it.each([
    [
      'a form action (previous state, FormData)',
      () => {
        const fd = new FormData();
        fd.set('csrfToken', 't.x');
        fd.set('mode', 'EXAM');
        fd.append('topics', 'dns');
        fd.append('topics', 'ingress');
        return [null, fd];
      },
    ],
    [
      'an object argument with nested answers',
      () => [
        {
          attemptId: 'a1',
          position: 3,
          response: { type: 'ordering', order: ['$b', '$1', 'c'] },
          csrfToken: 't',
        },
      ],
    ],
    ['strings that look like references', () => [{ answer: '$1', other: '$Q2', cards: ['$@3', '$$'] }]],
    [
      'a previous result as state',
      () => [{ ok: false, formError: 'x', fieldErrors: { a: ['b'] } }, new FormData()],
    ],
    [
      'dates, undefined, Maps and Sets',
      () => [new Date(0), undefined, new Map([['a', [1]]]), new Set(['x'])],
    ],
    ['no arguments', () => []],
  ])('%s', async (_name, args) => {
    const { type, body } = await encode(args());
    expect(await checkActionPayload(type, body)).toEqual({ ok: true });
  });
});

describe('checkActionPayload refuses what Next cannot decode (it would answer 500)', () => {
  it.each([
    ['not JSON', '}{not json'],
    ['JSON that is not an argument list', '{"a":1}'],
    ['a reference to a row that was not sent', '"$Q99"'],
    ['a reference inside the arguments', '["$@1"]'],
    ['invalid UTF-8', '\uFFFE'],
  ])('text body: %s', async (_name, body) => {
    const bytes = body === '\uFFFE' ? new Uint8Array([0x5b, 0xff, 0xfe, 0x5d]) : text(body);
    expect(await checkActionPayload('text/plain;charset=UTF-8', bytes)).toMatchObject({
      ok: false,
      status: 400,
    });
  });

  it('a multipart body whose boundary does not match its Content-Type', async () => {
    const body = text('--ABC\r\nContent-Disposition: form-data; name="0"\r\n\r\n[]\r\n--ABC--\r\n');
    expect(await checkActionPayload('multipart/form-data; boundary=XYZ', body)).toMatchObject({
      status: 400,
    });
    expect(await checkActionPayload('multipart/form-data', text('garbage'))).toMatchObject({ status: 400 });
  });

  it('multipart rows that are not JSON, no root row, or references to missing rows', async () => {
    for (const fields of [
      [['0', '{bad']],
      [['_1_csrfToken', 'x']],
      [['0', '["$Q5"]']],
      [
        ['0', '["$1"]'],
        ['1', 'not json'],
      ],
    ] as [string, string][][]) {
      const { type, body } = await multipart(fields);
      expect(await checkActionPayload(type, body), JSON.stringify(fields)).toMatchObject({
        ok: false,
        status: 400,
      });
    }
  });

  it('anything over the 1 MB server-action limit', async () => {
    const { type, body } = await encode([{ text: 'a'.repeat(ACTION_BODY_LIMIT) }]);
    expect(await checkActionPayload(type, body)).toMatchObject({ ok: false, status: 413 });
  });
});

describe('checkFormPost (no-JavaScript form posts)', () => {
  it('passes a form, refuses a broken multipart body and an oversized one', async () => {
    const ok = await multipart([
      [`$ACTION_ID_${'0a'.repeat(21)}`, ''],
      ['email', 'a@b.co'],
    ]);
    expect(await checkFormPost(ok.type, ok.body)).toEqual({ ok: true });
    expect(await checkFormPost('multipart/form-data; boundary=Q', text('nope'))).toMatchObject({
      status: 400,
    });
    expect(await checkFormPost(ok.type, new Uint8Array(ACTION_BODY_LIMIT + 1))).toMatchObject({
      status: 413,
    });
  });
});

describe('readBounded', () => {
  const stream = (chunks: number[]) =>
    new ReadableStream<Uint8Array>({
      start(c) {
        for (const n of chunks) c.enqueue(new Uint8Array(n).fill(97));
        c.close();
      },
    });
  it('returns the whole body up to the limit and null past it, without a Content-Length', async () => {
    expect((await readBounded(stream([10, 20]), 30))?.byteLength).toBe(30);
    expect(await readBounded(stream([10, 21]), 30)).toBeNull();
    expect((await readBounded(null, 30))?.byteLength).toBe(0);
  });
});

describe('checkFormPost: the fields naming the action', () => {
  it('passes what React writes and refuses what it never writes', async () => {
    const id = 'ab'.repeat(21);
    const good = await multipart([
      ['$ACTION_REF_1', ''],
      ['$ACTION_1:0', `{"id":"${id}","bound":"$@1"}`],
      ['$ACTION_1:1', '[]'],
    ]);
    expect(await checkFormPost(good.type, good.body)).toEqual({ ok: true });
    for (const fields of [
      [['$ACTION_ID_nope', '']],
      [
        ['$ACTION_REF_1', ''],
        ['$ACTION_1:0', '{bad'],
      ],
      [['$ACTION_REF_1', '']],
      [
        ['$ACTION_REF_1', ''],
        ['$ACTION_1:0', '{"id":"short"}'],
      ],
    ] as [string, string][][]) {
      const { type, body } = await multipart(fields);
      expect(await checkFormPost(type, body), JSON.stringify(fields)).toMatchObject({
        ok: false,
        status: 400,
      });
    }
  });
});
