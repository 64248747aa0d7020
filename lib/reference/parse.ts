/**
 * The networking reference (content/reference/networking-reference.md) as data: every rule R<n>.<m> with its
 * text, section, evidence kinds and sources (§G), and the simplified explanations of §E it corrects.
 * Pure TypeScript (no I/O): the caller reads the file. The Markdown stays Markdown; render it with
 * components/markdown.tsx (react-markdown, no raw HTML).
 */

export const RULE_ID_RE = /\bR(\d{1,2})\.(\d{1,2})\b/g;

export interface ReferenceSource {
  /** "S01" … */
  key: string;
  /** Markdown after the key, e.g. "`content/en/docs/…/service.md` – Service types, …". */
  text: string;
}

export interface ReferenceRule {
  /** "R3.2" */
  id: string;
  /** 3 for R3.2 (the topic group, R1–R12). */
  group: number;
  /** The section heading it sits under, e.g. "B3. Service type ClusterIP, DNS and the service dataplane". */
  section: string;
  /** Markdown of the rule without its id and without the trailing evidence tag. */
  text: string;
  /** Evidence kinds of the tag: DOC, SRC, ISSUE, IMPL, MODEL. */
  evidence: string[];
  /** The evidence tag as written, e.g. "DOC S02; SRC S13; ISSUE S15 #72236". */
  evidenceText: string;
  /** Source keys cited by the evidence tag, in order, resolved against §G (unknown keys are dropped). */
  sources: ReferenceSource[];
}

export interface ReferenceCorrection {
  /** 1-based number in §E, or 0 for the runners-up paragraph. */
  n: number;
  /** Markdown of the item. */
  text: string;
  /** Rule ids the item cites. */
  rules: string[];
}

export interface ParsedReference {
  title: string;
  rules: ReferenceRule[];
  sections: { title: string; group: number }[];
  sources: Map<string, ReferenceSource>;
  corrections: ReferenceCorrection[];
}

/** The Markdown of top-level bullets ("* …" plus their indented continuation lines) in `lines`. */
function bullets(lines: string[]): string[] {
  const out: string[] = [];
  let cur: string[] | null = null;
  for (const line of lines) {
    if (/^\* /.test(line)) {
      if (cur) out.push(cur.join('\n'));
      cur = [line.slice(2)];
    } else if (cur && /^ {2,}\S/.test(line)) {
      cur.push(line.trim());
    } else if (cur) {
      out.push(cur.join('\n'));
      cur = null;
    }
  }
  if (cur) out.push(cur.join('\n'));
  return out;
}

/** Numbered items ("1. …" plus continuation) and a trailing "Runners-up:" paragraph. */
function numbered(lines: string[]): { n: number; text: string }[] {
  const out: { n: number; text: string }[] = [];
  let cur: { n: number; lines: string[] } | null = null;
  const flush = () => {
    if (cur) out.push({ n: cur.n, text: cur.lines.join('\n') });
    cur = null;
  };
  for (const line of lines) {
    const m = /^(\d+)\. (.*)$/.exec(line);
    if (m) {
      flush();
      cur = { n: Number(m[1]), lines: [m[2] ?? ''] };
    } else if (/^Runners-up:/.test(line)) {
      flush();
      cur = { n: 0, lines: [line] };
    } else if (cur && line.trim() !== '' && !/^(---|#)/.test(line)) {
      cur.lines.push(line.trim());
    } else if (line.trim() === '' || /^(---|#)/.test(line)) {
      flush();
    }
  }
  flush();
  return out;
}

function sectionLines(all: string[], heading: RegExp): string[] {
  const start = all.findIndex((l) => heading.test(l));
  if (start < 0) return [];
  const end = all.findIndex((l, i) => i > start && /^## /.test(l));
  return all.slice(start + 1, end < 0 ? undefined : end);
}

export function ruleIdsIn(text: string): string[] {
  return [...new Set([...text.matchAll(RULE_ID_RE)].map((m) => `R${m[1]}.${m[2]}`))];
}

/** Compare rule ids numerically (R3.2 < R3.10 < R4.1). */
export function compareRuleIds(a: string, b: string): number {
  const [a1 = 0, a2 = 0] = a.slice(1).split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.slice(1).split('.').map(Number);
  return a1 - b1 || a2 - b2;
}

export function parseReference(markdown: string): ParsedReference {
  const all = markdown.replace(/\r\n/g, '\n').split('\n');
  const title = (all.find((l) => l.startsWith('# ')) ?? '# Networking reference').slice(2).trim();

  const sources = new Map<string, ReferenceSource>();
  for (const b of bullets(sectionLines(all, /^## G\. /))) {
    const m = /^\*\*(S\d+)\*\*\s*(.*)$/s.exec(b);
    if (m?.[1]) sources.set(m[1], { key: m[1], text: (m[2] ?? '').trim() });
  }

  const rules: ReferenceRule[] = [];
  const sections: { title: string; group: number }[] = [];
  let section = '';
  let block: string[] = [];
  const flushBlock = () => {
    for (const b of bullets(block)) {
      const m = /^\*\*(R(\d+)\.\d+)\*\*\s*(.*)$/s.exec(b);
      if (!m?.[1]) continue;
      let text = (m[3] ?? '').trim();
      let evidenceText = '';
      const tag = /\s*`\[([^\]]*)\]`\s*$/.exec(text);
      if (tag) {
        evidenceText = (tag[1] ?? '').trim();
        text = text.slice(0, tag.index).trim();
      }
      const keys = [...new Set([...evidenceText.matchAll(/\bS\d{2}\b/g)].map((k) => k[0]))];
      const group = Number(m[2]);
      rules.push({
        id: m[1],
        group,
        section,
        text,
        evidence: [
          ...new Set([...evidenceText.matchAll(/\b(DOC|SRC|ISSUE|IMPL|MODEL)\b/g)].map((k) => k[1] ?? '')),
        ],
        evidenceText,
        sources: keys.flatMap((k) => {
          const s = sources.get(k);
          return s ? [s] : [];
        }),
      });
      if (!sections.some((s) => s.title === section)) sections.push({ title: section, group });
    }
    block = [];
  };
  for (const line of sectionLines(all, /^## B\. /)) {
    const h = /^### (.*)$/.exec(line);
    if (h) {
      flushBlock();
      section = (h[1] ?? '').trim();
    } else block.push(line);
  }
  flushBlock();

  const corrections = numbered(sectionLines(all, /^## E\. /)).map((c) => ({
    ...c,
    rules: ruleIdsIn(c.text),
  }));

  return { title, rules, sections, sources, corrections };
}
