-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN "suspendedReason" TEXT,
ADD COLUMN "maxTokenLifetimeDays" INTEGER;

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN "ipAllowlist" TEXT NOT NULL DEFAULT '';
