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
  const members = await db.membership.findMany({
    where: { workspaceId: workspace.id },
    select: { role: true, user: { select: { name: true, email: true, active: true } } },
    orderBy: { createdAt: "asc" },
  });
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
        <ul className="mt-3 divide-y divide-slate-100 text-sm">
          {members.map((m) => (
            <li key={m.user.email} className="flex items-center justify-between py-2">
              <span>
                {m.user.name} <span className="text-slate-600">{m.user.email}</span>
                {!m.user.active && <span className="ml-2 text-xs text-amber-700">(deactivated)</span>}
              </span>
              <span className="capitalize text-slate-600">{m.role}</span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
