-- CreateTable
CREATE TABLE "Troubleshoot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "difficulty" INTEGER NOT NULL,
    "tags" TEXT NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "publishedVersion" INTEGER,
    "latestVersion" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TroubleshootVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "troubleshootId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "yaml" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,
    CONSTRAINT "TroubleshootVersion_troubleshootId_fkey" FOREIGN KEY ("troubleshootId") REFERENCES "Troubleshoot" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TroubleshootSession" (
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
    "result" TEXT,
    CONSTRAINT "TroubleshootSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TroubleshootSession_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "TroubleshootVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Troubleshoot_status_topic_idx" ON "Troubleshoot"("status", "topic");

-- CreateIndex
CREATE UNIQUE INDEX "TroubleshootVersion_troubleshootId_version_key" ON "TroubleshootVersion"("troubleshootId", "version");

-- CreateIndex
CREATE INDEX "TroubleshootSession_userId_createdAt_idx" ON "TroubleshootSession"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "TroubleshootSession_userId_versionId_submittedAt_idx" ON "TroubleshootSession"("userId", "versionId", "submittedAt");
