import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { callAction, signIn } from "../support/actions";
import { freshUser, uniqueName } from "../support/factories";
import { BASE_URL } from "../support/servers";

afterAll(() => db.$disconnect());

async function introspect(token: string) {
  const res = await fetch(`${BASE_URL}/api/v1/token`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
}

describe("tokens belong to the workspace, not to their creator", () => {
  it("keeps working after its creator is deactivated and then removed", async () => {
    const user = await freshUser("admin");
    const cookie = await signIn(BASE_URL, user.email);
    const created = await callAction(BASE_URL, cookie, "createTokenAction", [
      "acme",
      { name: uniqueName("Outlives its maker"), expiry: "7d", scopes: ["devices:read"], access: "all" },
    ]);
    const token = created.result!.data as { id: string; plaintext: string };

    await db.user.update({ where: { id: user.id }, data: { active: false } });
    expect((await introspect(token.plaintext)).status).toBe(200);

    await db.user.delete({ where: { id: user.id } });
    const after = await introspect(token.plaintext);
    expect(after.status).toBe(200);
    expect(after.body.data.workspace.name).toBe("Acme Robotics");
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.createdById).toBeNull();
    // Its history survives too, with the actor's email kept.
    const events = await db.auditEvent.findMany({ where: { tokenId: token.id } });
    expect(events.map((e) => e.actorEmail)).toEqual([user.email]);
  });
});
