/**
 * The trace service on a real, migrated database (SQLite and PostgreSQL, tests/support/db.ts), with the real engine and
 * grader on cluster C1: what the player receives, how hints are charged, and that bad input — cards not in
 * the scenario, a scenario not published, a replayed or forged submission — is refused and not stored.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toJson } from '@/lib/server/db/json';
import { project } from '@/lib/grader';
import { createTestDb, type TestDb } from '@/tests/support/db';
import { clearCompiledCache, compiledScenario, compiledVariant } from './engine-adapter';
import {
  checkAnswer,
  getAttemptView,
  listLibrary,
  loadDraft,
  openSession,
  saveDraft,
  submitAnswer,
  takeHint,
} from './service';

const C1 = readFileSync(path.resolve(import.meta.dirname, '../../scenario/__fixtures__/c1.yaml'), 'utf8');
const T0 = new Date('2026-11-26T10:00:00Z');

let t: TestDb;
let userId: string;
let otherId: string;

beforeEach(async () => {
  clearCompiledCache();
  t = await createTestDb();
  userId = (await t.db.user.create({ data: { email: 'l@x.dev', name: 'L', passwordHash: 'x' } })).id;
  otherId = (await t.db.user.create({ data: { email: 'o@x.dev', name: 'O', passwordHash: 'x' } })).id;
  await t.db.scenario.create({
    data: {
      id: 'c1-fixture',
      title: 'Cluster C1 fixture',
      topic: 'services',
      difficulty: 2,
      level: 'coarse',
      tags: ['c1'],
      status: 'PUBLISHED',
      publishedVersion: 1,
      versions: { create: { version: 1, yaml: C1 } },
    },
  });
});
afterEach(async () => {
  await t.cleanup();
});

async function open(mode: 'learning' | 'challenge' = 'learning') {
  const r = await openSession(t.db, userId, 'c1-fixture', { mode }, T0);
  if (!r.ok) throw new Error(r.message);
  return r.view;
}

/** The compiled scenario the service uses (same cache). */
async function compiled() {
  const v = await t.db.scenarioVersion.findFirstOrThrow({ where: { scenarioId: 'c1-fixture' } });
  return compiledScenario(v.id, v.yaml);
}

/** A fully correct answer: the projection of the first valid path, with its outcome. */
async function correctAnswer() {
  const p = (await compiled()).traceOf('main').paths[0]!;
  return { cards: project(p, 'coarse').map((h) => h.key), disposition: p.disposition };
}

describe('openSession', () => {
  it('issues a session and sends only cards (id, layer, object, label) and the diagram', async () => {
    const view = await open();
    expect(await t.db.traceSession.count()).toBe(1);
    expect(view.palette.length).toBeGreaterThan(5);
    for (const c of view.palette)
      expect(Object.keys(c).sort()).toEqual(expect.arrayContaining(['id', 'label', 'layer']));
    for (const c of view.palette)
      expect(Object.keys(c).every((k) => ['id', 'label', 'layer', 'object'].includes(k))).toBe(true);
    const json = JSON.stringify(view);
    expect(json).not.toContain('misconception');
    expect(json).not.toContain('"paths"');
    expect(json).not.toContain('"verdict"');
    expect(view.diagram[0]!.nodes.some((n) => n.id === 'pod/shop/frontend-1')).toBe(true);
  });

  it("opens any of the scenario's requests by id (the first by default) and refuses one it does not have", async () => {
    const first = await open();
    expect(first.requests).toEqual([
      { id: 'main', current: true },
      { id: 'browser', current: false },
    ]);
    const r = await openSession(t.db, userId, 'c1-fixture', { mode: 'learning', request: 'browser' }, T0);
    if (!r.ok) throw new Error(r.message);
    expect(r.view.requests).toEqual([
      { id: 'main', current: false },
      { id: 'browser', current: true },
    ]);
    const c = await compiled();
    expect(r.view.request).toBe(c.traceOf('browser').summary);
    expect(r.view.request).not.toBe(first.request);
    expect(r.view.sessionId).not.toBe(first.sessionId);
    const session = await t.db.traceSession.findUniqueOrThrow({ where: { id: r.view.sessionId } });
    expect(session.requestId).toBe('browser');

    const bad = await openSession(t.db, userId, 'c1-fixture', { mode: 'learning', request: 'curl6' }, T0);
    expect(bad).toMatchObject({ ok: false, status: 400 });
    if (!bad.ok) expect(bad.message).toContain('"main", "browser"');
    expect(await t.db.traceSession.count()).toBe(2);
  });

  it('refuses a scenario that is not published', async () => {
    await t.db.scenario.update({ where: { id: 'c1-fixture' }, data: { status: 'RETIRED' } });
    const r = await openSession(t.db, userId, 'c1-fixture', { mode: 'learning' }, T0);
    expect(r).toMatchObject({ ok: false, status: 404 });
    expect(await t.db.traceSession.count()).toBe(0);
  });
});

describe('submitAnswer', () => {
  it('grades on the server, stores the attempt and consumes the session', async () => {
    const view = await open();
    const r = await submitAnswer(t.db, userId, view.sessionId, await correctAnswer(), T0);
    expect(r).toMatchObject({ ok: true, score: 1 });
    const a = await t.db.traceAttempt.findFirstOrThrow();
    expect(a).toMatchObject({ userId, score: 1, pathScore: 1, dispositionCorrect: true, penalty: 0 });
    expect(a.findings).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'correct' })]));
    expect(
      (await t.db.traceSession.findUniqueOrThrow({ where: { id: view.sessionId } })).submittedAt,
    ).not.toBeNull();
  });

  it('refuses a replayed submission with 409 and stores nothing more', async () => {
    const view = await open();
    await submitAnswer(t.db, userId, view.sessionId, await correctAnswer(), T0);
    const again = await submitAnswer(t.db, userId, view.sessionId, await correctAnswer(), T0);
    expect(again).toMatchObject({ ok: false, status: 409 });
    expect(await t.db.traceAttempt.count()).toBe(1);
  });

  it('accepts only one of two concurrent submissions of the same session', async () => {
    const view = await open();
    const answer = await correctAnswer();
    const results = await Promise.all([
      submitAnswer(t.db, userId, view.sessionId, answer, T0),
      submitAnswer(t.db, userId, view.sessionId, answer, T0),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([expect.objectContaining({ status: 409 })]);
    expect(await t.db.traceAttempt.count()).toBe(1);
  });

  it('refuses a session of another user (forged) with 404', async () => {
    const view = await open();
    const r = await submitAnswer(t.db, otherId, view.sessionId, await correctAnswer(), T0);
    expect(r).toMatchObject({ ok: false, status: 404 });
    expect(await submitAnswer(t.db, userId, 'nosuchsession', await correctAnswer(), T0)).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(await t.db.traceAttempt.count()).toBe(0);
  });

  it('refuses cards that are not in the scenario with 400', async () => {
    const view = await open();
    const r = await submitAnswer(
      t.db,
      userId,
      view.sessionId,
      { cards: ['Pod@pod/evil/x', ...view.palette.slice(0, 2).map((c) => c.id)], disposition: 'DELIVERED' },
      T0,
    );
    expect(r).toMatchObject({ ok: false, status: 400 });
    expect(await t.db.traceAttempt.count()).toBe(0);
    expect(
      (await t.db.traceSession.findUniqueOrThrow({ where: { id: view.sessionId } })).submittedAt,
    ).toBeNull();
  });

  it('refuses an empty path and a missing outcome when the scenario asks for one', async () => {
    const view = await open();
    expect(await submitAnswer(t.db, userId, view.sessionId, { cards: [] }, T0)).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(
      await submitAnswer(t.db, userId, view.sessionId, { cards: [view.palette[0]!.id] }, T0),
    ).toMatchObject({ ok: false, status: 400 });
    expect(await t.db.traceAttempt.count()).toBe(0);
  });

  it('refuses an answer for a scenario that is no longer published with 410', async () => {
    const view = await open();
    await t.db.scenario.update({ where: { id: 'c1-fixture' }, data: { status: 'RETIRED' } });
    expect(await submitAnswer(t.db, userId, view.sessionId, await correctAnswer(), T0)).toMatchObject({
      ok: false,
      status: 410,
    });
    expect(await t.db.traceAttempt.count()).toBe(0);
  });
});

describe('drafts (autosave)', () => {
  it('keeps the path so far per learner and scenario, resumes it in the same mode and level, and drops it on submit', async () => {
    const view = await open();
    const answer = await correctAnswer();
    const partial = { cards: answer.cards.slice(0, 3) };
    expect(await saveDraft(t.db, userId, view.sessionId, partial, T0)).toMatchObject({ ok: true });
    // A later save replaces it (one row per learner and scenario).
    const more = { cards: answer.cards.slice(0, 4), disposition: answer.disposition };
    await saveDraft(t.db, userId, view.sessionId, more, new Date(T0.getTime() + 1000));
    expect(await t.db.traceDraft.count()).toBe(1);
    // Reopening (a reload, another device) reuses the session and finds the draft.
    const again = await open();
    expect(await loadDraft(t.db, userId, again)).toMatchObject(more);
    // Not in the other mode, and not for another learner.
    expect(await loadDraft(t.db, userId, await open('challenge'))).toBeNull();
    const otherView = await openSession(t.db, otherId, 'c1-fixture', { mode: 'learning' }, T0);
    if (!otherView.ok) throw new Error(otherView.message);
    expect(await loadDraft(t.db, otherId, otherView.view)).toBeNull();

    await submitAnswer(t.db, userId, view.sessionId, answer, T0);
    expect(await t.db.traceDraft.count()).toBe(0);
    // A submitted session takes no more drafts.
    expect(await saveDraft(t.db, userId, view.sessionId, partial, T0)).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(await t.db.traceDraft.count()).toBe(0);
  });

  it("is kept per request: another of the scenario's requests neither resumes it nor drops it on submit", async () => {
    const main = await open();
    const answer = await correctAnswer();
    const partial = { cards: answer.cards.slice(0, 3) };
    await saveDraft(t.db, userId, main.sessionId, partial, T0);
    const browser = await openSession(
      t.db,
      userId,
      'c1-fixture',
      { mode: 'learning', request: 'browser' },
      T0,
    );
    if (!browser.ok) throw new Error(browser.message);
    // The browser request's player does not show main's path as "resumed".
    expect(await loadDraft(t.db, userId, browser.view)).toBeNull();
    expect(await loadDraft(t.db, userId, await open())).toMatchObject(partial);
    // A draft saved before requests could be chosen ('') belongs to the first request.
    await t.db.traceDraft.updateMany({ data: { requestId: '' } });
    expect(await loadDraft(t.db, userId, await open())).toMatchObject(partial);
    expect(await loadDraft(t.db, userId, browser.view)).toBeNull();
    // Submitting the browser request leaves main's draft alone.
    const c = await compiled();
    const p = c.traceOf('browser').paths[0]!;
    const r = await submitAnswer(
      t.db,
      userId,
      browser.view.sessionId,
      { cards: project(p, 'coarse').map((h) => h.key), disposition: p.disposition },
      T0,
    );
    expect(r).toMatchObject({ ok: true });
    expect(await loadDraft(t.db, userId, await open())).toMatchObject(partial);
  });

  it("refuses another learner's session and cards not in the palette, and saves nothing", async () => {
    const view = await open();
    expect(await saveDraft(t.db, otherId, view.sessionId, { cards: [] }, T0)).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(await saveDraft(t.db, userId, view.sessionId, { cards: ['Pod@pod/evil/x'] }, T0)).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(await t.db.traceDraft.count()).toBe(0);
  });

  it('restores only the cards still in the palette', async () => {
    const view = await open();
    const answer = await correctAnswer();
    await saveDraft(t.db, userId, view.sessionId, { cards: answer.cards.slice(0, 2) }, T0);
    await t.db.traceDraft.updateMany({
      data: { cards: toJson(['gone-card', ...answer.cards.slice(0, 2), 7]) },
    });
    expect((await loadDraft(t.db, userId, view))?.cards).toEqual(answer.cards.slice(0, 2));
  });
});

describe('hints', () => {
  it('charges what the hint says, records it on the session and deducts it from the score', async () => {
    const view = await open();
    const h = await takeHint(t.db, userId, view.sessionId, 'next', { cards: [] });
    expect(h).toMatchObject({ ok: true, hint: { charged: true, cost: view.hintCosts.next, hintsUsed: 1 } });
    if (!h.ok) return;
    expect(h.hint.card?.id).toBeDefined();
    expect(h.hint.position).toBe(0);
    const s = await t.db.traceSession.findUniqueOrThrow({ where: { id: view.sessionId } });
    expect(s).toMatchObject({ hintsUsed: 1, penalty: view.hintCosts.next });
    const r = await submitAnswer(t.db, userId, view.sessionId, await correctAnswer(), T0);
    expect(r).toMatchObject({ ok: true, score: 1 - view.hintCosts.next });
  });

  it('cannot be dodged from another tab or mode: the open session is reused and a new one inherits the penalty', async () => {
    const learning = await open('learning');
    await takeHint(t.db, userId, learning.sessionId, 'next', { cards: [] });
    const again = await open('learning');
    expect(again.sessionId).toBe(learning.sessionId);
    const challenge = await open('challenge');
    expect(challenge.sessionId).not.toBe(learning.sessionId);
    expect(challenge.penalty).toBe(learning.hintCosts.next);
    const r = await submitAnswer(t.db, userId, challenge.sessionId, await correctAnswer(), T0);
    expect(r).toMatchObject({ ok: true, score: 1 - learning.hintCosts.next });
    expect(await t.db.traceSession.count()).toBe(2);
  });

  it('is free when there is nothing to reveal', async () => {
    const view = await open();
    const h = await takeHint(t.db, userId, view.sessionId, 'explain', await correctAnswer());
    expect(h).toMatchObject({ ok: true, hint: { charged: false, penalty: 0 } });
  });

  it('names the misconception behind a distractor', async () => {
    const view = await open();
    const good = (await correctAnswer()).cards;
    const valid = new Set(
      (await compiled()).traceOf('main').paths.flatMap((p) => project(p, 'coarse').map((h) => h.key)),
    );
    const distractor = view.palette.find((c) => !valid.has(c.id))!;
    const h = await takeHint(t.db, userId, view.sessionId, 'explain', {
      cards: [good[0]!, distractor.id],
      disposition: 'DELIVERED',
    });
    expect(h).toMatchObject({ ok: true, hint: { charged: true, cost: view.hintCosts.explain } });
    if (h.ok) expect(h.hint.message).toContain('Position 2');
  });

  it('is refused in challenge mode, as are checks', async () => {
    const view = await open('challenge');
    expect(await takeHint(t.db, userId, view.sessionId, 'next', { cards: [] })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(await checkAnswer(t.db, userId, view.sessionId, { cards: [] })).toMatchObject({
      ok: false,
      status: 403,
    });
  });
});

describe('checkAnswer', () => {
  it('marks each placed card and counts the missing hops without a score', async () => {
    const view = await open();
    const good = (await correctAnswer()).cards;
    const r = await checkAnswer(t.db, userId, view.sessionId, { cards: [good[1]!, good[0]!] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.check.positions).toHaveLength(2);
    expect(r.check.positions).toContain('ok');
    expect(r.check.missing).toBeGreaterThan(0);
    expect(JSON.stringify(r.check)).not.toContain('score');
  });
});

describe('getAttemptView and listLibrary', () => {
  it('shows the result only to its owner, and the best score in the library', async () => {
    const view = await open();
    const r = await submitAnswer(t.db, userId, view.sessionId, await correctAnswer(), T0);
    if (!r.ok) throw new Error(r.message);
    const mine = await getAttemptView(t.db, userId, r.attemptId);
    expect(mine.ok).toBe(true);
    if (mine.ok) {
      expect(mine.view.closest?.frames.length).toBeGreaterThan(3);
      expect(mine.view.alternatives.length).toBeGreaterThan(0);
    }
    expect(await getAttemptView(t.db, otherId, r.attemptId)).toMatchObject({ ok: false, status: 404 });
    const lib = await listLibrary(t.db, userId, {});
    expect(lib.items[0]).toMatchObject({ id: 'c1-fixture', best: 1, attempts: 1 });
    expect((await listLibrary(t.db, userId, { q: 'nothing-like-this' })).items).toHaveLength(0);
    expect(
      (await listLibrary(t.db, userId, { topic: 'services', level: 'coarse', difficulty: '2' })).items,
    ).toHaveLength(1);
  });
});

describe('fresh variants (issue 16)', () => {
  /** The variant's valid path, computed the way the server does (from the version's YAML and the seed). */
  async function variantAnswer(seed: string) {
    const v = await t.db.scenarioVersion.findFirstOrThrow({ where: { scenarioId: 'c1-fixture' } });
    const c = compiledVariant(v.id, v.yaml, 'c1-fixture.yaml', 'main', seed)!;
    const p = c.traceOf('main').paths[0]!;
    return { cards: project(p, 'coarse').map((h) => h.key), disposition: p.disposition };
  }

  it('opens a variant with other names, grades it on the server from the seed, and shows it on the result', async () => {
    const plain = await open('challenge');
    const r = await openSession(t.db, userId, 'c1-fixture', { mode: 'challenge', variant: 'k3x9' }, T0);
    if (!r.ok) throw new Error(r.message);
    expect(r.view.variant).toEqual({ seed: 'k3x9' });
    expect(r.view.sessionId).not.toBe(plain.sessionId);
    // Other names: some palette labels of the variant are not in the scenario's palette.
    const before = new Set(plain.palette.map((c) => c.label));
    expect(r.view.palette.some((c) => !before.has(c.label))).toBe(true);
    // Nothing revealing in the player: no paths, no findings.
    expect(JSON.stringify(r.view)).not.toMatch(/"(paths|findings|closest|expected)"/);
    const row = await t.db.traceSession.findUniqueOrThrow({ where: { id: r.view.sessionId } });
    expect(row.variantSeed).toBe('k3x9');
    // The variant's own correct path scores 1; the original's path does not fit the variant's palette.
    const original = await correctAnswer();
    const wrong = await submitAnswer(t.db, userId, r.view.sessionId, original, T0);
    expect(wrong.ok).toBe(false);
    const s = await submitAnswer(t.db, userId, r.view.sessionId, await variantAnswer('k3x9'), T0);
    if (!s.ok) throw new Error(s.message);
    expect(s.score).toBe(1);
    const view = await getAttemptView(t.db, userId, s.attemptId);
    if (!view.ok) throw new Error(view.message);
    expect(view.view.variant?.seed).toBe('k3x9');
    expect(view.view.variant?.renames.length).toBeGreaterThan(0);
    expect(view.view.findings.every((f) => f.code === 'correct' || f.code === 'seed_simplification')).toBe(
      true,
    );
  });

  it('regenerates the same variant after the process forgets it (cache cleared)', async () => {
    const r = await openSession(t.db, userId, 'c1-fixture', { mode: 'learning', variant: 'abc' }, T0);
    if (!r.ok) throw new Error(r.message);
    const answer = await variantAnswer('abc');
    clearCompiledCache();
    const check = await checkAnswer(t.db, userId, r.view.sessionId, answer);
    if (!check.ok) throw new Error(check.message);
    expect(check.check.complete).toBe(true);
  });

  it('refuses a malformed seed with 400 and stores no session', async () => {
    const r = await openSession(t.db, userId, 'c1-fixture', { mode: 'learning', variant: 'NOT valid!' }, T0);
    expect(r).toMatchObject({ ok: false, status: 400 });
    expect(await t.db.traceSession.count()).toBe(0);
  });
});
