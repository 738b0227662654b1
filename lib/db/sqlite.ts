import { createClient, type Client, type Config } from "@libsql/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";

const BUSY_TIMEOUT_MS = 5_000;

/**
 * libsql hands its connection to each transaction and opens a new one for
 * the next statement, so a busy_timeout set once is lost after the first
 * transaction, and a writer meeting another process's lock fails at once
 * with "database is locked". This client sets it on every new connection.
 * Transactions also begin IMMEDIATE (Prisma asks for DEFERRED): taking the
 * write lock up front lets busy_timeout queue writers from other processes,
 * where upgrading a read snapshot to a write would fail outright.
 */
export class PatientLibSQL extends PrismaLibSQL {
  /** The client Prisma's statements go through, also used for the hot reads (lib/db/client.ts `readRows`). */
  client: Client | null = null;

  override createClient(config: Config): Client {
    const client = createClient(config);
    this.client = client;
    const execute = client.execute.bind(client);
    const batch = client.batch.bind(client);
    const transaction = client.transaction.bind(client);
    let fresh = true;
    const prepare = async () => {
      if (!fresh) return;
      fresh = false;
      await execute(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    };
    client.execute = (async (...args: Parameters<Client["execute"]>) => {
      await prepare();
      return execute(...args);
    }) as Client["execute"];
    client.batch = (async (...args: Parameters<Client["batch"]>) => {
      await prepare();
      return batch(...args);
    }) as Client["batch"];
    client.transaction = (async () => {
      await prepare();
      const tx = await transaction("write");
      fresh = true;
      return tx;
    }) as Client["transaction"];
    return client;
  }
}
