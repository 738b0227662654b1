import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { viewerAccess } from "../viewer";
import { db } from "@/lib/db/client";
import { hasRole } from "@/lib/roles";
import { mayCreatePersonalTokens } from "@/lib/tokens/personal";
import { SettingsNav } from "./settings-nav";

export default async function SettingsLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await viewerAccess(slug);
  if (!access.ok) notFound();
  const { workspace, role } = access.context;
  const setting = await db.workspace.findUnique({ where: { id: workspace.id }, select: { personalTokensEnabled: true } });
  return (
    <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 outline-none sm:px-6">
      <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
      <p className="mt-1 text-sm text-slate-600">{workspace.name}</p>
      <div className="mt-6">
        <SettingsNav
          slug={slug}
          isAdmin={hasRole(role, "admin")}
          personalTokens={mayCreatePersonalTokens(role, Boolean(setting?.personalTokensEnabled))}
        />
      </div>
      <div className="pt-6">{children}</div>
    </main>
  );
}
