import { describe, expect, it } from "vitest";
import { deviceReach, groupReach, isResourceKey, siteReach } from "./reach";

const scoped = {
  workspaceId: "w1",
  environment: "test" as const,
  allResources: false,
  deviceIds: ["d1"],
  groupIds: ["g1"],
  siteIds: ["s1"],
};

describe("reach", () => {
  it("always names the workspace and the environment", () => {
    for (const token of [scoped, { ...scoped, allResources: true }]) {
      for (const clause of [deviceReach(token), groupReach(token), siteReach(token)]) {
        expect(clause.workspaceId).toBe("w1");
        expect(clause.environment).toBe("test");
      }
    }
  });

  it("lets a scoped token reach devices directly, by group or by site", () => {
    expect(deviceReach(scoped).OR).toEqual([
      { id: { in: ["d1"] } },
      { groups: { some: { groupId: { in: ["g1"] } } } },
      { siteId: { in: ["s1"] } },
    ]);
  });

  it("limits groups and sites to the chosen ones", () => {
    expect(groupReach(scoped)).toEqual({ workspaceId: "w1", environment: "test", id: { in: ["g1"] } });
    expect(siteReach(scoped)).toEqual({ workspaceId: "w1", environment: "test", id: { in: ["s1"] } });
  });
});

describe("isResourceKey", () => {
  it.each(["ACM-1001", "cmabc123", "a".repeat(64)])("accepts %s", (key) => expect(isResourceKey(key)).toBe(true));
  it.each(["", "a".repeat(65), "a b", "a\u0000", "caf\u00e9", "ACM\u202E1001", "😀"])("refuses %j", (key) =>
    expect(isResourceKey(key)).toBe(false),
  );
});
