import type { NextConfig } from "next";

// This folder is its own project inside Tollgate's repository: without an explicit root,
// Turbopack takes Tollgate's lockfile's folder as the workspace root and builds Tollgate's proxy.ts.
const root = process.cwd();

const nextConfig: NextConfig = {
  turbopack: { root },
  outputFileTracingRoot: root,
  // The drivers load native code at run time (Next.js keeps pg, libsql and @libsql/client external by default; listed for clarity).
  serverExternalPackages: ["@libsql/client", "libsql", "pg"],
};

export default nextConfig;
