/**
 * "Due today" for the home page: how many review items the signed-in learner has due, with a link to the
 * review session. Renders nothing for visitors. A server component; the count comes from the request's clock.
 *
 *   {session ? <DueToday userId={session.user.id} /> : null}
 */
import Link from 'next/link';
import { now } from '@/lib/server/clock';
import { db } from '@/lib/server/db';
import { dueSummary } from '@/lib/server/progress/progress';
import { buttonClasses } from '@/components/ui/button';

export async function DueToday({ userId }: { userId: string }) {
  const { dueToday, total } = await dueSummary(db, userId, await now());
  return (
    <section
      aria-labelledby="due-today-title"
      className="flex flex-col gap-3 rounded-xl border border-border bg-surface p-4 shadow-sm sm:flex-row sm:items-center sm:justify-between sm:p-5"
      data-testid="home-due-today"
    >
      <div>
        <h2 id="due-today-title" className="font-semibold">
          {dueToday > 0
            ? `${dueToday} review item${dueToday === 1 ? '' : 's'} due today`
            : 'Nothing due for review today'}
        </h2>
        <p className="text-sm text-muted">
          {total === 0
            ? 'Questions you miss and hops you skip come back here, spaced out so they stick.'
            : dueToday > 0
              ? 'A few minutes on what you got wrong is the fastest way to close a weak spot.'
              : `${total} item${total === 1 ? '' : 's'} scheduled for later. See your progress by topic.`}
        </p>
      </div>
      <Link
        href={dueToday > 0 ? '/progress/review' : '/progress'}
        className={buttonClasses(dueToday > 0 ? 'primary' : 'secondary', 'md', 'shrink-0')}
      >
        {dueToday > 0 ? 'Review now' : 'Your progress'}
      </Link>
    </section>
  );
}
