/** Placeholder: timed quizzes (owned by the quiz feature). */
import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { ComingSoon } from '@/components/coming-soon';

export const metadata: Metadata = { title: 'Quizzes' };

export default function QuizzesPage() {
  return (
    <>
      <PageHeader title="Quizzes" description="Timed rounds of interview-style questions on Kubernetes networking." />
      <ComingSoon
        items={[
          'Choose a quiz by topic and length',
          'Answer against the clock, like in an interview',
          'See an explanation for every answer, with the hop it is about',
        ]}
      />
    </>
  );
}
