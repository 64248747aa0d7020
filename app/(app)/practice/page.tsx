/** Placeholder: the practice hub (owned by the quiz/trace feature). */
import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { ComingSoon } from '@/components/coming-soon';
import { Alert } from '@/components/ui/alert';

export const metadata: Metadata = { title: 'Practice' };

export default async function PracticePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { denied } = await searchParams;
  return (
    <>
      {denied === 'admin' ? (
        <Alert tone="warning" testId="denied-admin" className="mb-6">
          That page is for admins only.
        </Alert>
      ) : null}
      <PageHeader title="Practice" description="Your daily mix of questions and traces, picked from what you need to review." />
      <ComingSoon
        items={[
          'Start a mixed session of quiz questions and request traces',
          'Review the cards spaced repetition says are due today',
          'Pick a topic: Pods and CNI, Services and kube-proxy, DNS, Ingress, NetworkPolicy',
        ]}
      />
    </>
  );
}
