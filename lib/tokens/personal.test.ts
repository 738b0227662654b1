import { describe, expect, it } from "vitest";
import { mayCreatePersonalTokens, ownerProblem, roleCapReason, scopesForRole } from "./personal";

describe("personal token role cap", () => {
  it("gives members read scopes only, without the audit log; admins and owners everything", () => {
    expect(scopesForRole("member")).toEqual(["devices:read", "groups:read", "sites:read"]);
    expect(scopesForRole("admin")).toContain("devices:write");
    expect(scopesForRole("owner")).toContain("audit:read");
    expect(roleCapReason("member", "devices:read")).toBeNull();
    expect(roleCapReason("member", "sites:write")).toMatch(/members can only read/);
    expect(roleCapReason("member", "audit:read")).toMatch(/audit log/);
    expect(roleCapReason("admin", "sites:write")).toBeNull();
  });

  it("stops a token whose owner left, was deactivated, or lost the setting", () => {
    const on = { deactivated: false, personalTokensEnabled: true };
    expect(ownerProblem({ ...on, role: "member" })).toBeNull();
    expect(ownerProblem({ ...on, role: null })).toBe("owner_inactive");
    expect(ownerProblem({ ...on, role: "owner", deactivated: true })).toBe("owner_inactive");
    expect(ownerProblem({ ...on, role: "member", personalTokensEnabled: false })).toBe("personal_tokens_off");
    // Admins and owners may always hold their own.
    expect(ownerProblem({ ...on, role: "admin", personalTokensEnabled: false })).toBeNull();
    expect(mayCreatePersonalTokens("member", false)).toBe(false);
    expect(mayCreatePersonalTokens("member", true)).toBe(true);
    expect(mayCreatePersonalTokens("owner", false)).toBe(true);
  });
});
