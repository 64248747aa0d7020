-- CreateTable
CREATE TABLE "SignupAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "SignupAttempt_clientKey_createdAt_idx" ON "SignupAttempt"("clientKey", "createdAt");
