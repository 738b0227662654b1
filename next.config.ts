import type { NextConfig } from "next";
import { env } from "./lib/env";

// Pages get a nonce-based policy from proxy.ts; everything else (the API, files) runs no script at all.
const apiCsp = "default-src 'none'; frame-ancestors 'none'";

const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];
// HSTS is set by server.ts, and only on responses that went out over HTTPS.

const nextConfig: NextConfig = {
  // Lets the benchmark build and run its own copy without touching .next.
  distDir: env.NEXT_DIST_DIR,
  poweredByHeader: false,
  // The build checks the app's own types; tests, benchmarks and scripts are checked by \`tsc\` in \`npm test\`.
  typescript: { tsconfigPath: "tsconfig.build.json" },
  serverExternalPackages: [
    "@libsql/client",
    "libsql",
    "pg",
    "@prisma/adapter-libsql",
    "@prisma/adapter-pg",
    "rate-limiter-flexible",
    "pino",
    "pino-pretty",
    "prom-client",
    "undici",
  ],
  experimental: {
    serverActions: { bodySizeLimit: "100kb" },
  },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: apiCsp }] },
    ];
  },
};

export default nextConfig;
