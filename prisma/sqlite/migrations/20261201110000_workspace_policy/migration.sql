-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN "suspendedReason" TEXT;
ALTER TABLE "Workspace" ADD COLUMN "maxTokenLifetimeDays" INTEGER;
