import 'server-only';
/**
 * Import and export of the whole bank (questions and scenarios) as one bundle file (lib/authoring/bundle.ts).
 *
 * Export: per question its status, the published content (or the draft when it was never published) and an
 * unpublished newer draft if there is one; per scenario the same with its plain multi-document YAML.
 *
 * Import is two steps. `planImport` validates every entry and compares it with the database — added,
 * changed (with what changes), unchanged, rejected (with reasons) — and writes nothing. `applyImport` plans
 * again and, only when nothing is rejected, writes everything in one transaction; any error rejects the whole
 * file. Versions are never rewritten: a changed entry gets new versions (published ones stay immutable), so
 * attempts on old versions stay explainable. A round trip export → import into an empty database reproduces
 * the bank (statuses, published content, drafts); version numbers restart at 1.
 */
import type { DbClient } from '@/lib/server/db/client';
import {
  canonicalJson,
  type Bundle,
  type BundleQuestion,
  type BundleScenario,
  type ContentStatus,
} from '@/lib/authoring/bundle';
import {
  checkScenario,
  looseMeta,
  metaOf,
  publishProblem,
  type ScenarioMeta,
} from '@/lib/authoring/scenario-check';
import { questionSchema, type Question } from '@/lib/quiz/bank-schema';
import { recordAudit, type Actor, type Tx } from './audit';
import { readBundle } from './read-bundle';
import { insertQuestion, materialiseQuestion, writeQuestionDraft } from './questions';
import { insertScenario, writeScenarioDraft } from './scenarios';
import { fromJson, toJson } from '@/lib/server/db/json';

// ---------------------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------------------

const asStatus = (s: string): ContentStatus => (s === 'PUBLISHED' || s === 'RETIRED' ? s : 'DRAFT');

async function currentQuestions(db: Tx): Promise<Map<string, BundleQuestion>> {
  const rows = await db.question.findMany({
    orderBy: { id: 'asc' },
    include: { versions: { orderBy: { version: 'asc' } } },
  });
  const out = new Map<string, BundleQuestion>();
  for (const r of rows) {
    const byVersion = new Map(r.versions.map((v) => [v.version, v]));
    const mainVersion = r.publishedVersion ?? r.latestVersion;
    const main = byVersion.get(mainVersion);
    if (!main) continue;
    const entry: BundleQuestion = {
      id: r.id,
      status: asStatus(r.status),
      content: fromJson(main.content),
    };
    if (r.publishedVersion !== null && r.latestVersion > r.publishedVersion) {
      const draft = byVersion.get(r.latestVersion);
      if (draft) entry.draft = fromJson(draft.content);
    }
    out.set(r.id, entry);
  }
  return out;
}

async function currentScenarios(db: Tx): Promise<Map<string, BundleScenario>> {
  const rows = await db.scenario.findMany({
    orderBy: { id: 'asc' },
    include: { versions: { orderBy: { version: 'asc' } } },
  });
  const out = new Map<string, BundleScenario>();
  for (const r of rows) {
    const byVersion = new Map(r.versions.map((v) => [v.version, v]));
    const main = byVersion.get(r.publishedVersion ?? r.latestVersion);
    if (!main) continue;
    const entry: BundleScenario = { id: r.id, status: asStatus(r.status), yaml: main.yaml };
    if (r.publishedVersion !== null && r.latestVersion > r.publishedVersion) {
      const draft = byVersion.get(r.latestVersion);
      if (draft) entry.draftYaml = draft.yaml;
    }
    out.set(r.id, entry);
  }
  return out;
}

/** The whole bank as a bundle. */
export async function exportBank(db: DbClient, now: Date): Promise<Bundle> {
  const [questions, scenarios] = await Promise.all([currentQuestions(db), currentScenarios(db)]);
  return {
    format: 'packetpath-bank',
    version: 1,
    exportedAt: now.toISOString(),
    questions: [...questions.values()],
    scenarios: [...scenarios.values()],
  };
}

// ---------------------------------------------------------------------------------------------------------
// Import: validation and plan
// ---------------------------------------------------------------------------------------------------------

export type ImportOutcome = 'added' | 'changed' | 'unchanged' | 'rejected';

export interface ImportEntryReport {
  kind: 'question' | 'scenario';
  id: string;
  status: ContentStatus;
  outcome: ImportOutcome;
  /** Why it is rejected. */
  reasons: string[];
  /** What changes (changed entries), or notes (e.g. a draft scenario with validation problems). */
  notes: string[];
}

export interface ImportReport {
  /** True when the file can be imported (nothing rejected). */
  ok: boolean;
  /** Problems with the file itself (not JSON/YAML, wrong format …). */
  fileErrors: string[];
  entries: ImportEntryReport[];
  counts: Record<ImportOutcome, number>;
}

interface ValidQuestion {
  kind: 'question';
  entry: BundleQuestion;
  content: Question;
  draft?: Question;
}
interface ValidScenario {
  kind: 'scenario';
  entry: BundleScenario;
  meta: ScenarioMeta;
  draftMeta?: ScenarioMeta;
}

function issueText(path: PropertyKey[], message: string) {
  return `${path.length ? `${path.map(String).join('.')}: ` : ''}${message}`;
}

function validateQuestionEntry(
  e: BundleQuestion,
): { ok: true; v: ValidQuestion } | { ok: false; reasons: string[] } {
  const reasons: string[] = [];
  const parse = (value: unknown, label: string): Question | undefined => {
    const r = questionSchema.safeParse(value);
    if (!r.success) {
      for (const i of r.error.issues.slice(0, 10)) reasons.push(`${label}: ${issueText(i.path, i.message)}`);
      return undefined;
    }
    if (r.data.id !== e.id) reasons.push(`${label}: id "${r.data.id}" does not match the entry id "${e.id}"`);
    return r.data;
  };
  const content = parse(e.content, 'content');
  const draft = e.draft === undefined ? undefined : parse(e.draft, 'draft');
  if (e.status === 'DRAFT' && e.draft !== undefined)
    reasons.push('a DRAFT question was never published: put its content in `content` and leave out `draft`');
  if (reasons.length || !content) return { ok: false, reasons };
  return { ok: true, v: { kind: 'question', entry: e, content, ...(draft ? { draft } : {}) } };
}

function validateScenarioYaml(
  id: string,
  yaml: string,
  label: string,
  mustPublish: boolean,
  reasons: string[],
  notes: string[],
): ScenarioMeta | undefined {
  const check = checkScenario(yaml, `${id}.yaml`);
  const meta = check.ok || check.stage === 'engine' ? metaOf(check.input) : (check.meta ?? looseMeta(yaml));
  if (!meta) {
    reasons.push(`${label}: no Scenario document with a kebab-case metadata.name`);
    return undefined;
  }
  if (meta.id !== id) {
    reasons.push(`${label}: metadata.name "${meta.id}" does not match the entry id "${id}"`);
    return undefined;
  }
  const problem = publishProblem(check);
  if (problem) {
    if (mustPublish) reasons.push(`${label}: ${problem}`);
    else notes.push(`${label} kept as a draft with a problem: ${problem}`);
  }
  return meta;
}

function validateScenarioEntry(
  e: BundleScenario,
  notes: string[],
): { ok: true; v: ValidScenario } | { ok: false; reasons: string[] } {
  const reasons: string[] = [];
  // Published content must be publishable; drafts and retired scenarios only need to name themselves.
  const meta = validateScenarioYaml(e.id, e.yaml, 'yaml', e.status === 'PUBLISHED', reasons, notes);
  const draftMeta =
    e.draftYaml === undefined
      ? undefined
      : validateScenarioYaml(e.id, e.draftYaml, 'draftYaml', false, reasons, notes);
  if (e.status === 'DRAFT' && e.draftYaml !== undefined)
    reasons.push('a DRAFT scenario was never published: put its YAML in `yaml` and leave out `draftYaml`');
  if (reasons.length || !meta) return { ok: false, reasons };
  return { ok: true, v: { kind: 'scenario', entry: e, meta, ...(draftMeta ? { draftMeta } : {}) } };
}

interface Plan {
  report: ImportReport;
  questions: { v: ValidQuestion; outcome: ImportOutcome }[];
  scenarios: { v: ValidScenario; outcome: ImportOutcome }[];
}

function describeChanges(
  before: { status: string; main: string; draft?: string },
  after: { status: string; main: string; draft?: string },
  mainLabel: string,
): string[] {
  const notes: string[] = [];
  if (before.status !== after.status) notes.push(`status ${before.status} → ${after.status}`);
  if (before.main !== after.main)
    notes.push(`${mainLabel} differs: a new version is ${after.status === 'DRAFT' ? 'saved' : 'published'}`);
  if (after.draft !== undefined && before.draft !== after.draft) notes.push('a new draft version is saved');
  if (after.draft === undefined && before.draft !== undefined)
    notes.push('the existing unpublished draft is kept');
  return notes;
}

/** Validate (CPU only, no database). */
function validateBundle(bundle: Bundle): {
  entries: ImportEntryReport[];
  questions: ValidQuestion[];
  scenarios: ValidScenario[];
} {
  const entries: ImportEntryReport[] = [];
  const questions: ValidQuestion[] = [];
  const scenarios: ValidScenario[] = [];
  const seenQ = new Set<string>();
  for (const e of bundle.questions) {
    if (seenQ.has(e.id)) {
      entries.push({
        kind: 'question',
        id: e.id,
        status: e.status,
        outcome: 'rejected',
        reasons: [`question id "${e.id}" appears twice in the file`],
        notes: [],
      });
      continue;
    }
    seenQ.add(e.id);
    const r = validateQuestionEntry(e);
    if (r.ok) questions.push(r.v);
    else
      entries.push({
        kind: 'question',
        id: e.id,
        status: e.status,
        outcome: 'rejected',
        reasons: r.reasons,
        notes: [],
      });
  }
  const seenS = new Set<string>();
  for (const e of bundle.scenarios) {
    if (seenS.has(e.id)) {
      entries.push({
        kind: 'scenario',
        id: e.id,
        status: e.status,
        outcome: 'rejected',
        reasons: [`scenario id "${e.id}" appears twice in the file`],
        notes: [],
      });
      continue;
    }
    seenS.add(e.id);
    const notes: string[] = [];
    const r = validateScenarioEntry(e, notes);
    if (r.ok) scenarios.push(r.v);
    else
      entries.push({
        kind: 'scenario',
        id: e.id,
        status: e.status,
        outcome: 'rejected',
        reasons: r.reasons,
        notes,
      });
    if (r.ok && notes.length) (r.v as ValidScenario & { notes?: string[] }).notes = notes;
  }
  return { entries, questions, scenarios };
}

async function planAgainst(db: Tx, validated: ReturnType<typeof validateBundle>): Promise<Plan> {
  const [curQ, curS] = await Promise.all([currentQuestions(db), currentScenarios(db)]);
  const entries = [...validated.entries];
  const questions: Plan['questions'] = [];
  // Outcome questions are answered by the engine on the bundle's scenario if it has it, else on the database's.
  const bundleYaml = new Map(validated.scenarios.map((s) => [s.entry.id, s.entry.yaml]));
  const yamlOf = (id: string) => bundleYaml.get(id);
  for (const raw of validated.questions) {
    const reasons: string[] = [];
    const content = await materialiseQuestion(db, raw.content, yamlOf);
    const draft = raw.draft ? await materialiseQuestion(db, raw.draft, yamlOf) : undefined;
    for (const [label, m] of [
      ['content', content],
      ['draft', draft],
    ] as const) {
      if (m && !m.ok)
        for (const [k, msgs] of Object.entries(m.fieldErrors))
          reasons.push(`${label}: ${k}: ${msgs.join('; ')}`);
    }
    if (!content.ok || (draft && !draft.ok)) {
      entries.push({
        kind: 'question',
        id: raw.entry.id,
        status: raw.entry.status,
        outcome: 'rejected',
        reasons,
        notes: [],
      });
      continue;
    }
    const v: ValidQuestion = {
      ...raw,
      content: content.question,
      ...(draft?.ok ? { draft: draft.question } : {}),
    };
    const before = curQ.get(v.entry.id);
    const after = {
      status: v.entry.status,
      main: canonicalJson(v.content),
      ...(v.draft ? { draft: canonicalJson(v.draft) } : {}),
    };
    let outcome: ImportOutcome = 'added';
    let notes: string[] = [];
    if (before) {
      const b = {
        status: before.status,
        main: canonicalJson(before.content),
        ...(before.draft !== undefined ? { draft: canonicalJson(before.draft) } : {}),
      };
      notes = describeChanges(b, after, 'content');
      outcome =
        b.status === after.status &&
        b.main === after.main &&
        (after.draft === undefined || b.draft === after.draft)
          ? 'unchanged'
          : 'changed';
      if (outcome === 'unchanged') notes = [];
    }
    questions.push({ v, outcome });
    entries.push({ kind: 'question', id: v.entry.id, status: v.entry.status, outcome, reasons: [], notes });
  }
  const scenarios: Plan['scenarios'] = [];
  for (const v of validated.scenarios) {
    const before = curS.get(v.entry.id);
    const after = {
      status: v.entry.status,
      main: v.entry.yaml,
      ...(v.entry.draftYaml !== undefined ? { draft: v.entry.draftYaml } : {}),
    };
    let outcome: ImportOutcome = 'added';
    let notes = (v as ValidScenario & { notes?: string[] }).notes ?? [];
    if (before) {
      const b = {
        status: before.status,
        main: before.yaml,
        ...(before.draftYaml !== undefined ? { draft: before.draftYaml } : {}),
      };
      const changes = describeChanges(b, after, 'yaml');
      outcome =
        b.status === after.status &&
        b.main === after.main &&
        (after.draft === undefined || b.draft === after.draft)
          ? 'unchanged'
          : 'changed';
      notes = outcome === 'unchanged' ? [] : [...changes, ...notes];
    }
    scenarios.push({ v, outcome });
    entries.push({ kind: 'scenario', id: v.entry.id, status: v.entry.status, outcome, reasons: [], notes });
  }
  const counts: Record<ImportOutcome, number> = { added: 0, changed: 0, unchanged: 0, rejected: 0 };
  for (const e of entries) counts[e.outcome] += 1;
  const order: Record<ImportOutcome, number> = { rejected: 0, added: 1, changed: 2, unchanged: 3 };
  entries.sort(
    (a, b) => order[a.outcome] - order[b.outcome] || a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id),
  );
  return { report: { ok: counts.rejected === 0, fileErrors: [], entries, counts }, questions, scenarios };
}

const emptyReport = (fileErrors: string[]): ImportReport => ({
  ok: false,
  fileErrors,
  entries: [],
  counts: { added: 0, changed: 0, unchanged: 0, rejected: 0 },
});

/** Dry run: what the file would add, change, leave alone or reject. Writes nothing. */
export async function planImport(db: DbClient, text: string): Promise<ImportReport> {
  const parsed = await readBundle(text);
  if (!parsed.ok) return emptyReport(parsed.errors);
  const validated = validateBundle(parsed.bundle);
  return (await planAgainst(db, validated)).report;
}

// ---------------------------------------------------------------------------------------------------------
// Import: apply
// ---------------------------------------------------------------------------------------------------------

async function applyQuestion(
  tx: Tx,
  actor: Actor,
  v: ValidQuestion,
  outcome: ImportOutcome,
  now: Date,
): Promise<void> {
  const { entry, content, draft } = v;
  if (outcome === 'added') {
    await insertQuestion(tx, actor, content, entry.status, now);
    if (draft) await writeQuestionDraft(tx, actor, entry.id, draft, now);
    await recordAudit(
      tx,
      actor,
      {
        action: 'question.import',
        entityType: 'QUESTION',
        entityId: entry.id,
        version: 1,
        detail: { outcome },
      },
      now,
    );
    return;
  }
  const row = await tx.question.findUniqueOrThrow({ where: { id: entry.id } });
  const currentMainVersion = row.publishedVersion ?? row.latestVersion;
  const currentMain = await tx.questionVersion.findUniqueOrThrow({
    where: { questionId_version: { questionId: entry.id, version: currentMainVersion } },
  });
  let publishVersion = row.publishedVersion;
  if (canonicalJson(fromJson(currentMain.content)) !== canonicalJson(content)) {
    const w = await writeQuestionDraft(tx, actor, entry.id, content, now);
    if (w && entry.status !== 'DRAFT') publishVersion = w.version;
  } else if (entry.status !== 'DRAFT' && publishVersion === null) {
    publishVersion = currentMainVersion;
  }
  const denorm = {
    type: content.type,
    topic: content.topic,
    difficulty: content.difficulty,
    tags: toJson(content.tags),
  };
  await tx.question.update({
    where: { id: entry.id },
    data: {
      status: entry.status,
      publishedVersion: publishVersion,
      updatedAt: now,
      ...(entry.status !== 'DRAFT' ? denorm : {}),
    },
  });
  if (draft) await writeQuestionDraft(tx, actor, entry.id, draft, now);
  const after = await tx.question.findUniqueOrThrow({ where: { id: entry.id } });
  await recordAudit(
    tx,
    actor,
    {
      action: 'question.import',
      entityType: 'QUESTION',
      entityId: entry.id,
      version: after.latestVersion,
      detail: { outcome },
    },
    now,
  );
}

async function applyScenario(
  tx: Tx,
  actor: Actor,
  v: ValidScenario,
  outcome: ImportOutcome,
  now: Date,
): Promise<void> {
  const { entry, meta, draftMeta } = v;
  if (outcome === 'added') {
    await insertScenario(tx, actor, meta, entry.yaml, entry.status, now);
    if (entry.draftYaml !== undefined && draftMeta)
      await writeScenarioDraft(tx, actor, entry.id, entry.draftYaml, draftMeta, now);
    await recordAudit(
      tx,
      actor,
      {
        action: 'scenario.import',
        entityType: 'SCENARIO',
        entityId: entry.id,
        version: 1,
        detail: { outcome },
      },
      now,
    );
    return;
  }
  const row = await tx.scenario.findUniqueOrThrow({ where: { id: entry.id } });
  const currentMainVersion = row.publishedVersion ?? row.latestVersion;
  const currentMain = await tx.scenarioVersion.findUniqueOrThrow({
    where: { scenarioId_version: { scenarioId: entry.id, version: currentMainVersion } },
  });
  let publishVersion = row.publishedVersion;
  if (currentMain.yaml !== entry.yaml) {
    const w = await writeScenarioDraft(tx, actor, entry.id, entry.yaml, meta, now);
    if (w && entry.status !== 'DRAFT') publishVersion = w.version;
  } else if (entry.status !== 'DRAFT' && publishVersion === null) {
    publishVersion = currentMainVersion;
  }
  const denorm = {
    title: meta.title,
    topic: meta.topic,
    difficulty: meta.difficulty,
    level: meta.level,
    tags: toJson(meta.tags),
  };
  await tx.scenario.update({
    where: { id: entry.id },
    data: {
      status: entry.status,
      publishedVersion: publishVersion,
      updatedAt: now,
      ...(entry.status !== 'DRAFT' ? denorm : {}),
    },
  });
  if (entry.draftYaml !== undefined && draftMeta)
    await writeScenarioDraft(tx, actor, entry.id, entry.draftYaml, draftMeta, now);
  const after = await tx.scenario.findUniqueOrThrow({ where: { id: entry.id } });
  await recordAudit(
    tx,
    actor,
    {
      action: 'scenario.import',
      entityType: 'SCENARIO',
      entityId: entry.id,
      version: after.latestVersion,
      detail: { outcome },
    },
    now,
  );
}

/**
 * Import the file: all or nothing. Returns the report; `applied` is true only when everything was written.
 */
export async function applyImport(
  db: DbClient,
  actor: Actor,
  text: string,
  now: Date,
): Promise<{ applied: boolean; report: ImportReport }> {
  const parsed = await readBundle(text);
  if (!parsed.ok) return { applied: false, report: emptyReport(parsed.errors) };
  const validated = validateBundle(parsed.bundle);
  if (validated.entries.length > 0)
    return { applied: false, report: (await planAgainst(db, validated)).report };
  return db.$transaction(
    async (tx) => {
      const plan = await planAgainst(tx, validated);
      if (!plan.report.ok) return { applied: false, report: plan.report };
      for (const q of plan.questions)
        if (q.outcome !== 'unchanged') await applyQuestion(tx, actor, q.v, q.outcome, now);
      for (const s of plan.scenarios)
        if (s.outcome !== 'unchanged') await applyScenario(tx, actor, s.v, s.outcome, now);
      const { added, changed, unchanged } = plan.report.counts;
      await recordAudit(
        tx,
        actor,
        {
          action: 'bank.import',
          entityType: 'BANK',
          entityId: 'bank',
          detail: { added, changed, unchanged },
        },
        now,
      );
      return { applied: true, report: plan.report };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
