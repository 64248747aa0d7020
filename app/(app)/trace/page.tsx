/** Placeholder: "trace this request" exercises (owned by the trace/grader feature). */
import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { ComingSoon } from '@/components/coming-soon';

export const metadata: Metadata = { title: 'Trace' };

export default function TracePage() {
  return (
    <>
      <PageHeader title="Trace a request" description="Given a cluster and a request, lay out every hop it takes." />
      <ComingSoon
        items={[
          'Read a scenario written as real Kubernetes YAML',
          'Drag the hops into order: Ingress, Service, kube-proxy, Pod…',
          'Get graded by the routing engine, with a note on every hop you missed or added',
        ]}
      />
    </>
  );
}
