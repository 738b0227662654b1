import { OPERATIONS } from "../api/operations";
import type { Scope } from "../scopes";

/**
 * The ready-to-paste requests of the show-once view. Each reads the token
 * from the TOLLGATE_TOKEN environment variable (set once by SHELL_SETUP, never
 * typed into a command line, so never in shell history) and calls an endpoint this token
 * may call: GET /api/v1/token, which every token may, and the list endpoint of
 * the first granted scope that has one (write scopes change data, so they get
 * no paste-and-run example).
 */
export const EXAMPLE_LANGUAGES = ["curl", "javascript", "python"] as const;
export type ExampleLanguage = (typeof EXAMPLE_LANGUAGES)[number];

export const EXAMPLE_LANGUAGE_LABELS: Record<ExampleLanguage, string> = {
  curl: "curl",
  javascript: "JavaScript",
  python: "Python",
};

export const TOKEN_ENV = "TOLLGATE_TOKEN";

/**
 * Step 1 of the show-once view, a command of its own with its own Copy
 * button: it reads the token without echo and without putting it in history.
 * It is never copied together with a call: without bracketed paste, `read`
 * would take the next pasted line as the token, and the token, pasted after,
 * would run as a command and land in shell history (tests/api/paste.test.ts
 * pastes both steps into bash through a pty, with and without bracketed paste).
 */
export const SHELL_SETUP = `read -rs ${TOKEN_ENV} && export ${TOKEN_ENV}`;

/** In a call: the variable, or bash stops with this message instead of sending an empty token. */
const SHELL_TOKEN = `\${${TOKEN_ENV}:?run the read command first}`;

export interface ExampleRequest {
  /** What the request shows, as a sentence. */
  purpose: string;
  path: string;
}

export function exampleRequests(scopes: readonly Scope[]): ExampleRequest[] {
  const requests: ExampleRequest[] = [{ purpose: "Check the token: who it belongs to and what it may do", path: "/api/v1/token" }];
  for (const scope of scopes) {
    const list = OPERATIONS.find((op) => op.scope === scope && op.method === "get" && !op.path.includes("{"));
    if (list) {
      requests.push({ purpose: `${list.summary} (${scope})`, path: list.path });
      break;
    }
  }
  return requests;
}

export function exampleCode(language: ExampleLanguage, origin: string, request: ExampleRequest): string {
  const url = `${origin}${request.path}`;
  switch (language) {
    case "curl":
      return `curl ${url} \\\n  -H "Authorization: Bearer ${SHELL_TOKEN}"`;
    case "javascript":
      return [
        `// Node 18+ as an ES module (a .mjs file, for top-level await), with ${TOKEN_ENV} set in the environment.`,
        `const response = await fetch("${url}", {`,
        `  headers: { Authorization: \`Bearer \${process.env.${TOKEN_ENV}}\` },`,
        "});",
        "console.log(response.status, await response.json());",
      ].join("\n");
    case "python":
      return [
        `# Python 3, standard library only, with ${TOKEN_ENV} set in the environment.`,
        "import json, os, urllib.error, urllib.request",
        "",
        "request = urllib.request.Request(",
        `    "${url}",`,
        `    headers={"Authorization": f"Bearer {os.environ['${TOKEN_ENV}']}"},`,
        ")",
        "try:",
        "    with urllib.request.urlopen(request) as response:",
        "        print(response.status, json.load(response))",
        "except urllib.error.HTTPError as error:  # 401, 403, 429: the body says why",
        "    print(error.code, json.load(error))",
      ].join("\n");
  }
}
