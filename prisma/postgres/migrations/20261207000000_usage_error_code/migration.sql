-- Usage records keep the API error code of a refused or failed request (null for a success),
-- and the token page can find one request by its id (the client's own X-Request-Id, or the server's).
ALTER TABLE "UsageRecord" ADD COLUMN "code" TEXT;

CREATE INDEX "UsageRecord_tokenId_requestId_idx" ON "UsageRecord"("tokenId", "requestId");
