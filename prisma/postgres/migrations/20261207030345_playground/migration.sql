-- CreateTable
CREATE TABLE "Playground" (
    "id" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "yaml" TEXT NOT NULL,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "shareToken" TEXT,
    "proposedAt" TIMESTAMPTZ(3),
    "proposalNote" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Playground_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Playground_shareToken_key" ON "Playground"("shareToken");

-- CreateIndex
CREATE INDEX "Playground_ownerId_updatedAt_idx" ON "Playground"("ownerId", "updatedAt");

-- CreateIndex
CREATE INDEX "Playground_proposedAt_idx" ON "Playground"("proposedAt");

-- AddForeignKey
ALTER TABLE "Playground" ADD CONSTRAINT "Playground_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
