import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { hasRole } from "@/lib/roles";
import { recentActivity } from "@/lib/tokens/queries";
import { listMembers } from "@/lib/workspaces/people";
import { viewerAccess } from "../../viewer";
import { ActivityItems } from "../developers/components/activity-list";
import { MembersTab } from "./members-tab";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const access = await viewerAccess((await params).slug);
  return { title: access.ok ? `Members · ${access.context.workspace.name}` : "Members" };
}

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await viewerAccess(slug);
  if (!access.ok) {
    if (access.reason === "signed_out") redirect("/login");
    notFound();
  }
  const { workspace, role, user } = access.context;
  const manager = hasRole(role, "admin");
  const [members, activity] = await Promise.all([
    listMembers(workspace.id),
    manager ? recentActivity(workspace.id, 8, "member.") : Promise.resolve([]),
  ]);
  return (
    <div className="space-y-8">
      <MembersTab slug={slug} members={members} viewer={{ id: user.id, role }} />
      {manager && (
        <section aria-labelledby="member-activity-heading" className="space-y-3">
          <h2 id="member-activity-heading" className="text-base font-semibold">
            Recent changes to members
          </h2>
          {activity.length === 0 ? (
            <p className="text-sm text-slate-600">Invitations, role changes and removals will appear here.</p>
          ) : (
            <ActivityItems events={activity} label="Recent changes to members" />
          )}
        </section>
      )}
    </div>
  );
}
