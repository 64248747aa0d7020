/**
 * The networking reference, browsable: every rule R1–R12 with its text, evidence and sources, the simplified
 * explanation it corrects (§E) where there is one, and the published scenarios and questions that use it.
 * Every rule id elsewhere in the app links to its entry here (components/rule-ref.tsx). The text is the
 * repository's content/reference/networking-reference.md, rendered as Markdown without raw HTML.
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { Markdown } from '@/components/markdown';
import { ruleAnchor } from '@/components/rule-ref';
import { Badge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth';
import { db } from '@/lib/server/db';
import { getReference, ruleUsage } from '@/lib/server/reference';
import { TOPIC_LABELS, type Topic } from '@/lib/quiz/bank-schema';

export const metadata: Metadata = { title: 'Networking reference' };

const EVIDENCE: Record<string, string> = {
  DOC: 'official documentation',
  SRC: 'read in source code',
  ISSUE: 'maintainer statement',
  IMPL: 'one implementation',
  MODEL: 'modelling decision',
};

export default async function ReferencePage() {
  const user = await requireUser('/reference');
  const ref = getReference();
  const usage = await ruleUsage(db, user.id);
  const corrections = (id: string) => ref.corrections.filter((c) => c.rules.includes(id));

  return (
    <div>
      <PageHeader
        title="Networking reference"
        description="The rules the routing engine follows and the questions cite, each with its sources. Rule ids anywhere in PacketPath link here."
      />
      <nav aria-label="Rule groups" className="mb-8 rounded-xl border border-border bg-surface p-4">
        <h2 className="text-sm font-semibold">Sections</h2>
        <ol className="mt-2 grid gap-1 text-sm sm:grid-cols-2">
          {ref.sections.map((s) => (
            <li key={s.title}>
              <a href={`#group-${s.group}`} className="text-accent underline underline-offset-2">
                {s.title}
              </a>
            </li>
          ))}
        </ol>
      </nav>

      {ref.sections.map((s) => (
        <section key={s.title} aria-labelledby={`group-${s.group}`} className="mb-10">
          <h2 id={`group-${s.group}`} className="mb-4 scroll-mt-20 text-xl font-semibold">
            {s.title}
          </h2>
          <div className="flex flex-col gap-4">
            {ref.rules
              .filter((r) => r.section === s.title)
              .map((r) => {
                const u = usage.get(r.id);
                const fixes = corrections(r.id);
                return (
                  <article
                    key={r.id}
                    id={ruleAnchor(r.id)}
                    aria-labelledby={`${ruleAnchor(r.id)}-title`}
                    className="scroll-mt-20 rounded-xl border border-border bg-surface p-5 target:ring-2 target:ring-ring"
                    data-testid="reference-rule"
                    data-rule={r.id}
                  >
                    <h3 id={`${ruleAnchor(r.id)}-title`} className="font-mono text-lg font-semibold">
                      {r.id}
                    </h3>
                    <Markdown className="mt-2 text-sm">{r.text}</Markdown>
                    {r.evidence.length ? (
                      <p className="mt-3 flex flex-wrap items-center gap-1.5 text-xs text-muted">
                        Evidence:
                        {r.evidence.map((e) => (
                          <Badge key={e}>{EVIDENCE[e] ?? e}</Badge>
                        ))}
                        <span className="font-mono">[{r.evidenceText}]</span>
                      </p>
                    ) : null}
                    {r.sources.length ? (
                      <div className="mt-3 text-sm" data-testid="rule-sources">
                        <h4 className="font-semibold">Sources</h4>
                        <ul className="mt-1 list-disc space-y-1 pl-5">
                          {r.sources.map((src) => (
                            <li key={src.key}>
                              <span className="font-mono text-xs text-muted">{src.key}</span>{' '}
                              <Markdown inline>{src.text}</Markdown>
                            </li>
                          ))}
                        </ul>
                      </div>
                    ) : null}
                    {fixes.length ? (
                      <div
                        className="mt-3 rounded-lg border border-warning/40 bg-warning-bg p-3 text-sm"
                        data-testid="rule-corrects"
                      >
                        <h4 className="font-semibold text-warning">What simplified explanations get wrong</h4>
                        {fixes.map((c) => (
                          <Markdown key={c.n} className="mt-1 text-fg">
                            {c.text}
                          </Markdown>
                        ))}
                      </div>
                    ) : null}
                    {u?.scenarios.length || u?.questions.length ? (
                      <div className="mt-3 grid gap-3 text-sm sm:grid-cols-2">
                        {u.scenarios.length ? (
                          <div data-testid="rule-scenarios">
                            <h4 className="font-semibold">Scenarios ({u.scenarios.length})</h4>
                            <ul className="mt-1 space-y-0.5">
                              {u.scenarios.map((sc) => (
                                <li key={sc.id}>
                                  <Link
                                    href={`/trace/${sc.id}`}
                                    className="text-accent underline underline-offset-2"
                                  >
                                    {sc.title}
                                  </Link>
                                </li>
                              ))}
                            </ul>
                          </div>
                        ) : null}
                        {u.questions.length ? (
                          <details data-testid="rule-questions">
                            <summary className="cursor-pointer font-semibold">
                              Questions ({u.questions.length})
                            </summary>
                            <ul className="mt-1 space-y-1">
                              {u.questions.map((q) => (
                                <li key={q.id}>
                                  <span className="text-xs text-muted">
                                    {TOPIC_LABELS[q.topic as Topic] ?? q.topic} · {q.type}
                                  </span>
                                  <Markdown inline className="block">
                                    {q.prompt}
                                  </Markdown>
                                </li>
                              ))}
                            </ul>
                          </details>
                        ) : null}
                      </div>
                    ) : null}
                  </article>
                );
              })}
          </div>
        </section>
      ))}
      <p className="text-sm text-muted">
        Source file: <code>content/reference/networking-reference.md</code> ({ref.rules.length} rules).
      </p>
    </div>
  );
}
