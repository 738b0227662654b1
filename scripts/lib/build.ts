// The production build, rebuilt only when the sources changed.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const root = process.cwd();

/**
 * A fingerprint of everything the build reads, so a stale build is rebuilt:
 * file contents, not modification times, so a checkout, a copy into an image
 * or a `touch` does not rebuild what has not changed.
 */
export function sourceFingerprint() {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "generated" && entry.name !== "node_modules") walk(full);
      } else {
        hash.update(`${path.relative(root, full)}\n`);
        hash.update(fs.readFileSync(full));
      }
    }
  };
  for (const dir of ["app", "components", "lib", "public"]) if (fs.existsSync(dir)) walk(dir);
  for (const file of [
    "next.config.ts",
    "proxy.ts",
    "instrumentation.ts",
    "package-lock.json",
    "postcss.config.mjs",
    "tsconfig.json",
    "tsconfig.build.json",
  ]) {
    if (fs.existsSync(file)) hash.update(`${file}\n`).update(fs.readFileSync(file));
  }
  return hash.digest("hex");
}

/** Builds into `distDir` unless a build of the current sources is already there. */
export function ensureBuild(distDir = process.env.NEXT_DIST_DIR || ".next", quiet = false): "reused" | "built" {
  const dist = path.join(root, distDir);
  const marker = path.join(dist, "tollgate-fingerprint");
  const fingerprint = sourceFingerprint();
  const current = fs.existsSync(path.join(dist, "BUILD_ID")) && fs.existsSync(marker) && fs.readFileSync(marker, "utf8") === fingerprint;
  if (current) return "reused";
  if (!quiet) console.log("Building Tollgate (first start or sources changed)…");
  execFileSync(path.join(root, "node_modules", ".bin", "next"), ["build"], {
    stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit",
    env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  fs.writeFileSync(marker, fingerprint);
  return "built";
}
