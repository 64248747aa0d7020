-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_TraceDraft" (
    "userId" TEXT NOT NULL,
    "scenarioId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL DEFAULT '',
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
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
