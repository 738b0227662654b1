/**
 * Runs once when the server starts: refuse to run in production with an
 * unsafe configuration, then start the token verifier's revocation listener.
 */
export async function register() {
  // NEXT_RUNTIME is Next.js's build-time constant, not a setting (lib/env.ts holds those).
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./lib/env");
  const { behindEdge } = await import("./lib/http/trust");
  if (env.NODE_ENV === "production") refuseUnsafeConfiguration(env, behindEdge());
  const { startVerifier } = await import("./lib/tokens/verify");
  startVerifier();
}

function refuseUnsafeConfiguration(env: import("./lib/env").Env, edge: boolean) {
  const problems: string[] = [];
  if (!env.AUTH_SECRET) {
    problems.push(
      "AUTH_SECRET is not set.\n" +
        "Set it to a long random value, e.g. AUTH_SECRET=$(openssl rand -base64 32)\n" +
        "(`npm start` generates a local one for you; `next start` on its own does not).",
    );
  }
  if (!edge) {
    problems.push(
      "it was started without its edge server, so it cannot tell a client's address from a forged header.\n" +
        "Start it with `npm start`, or `node --import tsx server.ts -p PORT` after `next build`; not with `next start`.",
    );
  }
  if (env.AUTH_OIDC_ISSUER && !env.AUTH_URL) {
    problems.push(
      "AUTH_OIDC_ISSUER is set but AUTH_URL is not.\n" +
        "Single sign-on needs the public URL the identity provider redirects back to, e.g. AUTH_URL=https://tollgate.example.com",
    );
  }
  if (problems.length > 0) {
    for (const problem of problems) console.error(`\nTollgate cannot start: ${problem}\n`);
    process.exit(1);
  }
}
