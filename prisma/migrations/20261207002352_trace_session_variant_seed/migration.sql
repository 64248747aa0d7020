-- AlterTable
ALTER TABLE "TraceSession" ADD COLUMN "variantSeed" TEXT;
