// Driver adapters for the Prisma CLI's WebAssembly schema engine, with
// workarounds for engine bugs seen with Prisma 6.19 (see ../shared/STACK.md).
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

type Adapter = Awaited<ReturnType<PrismaLibSQL["connect"]>>;

/**
 * The engine applies a migration file with one parameterless executeRaw, and
 * libsql runs only its first statement; send such scripts to executeScript.
 */
function runWholeScripts(adapter: Adapter): Adapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length === 0 && /;\s*\S/.test(query.sql)) {
      await adapter.executeScript(query.sql);
      return 0;
    }
    return executeRaw(query);
  };
  return adapter;
}

export function sqliteMigrationAdapter(url: string) {
  const factory = new PrismaLibSQL({ url });
  const connect = factory.connect.bind(factory);
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connect = async () => runWholeScripts(await connect());
  factory.connectToShadowDb = async () => runWholeScripts(await connectToShadowDb());
  return factory;
}

/**
 * The pg adapter cannot decode the catalog types `name` (oid 19) and `"char"`
 * (oid 18) that the engine reads; both arrive as strings, so call them text.
 */
function asText(res: pg.QueryResult | undefined) {
  for (const field of res?.fields ?? []) {
    if (field.dataTypeID === 19 || field.dataTypeID === 18) field.dataTypeID = 25;
  }
  return res;
}

class CatalogFriendlyClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: the engine passes untyped driver values
  override query(...args: any[]): any {
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const callback = args[last];
      args[last] = (err: Error, res: pg.QueryResult) => callback(err, asText(res));
    }
    // biome-ignore lint/suspicious/noExplicitAny: the engine passes untyped driver values
    const result = (super.query as any)(...args);
    return result && typeof result.then === "function" ? result.then(asText) : result;
  }
}

export function postgresMigrationAdapter(url: string) {
  const pool = new pg.Pool({ connectionString: url, Client: CatalogFriendlyClient, allowExitOnIdle: true });
  return new PrismaPg(pool);
}

/**
 * After a PostgreSQL command finishes, the CLI keeps 10–60 s timers alive and
 * the process waits for them; long timers must not hold the CLI open.
 */
export function unrefLongTimers() {
  const original = globalThis.setTimeout;
  const patched = ((handler: (...a: unknown[]) => void, ms?: number, ...rest: unknown[]) => {
    const timer = original(handler, ms, ...rest);
    if ((ms ?? 0) >= 5_000) timer.unref?.();
    return timer;
  }) as typeof setTimeout;
  globalThis.setTimeout = Object.assign(patched, original);
}
