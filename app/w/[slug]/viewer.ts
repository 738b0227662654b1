import { cache } from "react";
import { currentUser, workspaceContext, workspacesOf } from "@/lib/auth/context";

// The workspace layout, the settings layout and the page all ask who is
// looking; per request, the session and the database are asked once.
export const viewer = cache(currentUser);
export const viewerWorkspaces = cache(workspacesOf);
export const viewerAccess = cache(async (slug: string) => workspaceContext(slug, "member", await viewer()));
