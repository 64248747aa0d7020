/**
 * One "app instance" for the multi-instance tests (tests/multi-instance.db.test.ts): a separate Node process
 * on the same database, running the real server modules (tsx with the react-server condition, like the
 * load scripts). It waits until `startAt` (epoch ms) so that two instances act at the same moment, does one
 * operation and prints its result as one JSON line. Nothing here is shared in memory with the other
 * instance, which is the point: only the database can make them agree.
 *
 *   tsx --conditions=react-server tests/support/instance.mts '<json: { op, startAt, ... }>'
 */
import { createDbClient } from '../../lib/server/db/client.ts';
import { closePgPools } from '../../lib/server/db/pg-pool.ts';
import { hotPath } from '../../lib/server/hot-path/index.ts';
import { saveAnswer } from '../../lib/server/quiz/save-answer.ts';
import { getAttempt, rateInterviewItem, revealItem, submitAttempt } from '../../lib/server/quiz/service.ts';

type Command =
  | { op: 'submit'; startAt: number; userId: string; attemptId: string }
  | { op: 'reserve-login'; startAt: number; email: string; clientKey: string; count: number }
  | { op: 'save'; startAt: number; userId: string; attemptId: string; position: number; response: unknown }
  | { op: 'read'; startAt: number; userId: string; attemptId: string }
  | { op: 'save-until-refused'; startAt: number; userId: string; attemptIds: string[]; position: number }
  | {
      op: 'check-until-refused';
      startAt: number;
      userId: string;
      attemptIds: string[];
      choice: string;
      /** Questions per attempt: a round that checks them all before the submit lands ends unrefused (0). */
      count: number;
    }
  | { op: 'rate-until-refused'; startAt: number; userId: string; attemptIds: string[] };

async function main(): Promise<unknown> {
  const cmd = JSON.parse(process.argv[2] ?? '{}') as Command;
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const db = createDbClient(url);
  // Warm up (connect, prepare) before the barrier so both instances really act at once.
  await db.user.count();
  await new Promise((r) => setTimeout(r, Math.max(0, cmd.startAt - Date.now())));
  try {
    switch (cmd.op) {
      case 'submit':
        return await submitAttempt(db, cmd.userId, cmd.attemptId, new Date());
      case 'reserve-login': {
        const { reserveLoginAttempt } = await import('../../lib/server/auth/login-attempts.ts');
        const results = await Promise.all(
          Array.from({ length: cmd.count }, () => reserveLoginAttempt(cmd.email, cmd.clientKey)),
        );
        return { admitted: results.filter((r) => !r.locked).length };
      }
      case 'save':
        return await saveAnswer(
          hotPath(url),
          { userId: cmd.userId, sessionVersion: 0 },
          cmd.attemptId,
          cmd.position,
          cmd.response,
          new Date(),
        );
      case 'save-until-refused': {
        // For each attempt in turn: save a wrong and the right answer alternately, back to back, until a save
        // is refused (the attempt was submitted meanwhile). Reports the last acknowledged save of each.
        const rounds: {
          last: { revision: number; choice: string } | null;
          refused: number;
          saves: number;
        }[] = [];
        for (const attemptId of cmd.attemptIds) {
          let last: { revision: number; choice: string } | null = null;
          let refused = 0;
          let saves = 0;
          const stopAt = Date.now() + 60_000;
          for (let i = 0; refused === 0 && Date.now() < stopAt; i++) {
            const choice = i % 2 === 0 ? 'a' : 'b';
            const r = await saveAnswer(
              hotPath(url),
              { userId: cmd.userId, sessionVersion: 0 },
              attemptId,
              cmd.position,
              { type: 'single', choice },
              new Date(),
            );
            if (r.ok) {
              last = { revision: r.revision, choice };
              saves++;
            } else refused = r.status;
          }
          rounds.push({ last, refused, saves });
        }
        return { rounds };
      }
      case 'check-until-refused': {
        // Practice: for each attempt in turn, check its questions one after the other, back to back, until a
        // check is refused (the attempt was submitted meanwhile) or every question is checked (refused stays 0:
        // the submit came after the last check). Reports every acknowledged check.
        const rounds: { checked: { position: number; score: number }[]; refused: number }[] = [];
        for (const attemptId of cmd.attemptIds) {
          const checked: { position: number; score: number }[] = [];
          let refused = 0;
          for (let position = 0; refused === 0 && position < cmd.count; position++) {
            const r = await revealItem(
              db,
              cmd.userId,
              attemptId,
              position,
              { type: 'single', choice: cmd.choice },
              new Date(),
            );
            if (r.ok) checked.push({ position, score: r.feedback.score });
            else refused = r.status;
          }
          rounds.push({ checked, refused });
        }
        return { rounds };
      }
      case 'rate-until-refused': {
        // Interview: for each attempt in turn, rate its revealed question with one and then three rubric points
        // ticked, alternately, back to back, until a rating is refused. Reports the last acknowledged rating.
        const rounds: { last: { score: number } | null; refused: number; ratings: number }[] = [];
        for (const attemptId of cmd.attemptIds) {
          let last: { score: number } | null = null;
          let refused = 0;
          let ratings = 0;
          const stopAt = Date.now() + 60_000;
          for (let i = 0; refused === 0 && Date.now() < stopAt; i++) {
            const ticked = i % 2 === 0 ? [0] : [0, 1, 2];
            const r = await rateInterviewItem(db, cmd.userId, attemptId, 0, ticked, 2, new Date());
            if (r.ok) {
              last = { score: r.score };
              ratings++;
            } else refused = r.status;
          }
          rounds.push({ last, refused, ratings });
        }
        return { rounds };
      }
      case 'read': {
        const view = await getAttempt(db, cmd.userId, cmd.attemptId, new Date());
        return view ? { ok: true, items: view.items.map((i) => i.response) } : { ok: false };
      }
    }
  } finally {
    await db.$disconnect();
    await hotPath(url).close();
    await closePgPools();
  }
}

main().then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
