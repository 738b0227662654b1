-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN "suspendedReason" TEXT;
ALTER TABLE "Workspace" ADD COLUMN "maxTokenLifetimeDays" INTEGER;

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN "ipAllowlist" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN "previousHash" TEXT;
ALTER TABLE "ApiToken" ADD COLUMN "previousExpiresAt" DATETIME;

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_previousHash_key" ON "ApiToken"("previousHash");
