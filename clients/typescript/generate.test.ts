import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { generatedFiles } from "./generate";

describe("the typed client", () => {
  it("is generated from the current API document (run `npm run openapi` after changing the API)", async () => {
    for (const [file, content] of Object.entries(await generatedFiles())) {
      expect(fs.existsSync(file), `${file} is missing`).toBe(true);
      expect(fs.readFileSync(file, "utf8") === content, `${file} is stale`).toBe(true);
    }
  });
});
