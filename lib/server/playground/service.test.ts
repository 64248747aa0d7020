/**
 * Saved playgrounds on a real, migrated database (SQLite and PostgreSQL, tests/support/db.ts): private to the
 * owner (another user's is "not found"), a clear 413 over the size limit, share links that are unguessable,
 * read-only and revocable, proposals listed for the admins, and published scenarios offered only once traced.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/tests/support/db';
import { EMPTY_SETTINGS, PLAYGROUNDS_PER_USER, SHARE_TOKEN_RE } from '@/lib/validation/playground';
import { GUESTBOOK_ALL_IN_ONE } from '@/lib/playground/examples';
import { MANIFEST_LIMITS } from '@/lib/scenario';
import {
  deletePlayground,
  getOwnPlayground,
  getProposal,
  getSharedPlayground,
  listPlaygrounds,
  listProposals,
  proposePlayground,
  revokeShare,
  savePlayground,
  sharePlayground,
  startableScenarios,
  startableScenarioYaml,
} from './service';

let t: TestDb;
let alice: string;
let bob: string;
const T0 = new Date('2026-12-07T01:00:00Z');
const settings = {
  ...EMPTY_SETTINGS,
  nodes: 4,
  requests: [
    {
      id: 'r1',
      from: { external: { name: 'browser', ip: '198.51.100.7' } },
      to: { ip: '192.168.1.10', port: 30080, protocol: 'TCP' as const },
      method: 'GET',
      headers: {},
      requestNumberInWindow: 1,
      tcpOnly: false,
    },
  ],
};

beforeEach(async () => {
  t = await createTestDb();
  alice = (await t.db.user.create({ data: { email: 'a@x.dev', name: 'Alice', passwordHash: 'x' } })).id;
  bob = (await t.db.user.create({ data: { email: 'b@x.dev', name: 'Bob', passwordHash: 'x' } })).id;
});
afterEach(async () => {
  await t.cleanup();
});

async function saved() {
  const r = await savePlayground(t.db, alice, { title: 'Guestbook', yaml: GUESTBOOK_ALL_IN_ONE, settings });
  if (!r.ok) throw new Error(r.message);
  return r.id;
}

describe('playground service', () => {
  it('saves privately: the owner lists and opens it with its settings; another user cannot see, change or delete it', async () => {
    const id = await saved();
    expect((await listPlaygrounds(t.db, alice)).map((p) => [p.id, p.title, p.shared])).toEqual([
      [id, 'Guestbook', false],
    ]);
    const p = await getOwnPlayground(t.db, alice, id);
    expect(p?.yaml).toBe(GUESTBOOK_ALL_IN_ONE);
    expect(p?.settings).toEqual(settings);
    expect(await getOwnPlayground(t.db, bob, id)).toBeNull();
    expect(await listPlaygrounds(t.db, bob)).toEqual([]);
    const forged = await savePlayground(t.db, bob, {
      id,
      title: 'mine now',
      yaml: '',
      settings: EMPTY_SETTINGS,
    });
    expect(forged).toMatchObject({ ok: false, status: 404 });
    expect(await deletePlayground(t.db, bob, id)).toMatchObject({ ok: false, status: 404 });
    expect((await getOwnPlayground(t.db, alice, id))?.title).toBe('Guestbook');
    const upd = await savePlayground(t.db, alice, {
      id,
      title: 'Guestbook 2',
      yaml: 'x',
      settings: EMPTY_SETTINGS,
    });
    expect(upd.ok).toBe(true);
    expect((await getOwnPlayground(t.db, alice, id))?.title).toBe('Guestbook 2');
  });

  it('refuses more than the size limit with 413 and a message saying what to do; nothing is stored', async () => {
    const big = `# ${'x'.repeat(MANIFEST_LIMITS.bytes)}\n`;
    const r = await savePlayground(t.db, alice, { title: 'big', yaml: big, settings: EMPTY_SETTINGS });
    expect(r).toMatchObject({ ok: false, status: 413 });
    if (!r.ok) expect(r.message).toMatch(/at most 512 KiB.*save again/);
    expect(await t.db.playground.count()).toBe(0);
  });

  it(`keeps at most ${PLAYGROUNDS_PER_USER} per user (409 with what to do)`, async () => {
    await t.db.playground.createMany({
      data: Array.from({ length: PLAYGROUNDS_PER_USER }, (_, i) => ({
        ownerId: alice,
        title: `p${i}`,
        yaml: '',
      })),
    });
    const r = await savePlayground(t.db, alice, { title: 'one more', yaml: '', settings: EMPTY_SETTINGS });
    expect(r).toMatchObject({ ok: false, status: 409 });
    expect((await savePlayground(t.db, bob, { title: 'bob', yaml: '', settings: EMPTY_SETTINGS })).ok).toBe(
      true,
    );
  });

  it('shares by an unguessable token, read-only, until revoked; a new share makes a new token', async () => {
    const id = await saved();
    expect(await sharePlayground(t.db, bob, id)).toMatchObject({ ok: false, status: 404 });
    const s = await sharePlayground(t.db, alice, id);
    if (!s.ok) throw new Error(s.message);
    expect(s.token).toMatch(SHARE_TOKEN_RE);
    expect(await sharePlayground(t.db, alice, id)).toEqual({ ok: true, token: s.token });
    const v = await getSharedPlayground(t.db, s.token);
    expect(v).toMatchObject({ title: 'Guestbook', ownerName: 'Alice', shareToken: null });
    expect(v?.yaml).toBe(GUESTBOOK_ALL_IN_ONE);
    expect(await getSharedPlayground(t.db, 'not-a-token')).toBeNull();
    expect(
      await getSharedPlayground(
        t.db,
        s.token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      ),
    ).toBeNull();
    expect(await revokeShare(t.db, bob, id)).toMatchObject({ ok: false, status: 404 });
    expect(await getSharedPlayground(t.db, s.token)).not.toBeNull();
    expect(await revokeShare(t.db, alice, id)).toEqual({ ok: true });
    expect(await getSharedPlayground(t.db, s.token)).toBeNull();
    const again = await sharePlayground(t.db, alice, id);
    expect(again.ok && again.token !== s.token).toBe(true);
  });

  it('two tabs: a save from a stale copy is refused (409, what to do), nothing overwritten; the fresh one saves', async () => {
    const id = await saved();
    const opened = (await getOwnPlayground(t.db, alice, id))!.updatedAt;
    // Tab A saves first (the clock moves on between the two saves).
    await new Promise((r) => setTimeout(r, 5));
    const a = await savePlayground(t.db, alice, {
      id,
      baseUpdatedAt: opened,
      title: 'From tab A',
      yaml: 'a',
      settings,
    });
    if (!a.ok) throw new Error(a.message);
    expect(a.updatedAt).not.toBe(opened);
    // Tab B still holds the version it opened.
    const b = await savePlayground(t.db, alice, {
      id,
      baseUpdatedAt: opened,
      title: 'From tab B',
      yaml: 'b',
      settings,
    });
    expect(b).toMatchObject({ ok: false, status: 409 });
    if (!b.ok) expect(b.message).toMatch(/saved elsewhere .* Save yours as a copy, or reload/);
    expect((await getOwnPlayground(t.db, alice, id))?.title).toBe('From tab A');
    // Another user's id with any version is still "not found", not a conflict.
    expect(
      await savePlayground(t.db, bob, { id, baseUpdatedAt: a.updatedAt, title: 'x', yaml: '', settings }),
    ).toMatchObject({ ok: false, status: 404 });
    const again = await savePlayground(t.db, alice, {
      id,
      baseUpdatedAt: a.updatedAt,
      title: 'From tab A, again',
      yaml: 'a2',
      settings,
    });
    expect(again.ok).toBe(true);
  });

  it('deleting a shared playground makes its link open nothing', async () => {
    const id = await saved();
    const s = await sharePlayground(t.db, alice, id);
    if (!s.ok) throw new Error(s.message);
    expect(await deletePlayground(t.db, alice, id)).toEqual({ ok: true });
    expect(await getSharedPlayground(t.db, s.token)).toBeNull();
    expect(await listPlaygrounds(t.db, alice)).toEqual([]);
  });

  it('sends a proposal the admins list and open; an unproposed playground is not open to them', async () => {
    const id = await saved();
    expect(await getProposal(t.db, id)).toBeNull();
    expect(await proposePlayground(t.db, bob, id, 'x', T0)).toMatchObject({ ok: false, status: 404 });
    expect(await proposePlayground(t.db, alice, id, 'NodePort practice', T0)).toEqual({
      ok: true,
      proposedAt: T0.toISOString(),
    });
    expect(await listProposals(t.db)).toEqual([
      {
        id,
        title: 'Guestbook',
        ownerName: 'Alice',
        ownerEmail: 'a@x.dev',
        note: 'NodePort practice',
        proposedAt: T0.toISOString(),
      },
    ]);
    expect((await getProposal(t.db, id))?.yaml).toBe(GUESTBOOK_ALL_IN_ONE);
  });

  it('offers a published scenario to start from only once the user has traced it (admins: all)', async () => {
    const sc = await t.db.scenario.create({
      data: {
        id: 's1',
        title: 'S1',
        topic: 'services',
        difficulty: 2,
        level: 'coarse',
        status: 'PUBLISHED',
        publishedVersion: 1,
        versions: { create: { version: 1, yaml: 'kind: Scenario' } },
      },
      include: { versions: true },
    });
    expect(await startableScenarios(t.db, { id: alice, role: 'LEARNER' })).toEqual([]);
    expect(await startableScenarioYaml(t.db, { id: alice, role: 'LEARNER' }, 's1')).toBeNull();
    expect(await startableScenarios(t.db, { id: bob, role: 'ADMIN' })).toEqual([{ id: 's1', title: 'S1' }]);
    const session = await t.db.traceSession.create({
      data: {
        userId: alice,
        scenarioVersionId: sc.versions[0]!.id,
        requestId: 'main',
        mode: 'LEARNING',
        level: 'coarse',
      },
    });
    await t.db.traceAttempt.create({
      data: {
        sessionId: session.id,
        userId: alice,
        scenarioVersionId: sc.versions[0]!.id,
        requestId: 'main',
        level: 'coarse',
        mode: 'LEARNING',
        answer: '{}',
        score: 1,
        pathScore: 1,
        findings: '[]',
        closestPathId: 'p',
      },
    });
    expect(await startableScenarioYaml(t.db, { id: alice, role: 'LEARNER' }, 's1')).toEqual({
      title: 'S1',
      yaml: 'kind: Scenario',
    });
  });
});
