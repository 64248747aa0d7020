/**
 * The textbook request path as a picture: an ordered list of hops styled as a
 * pipeline (row on wide screens, column on phones). Being a real <ol> inside
 * a <figure> with a <figcaption>, it is its own text alternative.
 * Pass `hops` to draw another path with the same look.
 */
import { cn } from './ui/cn';

export type FlowHop = { name: string; detail: string };

export const TEXTBOOK_FLOW: readonly FlowHop[] = [
  { name: 'Browser', detail: 'GET /login on myapp.com' },
  { name: 'API Gateway', detail: 'Auth, rate limits, routing' },
  { name: 'Cloud Load Balancer', detail: 'Spreads traffic over nodes' },
  { name: 'Ingress', detail: 'Host and path rules' },
  { name: 'Service', detail: 'Stable ClusterIP and DNS name' },
  { name: 'kube-proxy', detail: 'iptables/IPVS picks a Pod' },
  { name: 'Pod', detail: 'Its own IP, e.g. 10.244.2.8' },
  { name: 'Container', detail: 'Listens on a port in the Pod' },
];

function Arrow({ className }: { className?: string }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      className={cn('h-5 w-5 shrink-0 text-brand-600 dark:text-brand-300', className)}
      fill="none"
      stroke="currentColor"
      strokeWidth="2.5"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d="M5 12h14M13 6l6 6-6 6" />
    </svg>
  );
}

export function RequestFlowDiagram({
  hops = TEXTBOOK_FLOW,
  caption,
  className,
}: {
  hops?: readonly FlowHop[];
  caption?: string;
  className?: string;
}) {
  return (
    <figure
      data-testid="request-flow"
      className={cn('rounded-2xl border border-border bg-surface p-4 shadow-sm sm:p-6', className)}
    >
      <ol className="flex flex-col items-stretch gap-1 lg:flex-row lg:gap-1.5">
        {hops.map((hop, i) => (
          <li key={hop.name} className="contents">
            <div className="flex items-center gap-3 rounded-xl border border-brand-200 bg-brand-50 px-3 py-2.5 lg:min-w-0 lg:flex-1 lg:flex-col lg:items-start lg:justify-start lg:gap-1.5 dark:border-brand-800 dark:bg-brand-900/40">
              <span
                aria-hidden="true"
                className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-brand-700 text-xs font-bold text-white dark:bg-brand-300 dark:text-brand-900"
              >
                {i + 1}
              </span>
              <span className="min-w-0">
                <span className="block text-sm font-semibold leading-tight text-fg">{hop.name}</span>
                <span className="mt-0.5 block text-xs leading-snug break-words text-muted">{hop.detail}</span>
              </span>
            </div>
            {i < hops.length - 1 ? (
              <div className="flex justify-center lg:self-center" aria-hidden="true">
                <Arrow className="rotate-90 lg:rotate-0" />
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      <figcaption className="mt-4 text-sm text-muted">
        {caption ??
          `The path most articles draw for one request: ${hops.map((h) => h.name).join(' → ')}. The response travels back the same way.`}
      </figcaption>
    </figure>
  );
}
