-- CreateTable
CREATE TABLE "TraceDraft" (
    "userId" TEXT NOT NULL,
    "scenarioId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "cards" TEXT NOT NULL,
    "disposition" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TraceDraft_pkey" PRIMARY KEY ("userId","scenarioId")
);

-- AddForeignKey
ALTER TABLE "TraceDraft" ADD CONSTRAINT "TraceDraft_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
