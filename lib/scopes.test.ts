import { describe, expect, it } from "vitest";
import { SCOPES, SCOPE_GROUPS, parseScopes, scopeSchema, serializeScopes } from "./scopes";

describe("scope catalogue", () => {
  it("lists exactly the documented scopes, each in the group of its resource", () => {
    expect(SCOPES).toEqual(["devices:read", "devices:write", "groups:read", "groups:write", "sites:read", "sites:write", "audit:read"]);
    for (const group of SCOPE_GROUPS) for (const s of group.scopes) expect(s.id.split(":")[0]).toBe(group.resource);
  });

  it("validates with the zod enum", () => {
    expect(scopeSchema.safeParse("devices:read").success).toBe(true);
    expect(scopeSchema.safeParse("devices:delete").success).toBe(false);
    expect(scopeSchema.safeParse("DEVICES:READ").success).toBe(false);
  });

  it("round-trips through storage in catalogue order and drops unknown values", () => {
    const stored = serializeScopes(["sites:read", "devices:read"]);
    expect(stored).toBe("devices:read sites:read");
    expect(parseScopes(stored)).toEqual(["devices:read", "sites:read"]);
    expect(parseScopes("devices:read admin:all")).toEqual(["devices:read"]);
    expect(parseScopes("")).toEqual([]);
  });
});
