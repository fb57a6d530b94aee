// Phone, larger-text and print checks of the real site, in headless Chromium.
// Called by run.sh after the a11y checks:  node phone.mjs real=DIR
//
// - At 375 px, normal and larger text, Chinese and English: a notice page
//   never scrolls sideways, no element sticks out of the window, and every
//   project's card shows its amount and status inside the window. A notice
//   that states no amounts shows no amount in its cards.
// - At 375 and 320 px with larger text on: the header's links and the text
//   size button each stay on one line, and the button says how to go back.
// - Printed (print media, A4), a project page is exactly one page, with
//   its county, QR code and responsible units, and without the navigation,
//   the footer, the search link or the print instruction.
// Exit status 0 only when every check passes.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { launch, serve } from './check.mjs';

const NOTICE = 'wulong/2024/';             // states amounts; two-level groups and subtotals
const NOTICE_NO_AMOUNTS = 'liangshan/2024/'; // the real notice that states none
const LANGS = { zh: '', en: 'en/' };
const PHONE = 375;
const NARROW = 320;
const KEY = 'minsheng-large-text'; // text-size.js keeps the reader's choice here
const LABELS = { // site.large_text and site.standard_text in themes/default/i18n
  zh: { off: '长辈版（大字）', on: '恢复标准字号' },
  en: { off: 'Larger text', on: 'Standard text' },
};

const failures = [];
const fail = (what) => failures.push(what);

// Turns larger text on or off with the page's own button, as a reader does,
// then reloads so the page starts in that state, as the next page would.
async function textSize(tab, lang, on) {
  const where = new URL(tab.url()).pathname;
  const button = tab.locator('#text-size');
  const large = () => tab.evaluate(() => document.documentElement.classList.contains('large-text'));
  if ((await large()) !== on) await button.click();
  await tab.reload({ waitUntil: 'load' });
  if ((await large()) !== on) fail(`${where}: the text size button did not turn larger text ${on ? 'on' : 'off'}`);
  const state = await button.evaluate((b) => ({ label: b.textContent.trim(), pressed: b.getAttribute('aria-pressed') }));
  const want = LABELS[lang][on ? 'on' : 'off'];
  if (state.label !== want) fail(`${where}: with larger text ${on ? 'on' : 'off'} the button says “${state.label}”, not “${want}”`);
  if (state.pressed !== null) fail(`${where}: the button changes its label, so aria-pressed="${state.pressed}" would contradict it`);
  const stored = await tab.evaluate((key) => localStorage.getItem(key), KEY);
  if (on && stored !== '1') fail(`${where}: larger text is not remembered (localStorage ${KEY}=${stored})`);
}

// Runs in the page: what sticks out of the window, and each card's figures.
function phoneLayout() {
  const width = window.innerWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '')
    + [...el.classList].map((c) => `.${c}`).join('');
  const wide = [...document.querySelectorAll('*')]
    .filter((el) => el.getBoundingClientRect().right > width + 1)
    .map((el) => `${name(el)} (right ${Math.round(el.getBoundingClientRect().right)})`);
  const shown = (el) => {
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= width + 1
      && getComputedStyle(el).visibility === 'visible';
  };
  // The projects the notice lists, as its table links them.
  const projects = [...document.querySelectorAll('table.projects th a')].map((a) => a.getAttribute('href'));
  const cards = [...document.querySelectorAll('.project-card')].map((card) => ({
    href: card.querySelector('.card-title a')?.getAttribute('href'),
    title: shown(card.querySelector('.card-title a')),
    amount: card.querySelector('.card-amount dd') ? shown(card.querySelector('.card-amount dd')) : null,
    amountText: card.querySelector('.card-amount dd')?.textContent.trim() ?? null,
    status: shown(card.querySelector('.card-status .status')),
  }));
  return { width, scrollWidth: document.documentElement.scrollWidth, wide, projects, cards };
}

async function checkNotice(context, origin, page, lang, large, amounts) {
  const label = `${page} at ${PHONE}px${large ? ', larger text' : ''}`;
  const tab = await context.newPage();
  try {
    await tab.setViewportSize({ width: PHONE, height: 800 });
    await tab.goto(origin + '/' + page, { waitUntil: 'load' });
    await textSize(tab, lang, large);
    await tab.evaluate(() => document.fonts.ready);
    const o = await tab.evaluate(phoneLayout);
    if (o.scrollWidth > PHONE) fail(`${label}: the page scrolls sideways (scrollWidth ${o.scrollWidth})`);
    if (o.wide.length) fail(`${label}: ${o.wide.length} elements stick out of the window: ${o.wide.slice(0, 5).join(', ')}`);
    if (o.projects.length === 0) fail(`${label}: no project in the table`);
    const byHref = new Map(o.cards.map((c) => [c.href, c]));
    if (o.cards.length !== o.projects.length) fail(`${label}: ${o.cards.length} cards for ${o.projects.length} projects`);
    for (const href of o.projects) {
      const card = byHref.get(href);
      if (!card) { fail(`${label}: no card for ${href}`); continue; }
      if (!card.title) fail(`${label}: the name of ${href} is not visible`);
      if (!card.status) fail(`${label}: the status of ${href} is not visible`);
      if (amounts && card.amount !== true) fail(`${label}: the amount of ${href} is not visible`);
      if (!amounts && card.amount !== null) fail(`${label}: the notice states no amounts, yet the card of ${href} shows “${card.amountText}”`);
    }
    return o.cards.length;
  } finally {
    await tab.close();
  }
}

// Runs in the page: each header tool's height against its line height.
function headerTools() {
  return [...document.querySelectorAll('.site-header .tools > *')].map((el) => {
    const style = getComputedStyle(el);
    let line = parseFloat(style.lineHeight);
    if (Number.isNaN(line)) line = parseFloat(style.fontSize) * 1.2; // "normal"
    const r = el.getBoundingClientRect();
    // A button's height includes its padding and border.
    const box = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom)
      + parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
    return { text: el.textContent.trim(), height: r.height - box, line, right: r.right, shown: r.width > 0 };
  });
}

async function checkHeader(context, origin, page, lang, width) {
  const label = `${page} at ${width}px, larger text`;
  const tab = await context.newPage();
  try {
    await tab.setViewportSize({ width, height: 800 });
    await tab.goto(origin + '/' + page, { waitUntil: 'load' });
    await textSize(tab, lang, true);
    await tab.evaluate(() => document.fonts.ready);
    const tools = await tab.evaluate(headerTools);
    const search = tools.find((t) => t.text === (lang === 'zh' ? '搜索' : 'Search'));
    if (!search) fail(`${label}: no search link in the header`);
    for (const t of tools) {
      if (!t.shown) fail(`${label}: “${t.text}” is not shown`);
      else if (t.height >= 2 * t.line) fail(`${label}: “${t.text}” wraps (${Math.round(t.height)}px high, line ${t.line}px)`);
      if (t.right > width + 1) fail(`${label}: “${t.text}” sticks out of the window`);
    }
  } finally {
    await tab.close();
  }
}

// Pages in a PDF: its /Type /Page objects, not the /Pages tree.
const pdfPages = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;

async function checkPrint(context, origin, page, large) {
  const label = `${page} printed${large ? ' with larger text on' : ''}`;
  const tab = await context.newPage();
  try {
    await tab.setViewportSize({ width: 1280, height: 800 });
    await tab.goto(origin + '/' + page, { waitUntil: 'load' });
    await textSize(tab, page.startsWith('en/') ? 'en' : 'zh', large);
    await tab.emulateMedia({ media: 'print' });
    await tab.evaluate(() => document.fonts.ready);
    const seen = await tab.evaluate(() => {
      const shown = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility === 'visible';
      const all = (sel) => [...document.querySelectorAll(sel)];
      return {
        nav: all('nav').filter(shown).map((n) => n.getAttribute('aria-label')),
        footer: all('footer').some(shown),
        search: all('a[href*="search/"]').some(shown),
        instruction: all('.qr figcaption .screen-only').some(shown),
        board: all('.board-heading').filter(shown).map((b) => b.textContent.trim()),
        qr: shown(document.querySelector('.qr svg')),
        units: shown(document.querySelector('.item .fields')),
      };
    });
    if (seen.nav.length) fail(`${label}: navigation is printed (${seen.nav.join(', ')})`);
    if (seen.footer) fail(`${label}: the footer is printed`);
    if (seen.search) fail(`${label}: the search link is printed`);
    if (seen.instruction) fail(`${label}: the print instruction is printed`);
    if (seen.board.length !== 1) fail(`${label}: no county heading is printed`);
    if (!seen.qr) fail(`${label}: the QR code is not printed`);
    if (!seen.units) fail(`${label}: the responsible units are not printed`);
    const pages = pdfPages(await tab.pdf({ format: 'A4', preferCSSPageSize: true }));
    if (pages !== 1) fail(`${label}: prints on ${pages} A4 pages, not 1`);
    return seen.board[0];
  } finally {
    await tab.close();
  }
}

async function main(argv) {
  const site = argv.find((a) => a.startsWith('real='))?.slice('real='.length);
  if (!site) {
    console.error('usage: node phone.mjs real=DIR');
    return 2;
  }
  setTimeout(() => { console.error('phone: gave up after 10 minutes'); process.exit(1); }, 600_000).unref();
  const root = path.resolve(site);
  // Every project page of the real site is printed, in both languages.
  const projects = [];
  for (const county of await fs.readdir(root, { withFileTypes: true })) {
    if (!county.isDirectory() || ['en', 'static', 'search', 'about', 'data'].includes(county.name)) continue;
    for (const year of await fs.readdir(path.join(root, county.name), { withFileTypes: true })) {
      if (!/^\d{4}$/.test(year.name)) continue;
      for (const p of await fs.readdir(path.join(root, county.name, year.name), { withFileTypes: true })) {
        if (p.isDirectory() && p.name !== 'source') projects.push(`${county.name}/${year.name}/${p.name}/`);
      }
    }
  }
  const { server, origin } = await serve(root);
  const browser = await launch();
  const t0 = Date.now();
  let cards = 0;
  try {
    for (const [lang, prefix] of Object.entries(LANGS)) {
      for (const large of [false, true]) {
        cards += await checkNotice(browser.context, origin, prefix + NOTICE, lang, large, true);
        cards += await checkNotice(browser.context, origin, prefix + NOTICE_NO_AMOUNTS, lang, large, false);
      }
      for (const width of [PHONE, NARROW]) await checkHeader(browser.context, origin, prefix + NOTICE, lang, width);
    }
    for (const prefix of Object.values(LANGS)) {
      for (const p of projects) await checkPrint(browser.context, origin, prefix + p, false);
    }
    await checkPrint(browser.context, origin, projects[0], true);
  } finally {
    await browser.close();
    server.close();
  }
  for (const f of failures) console.log(`phone ${f}`);
  if (browser.external.length) console.log(`phone requests to other hosts: ${browser.external.join(' ')}`);
  console.log(`phone: ${cards} project cards, ${2 * projects.length + 1} printed project pages, `
    + `${failures.length} problems, ${Math.round((Date.now() - t0) / 1000)}s`);
  return failures.length === 0 && browser.external.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error) => {
  console.error(error);
  process.exitCode = 1;
});
