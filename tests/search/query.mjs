// Runs the site's own search code (themes/default/static/search.js) against a
// built site on disk:
//
//   node query.mjs SITE QUERY [FILTERS-JSON] [PAGE] [PAGE-SIZE]
//
// prints what the page would show, as JSON: the paths of the projects found,
// the total, whether it is exact, the page, whether a next page exists, the
// sentence the live region says on the English page, and each excerpt with
// its matched pieces in <mark> (escaped here as the page's text nodes are).
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { search, summary, PAGE_SIZE } = require("../../themes/default/static/search.js");

const [site, query, filters = "{}", page = "1", size = String(PAGE_SIZE)] = process.argv.slice(2);
const fetchJson = async (path) => JSON.parse(await readFile(`${site}/${path}`, "utf8"));
const meta = await fetchJson("search/meta.json");
const found = await search(meta, query, JSON.parse(filters), fetchJson, Number(page), Number(size));

// The UI strings as the built English search page carries them.
const html = await readFile(`${site}/en/search/index.html`, "utf8");
const attribute = (name) => {
  const value = html.match(new RegExp(`data-${name}="([^"]*)"`))[1];
  return value.replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
};
const strings = {
  none: attribute("none"), one: attribute("one"), count: attribute("count"),
  atLeast: attribute("at-least"), showing: attribute("showing"),
};
const escape = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
console.log(JSON.stringify({
  paths: found.results.map((doc) => doc.path),
  total: found.total,
  exact: found.exact,
  page: found.page,
  next: found.next,
  summary: found.searched ? summary(found, strings) : "",
  snippets: found.results.map((doc) =>
    doc.snippet.pieces.map((p) => (p.mark ? `<mark>${escape(p.text)}</mark>` : escape(p.text))).join("")),
}));
