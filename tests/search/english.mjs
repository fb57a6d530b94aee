// Checks search.js's plural folding against the cases the Rust index is
// tested with (tests/search/english.json): prints nothing and exits 0 when
// every case agrees, else prints the cases that do not.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { englishWord } = require("../../themes/default/static/search.js");

const cases = JSON.parse(await readFile(new URL("english.json", import.meta.url), "utf8"));
const wrong = [];
for (const [word, singular] of cases) {
  if (englishWord(word) !== singular) wrong.push(`${word} → ${englishWord(word)}, not ${singular}`);
  if (englishWord(singular) !== singular) wrong.push(`${singular} → ${englishWord(singular)}, not itself`);
}
if (cases.length < 20) wrong.push(`only ${cases.length} cases`);
if (wrong.length > 0) {
  console.log(wrong.join("\n"));
  process.exit(1);
}
