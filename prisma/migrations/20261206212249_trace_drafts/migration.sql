-- CreateTable
CREATE TABLE "TraceDraft" (
    "userId" TEXT NOT NULL,
    "scenarioId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "cards" TEXT NOT NULL,
    "disposition" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("userId", "scenarioId"),
    CONSTRAINT "TraceDraft_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
