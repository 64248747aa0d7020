-- JSON columns become jsonb (ADR 019). Written by hand: the generated diff dropped and re-added each column,
-- losing its data. Here each text column is converted in place with USING col::jsonb (every value was
-- written by JSON.stringify, so it parses), and a text default is dropped first and set again as jsonb.
-- (No semicolons in these comments: the engine splits the script on them.)

-- AlterTable
ALTER TABLE "Question" ALTER COLUMN "tags" DROP DEFAULT,
ALTER COLUMN "tags" SET DATA TYPE JSONB USING "tags"::jsonb,
ALTER COLUMN "tags" SET DEFAULT '[]';

-- AlterTable
ALTER TABLE "QuestionVersion" ALTER COLUMN "content" SET DATA TYPE JSONB USING "content"::jsonb;

-- AlterTable
ALTER TABLE "Scenario" ALTER COLUMN "tags" DROP DEFAULT,
ALTER COLUMN "tags" SET DATA TYPE JSONB USING "tags"::jsonb,
ALTER COLUMN "tags" SET DEFAULT '[]';

-- AlterTable
ALTER TABLE "QuizAttempt" ALTER COLUMN "config" DROP DEFAULT,
ALTER COLUMN "config" SET DATA TYPE JSONB USING "config"::jsonb,
ALTER COLUMN "config" SET DEFAULT '{}';

-- AlterTable
ALTER TABLE "QuizItem" ALTER COLUMN "optionOrder" DROP DEFAULT,
ALTER COLUMN "optionOrder" SET DATA TYPE JSONB USING "optionOrder"::jsonb,
ALTER COLUMN "optionOrder" SET DEFAULT '[]',
ALTER COLUMN "response" SET DATA TYPE JSONB USING "response"::jsonb;

-- AlterTable
ALTER TABLE "TraceAttempt" ALTER COLUMN "answer" SET DATA TYPE JSONB USING "answer"::jsonb,
ALTER COLUMN "findings" SET DATA TYPE JSONB USING "findings"::jsonb;

-- AlterTable
ALTER TABLE "TraceDraft" ALTER COLUMN "cards" SET DATA TYPE JSONB USING "cards"::jsonb;

-- AlterTable
ALTER TABLE "AuditEntry" ALTER COLUMN "detail" DROP DEFAULT,
ALTER COLUMN "detail" SET DATA TYPE JSONB USING "detail"::jsonb,
ALTER COLUMN "detail" SET DEFAULT '{}';

-- AlterTable
ALTER TABLE "ReviewItem" ALTER COLUMN "payload" SET DATA TYPE JSONB USING "payload"::jsonb;

-- AlterTable
ALTER TABLE "Troubleshoot" ALTER COLUMN "tags" DROP DEFAULT,
ALTER COLUMN "tags" SET DATA TYPE JSONB USING "tags"::jsonb,
ALTER COLUMN "tags" SET DEFAULT '[]';

-- AlterTable
ALTER TABLE "TroubleshootSession" ALTER COLUMN "result" SET DATA TYPE JSONB USING "result"::jsonb;

-- AlterTable
ALTER TABLE "ProblemReport" ALTER COLUMN "learnerAnswer" SET DATA TYPE JSONB USING "learnerAnswer"::jsonb;

-- AlterTable
ALTER TABLE "Playground" ALTER COLUMN "settings" DROP DEFAULT,
ALTER COLUMN "settings" SET DATA TYPE JSONB USING "settings"::jsonb,
ALTER COLUMN "settings" SET DEFAULT '{}';
