// `npm run build`: the production build `npm start` and the tests use, with
// the fingerprint that lets them reuse it (scripts/lib/build.ts).
import { ensureBuild } from "./lib/build";

console.log(ensureBuild() === "reused" ? "The build is current." : "Built.");
