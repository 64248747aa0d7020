-- CreateTable
CREATE TABLE "Playground" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ownerId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "yaml" TEXT NOT NULL,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "shareToken" TEXT,
    "proposedAt" DATETIME,
    "proposalNote" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Playground_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Playground_shareToken_key" ON "Playground"("shareToken");

-- CreateIndex
CREATE INDEX "Playground_ownerId_updatedAt_idx" ON "Playground"("ownerId", "updatedAt");

-- CreateIndex
CREATE INDEX "Playground_proposedAt_idx" ON "Playground"("proposedAt");
