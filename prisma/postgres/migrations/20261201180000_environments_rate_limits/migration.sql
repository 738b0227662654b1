-- Test and live environments: every resource and token belongs to one, and a
-- test resource is the sandbox copy of the live one named by sourceId.
ALTER TABLE "Site" ADD COLUMN "environment" TEXT NOT NULL DEFAULT 'live';
ALTER TABLE "Site" ADD COLUMN "sourceId" TEXT;
ALTER TABLE "DeviceGroup" ADD COLUMN "environment" TEXT NOT NULL DEFAULT 'live';
ALTER TABLE "DeviceGroup" ADD COLUMN "sourceId" TEXT;
ALTER TABLE "Device" ADD COLUMN "environment" TEXT NOT NULL DEFAULT 'live';
ALTER TABLE "Device" ADD COLUMN "sourceId" TEXT;
ALTER TABLE "ApiToken" ADD COLUMN "environment" TEXT NOT NULL DEFAULT 'live';

-- Per-token rate limits (requests per minute, null for the server default).
ALTER TABLE "ApiToken" ADD COLUMN "rateLimitPerMinute" INTEGER;

DROP INDEX "Site_workspaceId_name_idx";
CREATE INDEX "Site_workspaceId_environment_name_idx" ON "Site"("workspaceId", "environment", "name");
CREATE UNIQUE INDEX "Site_sourceId_key" ON "Site"("sourceId");

DROP INDEX "DeviceGroup_workspaceId_name_idx";
CREATE INDEX "DeviceGroup_workspaceId_environment_name_idx" ON "DeviceGroup"("workspaceId", "environment", "name");
CREATE UNIQUE INDEX "DeviceGroup_sourceId_key" ON "DeviceGroup"("sourceId");

DROP INDEX "Device_workspaceId_name_idx";
DROP INDEX "Device_workspaceId_serial_key";
CREATE INDEX "Device_workspaceId_environment_name_idx" ON "Device"("workspaceId", "environment", "name");
CREATE UNIQUE INDEX "Device_workspaceId_environment_serial_key" ON "Device"("workspaceId", "environment", "serial");
CREATE UNIQUE INDEX "Device_sourceId_key" ON "Device"("sourceId");

DROP INDEX "ApiToken_workspaceId_createdAt_idx";
CREATE INDEX "ApiToken_workspaceId_environment_createdAt_idx" ON "ApiToken"("workspaceId", "environment", "createdAt");
