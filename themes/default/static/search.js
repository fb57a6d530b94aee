// Search over the index that `minsheng build` writes to search/ (see src/render/search/).
//
// A classic script, not a module: browsers refuse module scripts on pages
// opened from disk (file://), and search works there too, by loading the
// index's `.js` twins with <script> elements instead of fetching its JSON.
// The core (`search`, `snippet`, `summary`) is plain functions over a
// `fetchJson` callback: under Node (tests/search/) they are exported with
// `module.exports`; in a browser the page code at the bottom runs.
(function () {
  "use strict";

  const STOP_WORDS = new Set(["a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"]);
  // Query words that say little about a project. They are left out when the
  // query has other words, so `elderly people` finds what `elderly` finds and
  // `school projects` what `school` finds; a query of nothing else searches them.
  const VAGUE = new Set(["person", "project"]);
  const PAGE_SIZE = 20;

  // Plural folding: the same rules, in the same order, as `fold` in
  // src/render/search/english.rs (tests/search/english.json tests both).
  const IRREGULAR = new Map([
    ["people", "person"], ["persons", "person"], ["children", "child"],
    ["women", "woman"], ["men", "man"], ["buses", "bus"],
  ]);
  const NOT_PLURAL = new Set(["news", "series", "species", "always", "perhaps", "towards", "whereas", "canvas", "atlas"]);

  function englishWord(word) {
    if (IRREGULAR.has(word)) return IRREGULAR.get(word);
    if (word.length <= 3 || NOT_PLURAL.has(word)) return word;
    if (word.endsWith("ies") && word.length > 4) return `${word.slice(0, -3)}y`;
    for (const ending of ["sses", "ches", "shes", "xes"]) {
      if (word.endsWith(ending)) return word.slice(0, -2);
    }
    if (word.endsWith("s") && !/[sui]s$/.test(word)) return word.slice(0, -1);
    return word;
  }

  const isCjk = (c) => /[\u3400-\u9fff\uf900-\ufaff]/u.test(c);

  // Lowercase, no white space, and Traditional characters in their Simplified
  // form (`t2s` comes from meta.json), as the index is built. `from` and `to`
  // give, for each UTF-16 unit of the result, where the character it came
  // from starts and ends in `text`, so a match can be marked in the original.
  function normalised(text, t2s = {}) {
    let out = "";
    const from = [];
    const to = [];
    let at = 0;
    for (const c of text) {
      if (!/\s/u.test(c)) {
        for (const lower of c.toLowerCase()) {
          const folded = t2s[lower] || lower;
          out += folded;
          for (let i = 0; i < folded.length; i++) {
            from.push(at);
            to.push(at + c.length);
          }
        }
      }
      at += c.length;
    }
    return { text: out, from, to };
  }

  const normalise = (text, t2s = {}) => normalised(text, t2s).text;

  function fnv1a(key) {
    let hash = 0x811c9dc5;
    for (const byte of new TextEncoder().encode(key)) {
      hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    }
    return hash >>> 0;
  }

  // A query's terms: split at anything but letters and digits; a piece with
  // a Chinese character is a Chinese term (it must appear in the text as
  // typed, after normalising), any other an English word (folded to the
  // singular). Every term must match (AND), except vague words (see VAGUE).
  function parseQuery(query, t2s = {}) {
    const chinese = [];
    const english = [];
    for (const piece of query.split(/[^\p{L}\p{N}]+/u)) {
      if (!piece) continue;
      if (Array.from(piece).some(isCjk)) {
        const term = normalise(piece, t2s);
        if (!chinese.includes(term)) chinese.push(term);
        continue;
      }
      const lower = piece.toLowerCase();
      if (STOP_WORDS.has(lower) || !/^[a-z0-9]+$/.test(lower)) continue;
      const word = englishWord(lower);
      if (!english.includes(word)) english.push(word);
    }
    const specific = english.filter((word) => !VAGUE.has(word));
    return { chinese, english: chinese.length > 0 || specific.length > 0 ? specific : english };
  }

  // The index keys a query needs: the Chinese pairs (or the single
  // character) of each term, its English words, its filters.
  function keysFor(plan, filters) {
    const keys = new Set();
    for (const term of plan.chinese) {
      const chars = Array.from(term);
      if (chars.length === 1) keys.add(`z:${chars[0]}`);
      for (let i = 0; i + 1 < chars.length; i++) {
        if (isCjk(chars[i]) || isCjk(chars[i + 1])) keys.add(`z:${chars[i]}${chars[i + 1]}`);
      }
    }
    for (const word of plan.english) keys.add(`e:${word}`);
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
    const others = lists.slice(1).map((list) => new Set(list));
    return lists[0].filter((id) => others.every((set) => set.has(id)));
  }

  // Finds one page of projects: every key must match, and a Chinese term
  // longer than two characters must appear whole in the text (its pairs may
  // occur apart). Terms of one or two characters are their own keys, so the
  // count is exact at once; longer ones are checked only as far as this page
  // and one project more, so the count may be "at least" (`exact: false`).
  async function search(meta, query, filters, fetchJson, page = 1, size = PAGE_SIZE) {
    const plan = parseQuery(query, meta.t2s);
    const keys = keysFor(plan, filters);
    if (keys.length === 0) return { searched: false, results: [], total: 0, exact: true, page: 1, next: false };
    const candidates = intersect(await postings(meta, keys, fetchJson));
    const chunks = new Map();
    const load = (id) => {
      const chunk = Math.floor(id / meta.chunk);
      if (!chunks.has(chunk)) chunks.set(chunk, fetchJson(`search/docs/${chunk}.json`));
      return chunks.get(chunk).then((docs) => docs[id % meta.chunk]);
    };
    let found = candidates;
    let exact = true;
    if (plan.chinese.some((term) => Array.from(term).length > 2)) {
      found = [];
      let i = 0;
      for (; i < candidates.length && found.length <= page * size; i++) {
        const text = normalise((await load(candidates[i])).text_zh, meta.t2s);
        if (plan.chinese.every((term) => text.includes(term))) found.push(candidates[i]);
      }
      exact = i === candidates.length;
    }
    const pages = Math.max(1, Math.ceil(found.length / size));
    if (exact) page = Math.min(page, pages);
    const ids = found.slice((page - 1) * size, page * size);
    const results = await Promise.all(ids.map(async (id) => {
      const doc = await load(id);
      return { ...doc, snippet: snippet(doc, plan, meta.t2s) };
    }));
    const from = (page - 1) * size + 1;
    return { searched: true, results, total: found.length, exact, page, from, to: from + results.length - 1, next: !exact || page < pages };
  }

  // An excerpt of the text that matched: the Chinese text for a Chinese
  // term, else the English text for an English word. Returns the excerpt's
  // language and its pieces, `mark` set on the matched ones; the page makes
  // them text nodes and <mark> elements, never markup.
  function snippet(doc, plan, t2s = {}) {
    if (plan.chinese.length > 0) {
      const { text, from, to } = normalised(doc.text_zh, t2s);
      const ranges = [];
      for (const term of plan.chinese) {
        for (let k = text.indexOf(term); k >= 0; k = text.indexOf(term, k + term.length)) {
          ranges.push([from[k], to[k + term.length - 1]]);
        }
      }
      return { lang: "zh", pieces: excerpt(doc.text_zh, ranges, 20, 80, false) };
    }
    const ranges = [];
    for (const match of (doc.text_en || "").matchAll(/[\p{L}\p{N}]+/gu)) {
      const word = match[0].toLowerCase();
      if (/^[a-z0-9]+$/.test(word) && plan.english.includes(englishWord(word))) {
        ranges.push([match.index, match.index + match[0].length]);
      }
    }
    return { lang: "en", pieces: excerpt(doc.text_en || "", ranges, 60, 200, true) };
  }

  // About `length` characters of `text` from `before` characters ahead of
  // the first range, cut at spaces when `words`, with "…" where cut.
  function excerpt(text, ranges, before, length, words) {
    if (ranges.length === 0) return [];
    ranges.sort((a, b) => a[0] - b[0]);
    const [first, firstEnd] = ranges[0];
    let start = Math.max(0, first - before);
    let end = Math.max(firstEnd, Math.min(text.length, start + length));
    if (words && start > 0) {
      const space = text.indexOf(" ", start);
      if (space >= 0 && space < first) start = space + 1;
    }
    if (words && end < text.length) {
      const space = text.lastIndexOf(" ", end);
      if (space > firstEnd) end = space;
    }
    if (/[\udc00-\udfff]/.test(text[start] || "")) start--;
    if (/[\udc00-\udfff]/.test(text[end] || "")) end++;
    const pieces = [];
    let at = start;
    for (const [a, b] of ranges) {
      if (b <= at || a >= end) continue;
      const markStart = Math.max(a, at);
      const markEnd = Math.min(b, end);
      if (markStart > at) pieces.push({ text: text.slice(at, markStart), mark: false });
      pieces.push({ text: text.slice(markStart, markEnd), mark: true });
      at = markEnd;
    }
    if (at < end) pieces.push({ text: text.slice(at, end), mark: false });
    if (start > 0) pieces.unshift({ text: "…", mark: false });
    if (end < text.length) pieces.push({ text: "…", mark: false });
    return pieces;
  }

  // The sentence the live region says: how many projects, and which are shown.
  // `strings` holds the page's UI strings: none, one, count, atLeast, showing.
  function summary(found, strings) {
    if (found.total === 0) return strings.none;
    const count = !found.exact ? strings.atLeast : found.total === 1 ? strings.one : strings.count;
    let text = count.replace("{count}", String(found.total));
    if (found.page > 1 || found.next) {
      text += ` ${strings.showing.replace("{from}", String(found.from)).replace("{to}", String(found.to))}`;
    }
    return text;
  }

  // Reads an index file: fetched over http(s); from disk, where browsers
  // refuse fetch, its `.js` twin is loaded with a <script> element.
  function loader(root) {
    if (location.protocol !== "file:") {
      return (path) => fetch(root + path).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${path}: ${r.status}`))));
    }
    const store = (window.minshengSearch = window.minshengSearch || {});
    const loading = new Map();
    return (path) => {
      if (!loading.has(path)) {
        loading.set(path, new Promise((resolve, reject) => {
          const script = document.createElement("script");
          script.src = root + path.replace(/\.json$/, ".js");
          script.onload = () => (path in store ? resolve(store[path]) : reject(new Error(path)));
          script.onerror = () => reject(new Error(path));
          document.head.append(script);
        }));
      }
      return loading.get(path);
    };
  }

  // The page: fill the form from the address, search, list one page of results.
  async function runPage(form, status) {
    const params = new URLSearchParams(location.search);
    const query = params.get("q") || "";
    const filters = {};
    for (const name of ["county", "year", "status", "unit"]) {
      filters[name] = params.get(name) || "";
      form.elements[name].value = filters[name];
    }
    // The county field takes a name (its suggestions) or a slug (a link);
    // the index knows slugs. A name no county has finds nothing.
    const county = filters.county.trim();
    if (county) {
      const known = Array.from(document.getElementById("counties").options).find(
        (option) => option.value === county || option.dataset.slug === county,
      );
      filters.county = known ? known.dataset.slug : county;
    }
    // The attribute too, so the query stays in the box even if a later step fails.
    form.elements.q.defaultValue = query;
    form.elements.q.value = query;
    const root = form.dataset.root;
    const lang = document.documentElement.lang === "en" ? "en" : "zh";
    const fetchJson = loader(root);
    const meta = await fetchJson("search/meta.json");
    const units = document.getElementById("units");
    for (const unit of meta.units) {
      const option = document.createElement("option");
      option.value = unit.value;
      option.label = lang === "en" ? unit.en : unit.zh;
      units.append(option);
    }
    const page = Math.max(1, Number.parseInt(params.get("page") || "1", 10) || 1);
    const found = await search(meta, query, filters, fetchJson, page);
    if (!found.searched) return;
    const statusLabels = new Map([...form.elements.status.options].map((o) => [o.value, o.text]));
    const prefix = lang === "en" ? "en/" : "";
    const items = found.results.map((doc) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = `${root}${prefix}${doc.path}index.html`;
      link.textContent = lang === "en" ? doc.en : doc.zh;
      const detail = document.createElement("span");
      detail.className = "meta";
      detail.textContent = `${lang === "en" ? doc.county_en : doc.county_zh} · ${doc.year} · ${statusLabels.get(doc.status) || doc.status}`;
      item.append(link, detail);
      if (doc.snippet.pieces.length > 0) {
        const excerpt = document.createElement("p");
        excerpt.className = "snippet";
        if (doc.snippet.lang !== lang) excerpt.lang = doc.snippet.lang === "en" ? "en" : "zh-CN";
        for (const piece of doc.snippet.pieces) {
          if (!piece.mark) {
            excerpt.append(document.createTextNode(piece.text));
            continue;
          }
          const mark = document.createElement("mark");
          mark.textContent = piece.text;
          excerpt.append(mark);
        }
        item.append(excerpt);
      }
      return item;
    });
    document.getElementById("search-results").replaceChildren(...items);
    const pager = document.getElementById("search-pages");
    const links = [];
    for (const [target, rel, text] of [[found.page - 1, "prev", status.dataset.previous], [found.page + 1, "next", status.dataset.next]]) {
      if (target < 1 || (rel === "next" && !found.next)) continue;
      const address = new URLSearchParams(location.search);
      if (target === 1) address.delete("page");
      else address.set("page", String(target));
      const link = document.createElement("a");
      link.href = `?${address}`;
      link.rel = rel;
      link.textContent = text;
      links.push(link);
    }
    pager.replaceChildren(...links);
    pager.hidden = links.length === 0;
    const d = status.dataset;
    status.textContent = summary(found, { none: d.none, one: d.one, count: d.count, atLeast: d.atLeast, showing: d.showing });
  }

  if (typeof module === "object" && module.exports) {
    module.exports = { PAGE_SIZE, englishWord, normalise, fnv1a, parseQuery, keysFor, search, snippet, summary };
  } else if (typeof document !== "undefined" && document.getElementById("search-form")) {
    const form = document.getElementById("search-form");
    const status = document.getElementById("search-summary");
    runPage(form, status).catch(() => {
      status.textContent = location.protocol === "file:" ? status.dataset.offline : status.dataset.failed;
    });
  }
})();
