-- The Developers tab at scale (tens of thousands of tokens in a workspace):
-- the list, its count and each sort walk an index in order instead of
-- sorting all of a workspace's tokens, and the Created by choices and a
-- pasted masked value are index lookups. (No semicolons in these comments:
-- the migration runner splits statements on them.)
DROP INDEX "ApiToken_workspaceId_environment_createdAt_idx";
CREATE INDEX "ApiToken_workspaceId_environment_createdAt_id_ownerId_idx" ON "ApiToken"("workspaceId", "environment", "createdAt", "id", "ownerId");
-- PostgreSQL puts NULLs first in a DESC index unless told. Recently used
-- first lists never-used tokens last, so this index says NULLS LAST, which
-- the Prisma schema cannot express (it says sort: Desc). SQLite sorts NULLs
-- lowest, so its DESC index already puts them last.
CREATE INDEX "ApiToken_workspaceId_environment_lastUsedAt_id_ownerId_idx" ON "ApiToken"("workspaceId", "environment", "lastUsedAt" DESC NULLS LAST, "id" DESC, "ownerId");
CREATE INDEX "ApiToken_workspaceId_environment_expiresAt_id_ownerId_idx" ON "ApiToken"("workspaceId", "environment", "expiresAt", "id", "ownerId");
CREATE INDEX "ApiToken_workspaceId_ownerId_createdById_idx" ON "ApiToken"("workspaceId", "ownerId", "createdById");
CREATE INDEX "ApiToken_workspaceId_prefix_lastFour_idx" ON "ApiToken"("workspaceId", "prefix", "lastFour");
