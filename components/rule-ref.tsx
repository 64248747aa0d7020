/**
 * Rule ids of the networking reference (R3.2, R7.8 …) anywhere in the app link to their entry on /reference.
 *   <RuleLink id="R3.2" />                              one id
 *   <RuleText>{'kube-proxy REJECTs (R3.11)'}</RuleText>  plain text with ids in it (text stays text)
 *   linkRulesInMarkdown(md) in lib/reference/link        Markdown with ids turned into links (components/markdown)
 * Works in server and client components (no hooks).
 */
import Link from 'next/link';
import { Fragment, type ReactNode } from 'react';
import { cn } from './ui/cn';
import { RULE_RE, ruleHref } from '@/lib/reference/link';

export { ruleAnchor } from '@/lib/reference/link';

export function RuleLink({ id, className }: { id: string; className?: string }) {
  return (
    <Link
      href={ruleHref(id)}
      className={cn('font-mono text-accent underline underline-offset-2', className)}
      data-rule={id}
      title={`Rule ${id} in the networking reference`}
    >
      {id}
    </Link>
  );
}

/** Plain text in which every rule id becomes a RuleLink; everything else is rendered as text. */
export function RuleText({ children, className }: { children: string; className?: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of children.matchAll(RULE_RE)) {
    const i = m.index ?? 0;
    if (i > last) parts.push(children.slice(last, i));
    parts.push(<RuleLink key={i} id={m[0]} />);
    last = i + m[0].length;
  }
  if (last < children.length) parts.push(children.slice(last));
  return (
    <span className={className}>
      {parts.map((p, i) => (
        <Fragment key={i}>{p}</Fragment>
      ))}
    </span>
  );
}

/** A list of rule ids as links, comma-separated. */
export function RuleList({ ids }: { ids: readonly string[] }) {
  return (
    <>
      {ids.map((id, i) => (
        <Fragment key={id}>
          {i > 0 ? ', ' : null}
          <RuleLink id={id} />
        </Fragment>
      ))}
    </>
  );
}
