/** Landing page: what PacketPath is, the textbook flow, and why it is subtler. */
import { getSession } from '@/lib/server/auth';
import { RequestFlowDiagram } from '@/components/request-flow-diagram';
import { ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { DueToday } from '@/app/(app)/progress/_components/due-today';

const features = [
  {
    title: 'Timed quizzes',
    body: 'Short rounds on Services, DNS, Ingress, NetworkPolicy and CNI, against the clock like a real interview.',
  },
  {
    title: 'Trace this request',
    body: 'Draw the hops a request takes through a cluster; a routing engine checks every hop and explains the ones you missed.',
  },
  {
    title: 'Progress',
    body: 'See which topics you have nailed and which to revisit, with spaced practice that brings weak spots back.',
  },
] as const;

export default async function LandingPage() {
  const session = await getSession();
  return (
    <div className="space-y-14">
      <section aria-labelledby="hero-title" className="max-w-3xl">
        <p className="text-sm font-semibold uppercase tracking-wider text-accent">
          Kubernetes networking, for interviews
        </p>
        <h1 id="hero-title" className="mt-3 text-4xl font-bold tracking-tight text-balance sm:text-5xl">
          Know exactly where your packet goes.
        </h1>
        <p className="mt-4 text-lg text-muted">
          PacketPath is a practice ground for the questions interviewers love: how does a request get from a
          browser to a container, and what changes when you add an Ingress, a NodePort or a NetworkPolicy?
          Take timed quizzes and trace requests hop by hop, graded by a routing engine.
        </p>
        <div className="mt-6 flex flex-wrap gap-3">
          {session ? (
            <ButtonLink href="/practice" size="lg">
              Continue practising
            </ButtonLink>
          ) : (
            <>
              <ButtonLink href="/signup" size="lg">
                Create a free account
              </ButtonLink>
              <ButtonLink href="/login" variant="secondary" size="lg">
                Sign in
              </ButtonLink>
            </>
          )}
        </div>
      </section>

      {session ? <DueToday userId={session.user.id} /> : null}

      <section aria-labelledby="flow-title" className="space-y-4">
        <h2 id="flow-title" className="text-2xl font-semibold tracking-tight">
          The request path, as usually drawn
        </h2>
        <RequestFlowDiagram />
        <aside
          aria-labelledby="subtler-title"
          className="rounded-xl border border-warning/40 bg-warning-bg p-4 text-sm sm:p-5"
        >
          <h3 id="subtler-title" className="font-semibold text-warning">
            The real path is subtler
          </h3>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-fg">
            <li>
              ingress-nginx reads the Service&apos;s EndpointSlices and proxies straight to{' '}
              <strong>Pod IPs</strong>: the Service is only a lookup, and kube-proxy is not on that hop.
            </li>
            <li>
              The Service is not a box on the network: kube-proxy&apos;s rules rewrite the ClusterIP on the
              node where the packet starts.
            </li>
            <li>
              A cloud load balancer in IP-target mode skips the NodePort; with externalTrafficPolicy: Cluster,
              a NodePort may forward to another node.
            </li>
          </ul>
          <p className="mt-3 text-muted">
            PacketPath teaches these differences, and its trace exercises are graded against them.
          </p>
        </aside>
      </section>

      <section aria-labelledby="features-title">
        <h2 id="features-title" className="text-2xl font-semibold tracking-tight">
          What you will practise
        </h2>
        <div className="mt-4 grid gap-4 md:grid-cols-3">
          {features.map((f) => (
            <Card key={f.title} as="article" title={f.title} headingLevel={3}>
              <p className="text-sm text-muted">{f.body}</p>
            </Card>
          ))}
        </div>
      </section>
    </div>
  );
}
