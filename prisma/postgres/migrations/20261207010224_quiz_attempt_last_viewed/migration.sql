-- AlterTable
ALTER TABLE "QuizAttempt" ADD COLUMN     "lastViewed" INTEGER NOT NULL DEFAULT 0;
