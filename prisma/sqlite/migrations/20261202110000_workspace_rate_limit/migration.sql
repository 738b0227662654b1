-- A workspace's default request limit for tokens without one of their own (null: the server default).
ALTER TABLE "Workspace" ADD COLUMN "defaultRateLimitPerMinute" INTEGER;
