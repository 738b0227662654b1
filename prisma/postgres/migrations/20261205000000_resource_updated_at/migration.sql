-- Devices, groups and sites carry updatedAt, so the API can offer updated_at and ?updated_since= for incremental sync.
-- Existing rows get the migration's time (their last change is unknown, so a sync that starts before it re-reads them).
-- AlterTable
ALTER TABLE "Site" ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "DeviceGroup" ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "Device" ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateIndex
CREATE INDEX "Site_workspaceId_environment_updatedAt_idx" ON "Site"("workspaceId", "environment", "updatedAt");

-- CreateIndex
CREATE INDEX "DeviceGroup_workspaceId_environment_updatedAt_idx" ON "DeviceGroup"("workspaceId", "environment", "updatedAt");

-- CreateIndex
CREATE INDEX "Device_workspaceId_environment_updatedAt_idx" ON "Device"("workspaceId", "environment", "updatedAt");

-- CURRENT_TIMESTAMP is in the session's time zone, and the columns hold UTC (as Prisma writes them).
UPDATE "Site" SET "updatedAt" = (now() AT TIME ZONE 'UTC');
UPDATE "DeviceGroup" SET "updatedAt" = (now() AT TIME ZONE 'UTC');
UPDATE "Device" SET "updatedAt" = (now() AT TIME ZONE 'UTC');
