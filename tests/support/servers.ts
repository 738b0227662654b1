// The servers `npm test` starts (scripts/test.ts). Not BASE_URL: Vitest
// overwrites that variable in its workers with Vite's base path.
export const BASE_URL = process.env.TEST_BASE_URL ?? "http://127.0.0.1:3100";
/** Behind a "trusted proxy" (TRUST_PROXY=1), without AUTH_URL, 20 failed API authentications per minute per client. */
export const SECOND_BASE_URL = process.env.TEST_SECOND_BASE_URL ?? "http://127.0.0.1:3101";
/** Trusts no proxy; 20 failed API authentications per minute and 5 failed sign-ins per address; single sign-on. */
export const STRICT_BASE_URL = process.env.TEST_STRICT_BASE_URL ?? "http://127.0.0.1:3102";
/** The strict server's AUTH_URL: a name, as in a real deployment, reached at STRICT_BASE_URL. */
export const STRICT_PUBLIC_URL = process.env.TEST_STRICT_PUBLIC_URL ?? "http://tollgate.test:3102";
