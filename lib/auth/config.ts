import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { Provider } from "next-auth/providers";
import { z } from "zod";
import { db } from "../db/client";
import { clientIp } from "../http/client";
import { limits } from "../rate-limit";
import { verifyPassword } from "./password";

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
  password: z.string().min(1, "Enter your password").max(256),
});

class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
}

// Spent on unknown emails too, so timing does not reveal which accounts exist.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

const credentials = Credentials({
  credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
  async authorize(raw, request) {
    const parsed = credentialsSchema.safeParse(raw);
    if (!parsed.success) return null;
    const { email, password } = parsed.data;
    const ip = clientIp(request.headers);
    if (!limits.signInPerIp.hit(ip).allowed || !limits.signInPerAccount.hit(`${email}|${ip}`).allowed) {
      throw new TooManyAttempts();
    }
    const user = await db.user.findUnique({ where: { email }, omit: { passwordHash: false } });
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || !user.active) return null;
    limits.signInPerAccount.reset(`${email}|${ip}`);
    return { id: user.id, email: user.email, name: user.name };
  },
});

/** An optional OpenID Connect provider, configured entirely from the environment. */
function oidcProvider(): Provider[] {
  const { AUTH_OIDC_ISSUER: issuer, AUTH_OIDC_ID: clientId, AUTH_OIDC_SECRET: clientSecret } = process.env;
  if (!issuer || !clientId || !clientSecret) return [];
  return [
    {
      id: "oidc",
      name: process.env.AUTH_OIDC_NAME ?? "Single sign-on",
      type: "oidc",
      issuer,
      clientId,
      clientSecret,
    },
  ];
}

export const oidcEnabled = oidcProvider().length > 0;

const config = {
  trustHost: true,
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [credentials, ...oidcProvider()],
  callbacks: {
    // OIDC sign-in is allowed only for an existing, active Tollgate user with the same email.
    async signIn({ user, account }) {
      if (account?.provider === "credentials") return true;
      const email = user.email?.toLowerCase();
      if (!email) return false;
      const known = await db.user.findUnique({ where: { email } });
      return Boolean(known?.active);
    },
    async jwt({ token, user }) {
      if (user?.email) {
        const known = await db.user.findUnique({ where: { email: user.email.toLowerCase() } });
        if (known) token.sub = known.id;
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
} satisfies NextAuthConfig;

export const { handlers, auth, signIn, signOut } = NextAuth(config);
