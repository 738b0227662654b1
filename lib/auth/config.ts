import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { OIDCConfig } from "next-auth/providers";
import { z } from "zod";
import { db } from "../db/client";
import { env } from "../env";
import { clientIp } from "../http/client";
import { rateLimitKey } from "../http/trust";
import { limits } from "../rate-limit";
import { resolveOidcUser } from "./oidc";
import { verifyPassword } from "./password";
import { closeSession, openSession, SESSION_MAX_AGE_SECONDS } from "./sessions";
import { log } from "../ops/log";

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
  password: z.string().min(1, "Enter your password").max(256),
});

class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
}

/**
 * The right password for a deactivated account. Saying so tells only someone
 * who already knows the password that the account exists; everyone else still
 * gets "Wrong email or password", so the person stops retrying into the lockout.
 */
class AccountDeactivated extends CredentialsSignin {
  code = "deactivated";
}

// Spent on unknown emails too, so timing does not reveal which accounts exist.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/**
 * Failed attempts are counted per account (from any address, so a
 * distributed guesser is slowed too) and per client address; successful
 * sign-ins never count, so an office behind one address is not locked out.
 */
const credentials = Credentials({
  credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
  async authorize(raw, request) {
    const parsed = credentialsSchema.safeParse(raw);
    if (!parsed.success) return null;
    const { email, password } = parsed.data;
    const address = rateLimitKey(clientIp(request.headers));
    // Counted before the password is checked, so parallel guesses cannot all slip past; a success is given back.
    const [byAddress, byAccount] = await Promise.all([limits.signInPerIp.attempt(address), limits.signInPerAccount.attempt(email)]);
    if (byAddress.blocked || byAccount.blocked) throw new TooManyAttempts();
    const user = await db.user.findUnique({ where: { email }, omit: { passwordHash: false } });
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) return null;
    if (!user.active) throw new AccountDeactivated();
    await Promise.all([limits.signInPerIp.forgive(address), limits.signInPerAccount.forgive(email)]);
    return { id: user.id, email: user.email, name: user.name };
  },
});

const OIDC_ID = "oidc";

interface OidcProfile {
  iss?: string;
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  name?: string;
}

/** An optional OpenID Connect provider, configured entirely from the environment. */
function oidcProvider(): OIDCConfig<OidcProfile>[] {
  const { AUTH_OIDC_ISSUER: issuer, AUTH_OIDC_ID: clientId, AUTH_OIDC_SECRET: clientSecret } = env;
  if (!issuer || !clientId || !clientSecret) return [];
  return [
    {
      id: OIDC_ID,
      name: env.AUTH_OIDC_NAME,
      type: "oidc",
      issuer,
      clientId,
      clientSecret,
      checks: ["pkce", "state", "nonce"],
      profile: (profile) => ({ id: profile.sub, email: typeof profile.email === "string" ? profile.email : null, name: profile.name }),
    },
  ];
}

export const oidcEnabled = oidcProvider().length > 0;

function oidcClaims(profile: OidcProfile | undefined, subject: string | undefined) {
  return {
    issuer: profile?.iss ?? env.AUTH_OIDC_ISSUER ?? "",
    subject: subject ?? profile?.sub ?? "",
    email: profile?.email,
    emailVerified: profile?.email_verified,
  };
}

const config = {
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login", error: "/login" },
  providers: [credentials, ...oidcProvider()],
  callbacks: {
    // OIDC: only a verified email links a new subject, and only to an existing active user (lib/auth/oidc.ts).
    async signIn({ account, profile }) {
      if (account?.provider !== OIDC_ID) return account?.provider === "credentials";
      const outcome = await resolveOidcUser(oidcClaims(profile as OidcProfile | undefined, account.providerAccountId));
      if (!outcome.ok) log.warn({ reason: outcome.reason }, "single sign-on refused");
      return outcome.ok;
    },
    async jwt({ token, user, account, profile }) {
      if (!account) return token;
      // A fresh sign-in: pin the Tollgate user and open a server-side session.
      let userId = user?.id;
      if (account.provider === OIDC_ID) {
        const outcome = await resolveOidcUser(oidcClaims(profile as OidcProfile | undefined, account.providerAccountId));
        userId = outcome.ok ? outcome.userId : undefined;
      }
      if (!userId) throw new Error("sign-in resolved no user");
      return { sub: userId, sid: await openSession(userId), name: token.name, email: token.email };
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.sessionId = token.sid;
      return session;
    },
    // Auth.js's own redirects (single sign-on) stay on this site.
    redirect({ url, baseUrl }) {
      try {
        const target = new URL(url, baseUrl);
        return target.origin === new URL(baseUrl).origin ? target.toString() : baseUrl;
      } catch {
        return baseUrl;
      }
    },
  },
  events: {
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (sid) await closeSession(sid);
    },
  },
} satisfies NextAuthConfig;

export const { handlers, auth, signIn, signOut } = NextAuth(config);
