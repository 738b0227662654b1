-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN "suspendedReason" TEXT,
ADD COLUMN "maxTokenLifetimeDays" INTEGER;

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN "ipAllowlist" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN "previousHash" TEXT,
ADD COLUMN "previousExpiresAt" TIMESTAMP(3);

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_previousHash_key" ON "ApiToken"("previousHash");
