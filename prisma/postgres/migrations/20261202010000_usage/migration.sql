-- Usage records and their daily rollup (lib/usage). Rows arrive in time
-- order, so the retention prune's range scan on "at" uses a BRIN index: a
-- few kilobytes for millions of rows instead of a B-tree as large as the data.
CREATE TABLE "UsageRecord" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "tokenId" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "method" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "ip" TEXT NOT NULL,
    "latencyMs" INTEGER NOT NULL,
    "requestId" TEXT NOT NULL,
    CONSTRAINT "UsageRecord_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "UsageRecord_tokenId_at_idx" ON "UsageRecord"("tokenId", "at");
CREATE INDEX "UsageRecord_workspaceId_at_idx" ON "UsageRecord"("workspaceId", "at");
CREATE INDEX "UsageRecord_at_idx" ON "UsageRecord" USING BRIN ("at");

CREATE TABLE "UsageDaily" (
    "tokenId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "success" INTEGER NOT NULL DEFAULT 0,
    "failure" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "UsageDaily_pkey" PRIMARY KEY ("tokenId", "day")
);
CREATE INDEX "UsageDaily_workspaceId_day_idx" ON "UsageDaily"("workspaceId", "day");
