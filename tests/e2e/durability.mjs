// Durability end to end: a large article, corrected, survives a reload and a
// browser crash (the Chromium process killed with SIGKILL mid-session, then
// started again on the same profile).
//
//   PRESSMARK_DIST=dist node tests/e2e/durability.mjs            3 MB (make test)
//   PRESSMARK_MB=50 PRESSMARK_DIST=dist node tests/e2e/durability.mjs   50 MB
//
// Prints "N passed, M failed" last (exit 1 on failure).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPlaywright, serve, guardRequests, waitSaved, CHROMIUM, CHROMIUM_ARGS } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const dist = path.resolve(root, process.env.PRESSMARK_DIST || 'dist');
const MB = Number(process.env.PRESSMARK_MB || 3);
const { chromium } = loadPlaywright(root);
const results = [];
const problems = [];
const slow = { timeout: Math.max(120000, MB * 12000) };

async function step(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push(true);
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push(false);
    console.log(`FAIL ${name}: ${(e && e.stack) || e}`);
  }
}
function assert(c, m) { if (!c) throw new Error(m || 'assertion failed'); }

// An article of real news paragraphs (the repo's fixtures), numbered so that
// every paragraph is distinct, up to MB megabytes.
function bigArticle(bytes) {
  const dir = path.join(root, 'tests/fixtures');
  const paras = [];
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const t = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).text;
    paras.push(...t.split('\n\n').filter((p) => p.length > 80));
  }
  const out = [`A long file of ${MB} MB of news 📰`];
  let n = out[0].length;
  for (let i = 0; n < bytes; i++) {
    const p = `${i + 1}. ${paras[i % paras.length]}`;
    out.push(p);
    n += Buffer.byteLength(p) + 2;
  }
  return out.join('\n\n');
}

/** Chromium on a profile folder, driven over CDP, so it can be killed. */
async function launch(profile) {
  const proc = spawn(CHROMIUM, [...CHROMIUM_ARGS, '--headless', `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'], {
    detached: true, stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ws = await new Promise((resolve, reject) => {
    let err = '';
    const t = setTimeout(() => reject(new Error(`chromium did not start: ${err.slice(-500)}`)), 30000);
    proc.stderr.on('data', (d) => {
      err += d;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m) { clearTimeout(t); resolve(m[1]); }
    });
    proc.on('exit', (c) => reject(new Error(`chromium exited (${c}): ${err.slice(-500)}`)));
  });
  const browser = await chromium.connectOverCDP(ws);
  const context = browser.contexts()[0];
  return { proc, browser, context };
}

async function open(context, url) {
  const page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(slow.timeout);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  await page.goto(url);
  await page.waitForSelector('.app');
  return page;
}

/** The whole document as the app would download it. */
async function documentOf(page) {
  const [dl] = await Promise.all([
    page.waitForEvent('download', slow),
    (async () => {
      await page.click('#download-button');
      await page.locator('[role="menuitem"][data-format="pressmark"]').click();
    })(),
  ]);
  const f = path.join(os.tmpdir(), `pressmark-durability-${process.pid}-${Date.now()}.json`);
  await dl.saveAs(f);
  const s = fs.readFileSync(f, 'utf8');
  fs.rmSync(f, { force: true });
  return s;
}

const { server, url } = await serve(dist);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pressmark-profile-'));
const text = bigArticle(MB * 1e6);
let run = await launch(profile);
guardRequests(run.context, url, (m) => problems.push(m));
let page = await open(run.context, url);
let saved = null;
let deleted = null;
let relabelled = null;

await step(`${MB} MB article: annotate, correct, every change saved`, async () => {
  const t0 = Date.now();
  // An article this long comes as a file (Open file…), as a user's would.
  const file = path.join(profile, '..', `pressmark-durability-${process.pid}.txt`);
  fs.writeFileSync(file, text);
  await page.waitForSelector('textarea');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('text=Open file…')]);
  await chooser.setFiles(file, slow); // over CDP: the file's bytes travel
  await page.waitForSelector('.article mark[data-id]', slow);
  fs.rmSync(file, { force: true });
  console.log(`     opened and annotated ${(text.length / 1e6).toFixed(1)} M characters in ${Date.now() - t0} ms`);
  await waitSaved(page, slow.timeout);
  console.log(`     first save done at ${Date.now() - t0} ms`);
  // only the paragraphs near the reader are rendered, wherever that is
  const paras = () => page.$$eval('.article .para', (ps) => ps.length);
  assert((await paras()) <= 38, `a window of paragraphs, not all: ${await paras()}`);
  // Scrolled to the end as a reader would: again while the window of
  // paragraphs re-renders and the page's height changes under it (one
  // scroll can land short of a bottom that moved).
  await page.waitForFunction(() => {
    window.scrollTo(0, document.documentElement.scrollHeight);
    return !document.querySelector('.article [data-spacer="below"]') && document.querySelectorAll('.article mark').length > 0;
  }, null, { ...slow, polling: 250 });
  await page.waitForFunction(() => {
    window.scrollTo(0, 0);
    return !document.querySelector('.article [data-spacer="above"]');
  }, null, { ...slow, polling: 250 });
  const ids = await page.$$eval('.article mark[data-id]', (ms) => ms.slice(0, 40).map((m) => [m.dataset.id, m.dataset.label]));
  deleted = ids[0][0];
  relabelled = ids.find(([id, l]) => l !== 'ORG' && id !== deleted)[0];
  await page.click(`.article mark[data-id="${deleted}"]`);
  await page.keyboard.press('Delete');
  await page.waitForSelector(`.article mark[data-id="${deleted}"]`, { state: 'detached' });
  await page.click(`.article mark[data-id="${relabelled}"]`);
  await page.keyboard.press('2'); // ORG
  await page.waitForSelector(`.article mark[data-id="${relabelled}"][data-label="ORG"]`);
  const t1 = Date.now();
  await waitSaved(page);
  console.log(`     two corrections acknowledged ${Date.now() - t1} ms after the last`);
  saved = await documentOf(page);
  assert(JSON.parse(saved).text === text, 'the download holds the article');
});

await step(`${MB} MB article: a reload restores it exactly, with its history`, async () => {
  const t0 = Date.now();
  await page.reload();
  await page.waitForSelector('.article mark[data-id]', slow);
  console.log(`     restored in ${Date.now() - t0} ms`);
  assert(!(await page.isVisible(`.article mark[data-id="${deleted}"]`)), 'the deletion is kept');
  assert(await page.isVisible(`.article mark[data-id="${relabelled}"][data-label="ORG"]`), 'the relabel is kept');
  assert((await documentOf(page)) === saved, 'the same document as before the reload');
  assert(await page.getByRole('button', { name: 'Undo' }).isEnabled(), 'the history is back');
});

await step(`${MB} MB article: killing the browser loses no acknowledged edit`, async () => {
  // one more correction, acknowledged, then the browser dies at once
  await page.keyboard.press('Control+z'); // the relabel, undone
  await page.waitForSelector(`.article mark[data-id="${relabelled}"]:not([data-label="ORG"])`);
  await waitSaved(page);
  const before = await documentOf(page);
  process.kill(-run.proc.pid, 'SIGKILL');
  await new Promise((r) => run.proc.once('exit', r));
  run = await launch(profile);
  guardRequests(run.context, url, (m) => problems.push(m));
  const t0 = Date.now();
  page = await open(run.context, url);
  await page.waitForSelector('.article mark[data-id]', slow);
  console.log(`     after the crash: restored in ${Date.now() - t0} ms`);
  assert((await documentOf(page)) === before, 'the same document as before the crash');
  // the redo stack came back too: redo the relabel
  await page.click('.article');
  await page.keyboard.press('Control+y');
  await page.waitForSelector(`.article mark[data-id="${relabelled}"][data-label="ORG"]`);
});

await step('no page errors, and no request left the origin', async () => {
  assert(problems.length === 0, problems.join('\n'));
});

await run.browser.close().catch(() => {});
try { process.kill(-run.proc.pid, 'SIGKILL'); } catch { /* gone */ }
server.close();
fs.rmSync(profile, { recursive: true, force: true });
const passed = results.filter(Boolean).length;
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(results.length - passed ? 1 : 0);
