/** Runs once when the server starts: refuse to run in production with an unsafe configuration. */
export function register() {
  if (process.env.NODE_ENV !== "production" || process.env.NEXT_RUNTIME !== "nodejs") return;
  const problems: string[] = [];
  if (!process.env.AUTH_SECRET) {
    problems.push(
      "AUTH_SECRET is not set.\n" +
        "Set it to a long random value, e.g. AUTH_SECRET=$(openssl rand -base64 32)\n" +
        "(`npm start` generates a local one for you; `next start` on its own does not).",
    );
  }
  if (process.env.TOLLGATE_EDGE !== "1") {
    problems.push(
      "it was started without its edge server, so it cannot tell a client's address from a forged header.\n" +
        "Start it with `npm start`, or `node --import tsx server.ts -p PORT` after `next build`; not with `next start`.",
    );
  }
  if (process.env.AUTH_OIDC_ISSUER && !process.env.AUTH_URL) {
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
