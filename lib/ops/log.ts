import pino, { type Logger } from "pino";
import pretty from "pino-pretty";
import { env } from "../env";

/**
 * One structured logger for the process (pino): JSON lines for a collector,
 * pretty-printed when stdout is a terminal (`npm start` on a laptop) or
 * LOG_FORMAT=pretty. Nothing secret goes in: no token value, hash, cookie or
 * request body; API request lines name the token by id.
 */
function createLogger(): Logger {
  const options = { level: env.LOG_LEVEL, base: { service: "tollgate", pid: process.pid } };
  const wantsPretty = env.LOG_FORMAT === "pretty" || (env.LOG_FORMAT === undefined && process.stdout.isTTY === true);
  if (!wantsPretty) return pino(options);
  return pino(options, pretty({ sync: true, colorize: process.stdout.isTTY === true, ignore: "pid,hostname,service" }));
}

const globalLog = globalThis as unknown as { tollgateLog?: Logger };
export const log = (globalLog.tollgateLog ??= createLogger());
