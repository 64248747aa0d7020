/** Placeholder: learner progress (owned by the progress feature). */
import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { ComingSoon } from '@/components/coming-soon';

export const metadata: Metadata = { title: 'Progress' };

export default function ProgressPage() {
  return (
    <>
      <PageHeader title="Progress" description="How you are doing, topic by topic." />
      <ComingSoon items={['Scores over time for quizzes and traces', 'Strong and weak topics at a glance', 'Your streak and what is due for review']} />
    </>
  );
}
