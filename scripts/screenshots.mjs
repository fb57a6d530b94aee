// Full-page PNG screenshots of built sites, for docs/screenshots/. Called by
// screenshots.sh:  node screenshots.mjs OUT_DIR real=DIR demo=DIR
// Reuses the a11y checker's static server and Chromium set-up (and its node_modules).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { launch, serve } from './a11y/check.mjs';

// name-LANG-WIDTH.png for each page, language and width, and at 375 px
// name-LANG-375-top.png, the first screen.
const SHOTS = [
  { name: 'home', site: 'real', page: '' },
  { name: 'notice', site: 'real', page: 'wulong/2024/' },
  { name: 'project', site: 'real', page: 'wulong/2024/g2-p02/' },
  { name: 'demo-project', site: 'demo', page: 'sample/2024/p01/' }, // has progress reports
];
const LANGS = { zh: '', en: 'en/' };
const WIDTHS = [1280, 375];

const [out, ...siteArgs] = process.argv.slice(2);
const sites = Object.fromEntries(siteArgs.map((a) => a.split(/=(.*)/s).slice(0, 2)));
await fs.mkdir(out, { recursive: true });
const servers = {};
for (const [name, root] of Object.entries(sites)) servers[name] = await serve(path.resolve(root));
const browser = await launch();
let failed = 0;
try {
  for (const shot of SHOTS) {
    for (const [lang, prefix] of Object.entries(LANGS)) {
      for (const width of WIDTHS) {
        const file = path.join(out, `${shot.name}-${lang}-${width}.png`);
        const tab = await browser.context.newPage({});
        try {
          await tab.setViewportSize({ width, height: 800 });
          const res = await tab.goto(`${servers[shot.site].origin}/${prefix}${shot.page}`);
          if (!res.ok()) throw new Error(`HTTP ${res.status()}`);
          await tab.evaluate(() => document.fonts.ready);
          await tab.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
          console.log(`wrote ${path.relative(process.cwd(), file)}`);
          if (width === 375) {
            // What a phone shows first, for the README (a full phone page is metres long).
            const top = file.replace(/\.png$/, '-top.png');
            await tab.setViewportSize({ width, height: 760 });
            await tab.screenshot({ path: top, fullPage: false, animations: 'disabled', caret: 'hide' });
            console.log(`wrote ${path.relative(process.cwd(), top)}`);
          }
        } catch (error) {
          failed += 1;
          console.error(`${file}: ${error.message.split('\n')[0]}`);
        } finally {
          await tab.close();
        }
      }
    }
  }
} finally {
  await browser.close();
  for (const { server } of Object.values(servers)) server.close();
}
if (browser.external.length) console.error(`blocked requests to other hosts: ${browser.external.join(' ')}`);
process.exitCode = failed ? 1 : 0;
