-- Personal tokens: a token with an owner acts as that user, capped by their
-- role, and stops working when they lose access to the workspace.
ALTER TABLE "ApiToken" ADD COLUMN "ownerId" TEXT;
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "ApiToken_ownerId_idx" ON "ApiToken"("ownerId");

-- Allow members to create personal API tokens (off by default).
ALTER TABLE "Workspace" ADD COLUMN "personalTokensEnabled" BOOLEAN NOT NULL DEFAULT false;

-- A person deactivated in one workspace keeps their other workspaces.
ALTER TABLE "Membership" ADD COLUMN "deactivatedAt" TIMESTAMP(3);

-- Events about people and settings say what changed, e.g. the new role.
ALTER TABLE "AuditEvent" ADD COLUMN "detail" TEXT;

-- The Members tab: last sign-in, and one-time set-password links for invited people.
ALTER TABLE "User" ADD COLUMN "lastSignInAt" TIMESTAMP(3);

CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Invitation_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Invitation_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "Invitation_hash_key" ON "Invitation"("hash");
CREATE INDEX "Invitation_userId_idx" ON "Invitation"("userId");
