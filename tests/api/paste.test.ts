// Issue 23, item 4: the show-once view's shell steps, pasted into a real
// interactive bash through a pty (util-linux `script`), with a terminal that
// supports bracketed paste and one that does not. The token must reach the
// API, never run as a command, never be echoed and never land in history.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exampleCode, SHELL_SETUP } from "@/lib/tokens/examples";
import { BASE_URL, makeToken } from "./helpers";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A terminal on a pty running `bash -i`. `paste` sends text as a terminal
 * would: wrapped in ESC[200~ … ESC[201~ when the terminal supports bracketed
 * paste and the program has switched it on (bash does at its prompt and off
 * while a command such as `read` runs), raw otherwise.
 */
function terminal(bracketedPaste: boolean) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "tollgate-paste-"));
  dirs.push(home);
  const history = path.join(home, ".bash_history");
  const child = spawn("script", ["-qfec", "bash --norc --noprofile -i", "/dev/null"], {
    env: { NODE_ENV: "test", PATH: process.env.PATH, HOME: home, TERM: "xterm-256color", HISTFILE: history, PS1: "$ ", LANG: "C.UTF-8" },
  });
  let screen = "";
  child.stdout.on("data", (chunk: Buffer) => (screen += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (screen += chunk.toString()));
  const modeOn = () => screen.lastIndexOf("\x1b[?2004h") > screen.lastIndexOf("\x1b[?2004l");
  const until = async (done: () => boolean, what: string, ms = 10_000) => {
    const deadline = Date.now() + ms;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${JSON.stringify(screen)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const settle = () => new Promise((r) => setTimeout(r, 300));
  return {
    history,
    screen: () => screen,
    until,
    async paste(text: string) {
      child.stdin.write(bracketedPaste && modeOn() ? `\x1b[200~${text}\x1b[201~` : text);
      await settle();
    },
    async enter() {
      child.stdin.write("\r");
      await settle();
    },
    async exit() {
      child.stdin.write("exit\r");
      await new Promise((resolve) => child.on("exit", resolve));
    },
  };
}

describe("the show-once view's shell steps, pasted into bash", () => {
  it.each([
    ["a terminal with bracketed paste", true],
    ["a terminal without bracketed paste", false],
  ])("in %s: the token reaches the API and never runs, shows or lands in history", async (_label, bracketed) => {
    const token = await makeToken({ label: "pasted" });
    const call = exampleCode("curl", BASE_URL, { purpose: "", path: "/api/v1/token" });
    const term = terminal(bracketed);
    await term.until(() => term.screen().includes("$ "), "the first prompt");

    // Step 1: copy the read command, paste it, press Enter. Step 2: copy the token, paste it, press Enter.
    await term.paste(SHELL_SETUP);
    await term.enter();
    await term.paste(token.value);
    await term.enter();
    // Step 3: copy the call, paste it, press Enter.
    await term.paste(call);
    await term.enter();
    await term.until(() => term.screen().includes(`"id":"${token.id}"`), "the API's answer naming the token");
    await term.exit();

    const screen = term.screen();
    expect(screen).not.toContain("command not found");
    expect(screen, "the token was echoed").not.toContain(token.value);
    const history = fs.readFileSync(term.history, "utf8");
    expect(history).toContain("read -rs TOLLGATE_TOKEN");
    expect(history).toContain("/api/v1/token");
    expect(history, "the token is in shell history").not.toContain(token.value);
  });

  it("a call pasted before the variable is set stops with a message instead of sending an empty token", async () => {
    const term = terminal(true);
    await term.until(() => term.screen().includes("$ "), "the first prompt");
    await term.paste(exampleCode("curl", BASE_URL, { purpose: "", path: "/api/v1/token" }));
    await term.enter();
    await term.until(() => term.screen().includes("TOLLGATE_TOKEN: run the read command first"), "bash's message");
    await term.exit();
    expect(term.screen()).not.toContain('"error"');
  });
});
