-- AlterTable
ALTER TABLE "User" ADD COLUMN     "cramStartedAt" TIMESTAMPTZ(3),
ADD COLUMN     "cramUntil" TIMESTAMPTZ(3);
