-- AlterTable
ALTER TABLE "TraceDraft" ADD COLUMN     "requestId" TEXT NOT NULL DEFAULT '';
