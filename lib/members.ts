import { db } from "./db/client";

/** The active owners and admins of a workspace: whom a member asks for a token. */
export async function workspaceAdmins(workspaceId: string): Promise<{ name: string; email: string }[]> {
  const rows = await db.membership.findMany({
    where: { workspaceId, role: { in: ["owner", "admin"] }, deactivatedAt: null, user: { active: true } },
    select: { user: { select: { name: true, email: true } } },
    orderBy: [{ role: "desc" }, { createdAt: "asc" }],
  });
  return rows.map((r) => r.user);
}
