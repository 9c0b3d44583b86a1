// Compiles scss/portal.scss and copies GOV.UK Frontend's JS and assets into ../static/govuk.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "static", "govuk");
const govuk = join(here, "node_modules", "govuk-frontend", "dist", "govuk");

mkdirSync(out, { recursive: true });
const result = sass.compile(join(here, "scss", "portal.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter()],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "portal.css"), result.css);
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
// The stylesheet refers to these images (the crest, icons); collectstatic's manifest
// storage refuses a stylesheet whose references are missing. The GDS Transport font is
// not copied: it is for GOV.UK domains only, so the portal uses Arial.
cpSync(join(govuk, "assets", "images"), join(out, "assets", "images"), { recursive: true });
console.log("built", join(out, "portal.css"));
