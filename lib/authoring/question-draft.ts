/**
 * The question editor's form state and its conversion to and from a bank question (docs/question-format.md).
 *
 * The form is friendlier than the YAML: options are a list with "correct" ticks (ids a…f are assigned by
 * position), ordering items are written in the correct order (ids derived from the text), tags and rules are
 * typed as text. `draftToQuestion` produces the bank shape that `questionSchema` validates, on the client
 * (instant errors) and again on the server. Pure.
 */
import {
  questionSchema,
  type Question,
  type QuestionInput,
  type QuestionType,
  type Topic,
} from '../quiz/bank-schema';
import { correctResponse, scoreResponse, type QuizResponse } from '../quiz/scoring';

export interface DraftOption {
  text: string;
  correct: boolean;
  /** outcome questions: the engine disposition this option stands for. */
  disposition: string;
}

export interface QuestionDraft {
  id: string;
  type: QuestionType;
  topic: Topic;
  difficulty: 1 | 2 | 3;
  /** Space- or comma-separated. */
  tags: string;
  prompt: string;
  /** single / multiple / outcome. */
  options: DraftOption[];
  /** outcome: the scenario (metadata.name) and request whose engine outcome is the answer. */
  scenario: string;
  request: string;
  truefalse: boolean;
  /** ordering: in the correct order. */
  items: string[];
  /** short: accepted answers. */
  accepted: string[];
  modelAnswer: string;
  rubric: string[];
  explanation: string;
  sourceTitle: string;
  sourceUrl: string;
  /** Space- or comma-separated rule ids (R3.6). */
  rules: string;
  seedCorrection: string;
}

const OPTION_IDS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;

const splitList = (s: string) =>
  s
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter(Boolean);

/** A kebab-case id from free text, unique among `taken`. */
export function slugId(text: string, taken: ReadonlySet<string>, fallback: string): string {
  const base =
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/g, '') || fallback;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

export function blankDraft(type: QuestionType = 'single'): QuestionDraft {
  return {
    id: '',
    type,
    topic: 'services',
    difficulty: 2,
    tags: '',
    prompt: '',
    options: [
      { text: '', correct: true, disposition: 'DELIVERED' },
      { text: '', correct: false, disposition: 'REFUSED' },
      { text: '', correct: false, disposition: 'DROPPED' },
    ],
    scenario: '',
    request: '',
    truefalse: true,
    items: ['', '', ''],
    accepted: [''],
    modelAnswer: '',
    rubric: ['', '', ''],
    explanation: '',
    sourceTitle: '',
    sourceUrl: 'https://kubernetes.io/docs/',
    rules: '',
    seedCorrection: '',
  };
}

/** The bank question the draft stands for (not validated: run questionSchema on it). */
export function draftToQuestion(d: QuestionDraft): QuestionInput {
  const common = {
    id: d.id.trim(),
    topic: d.topic,
    difficulty: d.difficulty,
    tags: splitList(d.tags),
    prompt: d.prompt,
    explanation: d.explanation,
    source: { title: d.sourceTitle, url: d.sourceUrl.trim() },
    rules: splitList(d.rules),
    ...(d.seedCorrection.trim() ? { seedCorrection: d.seedCorrection } : {}),
  };
  const options = d.options.map((o, i) => ({ id: OPTION_IDS[i] ?? `z${i}`, text: o.text }));
  switch (d.type) {
    case 'single':
      return {
        ...common,
        type: 'single',
        options,
        answer: options[d.options.findIndex((o) => o.correct)]?.id ?? '',
      };
    case 'multiple':
      return {
        ...common,
        type: 'multiple',
        options,
        answer: options.filter((_, i) => d.options[i]?.correct).map((o) => o.id),
      };
    case 'truefalse':
      return { ...common, type: 'truefalse', answer: d.truefalse };
    case 'ordering': {
      const taken = new Set<string>();
      const items = d.items.map((text, i) => {
        const id = slugId(text, taken, `item-${i + 1}`);
        taken.add(id);
        return { id, text };
      });
      return { ...common, type: 'ordering', items, answer: items.map((i) => i.id) };
    }
    case 'short':
      return { ...common, type: 'short', answer: d.accepted };
    case 'interview':
      return { ...common, type: 'interview', modelAnswer: d.modelAnswer, rubric: d.rubric };
    case 'outcome':
      // No answer: the routing engine computes it on the server when the question is saved.
      return {
        ...common,
        type: 'outcome',
        scenario: d.scenario.trim(),
        ...(d.request.trim() ? { request: d.request.trim() } : {}),
        options: d.options.map((o, i) => ({
          id: OPTION_IDS[i] ?? `z${i}`,
          text: o.text,
          disposition: o.disposition,
        })),
      };
    default:
      throw new Error(`unknown question type ${String(d.type)}`);
  }
}

/** The editor's state for an existing question. */
export function questionToDraft(q: Question): QuestionDraft {
  const d: QuestionDraft = {
    ...blankDraft(q.type),
    id: q.id,
    topic: q.topic,
    difficulty: q.difficulty,
    tags: q.tags.join(' '),
    prompt: q.prompt,
    explanation: q.explanation,
    sourceTitle: q.source.title,
    sourceUrl: q.source.url,
    rules: q.rules.join(' '),
    seedCorrection: q.seedCorrection ?? '',
  };
  switch (q.type) {
    case 'single':
      d.options = q.options.map((o) => ({ text: o.text, correct: o.id === q.answer, disposition: '' }));
      break;
    case 'multiple':
      d.options = q.options.map((o) => ({ text: o.text, correct: q.answer.includes(o.id), disposition: '' }));
      break;
    case 'outcome':
      d.options = q.options.map((o) => ({
        text: o.text,
        correct: o.id === q.answer,
        disposition: o.disposition,
      }));
      d.scenario = q.scenario;
      d.request = q.request ?? '';
      break;
    case 'truefalse':
      d.truefalse = q.answer;
      break;
    case 'ordering': {
      const byId = new Map(q.items.map((i) => [i.id, i.text]));
      d.items = q.answer.map((id) => byId.get(id) ?? id);
      break;
    }
    case 'short':
      d.accepted = [...q.answer];
      break;
    case 'interview':
      d.modelAnswer = q.modelAnswer;
      d.rubric = [...q.rubric];
      break;
  }
  return d;
}

export type DraftValidation =
  { ok: true; question: Question } | { ok: false; errors: Record<string, string[]> };

/** Validate a draft with the bank schema; errors keyed by the first path segment (`options`, `source`, …). */
export function validateDraft(d: QuestionDraft): DraftValidation {
  const parsed = questionSchema.safeParse(draftToQuestion(d));
  if (parsed.success) return { ok: true, question: parsed.data };
  const errors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : 'form';
    const where = issue.path.length > 1 ? `${issue.path.slice(1).join('.')}: ` : '';
    (errors[key] ??= []).push(`${where}${issue.message}`);
  }
  return { ok: false, errors };
}

/** What the quiz's feedback panel shows for a question (the same fields as the quiz service). */
export function previewFeedback(q: Question, response: QuizResponse | null) {
  return {
    score: scoreResponse(q, response),
    correct: correctResponse(q),
    explanation: q.explanation,
    source: q.source,
    ...(q.seedCorrection ? { seedCorrection: q.seedCorrection } : {}),
    rules: q.rules,
    ...(q.type === 'interview' ? { modelAnswer: q.modelAnswer, rubric: q.rubric } : {}),
    ...(q.type === 'outcome' && q.engine
      ? { computed: { disposition: q.engine.disposition, reason: q.engine.reason, scenario: q.scenario } }
      : {}),
  };
}
