/** Runs once when the server starts: refuse to run in production without an auth secret. */
export function register() {
  if (process.env.NODE_ENV === "production" && !process.env.AUTH_SECRET) {
    console.error(
      "\nTollgate cannot start: AUTH_SECRET is not set.\n" +
        "Set it to a long random value, e.g. AUTH_SECRET=$(openssl rand -base64 32)\n" +
        "(`npm start` generates a local one for you; `next start` on its own does not).\n",
    );
    process.exit(1);
  }
}
