/**
 * Renders user- or author-written Markdown safely: react-markdown builds React elements (never
 * innerHTML) and, without rehype-raw, escapes raw HTML so it shows as text (`KUBE-SVC-<hash>` stays
 * readable, `<script>` is inert). Links open only for http(s) URLs, plus the app's own /reference entries:
 * every rule id of the networking reference (R3.2 …) becomes such a link (components/rule-ref.tsx).
 * Images are not rendered.
 *   <Markdown>{question.explanation}</Markdown>
 *   <Markdown inline>{option.text}</Markdown>   (no paragraph wrapper, for option labels)
 */
import Link from 'next/link';
import ReactMarkdown, { type Components } from 'react-markdown';
import { linkRulesInMarkdown } from '@/lib/reference/link';
import { cn } from './ui/cn';

const components: Components = {
  a: ({ href, children }) =>
    href && /^https?:\/\//.test(href) ? (
      <a
        href={href}
        target="_blank"
        rel="noreferrer noopener"
        className="text-accent underline underline-offset-2"
      >
        {children}
      </a>
    ) : href && /^\/reference#r\d{1,2}-\d{1,2}$/.test(href) ? (
      <Link href={href} className="font-mono text-accent underline underline-offset-2">
        {children}
      </Link>
    ) : (
      <span>{children}</span>
    ),
  code: ({ children }) => (
    <code className="rounded bg-surface-2 px-1 py-0.5 font-mono text-[0.9em] [overflow-wrap:anywhere]">
      {children}
    </code>
  ),
  pre: ({ children }) => (
    // Focusable: a long line scrolls sideways in the box, and a keyboard user scrolls it from there.
    <pre
      tabIndex={0}
      className="my-2 overflow-x-auto rounded-lg bg-surface-2 p-3 text-sm [&_code]:bg-transparent [&_code]:p-0"
    >
      {children}
    </pre>
  ),
  ul: ({ children }) => <ul className="my-2 list-disc space-y-1 pl-5">{children}</ul>,
  ol: ({ children }) => <ol className="my-2 list-decimal space-y-1 pl-5">{children}</ol>,
  p: ({ children }) => <p className="my-2 first:mt-0 last:mb-0">{children}</p>,
  table: ({ children }) => (
    <div className="my-2 overflow-x-auto">
      <table className="text-sm">{children}</table>
    </div>
  ),
  th: ({ children }) => <th className="border border-border px-2 py-1 text-left">{children}</th>,
  td: ({ children }) => <td className="border border-border px-2 py-1">{children}</td>,
  img: () => null,
};

const inlineComponents: Components = { ...components, p: ({ children }) => <>{children}</> };

export function Markdown({
  children,
  className,
  inline = false,
}: {
  children: string;
  className?: string;
  inline?: boolean;
}) {
  if (inline) {
    return (
      <span className={className}>
        <ReactMarkdown components={inlineComponents}>{children}</ReactMarkdown>
      </span>
    );
  }
  return (
    <div className={cn('leading-relaxed', className)}>
      {/* Inline Markdown (option labels inside <label>) keeps rule ids as text: a link there would steal the click. */}
      <ReactMarkdown components={components}>{linkRulesInMarkdown(children)}</ReactMarkdown>
    </div>
  );
}
