// What tests/generated-client/integration.ts reports to the test that runs it
// (kept apart so the project's own tsc never follows an import into the generated client).
export interface Report {
  /** Every request the client sent: the credential headers it chose. */
  sent: { authorization: string | null; apiKey: string | null }[];
  me: { id: string; environment: string };
  walked: string[];
  pages: number;
  conditional: { status: number; etag: string | null; body: string };
  renamed: { status: number; name: string | undefined; staleStatus: number; staleCode: string | undefined };
  limited: { status: number; retryAfter: string | null; code: string | undefined; policy: string | null };
}

export type Run = (baseUrl: string, tokens: { full: string; limited: string }, fetchImpl: typeof fetch) => Promise<Report>;
