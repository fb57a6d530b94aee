// Search over the index that `minsheng build` writes to search/ (see src/render/search.rs).
// The core (`search`) is plain functions over a `fetchJson` callback, so the
// tests run it under Node against a built site; the page code at the bottom
// only runs in a browser.

const STOP_WORDS = new Set(["a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"]);
export const RESULTS = 50;

// Lowercase, no white space, and Traditional characters in their Simplified
// form (`t2s` comes from meta.json), as the index is built.
export function normalise(text, t2s = {}) {
  return Array.from(text.replace(/\s+/gu, "").toLowerCase(), (c) => t2s[c] || c).join("");
}

const isCjk = (c) => /[\u3400-\u9fff\uf900-\ufaff]/u.test(c);

export function fnv1a(key) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(key)) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

// The index keys a query needs: Chinese pairs (or the single character), English words, filters.
export function keysFor(query, filters, t2s = {}) {
  const keys = new Set();
  const text = normalise(query, t2s);
  const chars = Array.from(text);
  if (chars.length === 1 && isCjk(chars[0])) keys.add(`z:${chars[0]}`);
  for (let i = 0; i + 1 < chars.length; i++) {
    if (isCjk(chars[i]) || isCjk(chars[i + 1])) keys.add(`z:${chars[i]}${chars[i + 1]}`);
  }
  for (let word of query.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (!word || STOP_WORDS.has(word) || !/^[a-z0-9]+$/.test(word)) continue;
    if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) word = word.slice(0, -1);
    keys.add(`e:${word}`);
  }
  for (const [prefix, value] of [["c", filters.county], ["y", filters.year], ["s", filters.status], ["u", filters.unit]]) {
    if (value) keys.add(`${prefix}:${value}`);
  }
  return [...keys];
}

async function postings(meta, keys, fetchJson) {
  const shards = new Map();
  for (const key of keys) {
    const shard = fnv1a(key) % meta.shards;
    if (!shards.has(shard)) shards.set(shard, fetchJson(`search/index/${shard}.json`).catch(() => ({})));
  }
  const lists = [];
  for (const key of keys) {
    const deltas = (await shards.get(fnv1a(key) % meta.shards))[key] || [];
    let id = 0;
    lists.push(deltas.map((delta) => (id += delta)));
  }
  return lists;
}

function intersect(lists) {
  if (lists.length === 0) return [];
  lists.sort((a, b) => a.length - b.length);
  return lists[0].filter((id) => lists.every((list) => list.includes(id)));
}

// Finds projects: every key must match, and a Chinese query must appear as typed.
export async function search(meta, query, filters, fetchJson) {
  const keys = keysFor(query, filters, meta.t2s);
  if (keys.length === 0) return { results: [], complete: true, searched: false };
  const candidates = intersect(await postings(meta, keys, fetchJson));
  const needle = normalise(query, meta.t2s);
  const checkText = Array.from(needle).some(isCjk);
  const chunks = new Map();
  const results = [];
  for (const id of candidates) {
    const chunk = Math.floor(id / meta.chunk);
    if (!chunks.has(chunk)) chunks.set(chunk, await fetchJson(`search/docs/${chunk}.json`));
    const doc = chunks.get(chunk)[id % meta.chunk];
    if (checkText && !doc.text.includes(needle)) continue;
    results.push(doc);
    if (results.length === RESULTS) return { results, complete: false, searched: true };
  }
  return { results, complete: true, searched: true };
}

// The page: read the form from the address, search, list the results.
async function runPage() {
  const form = document.getElementById("search-form");
  const root = form.dataset.root;
  const lang = document.documentElement.lang === "en" ? "en" : "zh";
  const fetchJson = (path) => fetch(root + path).then((r) => (r.ok ? r.json() : Promise.reject(r.status)));
  const meta = await fetchJson("search/meta.json");
  const units = document.getElementById("units");
  for (const unit of meta.units) {
    const option = document.createElement("option");
    option.value = unit.value;
    option.label = lang === "en" ? unit.en : unit.zh;
    units.append(option);
  }
  const params = new URLSearchParams(location.search);
  const query = params.get("q") || "";
  const filters = {};
  for (const name of ["county", "year", "status", "unit"]) {
    filters[name] = params.get(name) || "";
    form.elements[name].value = filters[name];
  }
  form.elements.q.value = query;
  const found = await search(meta, query, filters, fetchJson);
  const summary = document.getElementById("search-summary");
  const list = document.getElementById("search-results");
  list.replaceChildren();
  if (!found.searched) return;
  const statusLabels = new Map([...form.elements.status.options].map((o) => [o.value, o.text]));
  const count = found.results.length;
  const template = summary.dataset[count === 0 ? "none" : !found.complete ? "more" : count === 1 ? "one" : "count"];
  summary.textContent = template.replace("{count}", String(count));
  const prefix = lang === "en" ? "en/" : "";
  for (const doc of found.results) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = `${root}${prefix}${doc.path}index.html`;
    link.textContent = lang === "en" ? doc.en : doc.zh;
    const detail = document.createElement("span");
    detail.className = "meta";
    detail.textContent = `${lang === "en" ? doc.county_en : doc.county_zh} · ${doc.year} · ${statusLabels.get(doc.status) || doc.status}`;
    item.append(link, detail);
    list.append(item);
  }
}

if (typeof document !== "undefined" && document.getElementById("search-form")) {
  runPage().catch(() => {
    const summary = document.getElementById("search-summary");
    summary.textContent = summary.dataset.failed;
  });
}
