/**
 * Practice: untimed rounds with immediate feedback after each answer.
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { Card } from '@/components/ui/card';
import { Alert } from '@/components/ui/alert';
import { requireUser } from '@/lib/server/auth';
import { createCsrfToken } from '@/lib/server/auth/csrf';
import { db } from '@/lib/server/db';
import { bankStats } from '@/lib/server/quiz/service';
import { StartForm } from '../quizzes/_components/start-form';

export const metadata: Metadata = { title: 'Practice' };

export default async function PracticePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { denied } = await searchParams;
  const user = await requireUser('/practice');
  const stats = await bankStats(db);
  const topics = stats
    .filter((s) => s.quiz > 0)
    .map((s) => ({ slug: s.topic, label: s.label, count: s.quiz }));
  return (
    <>
      {denied === 'admin' ? (
        <Alert tone="warning" testId="denied-admin" className="mb-6">
          That page is for admins only.
        </Alert>
      ) : null}
      <PageHeader
        title="Practice"
        description="Untimed questions with the answer, the explanation and its source right after each one. Pick what you want to work on."
      />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Card title="Start a practice round">
          <StartForm
            csrfToken={createCsrfToken(user.id)}
            mode="PRACTICE"
            topics={topics}
            counts={[5, 10, 20]}
            defaultCount={10}
            submitLabel="Start practice"
            testId="practice-start"
          />
        </Card>
        <Card title="Other ways to practise" headingLevel={2}>
          <ul className="space-y-3 text-sm">
            <li>
              <Link href="/trace" className="font-medium text-accent underline">
                Trace a request
              </Link>{' '}
              — build the path of a request hop by hop on a modelled cluster.
            </li>
            <li>
              <Link href="/quizzes" className="font-medium text-accent underline">
                Timed exams and mock interviews
              </Link>{' '}
              — against the clock, reviewed at the end.
            </li>
          </ul>
        </Card>
      </div>
    </>
  );
}
