/**
 * Quizzes hub: timed exam presets, a custom exam, mock interviews and the candidate's history.
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { Card } from '@/components/ui/card';
import { Badge } from '@/components/ui/badge';
import { requireUser } from '@/lib/server/auth';
import { createCsrfToken } from '@/lib/server/auth/csrf';
import { db } from '@/lib/server/db';
import { bankStats, EXAM_PRESETS, listAttempts, type HistoryEntry } from '@/lib/server/quiz/service';
import { StartForm } from '../_components/start-form';
import { now as clockNow } from '@/lib/server/clock';

export const metadata: Metadata = { title: 'Quizzes' };

const MODE_LABEL = { PRACTICE: 'Practice', EXAM: 'Timed exam', INTERVIEW: 'Mock interview' } as const;

export default async function QuizzesPage() {
  const user = await requireUser('/quizzes');
  const now = await clockNow();
  const [stats, history] = await Promise.all([bankStats(db), listAttempts(db, user.id, now)]);
  const csrfToken = createCsrfToken(user.id);
  const quizTopics = stats
    .filter((s) => s.quiz > 0)
    .map((s) => ({ slug: s.topic, label: s.label, count: s.quiz }));
  const interviewTopics = stats
    .filter((s) => s.interview > 0)
    .map((s) => ({ slug: s.topic, label: s.label, count: s.interview }));
  const totalQuiz = quizTopics.reduce((n, t) => n + t.count, 0);
  const totalInterview = interviewTopics.reduce((n, t) => n + t.count, 0);

  return (
    <>
      <PageHeader
        title="Quizzes"
        description={`Timed exams and mock interviews on ${totalQuiz + totalInterview} sourced questions. The server keeps the clock: your answers save as you go and a reload or another device picks up where you were.`}
      />

      <section aria-labelledby="presets-heading">
        <h2 id="presets-heading" className="text-lg font-semibold">
          Timed exams
        </h2>
        <div className="mt-3 grid gap-4 md:grid-cols-3">
          {EXAM_PRESETS.map((p) => (
            <Card key={p.id} as="article" headingLevel={3} title={p.title} description={p.description}>
              <p className="mb-3 text-sm text-muted">
                {p.count} questions · {p.minutes} minutes · all topics
              </p>
              <StartForm
                csrfToken={csrfToken}
                mode="EXAM"
                preset={p.id}
                defaultCount={p.count}
                defaultMinutes={p.minutes}
                submitLabel={`Start ${p.title.toLowerCase()}`}
                testId={`preset-${p.id}`}
              />
            </Card>
          ))}
        </div>
      </section>

      <div className="mt-8 grid gap-6 lg:grid-cols-2">
        <Card title="Custom exam" description="Choose the topics, the length and the time limit.">
          <StartForm
            csrfToken={csrfToken}
            mode="EXAM"
            preset="custom"
            topics={quizTopics}
            counts={[5, 10, 15, 20, 30, 40]}
            minutes={[5, 10, 15, 20, 30, 45, 60]}
            defaultCount={10}
            defaultMinutes={15}
            submitLabel="Start exam"
            testId="custom-exam"
          />
        </Card>
        <Card
          title="Mock interview"
          description={`Answer ${totalInterview} interview questions in your own words, then compare with a model answer and tick the key points you covered.`}
        >
          <StartForm
            csrfToken={csrfToken}
            mode="INTERVIEW"
            topics={interviewTopics}
            counts={[3, 5, 8]}
            defaultCount={3}
            submitLabel="Start mock interview"
            testId="mock-interview"
          />
        </Card>
      </div>

      <section aria-labelledby="history-heading" className="mt-10">
        <h2 id="history-heading" className="text-lg font-semibold">
          Your history
        </h2>
        {history.length === 0 ? (
          <p
            className="mt-3 rounded-xl border border-dashed border-border p-6 text-center text-muted"
            data-testid="history-empty"
          >
            No attempts yet. Start a timed exam above, or try an untimed round in{' '}
            <Link href="/practice" className="text-accent underline">
              Practice
            </Link>
            .
          </p>
        ) : (
          <ul
            className="mt-3 divide-y divide-border rounded-xl border border-border bg-surface"
            data-testid="history"
          >
            {history.map((h) => (
              <HistoryRow key={h.id} entry={h} csrfToken={csrfToken} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function HistoryRow({ entry: h, csrfToken }: { entry: HistoryEntry; csrfToken: string }) {
  const open = h.status === 'IN_PROGRESS';
  const pct = h.score !== null && h.maxScore ? Math.round((h.score / h.maxScore) * 100) : null;
  return (
    <li
      className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between"
      data-testid="history-row"
    >
      <div>
        <p className="font-medium">
          {h.title} <Badge className="ml-1">{MODE_LABEL[h.mode]}</Badge>
          {h.finalisedBy === 'DEADLINE' ? (
            <Badge tone="warning" className="ml-1">
              time ran out
            </Badge>
          ) : null}
        </p>
        <p className="text-sm text-muted">
          {new Date(h.startedAt).toLocaleString('en-GB', {
            dateStyle: 'medium',
            timeStyle: 'short',
            timeZone: 'UTC',
          })}{' '}
          UTC · {h.questions} questions
          {pct !== null ? (
            <>
              {' '}
              ·{' '}
              <span className="font-medium text-fg">
                {h.score} / {h.maxScore} ({pct}%)
              </span>
            </>
          ) : null}
        </p>
      </div>
      <div className="flex gap-2">
        {open ? (
          <Link className="text-sm font-medium text-accent underline" href={`/quizzes/${h.id}`}>
            Resume
          </Link>
        ) : (
          <>
            <Link className="text-sm font-medium text-accent underline" href={`/quizzes/${h.id}/review`}>
              Review
            </Link>
            <StartForm
              csrfToken={csrfToken}
              mode={h.mode}
              {...(h.config.preset ? { preset: h.config.preset } : {})}
              fixedTopics={h.config.topics}
              defaultCount={h.config.count}
              {...(h.config.minutes ? { defaultMinutes: h.config.minutes } : {})}
              submitLabel="Retake"
              testId="retake"
            />
          </>
        )}
      </div>
    </li>
  );
}
