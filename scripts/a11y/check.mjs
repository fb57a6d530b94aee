// Accessibility (axe-core in headless Chromium) and HTML validity (Nu HTML
// Checker) checks over built sites. Called by run.sh, which builds the sites:
//
//   node check.mjs real=DIR demo=DIR          check PAGES below; exit 1 on any problem
//   node check.mjs --self-test demo=DIR       break a copy of one page; exit 0 only if
//                                             both axe and vnu notice
import { spawn } from 'node:child_process';
import { createReadStream, promises as fs } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

// One page of each type. Every path is checked in Chinese (site root) and in
// English (under en/). Edit freely: a listed page that was not built is an error.
export const PAGES = {
  real: [
    '',                     // home: provinces
    'chongqing/',           // province: its counties' notices
    'wulong/',              // county
    'wulong/2024/',         // notice (year)
    'wulong/2024/g2-p02/',  // project
    'wulong/2024/source/',  // notice as published
    'search/',              // search form
    'search/?q=people&page=2', // search results: excerpts, <mark>, page links
    'about/',               // who publishes, checks, accessibility, licence
    'data/',                // every download
  ],
  demo: [
    '',                     // home, with the sample-data banner
    'sample/',              // county
    'sample/2024/',         // notice with progress
    'sample/2024/p01/',     // project with reports
    'sample/2024/p02/',     // project with reports (and a literal ** warning)
  ],
};
const LANGS = ['', 'en/'];
// The page the self-test breaks: a notice page, which has the big table.
const SELF_TEST = { site: 'demo', page: 'en/sample/2024/' };

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const WIDTHS = [1280, 360]; // axe runs at both; overflow is checked at the narrow one
// Each page is checked at normal and at larger text (长辈版), set as text-size.js
// keeps a reader's choice: the larger text changes colours, spacing and layout.
const TEXT_SIZES = [{ name: '', stored: '0' }, { name: 'larger text', stored: '1' }];
const TEXT_SIZE_KEY = 'minsheng-large-text';
const PAGE_TIMEOUT_MS = 20_000;
const VNU_TIMEOUT_MS = 180_000;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  // Without the background-networking flags Chromium keeps calling Google's
  // hosts, which this machine's closed network refuses.
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const MIME = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

// Serves ROOT on 127.0.0.1 at a free port, like a plain static web server:
// a folder answers with its index.html, a folder without its slash redirects.
export async function serve(root) {
  const server = createServer(async (req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.join(root, path.normalize(urlPath));
    if (!file.startsWith(path.resolve(root))) return res.writeHead(403).end();
    try {
      if ((await fs.stat(file)).isDirectory()) {
        if (!urlPath.endsWith('/')) return res.writeHead(301, { location: urlPath + '/' }).end();
        file = path.join(file, 'index.html');
      }
      await fs.access(file);
    } catch {
      return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
    res.writeHead(200, { 'content-type': MIME[path.extname(file)] || 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

// Headless Chromium with a fresh profile; every request to a host other than
// 127.0.0.1 is aborted and recorded in `external`.
export async function launch() {
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'minsheng-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000,
  });
  context.setDefaultTimeout(PAGE_TIMEOUT_MS);
  const external = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    external.push(url.href);
    return route.abort();
  });
  const close = async () => {
    await context.close();
    await fs.rm(profile, { recursive: true, force: true });
  };
  return { context, external, close };
}

const withTimeout = (promise, ms, what) => Promise.race([
  promise,
  new Promise((_, fail) => setTimeout(() => fail(new Error(`${what}: timed out after ${ms} ms`)), ms).unref()),
]);

function run(cmd, args, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', (error) => resolve({ code: -1, stdout, stderr: String(error) }));
    child.on('close', (code, signal) => resolve({ code: signal ? -1 : code, stdout, stderr }));
  });
}

// Nu HTML Checker over FILES (one JVM for all). Returns [{file, line, column, message, extract}].
async function vnu(files) {
  const jar = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build/dist/vnu.jar');
  const { code, stderr } = await run('java', ['-jar', jar, '--errors-only', '--format', 'json', ...files], VNU_TIMEOUT_MS);
  let messages;
  try {
    messages = JSON.parse(stderr).messages; // vnu writes its JSON report to stderr
  } catch {
    // Fail closed: a checker that did not run must not read as "no errors".
    return [{ file: '(vnu)', line: 0, column: 0, message: `vnu exited ${code}: ${stderr.slice(0, 500)}` }];
  }
  return messages.filter((m) => m.type !== 'info').map((m) => ({
    file: m.url ? decodeURIComponent(new URL(m.url).pathname) : '(vnu)',
    line: m.lastLine ?? 0, column: m.firstColumn ?? m.lastColumn ?? 0,
    message: m.message, extract: (m.extract || '').replace(/\s+/g, ' ').trim(),
  }));
}

// Runs in the page: when the document is wider than the window, names the
// outermost elements that stick out (ignoring those inside a scrolling box).
function overflowInPage() {
  const width = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth <= width) return null;
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const culprits = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.getBoundingClientRect().right > width + 0.5 && !clipped(el)
        && !culprits.some((c) => c.contains(el))) culprits.push(el);
  }
  const name = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '')
    + [...el.classList].map((c) => `.${c}`).join('');
  return { width, scrollWidth, culprits: culprits.slice(0, 5).map(name) };
}

// Loads each page at each width and text size, runs axe, checks overflow at
// the narrow width and collects failed and external requests.
async function browserChecks(pages) {
  const axeSource = await fs.readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const browser = await launch();
  const found = new Map(); // rule|page|target -> violation
  const other = [];        // overflow, external and failed requests, load errors
  try {
    for (const p of pages) {
      for (const width of WIDTHS) for (const size of TEXT_SIZES) {
        const at = size.name ? `${width}px, ${size.name}` : `${width}px`;
        const tab = await browser.context.newPage();
        // Every tab sets the choice: the profile's storage is shared between tabs.
        await tab.addInitScript(([key, value]) => {
          try { localStorage.setItem(key, value); } catch {}
        }, [TEXT_SIZE_KEY, size.stored]);
        const seenExternal = browser.external.length;
        tab.on('response', (r) => { if (r.status() >= 400) other.push(`${p.label}: HTTP ${r.status()} for ${r.url()}`); });
        try {
          await tab.setViewportSize({ width, height: 800 });
          const res = await tab.goto(p.url, { waitUntil: 'load' });
          if (!res || !res.ok()) throw new Error(`HTTP ${res ? res.status() : '?'}`);
          const large = await tab.evaluate(() => document.documentElement.classList.contains('large-text'));
          if (large !== (size.stored === '1')) other.push(`${p.label} at ${at}: larger text is ${large ? 'on' : 'off'}`);
          // A page with a query fills itself in by script (search): wait until its live region reports.
          if (p.page.includes('?')) {
            await tab.waitForFunction(() => document.querySelector('[role=status]')?.textContent.trim(), null, { timeout: PAGE_TIMEOUT_MS });
          }
          await tab.evaluate(axeSource); // evaluate, not a <script> tag: no CSP can block it
          const result = await withTimeout(tab.evaluate((tags) => window.axe.run(document, {
            runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
          }), AXE_TAGS), PAGE_TIMEOUT_MS, `axe on ${p.label}`);
          for (const v of result.violations) {
            for (const node of v.nodes) {
              const target = node.target.flat().join(' ');
              const key = `${v.id}|${p.label}|${target}`;
              const detail = [...node.any, ...node.all, ...node.none].map((c) => c.message).filter(Boolean)[0] || '';
              if (found.has(key)) found.get(key).widths.push(at);
              else found.set(key, { rule: v.id, impact: v.impact, page: p.label, target, help: v.help, helpUrl: v.helpUrl, detail, widths: [at] });
            }
          }
          if (width === Math.min(...WIDTHS)) {
            const o = await tab.evaluate(overflowInPage);
            if (o) other.push(`${p.label}: overflows horizontally at ${at} (scrollWidth ${o.scrollWidth}); sticking out: ${o.culprits.join(', ') || '?'}`);
          }
        } catch (error) {
          other.push(`${p.label} at ${at}: ${error.message.split('\n')[0]}`);
        } finally {
          await tab.close();
        }
        for (const url of browser.external.slice(seenExternal)) other.push(`${p.label}: request to another host blocked: ${url}`);
      }
    }
  } finally {
    await browser.close();
  }
  return { violations: [...found.values()], other: [...new Set(other)] };
}

// Starts a server per site and runs the browser checks and vnu side by side.
async function checkPages(sites, pages) {
  const servers = {};
  try {
    for (const [name, root] of Object.entries(sites)) servers[name] = await serve(root);
    const missing = [];
    for (const p of pages) {
      const pagePath = p.page.split('?')[0]; // a query (?q=…) changes what scripts show, not the file
      p.file = path.join(sites[p.site], pagePath, pagePath.endsWith('.html') ? '' : 'index.html');
      p.url = servers[p.site].origin + '/' + p.page;
      try { await fs.access(p.file); } catch { p.missing = true; missing.push(`${p.label}: page not built (${p.file})`); }
    }
    const present = pages.filter((p) => !p.missing);
    const [browser, html] = await Promise.all([browserChecks(present), vnu(present.map((p) => p.file))]);
    const byFile = new Map(present.map((p) => [path.resolve(p.file), p.label]));
    for (const e of html) e.page = byFile.get(path.resolve(e.file)) || e.file;
    return { violations: browser.violations, other: [...missing, ...browser.other], html };
  } finally {
    for (const { server } of Object.values(servers)) server.close();
  }
}

function report({ violations, other, html }) {
  for (const v of violations) {
    console.log(`axe  ${v.rule} (${v.impact})  ${v.page}  ${v.target}  [${v.widths.join('; ')}]`);
    console.log(`       ${v.help}${v.detail ? ` — ${v.detail}` : ''}  ${v.helpUrl}`);
  }
  for (const e of html) {
    console.log(`vnu  ${e.page}:${e.line}:${e.column}  ${e.message}${e.extract ? `  «${e.extract.slice(0, 120)}»` : ''}`);
  }
  for (const o of other) console.log(`page ${o}`);
}

const t0 = Number(process.env.A11Y_START_MS) || Date.now();
const seconds = () => Math.round((Date.now() - t0) / 1000);

async function selfTest(sites) {
  const copy = await fs.mkdtemp(path.join(os.tmpdir(), 'minsheng-a11y-selftest-'));
  try {
    await fs.cp(sites[SELF_TEST.site], copy, { recursive: true });
    const file = path.join(copy, SELF_TEST.page, 'index.html');
    let html = await fs.readFile(file, 'utf8');
    // The regression we fear: the table loses its caption and header scopes.
    html = html.replace(/<caption[\s\S]*?<\/caption>/g, '').replace(/\sscope=("?)[a-z]+\1/g, '');
    // What the checks must catch: an image without alt (axe: image-alt) and an
    // element left open (vnu: end tag with open elements).
    const broken = html.replace(/<main\b[^>]*>/, '$&<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p><span>unclosed</p>');
    if (broken === html) throw new Error(`self-test: no <main> in ${file}, cannot break the page`);
    await fs.writeFile(file, broken);

    const label = `${SELF_TEST.site}:/${SELF_TEST.page} (broken copy)`;
    const result = await checkPages({ [SELF_TEST.site]: copy }, [{ site: SELF_TEST.site, page: SELF_TEST.page, label }]);
    report(result);
    const axeOk = result.violations.some((v) => v.rule === 'image-alt');
    // Only errors located in the broken file count: a vnu that failed to run reports none there.
    const vnuOk = result.html.some((e) => path.resolve(e.file) === path.resolve(file));
    console.log(`a11y self-test: axe ${axeOk ? 'caught' : 'MISSED'} the image without alt (${result.violations.length} violations), `
      + `vnu ${vnuOk ? 'caught' : 'MISSED'} the broken markup (${result.html.length} errors), ${seconds()}s`);
    return axeOk && vnuOk ? 0 : 1;
  } finally {
    await fs.rm(copy, { recursive: true, force: true });
  }
}

async function main(argv) {
  const selfTesting = argv.includes('--self-test');
  const sites = Object.fromEntries(argv.filter((a) => a.includes('=')).map((a) => {
    const [name, dir] = a.split(/=(.*)/s);
    return [name, path.resolve(dir)];
  }));
  if (Object.keys(sites).length === 0 || Object.keys(sites).some((name) => !PAGES[name])) {
    console.error(`usage: node check.mjs [--self-test] SITE=DIR... (SITE: ${Object.keys(PAGES).join(', ')})`);
    return 2;
  }
  // Bounded runtime even if Chromium or the JVM hangs.
  setTimeout(() => { console.error('a11y: gave up after 10 minutes'); process.exit(1); }, 600_000).unref();
  if (selfTesting) return selfTest(sites);

  const pages = [];
  for (const [site, list] of Object.entries(PAGES)) {
    if (!sites[site]) continue;
    for (const lang of LANGS) for (const page of list) pages.push({ site, page: lang + page, label: `${site}:/${lang + page}` });
  }
  const result = await checkPages(sites, pages);
  report(result);
  const problems = result.violations.length + result.html.length + result.other.length;
  console.log(`a11y: ${pages.length} pages, ${result.violations.length} axe violations, ${result.html.length} HTML errors, `
    + `${result.other.length} other problems (overflow, other hosts, failed loads), ${seconds()}s`);
  return problems === 0 ? 0 : 1;
}

// Run only when executed, so screenshots.mjs can import serve() and launch().
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
