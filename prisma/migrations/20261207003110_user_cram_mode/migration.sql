-- AlterTable
ALTER TABLE "User" ADD COLUMN "cramStartedAt" DATETIME;
ALTER TABLE "User" ADD COLUMN "cramUntil" DATETIME;
