/**
 * The troubleshooting service on a real, migrated database (SQLite and PostgreSQL, tests/support/db.ts), seeded by the
 * real seed step from the shipped exercises, graded by the real checker and engine: what the browser receives
 * before submission, hints charged once, a draft that survives, submissions that are refused without being
 * stored (does not load, not editable), graded ones stored once, incident mode's clock, and the result.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/tests/support/db';
import { makeTroubleshootingStep } from '@/scripts/seed-troubleshooting.mts';
import { attemptView, listExercises, openExercise, saveDraft, submit, takeHint } from './service';
import { changeOf, loadExercise } from '@/lib/troubleshoot';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const T0 = new Date('2026-12-07T10:00:00Z');
const ID = 'selector-label-mismatch';
const FILE = readFileSync(
  path.resolve(import.meta.dirname, `../../../content/troubleshooting/${ID}.yaml`),
  'utf8',
);
const loaded = loadExercise(FILE);
if (!loaded.ok) throw new Error('exercise does not load');
const ex = loaded.exercise;
const FIXED = changeOf(ex, ex.doc.spec.fix).text;

let t: TestDb;
let userId: string;
let otherId: string;

beforeEach(async () => {
  t = await createTestDb();
  userId = (await t.db.user.create({ data: { email: 'l@x.dev', name: 'L', passwordHash: 'x' } })).id;
  otherId = (await t.db.user.create({ data: { email: 'o@x.dev', name: 'O', passwordHash: 'x' } })).id;
  await makeTroubleshootingStep().run(t.db, { env: {} });
});
afterEach(async () => {
  await t.cleanup();
});

async function open(mode: 'EDIT' | 'CHOICE' | 'INCIDENT' = 'EDIT', now = T0, user = userId) {
  const r = await openExercise(t.db, user, ID, mode, now);
  if (!r.ok) throw new Error(r.message);
  return r.view;
}

describe('troubleshooting service', () => {
  it('seeds every shipped exercise as published and lists them with the learner’s results', async () => {
    const list = await listExercises(t.db, userId);
    expect(list.length).toBeGreaterThanOrEqual(10);
    expect(list.find((i) => i.id === ID)).toMatchObject({ attempts: 0, solved: false, best: null });
    expect((await makeTroubleshootingStep().run(t.db, { env: {} })).summary).toMatch(/^skipped/);
  });

  it('gives the browser the task but not the answer', async () => {
    const v = await open('CHOICE');
    const json = JSON.stringify(v);
    expect(v.exercise.victory.map((c) => c.id)).toEqual(['web-reaches-api']);
    expect(v.exercise.candidates.map((c) => Object.keys(c).sort())).toEqual(
      v.exercise.candidates.map(() => ['id', 'label']),
    );
    expect(json).not.toContain(ex.doc.spec.fix.explanation.slice(0, 40));
    for (const c of ex.doc.spec.candidates) expect(json).not.toContain(c.why.slice(0, 30));
    for (const h of ex.doc.spec.hints) expect(json).not.toContain(h.text);
    expect(v.hints).toEqual([]);
    expect(v.exercise.hintCosts).toEqual(ex.doc.spec.hints.map((h) => h.cost));
    expect((await open('EDIT')).exercise.candidates).toEqual([]);
  });

  it('resumes the open session of the same mode (hints, draft and clock kept)', async () => {
    const a = await open('INCIDENT');
    const h = await takeHint(t.db, userId, a.sessionId);
    expect(h.ok && h.hint.text).toBe(ex.doc.spec.hints[0]?.text);
    expect((await saveDraft(t.db, userId, a.sessionId, 'kind: Draft\n')).ok).toBe(true);
    const b = await open('INCIDENT', new Date(T0.getTime() + 60_000));
    expect(b.sessionId).toBe(a.sessionId);
    expect(b.deadline).toBe(new Date(T0.getTime() + ex.doc.spec.timeLimitMinutes * 60_000).toISOString());
    expect(b.hints.map((x) => x.text)).toEqual([ex.doc.spec.hints[0]?.text]);
    expect(b.penalty).toBe(ex.doc.spec.hints[0]?.cost);
    expect(b.draft).toBe('kind: Draft\n');
    expect((await open('EDIT')).sessionId).not.toBe(a.sessionId);
  });

  it('an incident whose time ran out unsubmitted is over: the next visit starts a new one', async () => {
    const a = await open('INCIDENT');
    const later = new Date(T0.getTime() + ex.doc.spec.timeLimitMinutes * 60_000 + 60_000);
    const b = await open('INCIDENT', later);
    expect(b.sessionId).not.toBe(a.sessionId);
    expect(b.deadline).toBe(new Date(later.getTime() + ex.doc.spec.timeLimitMinutes * 60_000).toISOString());
  });

  it('charges each hint once and refuses when none are left', async () => {
    const v = await open();
    const costs = ex.doc.spec.hints.map((h) => h.cost);
    for (let i = 0; i < costs.length; i++) expect((await takeHint(t.db, userId, v.sessionId)).ok).toBe(true);
    const more = await takeHint(t.db, userId, v.sessionId);
    expect(more.ok === false && more.status).toBe(409);
    const row = await t.db.troubleshootSession.findUniqueOrThrow({ where: { id: v.sessionId } });
    expect([row.hintsUsed, row.penalty]).toEqual([costs.length, costs.reduce((a, b) => a + b, 0)]);
  });

  it('refuses another user’s session, and stores nothing for a cluster that does not load or an edit that is not allowed', async () => {
    const v = await open();
    const other = await submit(t.db, otherId, v.sessionId, { yaml: FIXED }, T0);
    expect(other.ok === false && other.status).toBe(404);
    const bad = await submit(
      t.db,
      userId,
      v.sessionId,
      { yaml: FIXED.replace('clusterIP: 10.96.20.10', 'clusterIP: 10.96.20') },
      T0,
    );
    expect(bad.ok === false && [bad.status, bad.problem?.kind]).toEqual([422, 'invalid']);
    expect(bad.ok === false && bad.message).toMatch(/line \d+, column \d+/);
    const refused = await submit(
      t.db,
      userId,
      v.sessionId,
      { yaml: FIXED.replace('podCIDR: 10.244.2.0/24', 'podCIDR: 10.244.9.0/24') },
      T0,
    );
    expect(refused.ok === false && [refused.status, refused.problem?.kind]).toEqual([422, 'refused']);
    expect(refused.ok === false && refused.message).toMatch(/Node\/node-2 is not yours to change/);
    const row = await t.db.troubleshootSession.findUniqueOrThrow({ where: { id: v.sessionId } });
    expect(row.submittedAt).toBeNull();
  });

  it('grades and stores a fix once; the result shows conditions, paths before and after, both diffs', async () => {
    const v = await open();
    await takeHint(t.db, userId, v.sessionId);
    const r = await submit(t.db, userId, v.sessionId, { yaml: FIXED }, T0);
    expect(r.ok && r.passed).toBe(true);
    const again = await submit(t.db, userId, v.sessionId, { yaml: FIXED }, T0);
    expect(again.ok === false && again.status).toBe(409);
    const a = await attemptView(t.db, userId, v.sessionId);
    if (!a.ok) throw new Error(a.message);
    expect(a.view).toMatchObject({
      passed: true,
      score: 100 - (ex.doc.spec.hints[0]?.cost ?? 0),
      late: false,
      size: 1,
      authorSize: 1,
    });
    expect(a.view.conditions.every((c) => c.holds)).toBe(true);
    const p = a.view.paths.find((x) => x.requestId === 'web-to-api');
    expect([p?.before.disposition, p?.after.disposition]).toEqual(['REFUSED', 'DELIVERED']);
    expect(a.view.diff).toMatch(/^-  selector: \{ app: api-server \}$/m);
    expect(a.view.fix.diff).toMatch(/^\+\s+app: api$/m);
    expect(a.view.fix.explanation).toBe(ex.doc.spec.fix.explanation);
    expect((await attemptView(t.db, otherId, v.sessionId)).ok).toBe(false);
    const list = await listExercises(t.db, userId);
    expect(list.find((i) => i.id === ID)).toMatchObject({ attempts: 1, solved: true });
  });

  it('an invariant-breaking candidate is graded as failed, with the broken invariant and the author’s reasons', async () => {
    const v = await open('CHOICE');
    const r = await submit(t.db, userId, v.sessionId, { candidateId: 'relabel-pods' }, T0);
    expect(r.ok && r.passed).toBe(false);
    const a = await attemptView(t.db, userId, v.sessionId);
    if (!a.ok) throw new Error(a.message);
    expect(a.view.score).toBe(0);
    expect(a.view.conditions.find((c) => c.id === 'metrics-still-scraped')).toMatchObject({
      kind: 'invariant',
      holds: false,
    });
    expect(a.view.choice?.picked).toBe('relabel-pods');
    expect(a.view.choice?.candidates.find((c) => c.id === 'relabel-pods')?.expect).toBe('invariant');
    const unknown = await submit(t.db, userId, (await open('CHOICE')).sessionId, { candidateId: 'nope' }, T0);
    expect(unknown.ok === false && unknown.status).toBe(400);
  });

  it('incident mode: a fix after the deadline (and its grace) is recorded with score 0', async () => {
    const v = await open('INCIDENT');
    const late = new Date(T0.getTime() + ex.doc.spec.timeLimitMinutes * 60_000 + 6_000);
    const r = await submit(t.db, userId, v.sessionId, { yaml: FIXED }, late);
    expect(r.ok && r.passed).toBe(true);
    const a = await attemptView(t.db, userId, v.sessionId);
    expect(a.ok && [a.view.late, a.view.score]).toEqual([true, 0]);
  });

  it('a retired or unknown exercise is not opened', async () => {
    await t.db.troubleshoot.update({ where: { id: ID }, data: { status: 'RETIRED' } });
    const r = await openExercise(t.db, userId, ID, 'EDIT', T0);
    expect(r.ok === false && r.status).toBe(410);
    const u = await openExercise(t.db, userId, 'nope', 'EDIT', T0);
    expect(u.ok === false && u.status).toBe(404);
  });
});
