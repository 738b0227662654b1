import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import type { ReactNode } from "react";
import { viewer, viewerWorkspaces } from "./viewer";
import { Logo } from "@/components/logo";
import { AccountMenu } from "@/app/account/account-menu";
import { WorkspaceSwitcher } from "./workspace-switcher";

export default async function WorkspaceLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await viewer();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(`/w/${slug}/settings/developers`)}`);
  const workspaces = await viewerWorkspaces(user.id);
  const current = workspaces.find((w) => w.slug === slug);
  if (!current) notFound();
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:text-brand-700 focus:shadow focus:ring-2 focus:ring-brand-500"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-2 px-4 sm:gap-4 sm:px-6">
          <Link href="/settings/developers" aria-label="Tollgate home" className="shrink-0">
            <Logo compact />
          </Link>
          <span className="hidden text-slate-300 sm:inline" aria-hidden>
            /
          </span>
          {workspaces.length > 1 ? (
            <WorkspaceSwitcher current={current} workspaces={workspaces} />
          ) : (
            <span className="min-w-0 truncate text-sm font-medium text-slate-800">{current.name}</span>
          )}
          <div className="ml-auto flex shrink-0 items-center gap-3">
            <Link href="/docs/api" className="hidden whitespace-nowrap text-sm text-slate-600 hover:text-slate-900 sm:inline">
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
