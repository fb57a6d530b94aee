// Runs the site's own search code (themes/default/static/search.js) against a
// built site on disk: `node query.mjs SITE QUERY [FILTERS-JSON]` prints the
// paths of the projects found, as JSON.
import { readFile } from "node:fs/promises";
import { search } from "../../themes/default/static/search.js";

const [site, query, filters = "{}"] = process.argv.slice(2);
const fetchJson = async (path) => JSON.parse(await readFile(`${site}/${path}`, "utf8"));
const meta = await fetchJson("search/meta.json");
const found = await search(meta, query, JSON.parse(filters), fetchJson);
console.log(JSON.stringify(found.results.map((doc) => doc.path)));
