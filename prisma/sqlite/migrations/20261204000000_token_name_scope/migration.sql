-- Token names are unique per workspace for workspace tokens and per owner for personal tokens
-- (nameScope: "" or the owner's id), so a member trying a name learns nothing about others' tokens.
ALTER TABLE "ApiToken" ADD COLUMN "nameScope" TEXT NOT NULL DEFAULT '';
UPDATE "ApiToken" SET "nameScope" = "ownerId" WHERE "ownerId" IS NOT NULL;
DROP INDEX "ApiToken_workspaceId_name_key";
CREATE UNIQUE INDEX "ApiToken_workspaceId_nameScope_name_key" ON "ApiToken"("workspaceId", "nameScope", "name");
