/**
 * An open attempt: the runner. A submitted (or timed-out) attempt goes to its review.
 */
import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { requireUser } from '@/lib/server/auth';
import { createCsrfToken } from '@/lib/server/auth/csrf';
import { db } from '@/lib/server/db';
import { getAttempt } from '@/lib/server/quiz/service';
import { attemptIdSchema } from '@/lib/validation/quiz';
import { QuizRunner } from './_components/quiz-runner';
import { now } from '@/lib/server/clock';

export const metadata: Metadata = { title: 'Quiz' };

export default async function AttemptPage({ params }: { params: Promise<{ attemptId: string }> }) {
  const { attemptId } = await params;
  const user = await requireUser(`/quizzes/${encodeURIComponent(attemptId)}`);
  const id = attemptIdSchema.safeParse(attemptId);
  if (!id.success) notFound();
  const view = await getAttempt(db, user.id, id.data, await now());
  if (!view) notFound();
  if (view.status === 'SUBMITTED') redirect(`/quizzes/${view.id}/review`);
  return <QuizRunner view={view} csrfToken={createCsrfToken(user.id)} />;
}
