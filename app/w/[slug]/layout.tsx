import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import type { ReactNode } from "react";
import { viewer, viewerWorkspaces } from "./viewer";
import { Logo } from "@/components/logo";
import { AccountMenu } from "@/components/account-menu";
import { WorkspaceSwitcher } from "@/components/workspace-switcher";

export default async function WorkspaceLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await viewer();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(`/w/${slug}/settings/developers`)}`);
  const workspaces = await viewerWorkspaces(user.id);
  const current = workspaces.find((w) => w.slug === slug);
  if (!current) notFound();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-4 px-6">
          <Link href="/settings/developers" aria-label="Tollgate home">
            <Logo />
          </Link>
          <span className="text-slate-300" aria-hidden>
            /
          </span>
          {workspaces.length > 1 ? (
            <WorkspaceSwitcher current={current} workspaces={workspaces} />
          ) : (
            <span className="text-sm font-medium text-slate-800">{current.name}</span>
          )}
          <div className="ml-auto flex items-center gap-3">
            <Link href="/docs/api" className="text-sm text-slate-600 hover:text-slate-900">
              API docs
            </Link>
            <AccountMenu email={user.email} name={user.name} />
          </div>
        </div>
      </header>
      {children}
    </div>
  );
}
