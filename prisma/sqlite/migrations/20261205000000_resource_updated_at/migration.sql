-- Devices, groups and sites carry updatedAt, so the API can offer updated_at and ?updated_since= for incremental sync.
-- Existing rows get the migration's time (their last change is unknown, so a sync that starts before it re-reads them).
-- SQLite cannot add a column whose default is CURRENT_TIMESTAMP, hence Prisma's table redefinition, and the time is
-- written in the format Prisma writes (ISO 8601 with an offset) so raw comparisons see one format.
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Site" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "environment" TEXT NOT NULL DEFAULT 'live',
    "sourceId" TEXT,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Site_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Site" ("createdAt", "updatedAt", "environment", "id", "name", "sourceId", "workspaceId") SELECT "createdAt", strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), "environment", "id", "name", "sourceId", "workspaceId" FROM "Site";
DROP TABLE "Site";
ALTER TABLE "new_Site" RENAME TO "Site";
CREATE UNIQUE INDEX "Site_sourceId_key" ON "Site"("sourceId");
CREATE INDEX "Site_workspaceId_environment_name_idx" ON "Site"("workspaceId", "environment", "name");
CREATE INDEX "Site_workspaceId_environment_updatedAt_idx" ON "Site"("workspaceId", "environment", "updatedAt");
CREATE TABLE "new_DeviceGroup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "environment" TEXT NOT NULL DEFAULT 'live',
    "sourceId" TEXT,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DeviceGroup_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_DeviceGroup" ("createdAt", "updatedAt", "environment", "id", "name", "sourceId", "workspaceId") SELECT "createdAt", strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), "environment", "id", "name", "sourceId", "workspaceId" FROM "DeviceGroup";
DROP TABLE "DeviceGroup";
ALTER TABLE "new_DeviceGroup" RENAME TO "DeviceGroup";
CREATE UNIQUE INDEX "DeviceGroup_sourceId_key" ON "DeviceGroup"("sourceId");
CREATE INDEX "DeviceGroup_workspaceId_environment_name_idx" ON "DeviceGroup"("workspaceId", "environment", "name");
CREATE INDEX "DeviceGroup_workspaceId_environment_updatedAt_idx" ON "DeviceGroup"("workspaceId", "environment", "updatedAt");
CREATE TABLE "new_Device" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "environment" TEXT NOT NULL DEFAULT 'live',
    "sourceId" TEXT,
    "serial" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Device_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Device_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Device" ("createdAt", "updatedAt", "environment", "id", "name", "serial", "siteId", "sourceId", "workspaceId") SELECT "createdAt", strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), "environment", "id", "name", "serial", "siteId", "sourceId", "workspaceId" FROM "Device";
DROP TABLE "Device";
ALTER TABLE "new_Device" RENAME TO "Device";
CREATE UNIQUE INDEX "Device_sourceId_key" ON "Device"("sourceId");
CREATE INDEX "Device_workspaceId_environment_name_idx" ON "Device"("workspaceId", "environment", "name");
CREATE INDEX "Device_workspaceId_environment_updatedAt_idx" ON "Device"("workspaceId", "environment", "updatedAt");
CREATE INDEX "Device_siteId_idx" ON "Device"("siteId");
CREATE UNIQUE INDEX "Device_workspaceId_environment_serial_key" ON "Device"("workspaceId", "environment", "serial");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

