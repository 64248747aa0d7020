-- JSON columns become Prisma Json (ADR 019). SQLite keeps them as JSON text: each table is rebuilt with the
-- declared type JSONB and every value is copied unchanged. Written by db:migrate:create, then the JSON defaults
-- quoted by hand (Prisma 7.10.0 prints them bare, DEFAULT {}, which SQLite rejects). A replay diffs clean.
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AuditEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "actorId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "version" INTEGER,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AuditEntry_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_AuditEntry" ("action", "actorId", "createdAt", "detail", "entityId", "entityType", "id", "version") SELECT "action", "actorId", "createdAt", "detail", "entityId", "entityType", "id", "version" FROM "AuditEntry";
DROP TABLE "AuditEntry";
ALTER TABLE "new_AuditEntry" RENAME TO "AuditEntry";
CREATE INDEX "AuditEntry_entityType_entityId_createdAt_idx" ON "AuditEntry"("entityType", "entityId", "createdAt");
CREATE INDEX "AuditEntry_createdAt_idx" ON "AuditEntry"("createdAt");
CREATE TABLE "new_Playground" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ownerId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "yaml" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "shareToken" TEXT,
    "proposedAt" DATETIME,
    "proposalNote" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Playground_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Playground" ("createdAt", "id", "ownerId", "proposalNote", "proposedAt", "settings", "shareToken", "title", "updatedAt", "yaml") SELECT "createdAt", "id", "ownerId", "proposalNote", "proposedAt", "settings", "shareToken", "title", "updatedAt", "yaml" FROM "Playground";
DROP TABLE "Playground";
ALTER TABLE "new_Playground" RENAME TO "Playground";
CREATE UNIQUE INDEX "Playground_shareToken_key" ON "Playground"("shareToken");
CREATE INDEX "Playground_ownerId_updatedAt_idx" ON "Playground"("ownerId", "updatedAt");
CREATE INDEX "Playground_proposedAt_idx" ON "Playground"("proposedAt");
CREATE TABLE "new_ProblemReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "itemVersion" INTEGER NOT NULL,
    "contextId" TEXT,
    "category" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "learnerAnswer" JSONB,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "reply" TEXT,
    "resolvedById" TEXT,
    "resolvedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProblemReport_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProblemReport_resolvedById_fkey" FOREIGN KEY ("resolvedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_ProblemReport" ("category", "contextId", "createdAt", "id", "itemId", "itemVersion", "kind", "learnerAnswer", "message", "reply", "resolvedAt", "resolvedById", "status", "userId") SELECT "category", "contextId", "createdAt", "id", "itemId", "itemVersion", "kind", "learnerAnswer", "message", "reply", "resolvedAt", "resolvedById", "status", "userId" FROM "ProblemReport";
DROP TABLE "ProblemReport";
ALTER TABLE "new_ProblemReport" RENAME TO "ProblemReport";
CREATE INDEX "ProblemReport_status_createdAt_idx" ON "ProblemReport"("status", "createdAt");
CREATE INDEX "ProblemReport_userId_createdAt_idx" ON "ProblemReport"("userId", "createdAt");
CREATE INDEX "ProblemReport_kind_itemId_idx" ON "ProblemReport"("kind", "itemId");
CREATE TABLE "new_Question" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "type" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "difficulty" INTEGER NOT NULL,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL DEFAULT 'PUBLISHED',
    "publishedVersion" INTEGER,
    "latestVersion" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Question" ("createdAt", "difficulty", "id", "latestVersion", "publishedVersion", "status", "tags", "topic", "type", "updatedAt") SELECT "createdAt", "difficulty", "id", "latestVersion", "publishedVersion", "status", "tags", "topic", "type", "updatedAt" FROM "Question";
DROP TABLE "Question";
ALTER TABLE "new_Question" RENAME TO "Question";
CREATE INDEX "Question_status_topic_idx" ON "Question"("status", "topic");
CREATE TABLE "new_QuestionVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "questionId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,
    CONSTRAINT "QuestionVersion_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_QuestionVersion" ("content", "createdAt", "createdById", "id", "questionId", "version") SELECT "content", "createdAt", "createdById", "id", "questionId", "version" FROM "QuestionVersion";
DROP TABLE "QuestionVersion";
ALTER TABLE "new_QuestionVersion" RENAME TO "QuestionVersion";
CREATE UNIQUE INDEX "QuestionVersion_questionId_version_key" ON "QuestionVersion"("questionId", "version");
CREATE TABLE "new_QuizAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'IN_PROGRESS',
    "finalisedBy" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deadline" DATETIME,
    "submittedAt" DATETIME,
    "score" REAL,
    "maxScore" REAL,
    "lastViewed" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "QuizAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_QuizAttempt" ("config", "deadline", "finalisedBy", "id", "lastViewed", "maxScore", "mode", "score", "startedAt", "status", "submittedAt", "title", "userId") SELECT "config", "deadline", "finalisedBy", "id", "lastViewed", "maxScore", "mode", "score", "startedAt", "status", "submittedAt", "title", "userId" FROM "QuizAttempt";
DROP TABLE "QuizAttempt";
ALTER TABLE "new_QuizAttempt" RENAME TO "QuizAttempt";
CREATE INDEX "QuizAttempt_userId_startedAt_idx" ON "QuizAttempt"("userId", "startedAt");
CREATE TABLE "new_QuizItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "attemptId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "questionVersionId" TEXT NOT NULL,
    "optionOrder" JSONB NOT NULL DEFAULT '[]',
    "response" JSONB,
    "flagged" BOOLEAN NOT NULL DEFAULT false,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "answeredAt" DATETIME,
    "score" REAL,
    "selfRating" INTEGER,
    CONSTRAINT "QuizItem_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "QuizAttempt" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "QuizItem_questionVersionId_fkey" FOREIGN KEY ("questionVersionId") REFERENCES "QuestionVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_QuizItem" ("answeredAt", "attemptId", "flagged", "id", "optionOrder", "position", "questionVersionId", "response", "revision", "score", "selfRating") SELECT "answeredAt", "attemptId", "flagged", "id", "optionOrder", "position", "questionVersionId", "response", "revision", "score", "selfRating" FROM "QuizItem";
DROP TABLE "QuizItem";
ALTER TABLE "new_QuizItem" RENAME TO "QuizItem";
CREATE INDEX "QuizItem_questionVersionId_idx" ON "QuizItem"("questionVersionId");
CREATE UNIQUE INDEX "QuizItem_attemptId_position_key" ON "QuizItem"("attemptId", "position");
CREATE TABLE "new_ReviewItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "sourceId" TEXT,
    "due" DATETIME NOT NULL,
    "stability" REAL NOT NULL DEFAULT 0,
    "difficulty" REAL NOT NULL DEFAULT 0,
    "elapsedDays" INTEGER NOT NULL DEFAULT 0,
    "scheduledDays" INTEGER NOT NULL DEFAULT 0,
    "learningSteps" INTEGER NOT NULL DEFAULT 0,
    "reps" INTEGER NOT NULL DEFAULT 0,
    "lapses" INTEGER NOT NULL DEFAULT 0,
    "state" INTEGER NOT NULL DEFAULT 0,
    "lastReview" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ReviewItem_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ReviewItem" ("createdAt", "difficulty", "due", "elapsedDays", "id", "key", "kind", "lapses", "lastReview", "learningSteps", "payload", "reps", "scheduledDays", "sourceId", "stability", "state", "updatedAt", "userId") SELECT "createdAt", "difficulty", "due", "elapsedDays", "id", "key", "kind", "lapses", "lastReview", "learningSteps", "payload", "reps", "scheduledDays", "sourceId", "stability", "state", "updatedAt", "userId" FROM "ReviewItem";
DROP TABLE "ReviewItem";
ALTER TABLE "new_ReviewItem" RENAME TO "ReviewItem";
CREATE INDEX "ReviewItem_userId_due_idx" ON "ReviewItem"("userId", "due");
CREATE UNIQUE INDEX "ReviewItem_userId_key_key" ON "ReviewItem"("userId", "key");
CREATE TABLE "new_Scenario" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "difficulty" INTEGER NOT NULL,
    "level" TEXT NOT NULL,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "publishedVersion" INTEGER,
    "latestVersion" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Scenario" ("createdAt", "difficulty", "id", "latestVersion", "level", "publishedVersion", "status", "tags", "title", "topic", "updatedAt") SELECT "createdAt", "difficulty", "id", "latestVersion", "level", "publishedVersion", "status", "tags", "title", "topic", "updatedAt" FROM "Scenario";
DROP TABLE "Scenario";
ALTER TABLE "new_Scenario" RENAME TO "Scenario";
CREATE INDEX "Scenario_status_topic_idx" ON "Scenario"("status", "topic");
CREATE TABLE "new_TraceAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "scenarioVersionId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "answer" JSONB NOT NULL,
    "score" REAL NOT NULL,
    "pathScore" REAL NOT NULL,
    "dispositionCorrect" BOOLEAN,
    "penalty" REAL NOT NULL DEFAULT 0,
    "findings" JSONB NOT NULL,
    "closestPathId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TraceAttempt_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "TraceSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TraceAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TraceAttempt_scenarioVersionId_fkey" FOREIGN KEY ("scenarioVersionId") REFERENCES "ScenarioVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_TraceAttempt" ("answer", "closestPathId", "createdAt", "dispositionCorrect", "findings", "id", "level", "mode", "pathScore", "penalty", "requestId", "scenarioVersionId", "score", "sessionId", "userId") SELECT "answer", "closestPathId", "createdAt", "dispositionCorrect", "findings", "id", "level", "mode", "pathScore", "penalty", "requestId", "scenarioVersionId", "score", "sessionId", "userId" FROM "TraceAttempt";
DROP TABLE "TraceAttempt";
ALTER TABLE "new_TraceAttempt" RENAME TO "TraceAttempt";
CREATE UNIQUE INDEX "TraceAttempt_sessionId_key" ON "TraceAttempt"("sessionId");
CREATE INDEX "TraceAttempt_userId_createdAt_idx" ON "TraceAttempt"("userId", "createdAt");
CREATE INDEX "TraceAttempt_scenarioVersionId_idx" ON "TraceAttempt"("scenarioVersionId");
CREATE TABLE "new_TraceDraft" (
    "userId" TEXT NOT NULL,
    "scenarioId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "cards" JSONB NOT NULL,
    "disposition" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("userId", "scenarioId"),
    CONSTRAINT "TraceDraft_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_TraceDraft" ("cards", "disposition", "level", "mode", "scenarioId", "updatedAt", "userId") SELECT "cards", "disposition", "level", "mode", "scenarioId", "updatedAt", "userId" FROM "TraceDraft";
DROP TABLE "TraceDraft";
ALTER TABLE "new_TraceDraft" RENAME TO "TraceDraft";
CREATE TABLE "new_Troubleshoot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "difficulty" INTEGER NOT NULL,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "publishedVersion" INTEGER,
    "latestVersion" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Troubleshoot" ("createdAt", "difficulty", "id", "latestVersion", "publishedVersion", "status", "tags", "title", "topic", "updatedAt") SELECT "createdAt", "difficulty", "id", "latestVersion", "publishedVersion", "status", "tags", "title", "topic", "updatedAt" FROM "Troubleshoot";
DROP TABLE "Troubleshoot";
ALTER TABLE "new_Troubleshoot" RENAME TO "Troubleshoot";
CREATE INDEX "Troubleshoot_status_topic_idx" ON "Troubleshoot"("status", "topic");
CREATE TABLE "new_TroubleshootSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "hintsUsed" INTEGER NOT NULL DEFAULT 0,
    "penalty" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deadline" DATETIME,
    "draft" TEXT,
    "submittedAt" DATETIME,
    "passed" BOOLEAN,
    "score" INTEGER,
    "submission" TEXT,
    "result" JSONB,
    CONSTRAINT "TroubleshootSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TroubleshootSession_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "TroubleshootVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_TroubleshootSession" ("createdAt", "deadline", "draft", "hintsUsed", "id", "mode", "passed", "penalty", "result", "score", "submission", "submittedAt", "userId", "versionId") SELECT "createdAt", "deadline", "draft", "hintsUsed", "id", "mode", "passed", "penalty", "result", "score", "submission", "submittedAt", "userId", "versionId" FROM "TroubleshootSession";
DROP TABLE "TroubleshootSession";
ALTER TABLE "new_TroubleshootSession" RENAME TO "TroubleshootSession";
CREATE INDEX "TroubleshootSession_userId_createdAt_idx" ON "TroubleshootSession"("userId", "createdAt");
CREATE INDEX "TroubleshootSession_userId_versionId_submittedAt_idx" ON "TroubleshootSession"("userId", "versionId", "submittedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
