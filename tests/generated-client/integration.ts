// A small integration an integrator would write against a client that
// @hey-api/openapi-ts generated from the served OpenAPI document. It is not
// compiled with the project: tests/api/generated-client.test.ts generates the
// client into test-results/hey-api/gen, copies this file beside it, checks
// both with tsc (so the generated types must fit the calls below), then runs
// it against the test server and asserts what it reports.
import { createClient, createConfig } from "./gen/client";
import { getDevice, getSite, getToken, listDevices, listSites, renameSite } from "./gen/sdk.gen";
import type { Device, RenameRequest } from "./gen/types.gen";
import type { Report, Run } from "./report";

export const run: Run = async (baseUrl, tokens, fetchImpl) => {
  const sent: Report["sent"] = [];
  const recording: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    sent.push({ authorization: request.headers.get("authorization"), apiKey: request.headers.get("x-api-key") });
    return fetchImpl(request);
  };
  // The document names one scheme (bearer): the generated client fills it from `auth`.
  const client = createClient(createConfig({ baseUrl, auth: tokens.full, fetch: recording }));

  const me = await getToken({ client, throwOnError: true });

  // Walk every page of devices, following next_cursor until null.
  const walked: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listDevices({ client, query: { limit: 7, ...(cursor ? { cursor } : {}) }, throwOnError: true });
    const devices: Device[] = page.data.data;
    walked.push(...devices.map((d) => d.serial));
    cursor = page.data.next_cursor ?? undefined;
    pages += 1;
  } while (cursor);

  // A conditional GET: the ETag from the first read makes the second a 304 without a body.
  const first = await getDevice({ client, path: { serial: walked[0] }, throwOnError: true });
  const etag = first.response.headers.get("etag") ?? "";
  const again = await getDevice({ client, path: { serial: walked[0] }, headers: { "If-None-Match": etag } });
  const conditional = { status: again.response.status, etag: again.response.headers.get("etag"), body: JSON.stringify(again.data ?? "") };

  // A rename guarded by If-Match; the same ETag again is stale once the rename happened.
  const [firstSite] = (await listSites({ client, query: { limit: 1 }, throwOnError: true })).data.data;
  const sites = await getSite({ client, path: { id: firstSite.id }, throwOnError: true });
  const siteTag = sites.response.headers.get("etag") ?? "";
  const body: RenameRequest = { name: `${sites.data.data.name} (renamed)` };
  const renamed = await renameSite({ client, path: { id: sites.data.data.id }, headers: { "If-Match": siteTag }, body });
  const stale = await renameSite({ client, path: { id: sites.data.data.id }, headers: { "If-Match": siteTag }, body: { name: "Stale" } });
  await renameSite({ client, path: { id: sites.data.data.id }, body: { name: sites.data.data.name }, throwOnError: true });

  // A token with a limit of 2 a minute: the third call is 429 with Retry-After.
  const small = createClient(createConfig({ baseUrl, auth: tokens.limited, fetch: recording }));
  let limited = await getToken({ client: small });
  for (let i = 0; i < 3 && limited.response.status !== 429; i++) limited = await getToken({ client: small });

  return {
    sent,
    me: { id: me.data.data.id, environment: me.data.data.environment },
    walked,
    pages,
    conditional,
    renamed: {
      status: renamed.response.status,
      name: renamed.data?.data.name,
      staleStatus: stale.response.status,
      staleCode: stale.error?.error.code,
    },
    limited: {
      status: limited.response.status,
      retryAfter: limited.response.headers.get("retry-after"),
      code: limited.error?.error.code,
      policy: limited.response.headers.get("ratelimit-policy"),
    },
  };
};

// Types the generated client must get right, or tsc fails on this file.
export async function typesOnly(client: ReturnType<typeof createClient>) {
  // @ts-expect-error limit is a number, not a string
  await listDevices({ client, query: { limit: "7" } });
  // @ts-expect-error a rename needs a name
  await renameSite({ client, path: { id: "x" }, body: {} });
  // @ts-expect-error the error shape has no `status` field: it is error.code, error.message, error.request_id
  (await getToken({ client })).error?.error.status;
}
