// The typed Tollgate API client: openapi-fetch over the generated schema.
//
//   import { tollgate } from "./clients/typescript";
//   const api = tollgate("https://tollgate.example.com", process.env.TOLLGATE_TOKEN!);
//   const { data, error } = await api.GET("/api/v1/devices/{serial}", { params: { path: { serial: "ACM-1001" } } });
import createClient from "openapi-fetch";
import type { paths } from "./schema";

export type { components, paths } from "./schema";

export function tollgate(baseUrl: string, token: string, options: { fetch?: typeof fetch } = {}) {
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` }, fetch: options.fetch });
}
