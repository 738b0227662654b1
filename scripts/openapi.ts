// `npm run openapi`: regenerates the typed client (clients/typescript) from lib/api.
import fs from "node:fs";

delete process.env.AUTH_URL;
const { generatedFiles } = await import("../clients/typescript/generate");
for (const [file, content] of Object.entries(await generatedFiles())) {
  fs.writeFileSync(file, content);
  console.log(`wrote ${file}`);
}
