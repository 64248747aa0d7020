/**
 * Endless practice on a topic: each visit picks one of the learner's weakest published scenarios of the topic
 * (untried first) and opens a fresh variant of it (lib/review/variant.ts), so the same lesson comes back with
 * other names, addresses, ports and placement. The result page links back here for the next one. Scenarios an
 * open timed exam asks about are skipped; when that leaves none, the page says why and when they come back.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { ButtonLink } from '@/components/ui/button';
import { requireUser } from '@/lib/server/auth';
import { db } from '@/lib/server/db';
import { practiceLockMessage } from '@/lib/server/quiz/exam-lock';
import { practiceCandidates, topicLabel } from '@/lib/server/trace/service';

export const metadata: Metadata = { title: 'Endless practice' };

type Props = { params: Promise<{ topic: string }> };

export default async function EndlessPracticePage({ params }: Props) {
  const { topic } = await params;
  const user = await requireUser(`/trace/practice/${encodeURIComponent(topic)}`);
  if (!/^[a-z0-9-]{1,40}$/.test(topic)) notFound();
  const { ids, paused } = await practiceCandidates(db, user.id, topic, new Date());
  if (ids.length === 0) {
    if (!paused) notFound();
    return (
      <div className="mx-auto max-w-2xl space-y-4" data-testid="practice-paused">
        <h1 className="text-2xl font-bold tracking-tight">Endless practice: {topicLabel(topic)}</h1>
        <Alert tone="warning" title="Paused during your exam" testId="exam-lock">
          {practiceLockMessage(paused)}{' '}
          <Link href={`/quizzes/${paused.attemptId}`} className="underline">
            Back to the exam
          </Link>
        </Alert>
        <ButtonLink href="/trace" variant="secondary">
          Back to the library
        </ButtonLink>
      </div>
    );
  }
  const id = ids[randomInt(ids.length)]!;
  const seed = BigInt(`0x${randomBytes(6).toString('hex')}`).toString(36);
  redirect(`/trace/${id}?mode=challenge&variant=${seed}`);
}
