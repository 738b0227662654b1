import { env } from "./env";
import { behindEdge } from "./http/trust";

/** Production refuses to start with a configuration that would be unsafe, saying what to change. */
export function refuseUnsafeConfiguration() {
  if (env.NODE_ENV !== "production") return;
  const edge = behindEdge();
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
