import { db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { env } from "../env";

/**
 * Who an OpenID Connect sign-in is. Trusted: the ID token's issuer and
 * subject (the provider vouches for them and never reassigns a subject).
 * Not trusted on its own: the email, which an IdP account can claim without
 * owning. So an email is used once, verified, to link a subject to an
 * existing active user; from then on only the subject signs that user in,
 * and a second subject claiming the same email is refused.
 */
export interface OidcClaims {
  issuer: string;
  subject: string;
  email: unknown;
  emailVerified: unknown;
}

export type OidcOutcome = { ok: true; userId: string } | { ok: false; reason: string };

function allowedDomains(raw = env.AUTH_OIDC_ALLOWED_DOMAINS): string[] {
  return raw
    .split(",")
    .map((d) => d.trim().toLowerCase().replace(/^@/, ""))
    .filter(Boolean);
}

function domainAllowed(email: string) {
  const domains = allowedDomains();
  return domains.length === 0 || domains.includes(email.slice(email.lastIndexOf("@") + 1).toLowerCase());
}

export async function resolveOidcUser(claims: OidcClaims): Promise<OidcOutcome> {
  if (!claims.issuer || !claims.subject) return { ok: false, reason: "the provider sent no issuer or subject" };
  const linked = await db.oidcIdentity.findUnique({
    where: { issuer_subject: { issuer: claims.issuer, subject: claims.subject } },
    select: { user: { select: { id: true, email: true, active: true } } },
  });
  if (linked) {
    if (!linked.user.active) return { ok: false, reason: "the user is deactivated" };
    // The allowed domains apply to every sign-in, so narrowing them locks out linked accounts too.
    if (!domainAllowed(linked.user.email)) return { ok: false, reason: "the user's email domain is no longer allowed" };
    return { ok: true, userId: linked.user.id };
  }

  // First single sign-on of this subject: link it by a verified email, once.
  // Some providers send the claim as the string "true".
  if (claims.emailVerified !== true && claims.emailVerified !== "true") {
    return { ok: false, reason: "the provider has not verified the email" };
  }
  if (typeof claims.email !== "string" || !claims.email.includes("@")) return { ok: false, reason: "no email" };
  const email = claims.email.trim().toLowerCase();
  if (!domainAllowed(email)) return { ok: false, reason: "the email's domain is not allowed" };
  const user = await db.user.findUnique({ where: { email }, select: { id: true, active: true } });
  if (!user?.active) return { ok: false, reason: "no active user has that email" };
  try {
    // The (userId, issuer) constraint refuses a second subject for a user already linked.
    await db.oidcIdentity.create({ data: { issuer: claims.issuer, subject: claims.subject, userId: user.id, email } });
  } catch (error) {
    if (isUniqueViolation(error)) {
      return { ok: false, reason: "the user is already linked to another account of this provider" };
    }
    throw error;
  }
  return { ok: true, userId: user.id };
}
