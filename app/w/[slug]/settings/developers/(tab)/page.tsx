import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { env } from "@/lib/env";
import { asEnvironment, environmentCookie } from "@/lib/environments";
import { viewerAccess } from "../../../viewer";
import Link from "next/link";
import { workspaceAdmins } from "@/lib/members";
import { hasRole } from "@/lib/roles";
import { AskAnAdmin } from "../../ask-an-admin";
import { listPersonalTokens, listTokens, recentActivity, tokenCreators, tokenRules } from "@/lib/tokens/queries";
import { filterQuery, isFiltered, parseTokenFilter } from "@/lib/tokens/search";
import { TokenSearch } from "../components/token-search";
import { WebhookSettings } from "../components/webhook-settings";
import { db } from "@/lib/db/client";
import { recentDeliveries } from "@/lib/webhooks/deliveries";
import { mayCreatePersonalTokens } from "@/lib/tokens/personal";
import { effectiveDefaultRateLimit } from "@/lib/tokens/request-limit";
import { MembersPersonalTokens, YourPersonalTokens } from "../components/personal-tokens";
import { TokenBanners } from "../components/token-rules";
import { LeakBanner } from "../components/leak-banner";
import { recentLeakRevocations } from "@/lib/tokens/leaks";
import { sparklines } from "@/lib/usage/queries";
import { DevelopersTab } from "../components/developers-tab";
import { messages } from "../messages";

/** The tab and the workspace in the title, so a browser tab or history entry says where it is. */
export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const access = await viewerAccess((await params).slug);
  return { title: access.ok ? `Developers · ${access.context.workspace.name}` : "Developers" };
}

export default async function DevelopersPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { slug } = await params;
  const access = await viewerAccess(slug);
  if (!access.ok) {
    if (access.reason === "signed_out") redirect("/login");
    notFound();
  }
  const { role } = access.context;
  const workspaceId = access.context.workspace.id;
  const rules = await tokenRules(workspaceId);
  const mine = mayCreatePersonalTokens(role, rules.personalTokensEnabled)
    ? await listPersonalTokens(workspaceId, access.context.user.id)
    : null;
  const yours = mine && (
    <YourPersonalTokens
      slug={slug}
      role={role}
      tokens={mine}
      maxDays={rules.maxDays}
      suspended={rules.suspended}
      defaultRateLimit={effectiveDefaultRateLimit(rules.defaultRateLimitPerMinute)}
    />
  );
  if (!hasRole(role, "admin")) {
    // A member the setting allows: their own tokens, nothing of the workspace's.
    if (yours) {
      return (
        <div className="space-y-6">
          {/* The suspension, not the workspace tokens' counts: those are the admins' business. */}
          <TokenBanners rules={{ ...rules, expiringSoon: 0, outOfPolicy: 0 }} />
          {yours}
        </div>
      );
    }
    return (
      <section className="rounded-xl bg-white p-8 ring-1 ring-slate-200">
        <h2 className="text-lg font-semibold">{messages.adminOnly}</h2>
        <AskAnAdmin admins={await workspaceAdmins(access.context.workspace.id)} />
        <p className="mt-4 text-sm">
          <Link href={`/w/${slug}/settings`} className="font-medium text-brand-700 hover:underline">
            Go to General settings
          </Link>
        </p>
      </section>
    );
  }
  const query = await searchParams;
  const page = Math.max(1, Math.min(10_000, Number.parseInt(query.page ?? "1", 10) || 1));
  // The URL names the environment when a link shares it; otherwise the one this browser last chose here.
  const environment = asEnvironment(query.env ?? (await cookies()).get(environmentCookie(slug))?.value);
  const filter = parseTokenFilter(query);
  const [list, activity, everyone, leaks, creators, webhook, deliveries] = await Promise.all([
    listTokens(workspaceId, environment, page, filter),
    recentActivity(workspaceId),
    listPersonalTokens(workspaceId),
    recentLeakRevocations(workspaceId),
    tokenCreators(workspaceId),
    db.workspace.findUnique({ where: { id: workspaceId }, select: { webhookUrl: true } }),
    recentDeliveries(workspaceId),
  ]);
  const others = everyone.filter((t) => t.owner.id !== access.context.user.id);
  const lines = await sparklines(
    workspaceId,
    list.tokens.map((t) => t.id),
  );
  return (
    <DevelopersTab
      slug={slug}
      environment={environment}
      defaultRateLimit={effectiveDefaultRateLimit(rules.defaultRateLimitPerMinute)}
      serverRateLimit={env.API_TOKEN_RATE_LIMIT}
      list={list}
      activity={activity}
      rules={rules}
      isOwner={hasRole(role, "owner")}
      sparklines={lines}
      search={<TokenSearch slug={slug} environment={environment} filter={filter} creators={creators} total={list.total} more={list.more} />}
      filtered={isFiltered(filter)}
      pageParams={filterQuery(filter).replace(/^\?/, "&").replace(/^&$/, "")}
      banners={<LeakBanner revocations={leaks.map((l) => ({ ...l, createdAt: l.createdAt.toISOString() }))} />}
    >
      {yours}
      <MembersPersonalTokens slug={slug} enabled={rules.personalTokensEnabled} tokens={others} />
      <WebhookSettings slug={slug} url={webhook?.webhookUrl ?? null} deliveries={deliveries} />
    </DevelopersTab>
  );
}
