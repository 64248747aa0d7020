/**
 * Fuzz probe of every request boundary: server actions, route handlers and next-auth's endpoints.
 *
 *   npm run build && npm run probe:fuzz [-- --port 3401 --verbose]
 *
 * Starts the production server on 127.0.0.1 as `npm run serve` does (scripts/load-server.mts) with a fresh
 * SQLite file (prisma/probe.db), signs the demo admin in through next-auth, then sends malformed requests in
 * classes (unknown or malformed action ids, bodies that are not React's reply encoding, broken multipart, wrong
 * argument shapes, missing fields, forged CSRF
 * tokens, oversized bodies with and without Content-Length, cross-site posts, invalid JSON, wrong content
 * types, bad path parameters, anonymous calls) to every server action listed in the build's
 * server-reference manifest and to every route handler that takes a body.
 *
 * Each answer is put in one of these outcomes:
 *   5xx            — the server failed (the probe's first failure class)
 *   200+digest     — a 2xx whose body carries a React error digest: a thrown error dressed as success
 *   4xx            — refused with a status and a message (the goal for route handlers and bad encodings)
 *   action-refusal — a server action's { ok: false, formError|fieldErrors } result (an action answers
 *                    through React's reply, always HTTP 200; the result carries a message and a status)
 *   2xx-other      — anything else that succeeded (for malformed input: suspicious; listed with --verbose)
 *   3xx            — a redirect
 *   conn-closed    — no answer: the server closed the connection (an oversized upload it stopped reading)
 * plus the server's stack traces logged while the class ran (lines starting with "at ", or a JSON log line with a
 * "stack" field), except Next's own
 * "Failed to find Server Action" warning for a well-formed but unknown action id (deployment skew, 409).
 *
 * Prints one row per class and a total; the last line is PASS when no request got 5xx or 200+digest and no
 * stack trace was logged, FAIL otherwise (exit code 1).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDbClient } from '../lib/server/db/client.ts';
import { requireBuild, signIn, startLoadServer, waitUntilReady } from './load-server.mts';
import { deployMigrations } from './migrations.mts';
import { seedDatabase } from './seed.mts';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '3401' },
    verbose: { type: 'boolean', default: false },
  },
});
const PORT = Number(args.port);
const BASE = `http://127.0.0.1:${PORT}`;
const DB_FILE = path.join(ROOT, 'prisma', 'probe.db');
const DB_URL = `file:${DB_FILE}`;
const SECRET = 'packetpath-probe-secret-0123456789abcdef0123';
const PASSWORD = 'probe-password-1';
const ADMIN = 'admin@packetpath.dev';

type Outcome = '5xx' | '200+digest' | '4xx' | 'action-refusal' | '2xx-other' | '3xx' | 'conn-closed';
const OUTCOMES: Outcome[] = ['5xx', '200+digest', '4xx', 'action-refusal', '2xx-other', '3xx', 'conn-closed'];

type Probe = { label: string; url: string; init: RequestInit & { duplex?: 'half' } };
type ClassResult = { name: string; counts: Record<Outcome, number>; stacks: number; notes: string[] };

function log(msg: string) {
  process.stdout.write(`${msg}\n`);
}

/** The page a worker renders, as a URL (route groups dropped, dynamic segments filled with a dummy id). */
function pagePath(worker: string): string {
  const segs = worker
    .replace(/^app\//, '')
    .replace(/\/page$/, '')
    .split('/')
    .filter((s) => s && !/^\(.*\)$/.test(s))
    .map((s) => (/^\[.*\]$/.test(s) ? 'probe0000000000000000000000' : s));
  return `/${segs.join('/')}`;
}

type Action = { id: string; name: string; path: string; form: boolean };

function readActions(): Action[] {
  const manifest = JSON.parse(
    readFileSync(path.join(ROOT, '.next', 'server', 'server-reference-manifest.json'), 'utf8'),
  ) as {
    node: Record<string, { exportedName?: string; filename?: string; workers: Record<string, unknown> }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => {
    const worker = Object.keys(entry.workers)[0] ?? 'app/page';
    const name = entry.exportedName ?? id;
    const source = entry.filename ? readFileSync(path.join(ROOT, entry.filename), 'utf8') : '';
    // A form action takes (previousState, formData); the others one object argument.
    const decl = new RegExp(
      String.raw`export (?:async function ${name}\(([^)]*)\)|const ${name} = (\w+))`,
    ).exec(source);
    const form = Boolean(decl && (/FormData/.test(decl[1] ?? '') || /Form/.test(decl[2] ?? '')));
    return { id, name, path: pagePath(worker), form };
  });
}

const actionHeaders = (a: Pick<Action, 'id'>, cookie: string, extra: Record<string, string> = {}) => ({
  'next-action': a.id,
  accept: 'text/x-component',
  origin: BASE,
  cookie,
  ...extra,
});

/** React's reply encoding of a form action's (null, formData) arguments, as multipart. */
function formReply(fields: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(`_1_${k}`, v);
  fd.append('0', JSON.stringify([null, '$K1']));
  return fd;
}

function bigStream(bytes: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) {
        controller.close();
        return;
      }
      controller.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
}

function classify(status: number, body: string): Outcome {
  if (status === 0) return 'conn-closed';
  if (status >= 500) return '5xx';
  if (status >= 400) return '4xx';
  if (status >= 300) return '3xx';
  if (/"digest"\s*:/.test(body)) return '200+digest';
  if (/"ok"\s*:\s*false/.test(body) && /(formError|fieldErrors)/.test(body)) return 'action-refusal';
  return '2xx-other';
}

async function main(): Promise<void> {
  requireBuild();
  for (const s of ['', '-wal', '-shm']) rmSync(`${DB_FILE}${s}`, { force: true });
  log(`• fresh database ${path.relative(ROOT, DB_FILE)}: migrate and seed`);
  await deployMigrations({
    schemaPath: path.join(ROOT, 'prisma', 'schema.prisma'),
    migrationsDir: path.join(ROOT, 'prisma', 'migrations'),
    databaseUrl: DB_URL,
  });
  const db = createDbClient(DB_URL);
  await seedDatabase(db, {
    env: { ...process.env, PACKETPATH_ADMIN_PASSWORD: PASSWORD, PACKETPATH_LEARNER_PASSWORD: PASSWORD },
  });
  await db.$disconnect();

  const server = startLoadServer({ port: PORT, databaseUrl: DB_URL, secret: SECRET, output: 'capture' });
  log(`• server on ${BASE} (scripts/next-server.mjs, ${server.settings})`);
  try {
    await waitUntilReady(BASE);
    const cookie = await signIn(BASE, ADMIN, PASSWORD);
    const actions = readActions();
    log(`• ${actions.length} server actions (${actions.filter((a) => a.form).length} form actions)`);

    const fakeId = () => `40${randomBytes(20).toString('hex')}`;
    const attempt = 'probeattempt00000000000000';
    const autosave = `${BASE}/api/quiz/attempts/${attempt}/items/0`;
    const traceSubmit = `${BASE}/api/trace/sessions/probesession0000/submit`;
    const bankImport = `${BASE}/api/admin/bank/import?mode=plan`;
    const json = (cookieHeader: string, extra: Record<string, string> = {}) => ({
      'content-type': 'application/json',
      origin: BASE,
      cookie: cookieHeader,
      ...extra,
    });
    const bodyRoutes: { label: string; url: string; method: string }[] = [
      { label: 'PUT autosave', url: autosave, method: 'PUT' },
      { label: 'PATCH flag', url: autosave, method: 'PATCH' },
      { label: 'POST trace submit', url: traceSubmit, method: 'POST' },
      { label: 'POST bank import', url: bankImport, method: 'POST' },
    ];
    const nextAuthPosts = [
      'callback/credentials',
      'signin/credentials',
      'signout',
      '_log',
      'session',
      'csrf',
      'callback/nope',
      'signin',
    ];

    const classes: { name: string; probes: Probe[] }[] = [
      {
        name: 'action: unknown action id',
        probes: [0, 1, 2].map(() => ({
          label: 'unknown id',
          url: `${BASE}/practice`,
          init: {
            method: 'POST',
            headers: actionHeaders({ id: fakeId() }, cookie, { 'content-type': 'text/plain;charset=UTF-8' }),
            body: '[{}]',
          },
        })),
      },
      {
        name: 'action: malformed action id',
        probes: ['x', '../../etc', 'toString', '%00'].map((id) => ({
          label: `id ${id}`,
          url: `${BASE}/practice`,
          init: {
            method: 'POST',
            headers: actionHeaders({ id }, cookie, { 'content-type': 'text/plain;charset=UTF-8' }),
            body: '[{}]',
          },
        })),
      },
      {
        name: 'action: body not reply-encoded',
        probes: actions.flatMap((a) =>
          ['}{not json', '{"a":1}', '"$Q99"', '["$@1"]'].map((body) => ({
            label: `${a.name} ${body}`,
            url: `${BASE}${a.path}`,
            init: {
              method: 'POST',
              headers: actionHeaders(a, cookie, { 'content-type': 'text/plain;charset=UTF-8' }),
              body,
            },
          })),
        ),
      },
      {
        name: 'action: broken multipart',
        probes: actions.flatMap((a) => [
          {
            label: `${a.name} boundary mismatch`,
            url: `${BASE}${a.path}`,
            init: {
              method: 'POST',
              headers: actionHeaders(a, cookie, { 'content-type': 'multipart/form-data; boundary=XYZ' }),
              body: '--ABC\r\nContent-Disposition: form-data; name="0"\r\n\r\n[]\r\n--ABC--\r\n',
            },
          },
          {
            label: `${a.name} no boundary`,
            url: `${BASE}${a.path}`,
            init: {
              method: 'POST',
              headers: actionHeaders(a, cookie, { 'content-type': 'multipart/form-data' }),
              body: 'garbage',
            },
          },
        ]),
      },
      {
        name: 'action: wrong argument shapes',
        probes: actions.flatMap((a) =>
          [
            '[]',
            '["text"]',
            '[42,42]',
            '[null,null]',
            '[[1,2,3]]',
            '[{"__proto__":{"x":1}}]',
            '[null,"x"]',
          ].map((body) => ({
            label: `${a.name} ${body}`,
            url: `${BASE}${a.path}`,
            init: {
              method: 'POST',
              headers: actionHeaders(a, cookie, { 'content-type': 'text/plain;charset=UTF-8' }),
              body,
            },
          })),
        ),
      },
      {
        name: 'action: missing fields / forged CSRF',
        probes: actions.flatMap((a) => [
          {
            label: `${a.name} empty`,
            url: `${BASE}${a.path}`,
            init: a.form
              ? { method: 'POST', headers: actionHeaders(a, cookie), body: formReply({}) }
              : {
                  method: 'POST',
                  headers: actionHeaders(a, cookie, { 'content-type': 'text/plain;charset=UTF-8' }),
                  body: '[{}]',
                },
          },
          {
            label: `${a.name} forged csrf`,
            url: `${BASE}${a.path}`,
            init: a.form
              ? {
                  method: 'POST',
                  headers: actionHeaders(a, cookie),
                  body: formReply({ csrfToken: 'forged.token' }),
                }
              : {
                  method: 'POST',
                  headers: actionHeaders(a, cookie, { 'content-type': 'text/plain;charset=UTF-8' }),
                  body: JSON.stringify([{ csrfToken: 'forged.token' }]),
                },
          },
        ]),
      },
      {
        name: 'action: anonymous caller',
        probes: actions.map((a) => ({
          label: `${a.name} anonymous`,
          url: `${BASE}${a.path}`,
          init: a.form
            ? { method: 'POST', headers: actionHeaders(a, ''), body: formReply({ csrfToken: 'x' }) }
            : {
                method: 'POST',
                headers: actionHeaders(a, '', { 'content-type': 'text/plain;charset=UTF-8' }),
                body: '[{}]',
              },
        })),
      },
      {
        name: 'action: over 1 MB, no Content-Length',
        probes: actions.slice(0, 4).map((a) => ({
          label: `${a.name} chunked 1.5 MB`,
          url: `${BASE}${a.path}`,
          init: {
            method: 'POST',
            headers: actionHeaders(a, cookie, { 'content-type': 'text/plain;charset=UTF-8' }),
            body: bigStream(1.5 * 1024 * 1024),
            duplex: 'half',
          },
        })),
      },
      {
        name: 'action: over 1 MB, with Content-Length',
        probes: actions.slice(0, 4).map((a) => ({
          label: `${a.name} 1.5 MB`,
          url: `${BASE}${a.path}`,
          init: {
            method: 'POST',
            headers: actionHeaders(a, cookie, { 'content-type': 'text/plain;charset=UTF-8' }),
            body: `["${'a'.repeat(1.5 * 1024 * 1024)}"]`,
          },
        })),
      },
      {
        name: 'action: cross-site origin',
        probes: actions.slice(0, 4).map((a) => ({
          label: `${a.name} evil origin`,
          url: `${BASE}${a.path}`,
          init: {
            method: 'POST',
            headers: actionHeaders(a, cookie, {
              'content-type': 'text/plain;charset=UTF-8',
              origin: 'https://evil.example',
            }),
            body: '[{}]',
          },
        })),
      },
      {
        name: 'no-JS form post: malformed',
        probes: actions
          .filter((a) => a.form)
          .flatMap((a): Probe[] => {
            const mpa = (fields: [string, string][]) => {
              const fd = new FormData();
              for (const [k, v] of fields) fd.append(k, v);
              return fd;
            };
            return [
              {
                label: `${a.name} no fields`,
                url: `${BASE}${a.path}`,
                init: {
                  method: 'POST',
                  headers: { origin: BASE, cookie },
                  body: mpa([[`$ACTION_ID_${a.id}`, '']]),
                },
              },
              {
                label: `${a.name} bound args not JSON`,
                url: `${BASE}${a.path}`,
                init: {
                  method: 'POST',
                  headers: { origin: BASE, cookie },
                  body: mpa([
                    ['$ACTION_REF_1', ''],
                    ['$ACTION_1:0', '{bad'],
                    ['$ACTION_1:1', '[]'],
                  ]),
                },
              },
              {
                label: `${a.name} unknown id`,
                url: `${BASE}${a.path}`,
                init: {
                  method: 'POST',
                  headers: { origin: BASE, cookie },
                  body: mpa([[`$ACTION_ID_${fakeId()}`, '']]),
                },
              },
              {
                label: `${a.name} chunked 1.5 MB`,
                url: `${BASE}${a.path}`,
                init: {
                  method: 'POST',
                  headers: { origin: BASE, cookie, 'content-type': 'multipart/form-data; boundary=B' },
                  body: bigStream(1.5 * 1024 * 1024),
                  duplex: 'half' as const,
                },
              },
            ];
          }),
      },
      {
        name: 'route: invalid JSON',
        probes: bodyRoutes.flatMap((r) =>
          ['{bad', '', '\u0000', '{"a":'].map((body) => ({
            label: `${r.label} ${JSON.stringify(body)}`,
            url: r.url,
            init: { method: r.method, headers: json(cookie), body },
          })),
        ),
      },
      {
        name: 'route: wrong shape',
        probes: bodyRoutes.flatMap((r) =>
          ['[]', '"x"', '42', 'null', '{"response":1,"flagged":1,"cards":1,"extra":2}'].map((body) => ({
            label: `${r.label} ${body}`,
            url: r.url,
            init: { method: r.method, headers: json(cookie), body },
          })),
        ),
      },
      {
        name: 'route: wrong content type',
        probes: bodyRoutes.map((r) => ({
          label: `${r.label} form`,
          url: r.url,
          init: {
            method: r.method,
            headers: { ...json(cookie), 'content-type': 'application/x-www-form-urlencoded' },
            body: 'a=%%%',
          },
        })),
      },
      {
        name: 'route: oversized, no Content-Length',
        probes: bodyRoutes.map((r) => ({
          label: `${r.label} chunked`,
          url: r.url,
          init: { method: r.method, headers: json(cookie), body: bigStream(6 * 1024 * 1024), duplex: 'half' },
        })),
      },
      {
        name: 'route: bad path parameters',
        probes: [
          `${BASE}/api/quiz/attempts/${'!'.repeat(5)}/items/abc`,
          `${BASE}/api/quiz/attempts/${attempt}/items/-1`,
          `${BASE}/api/quiz/attempts/${attempt}/items/1e9`,
          `${BASE}/api/trace/sessions/${'%E2%80%AE'.repeat(3)}/submit`,
        ].map((url) => ({
          label: url.replace(BASE, ''),
          url,
          init: {
            method: url.includes('trace') ? 'POST' : 'PUT',
            headers: json(cookie),
            body: '{"response":"x"}',
          },
        })),
      },
      {
        name: 'route: anonymous caller',
        probes: [
          ...bodyRoutes.map((r) => ({
            label: `${r.label} anonymous`,
            url: r.url,
            init: { method: r.method, headers: json(''), body: '{}' },
          })),
          { label: 'GET bank anonymous', url: `${BASE}/api/admin/bank?format=zip`, init: { method: 'GET' } },
        ],
      },
      {
        name: 'next-auth: malformed JSON body',
        probes: nextAuthPosts.flatMap((p) =>
          ['{bad', '[]', '"x"'].map((body) => ({
            label: `POST /api/auth/${p} ${body}`,
            url: `${BASE}/api/auth/${p}`,
            init: { method: 'POST', headers: { 'content-type': 'application/json', origin: BASE }, body },
          })),
        ),
      },
      {
        name: 'next-auth: malformed form body',
        probes: nextAuthPosts.map((p) => ({
          label: `POST /api/auth/${p} form`,
          url: `${BASE}/api/auth/${p}`,
          init: {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE },
            body: 'csrfToken=%%%&email=%ZZ',
          },
        })),
      },
    ];

    const results: ClassResult[] = [];
    for (const c of classes) {
      const r: ClassResult = {
        name: c.name,
        counts: Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>,
        stacks: 0,
        notes: [],
      };
      for (const p of c.probes) {
        const before = server.output().length;
        let status: number;
        let body: string;
        try {
          const res = await fetch(p.url, { ...p.init, redirect: 'manual' });
          status = res.status;
          body = await res.text();
        } catch (e) {
          // The connection closed before an answer: a server that stops reading an oversized upload may do that.
          status = 0;
          body = String(e);
        }
        // Give the server a moment to write its log for this request.
        await new Promise((res) => setTimeout(res, 30));
        const logged = server.output().slice(before);
        // Next's own warning for an unknown (well-formed) action id is deployment skew, answered 409: not counted.
        const skew = /Failed to find Server Action/.test(logged);
        // A stack printed as text ("    at …" lines) or inside a JSON log line (pino: "stack":"…\n    at …").
        const stacks =
          !skew && logged.split('\n').some((l) => /^\s+at /.test(l) || /"stack":"[^"]*\\n\s+at /.test(l))
            ? 1
            : 0;
        const outcome = classify(status, body);
        r.counts[outcome] += 1;
        r.stacks += stacks;
        if (args.verbose || outcome === '5xx' || outcome === '200+digest' || stacks)
          r.notes.push(
            `    ${outcome}${stacks ? ' +stack' : ''} ${status} ${p.label}: ${body.slice(0, 160).replace(/\s+/g, ' ')}`,
          );
      }
      results.push(r);
    }

    const pad = (s: string | number, n: number) => String(s).padStart(n);
    log('');
    log(`${'class'.padEnd(40)} ${OUTCOMES.map((o) => pad(o, 16)).join('')} ${pad('stack traces', 13)}`);
    const total = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
    let totalStacks = 0;
    for (const r of results) {
      log(`${r.name.padEnd(40)} ${OUTCOMES.map((o) => pad(r.counts[o], 16)).join('')} ${pad(r.stacks, 13)}`);
      for (const o of OUTCOMES) total[o] += r.counts[o];
      totalStacks += r.stacks;
      if (args.verbose || r.counts['5xx'] || r.counts['200+digest'] || r.stacks)
        for (const n of r.notes.slice(0, args.verbose ? 1000 : 3)) log(n);
    }
    log(`${'total'.padEnd(40)} ${OUTCOMES.map((o) => pad(total[o], 16)).join('')} ${pad(totalStacks, 13)}`);
    const pass = total['5xx'] === 0 && total['200+digest'] === 0 && totalStacks === 0;
    log(
      `${pass ? 'PASS' : 'FAIL'}: ${total['5xx']} × 5xx, ${total['200+digest']} × 200 with an error digest, ${totalStacks} stack traces logged`,
    );
    process.exitCode = pass ? 0 : 1;
  } finally {
    server.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`probe:fuzz: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(2);
});
