-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN "suspendedReason" TEXT,
ADD COLUMN "maxTokenLifetimeDays" INTEGER;
