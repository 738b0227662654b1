import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { currentUser, workspacesOf } from "@/lib/auth/context";
import { WORKSPACE_COOKIE } from "@/lib/workspace-cookie";
import { landingPath } from "../../w/[slug]/settings/nav";

/** Entry point: opens the workspace the user used last, on the Developers tab for admins and on General for members. */
export default async function DevelopersEntry() {
  const user = await currentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent("/settings/developers")}`);
  const workspaces = await workspacesOf(user.id);
  if (workspaces.length === 0) redirect("/no-workspace");
  const remembered = (await cookies()).get(WORKSPACE_COOKIE)?.value;
  const target = workspaces.find((w) => w.slug === remembered) ?? workspaces[0];
  redirect(landingPath(target.slug, target.role));
}
