/**
 * "Review now": the due items of the learner's review queue, one at a time. Each is re-asked (a question, a
 * missed scenario hop, an interview point), checked on the server, then rated Again/Hard/Good/Easy, which
 * reschedules it with FSRS. The clock is the request's (lib/server/clock.ts).
 */
import type { Metadata } from 'next';
import { now } from '@/lib/server/clock';
import { requireUser } from '@/lib/server/auth';
import { createCsrfToken } from '@/lib/server/auth/csrf';
import { db } from '@/lib/server/db';
import { nextReview } from '@/lib/server/progress/review';
import { dueSummary } from '@/lib/server/progress/progress';
import { ReviewSession } from './_components/review-session';

export const metadata: Metadata = { title: 'Review' };

export default async function ReviewPage() {
  const user = await requireUser('/progress/review');
  const t = await now();
  const summary = await dueSummary(db, user.id, t);
  // nextReview also serves cram mode's items ahead of schedule, so ask it even with nothing due today.
  const card = summary.total > 0 ? await nextReview(db, user.id, t) : null;
  const next = card
    ? null
    : await db.reviewItem.findFirst({
        where: { userId: user.id },
        orderBy: { due: 'asc' },
        select: { due: true },
      });
  return (
    <ReviewSession
      card={card}
      csrfToken={createCsrfToken(user.id)}
      queue={{ total: summary.total, nextDue: next?.due.toISOString() ?? null, now: t.toISOString() }}
    />
  );
}
