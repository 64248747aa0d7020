import 'server-only';
/**
 * The networking reference in the product: content/reference/networking-reference.md, parsed once per
 * process (lib/reference/parse.ts), and where each rule is used — published scenarios (the rules their
 * engine traces cite) and published questions (their `rules`). See docs/decisions/009-*.md.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DbClient } from '@/lib/server/db/client';
import { fromJson } from '@/lib/server/db/json';
import { parseReference, type ParsedReference } from '@/lib/reference/parse';
import { compiledScenario } from '@/lib/server/trace/engine-adapter';

export const REFERENCE_FILE = 'content/reference/networking-reference.md';

let parsed: ParsedReference | null = null;

/** The parsed reference (read and parsed on first use, then kept for the life of the process). */
export function getReference(): ParsedReference {
  parsed ??= parseReference(readFileSync(path.join(process.cwd(), REFERENCE_FILE), 'utf8'));
  return parsed;
}

export interface RuleUsage {
  scenarios: { id: string; title: string }[];
  questions: { id: string; topic: string; type: string; prompt: string }[];
}

/**
 * Which published scenarios and questions use each rule. Questions in the viewer's open timed exam are left
 * out (listing them would say which rule an exam question is about before it is submitted).
 */
export async function ruleUsage(db: DbClient, userId: string): Promise<Map<string, RuleUsage>> {
  const usage = new Map<string, RuleUsage>();
  const entry = (id: string) => {
    let u = usage.get(id);
    if (!u) usage.set(id, (u = { scenarios: [], questions: [] }));
    return u;
  };

  const [scenarios, questions, openExams] = await Promise.all([
    db.scenario.findMany({
      where: { status: 'PUBLISHED', publishedVersion: { not: null } },
      select: { id: true, title: true, publishedVersion: true },
      orderBy: { id: 'asc' },
    }),
    db.question.findMany({
      where: { status: 'PUBLISHED', publishedVersion: { not: null } },
      select: { id: true, topic: true, type: true, publishedVersion: true },
      orderBy: { id: 'asc' },
    }),
    db.quizItem.findMany({
      where: { attempt: { userId, mode: 'EXAM', status: 'IN_PROGRESS' } },
      select: { questionVersion: { select: { questionId: true } } },
    }),
  ]);
  const hidden = new Set(openExams.map((i) => i.questionVersion.questionId));

  const versions = await db.scenarioVersion.findMany({
    where: { OR: scenarios.map((s) => ({ scenarioId: s.id, version: s.publishedVersion as number })) },
    select: { id: true, scenarioId: true, yaml: true },
  });
  const titles = new Map(scenarios.map((s) => [s.id, s.title]));
  for (const v of versions) {
    const rules = new Set<string>();
    try {
      const c = compiledScenario(v.id, v.yaml, `${v.scenarioId}.yaml`);
      for (const r of c.requestIds) for (const id of c.traceOf(r).rules) rules.add(id);
    } catch {
      continue; // A scenario that does not compile is reported by the player and the admin pages.
    }
    for (const id of rules)
      entry(id).scenarios.push({ id: v.scenarioId, title: titles.get(v.scenarioId) ?? v.scenarioId });
  }

  const qv = await db.questionVersion.findMany({
    where: { OR: questions.map((q) => ({ questionId: q.id, version: q.publishedVersion as number })) },
    select: { questionId: true, content: true },
  });
  const meta = new Map(questions.map((q) => [q.id, q]));
  for (const v of qv) {
    if (hidden.has(v.questionId)) continue;
    const doc = fromJson(v.content);
    const q: { rules?: unknown; prompt?: unknown } = doc !== null && !Array.isArray(doc) ? doc : {};
    const m = meta.get(v.questionId);
    if (!m || !Array.isArray(q.rules)) continue;
    const prompt = typeof q.prompt === 'string' ? (q.prompt.trim().split('\n')[0] ?? '') : '';
    for (const id of q.rules)
      if (typeof id === 'string')
        entry(id).questions.push({ id: m.id, topic: m.topic, type: m.type, prompt: prompt.slice(0, 200) });
  }
  for (const u of usage.values()) u.scenarios.sort((a, b) => a.id.localeCompare(b.id));
  return usage;
}
