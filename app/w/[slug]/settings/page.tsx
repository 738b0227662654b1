import Link from "next/link";
import { notFound } from "next/navigation";
import { viewerAccess } from "../viewer";
import { db } from "@/lib/db/client";
import { workspaceAdmins } from "@/lib/members";
import { hasRole } from "@/lib/roles";
import { AskAnAdmin } from "./ask-an-admin";

export default async function GeneralSettings({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await viewerAccess(slug);
  if (!access.ok) notFound();
  const { workspace, role } = access.context;
  const isAdmin = hasRole(role, "admin");
  const admins = isAdmin ? [] : await workspaceAdmins(workspace.id);
  const members = await db.membership.count({ where: { workspaceId: workspace.id } });
  return (
    <section className="max-w-2xl space-y-6">
      {!isAdmin && (
        <div className="rounded-xl bg-white p-5 ring-1 ring-slate-200">
          <h2 className="font-semibold">API tokens</h2>
          <AskAnAdmin admins={admins} />
        </div>
      )}
      <div className="rounded-xl bg-white p-5 ring-1 ring-slate-200">
        <h2 className="font-semibold">Workspace</h2>
        <dl className="mt-3 grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
          <dt className="text-slate-600">Name</dt>
          <dd>{workspace.name}</dd>
          <dt className="text-slate-600">Your role</dt>
          <dd className="capitalize">{role}</dd>
        </dl>
      </div>
      <div className="rounded-xl bg-white p-5 ring-1 ring-slate-200">
        <h2 className="font-semibold">Members</h2>
        <p className="mt-2 text-sm text-slate-600">
          {members} {members === 1 ? "person" : "people"} in this workspace.{" "}
          <Link href={`/w/${slug}/settings/members`} className="font-medium text-brand-700 hover:underline">
            {isAdmin ? "Manage members" : "See the members"}
          </Link>
        </p>
      </div>
    </section>
  );
}
