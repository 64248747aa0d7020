/**
 * Endless practice on a topic: each visit picks one of the learner's weakest published scenarios of the topic
 * (untried first) and opens a fresh variant of it (lib/review/variant.ts), so the same lesson comes back with
 * other names, addresses, ports and placement. The result page links back here for the next one.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { requireUser } from '@/lib/server/auth';
import { db } from '@/lib/server/db';
import { practiceCandidates } from '@/lib/server/trace/service';

export const metadata: Metadata = { title: 'Endless practice' };

type Props = { params: Promise<{ topic: string }> };

export default async function EndlessPracticePage({ params }: Props) {
  const { topic } = await params;
  const user = await requireUser(`/trace/practice/${encodeURIComponent(topic)}`);
  if (!/^[a-z0-9-]{1,40}$/.test(topic)) notFound();
  const candidates = await practiceCandidates(db, user.id, topic);
  if (candidates.length === 0) notFound();
  const id = candidates[randomInt(candidates.length)]!;
  const seed = BigInt(`0x${randomBytes(6).toString('hex')}`).toString(36);
  redirect(`/trace/${id}?mode=challenge&variant=${seed}`);
}
