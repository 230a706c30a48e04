// The app's journey in headless Chromium, timed, on two real-news articles.
//
//   NODE_PATH=.tools/node/node_modules node tests/bench/browser.mjs [20k] [5mb]
//
// Env: PRESSMARK_DIST (default dist), PRESSMARK_CHROMIUM, BENCH_ARTICLE_20K /
// BENCH_ARTICLE_5MB (text files to use instead of building them from
// tests/fixtures/*.json), BENCH_TIMEOUT_MS (per wait for the 5 MB article,
// default 120000; the 20,000-word one gets a quarter of it).
//
// Prints progress on stderr and ONE line of JSON on stdout:
//   {"date", "chromium", "dist", "runs": {"20k": {...}, "5mb": {...}}}
// Every measure is a number or null; when it is null, `na[measure]` says
// why. The script never relies on anything but these hooks of the app: the
// 'Article text' textarea, the 'Annotate' button, `.article mark` (with
// data-id), the Delete key on a selected highlight, the performance.measure
// 'pressmark:annotate' (in the page or in a worker), and long tasks.

import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';
import { loadPlaywright, serve, CHROMIUM, CHROMIUM_ARGS } from '../e2e/lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const dist = path.resolve(root, process.env.PRESSMARK_DIST || 'dist');
const TIMEOUT = +(process.env.BENCH_TIMEOUT_MS || 120000);
const log = (...a) => console.error('  [browser]', ...a);

function out(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

// ------------------------------------------------------------ articles
/** Every paragraph of tests/fixtures/*.json, in file order. */
function paragraphs() {
  const dir = path.join(root, 'tests/fixtures');
  const ps = [];
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const t = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).text || '';
    for (const p of t.split(/\n\s*\n/)) if (p.trim()) ps.push(p.trim());
  }
  return ps;
}
const countWords = (s) => s.split(/\s+/).filter(Boolean).length;

/** The same articles as tests/bench/corpus.py: paragraphs repeated until
 *  the article has `words` words or `bytes` bytes. */
function article(kind) {
  const env = process.env[kind === '20k' ? 'BENCH_ARTICLE_20K' : 'BENCH_ARTICLE_5MB'];
  if (env) return fs.readFileSync(env, 'utf8');
  const ps = paragraphs();
  const outp = [];
  let words = 0, bytes = 0;
  for (let i = 0; kind === '20k' ? words < 20000 : bytes < 5_000_000; i++) {
    const p = ps[i % ps.length];
    outp.push(p);
    words += countWords(p);
    bytes += Buffer.byteLength(p) + 2;
  }
  return outp.join('\n\n') + '\n';
}

// ------------------------------------------------------------ in the page
/** Installed before the app loads: long tasks, and a cheap test for "a
 *  highlight is visible in the viewport" (hit tests down the article's
 *  column, then the marks of the paragraphs hit; no query over the whole
 *  document, so the probe itself costs little on a 5 MB article). */
function pageInit() {
  window.__long = [];
  const keep = (es) => { for (const e of es) window.__long.push({ start: e.startTime, dur: e.duration }); };
  try {
    window.__longObs = new PerformanceObserver((l) => keep(l.getEntries()));
    window.__longObs.observe({ type: 'longtask', buffered: true });
  } catch (e) { window.__longError = String(e); }
  // long animation frames (a frame's whole work: tasks, rAF, style, layout)
  window.__loaf = [];
  const keepF = (es) => { for (const e of es) window.__loaf.push({ start: e.startTime, dur: e.duration }); };
  try {
    window.__loafObs = new PerformanceObserver((l) => keepF(l.getEntries()));
    window.__loafObs.observe({ type: 'long-animation-frame', buffered: true });
  } catch { /* older browsers */ }
  // the wasm memories this page instantiates (not the workers')
  window.__wasmMemories = [];
  const note = (p) => p.then((r) => {
    try {
      const inst = r.instance || r;
      for (const v of Object.values(inst.exports || {})) if (v instanceof WebAssembly.Memory) window.__wasmMemories.push(v);
    } catch { /* only a measure */ }
    return r;
  });
  for (const k of ['instantiate', 'instantiateStreaming']) {
    const f = WebAssembly[k];
    if (f) WebAssembly[k] = function (...a) { return note(f.apply(this, a)); };
  }
  window.__bench = {
    /** The longest task overlapping [a, b] (0: none over 50 ms). */
    async longest(a, b) {
      await new Promise((r) => setTimeout(r, 100)); // let the entries arrive
      if (window.__longObs) keep(window.__longObs.takeRecords());
      return Math.max(0, ...window.__long.filter((e) => e.start + e.dur > a && e.start < b).map((e) => e.dur));
    },
    /** The longest animation frame overlapping [a, b] (0: none over 50 ms). */
    longestFrame(a, b) {
      if (window.__loafObs) keepF(window.__loafObs.takeRecords());
      return Math.max(0, ...window.__loaf.filter((e) => e.start + e.dur > a && e.start < b).map((e) => e.dur));
    },
    wasmMB() {
      return window.__wasmMemories.reduce((s, m) => s + m.buffer.byteLength, 0) / 1e6;
    },
    frame() {
      return new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    },
    twoFrames() {
      return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    },
    /** A `.article mark` inside the viewport, or null. */
    visibleMark() {
      const art = document.querySelector('.article');
      if (!art) return null;
      const r = art.getBoundingClientRect();
      const H = innerHeight, W = innerWidth;
      const inView = (m) => {
        const q = m.getBoundingClientRect();
        return q.width > 0 && q.height > 0 && q.bottom > 0 && q.top < H && q.right > 0 && q.left < W;
      };
      const seen = new Set();
      const xs = [0.15, 0.5, 0.85].map((f) => Math.min(W - 1, Math.max(0, r.left + f * r.width)));
      for (let y = 4; y < H; y += 16) {
        for (const x of xs) {
          const el = document.elementFromPoint(x, y);
          if (!el || !art.contains(el)) continue;
          const m = el.closest('mark');
          if (m && inView(m)) return m;
          const block = el.closest('.para, p') || el;
          if (seen.has(block) || block === art) continue;
          seen.add(block);
          for (const mm of block.querySelectorAll('mark')) if (inView(mm)) return mm;
        }
      }
      return null;
    },
    /** Resolves {ms, found} once a highlight is visible (then one painted
     *  frame), timing from `t0`. */
    async waitVisible(t0, timeout) {
      for (;;) {
        await new Promise((r) => requestAnimationFrame(r));
        const m = window.__bench.visibleMark();
        if (m) {
          await window.__bench.frame();
          return { ms: performance.now() - t0, found: true };
        }
        if (performance.now() - t0 > timeout) return { ms: performance.now() - t0, found: false };
      }
    },
    /** Times the next input in the page itself, free of Playwright's
     *  round trips: from the `start` event (its timeStamp) until, after the
     *  `after` event, a frame shows `gone` absent and `present` present, and
     *  one more frame has begun (so that frame was painted). The result is
     *  the promise window.__armed: {t0, t1, ok}. */
    arm({ start, after, gone, present, timeout }) {
      window.__armed = new Promise((resolve) => {
        let t0 = null;
        const cap = { capture: true };
        const onStart = (e) => { if (t0 === null) t0 = e.timeStamp; };
        const onAfter = (e) => {
          if (t0 === null) t0 = e.timeStamp;
          removeEventListener(start, onStart, cap);
          removeEventListener(after, onAfter, cap);
          const done = () => {
            if (gone && document.querySelector(gone)) return false;
            if (present) {
              const m = document.querySelector(present);
              if (!m || !m.getClientRects().length) return false;
            }
            return true;
          };
          const tick = () => {
            if (done()) requestAnimationFrame(() => resolve({ t0, t1: performance.now(), ok: true }));
            else if (performance.now() - t0 > timeout) resolve({ t0, t1: performance.now(), ok: false });
            else requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        };
        addEventListener(start, onStart, cap);
        addEventListener(after, onAfter, cap);
      });
    },
    maxScroll() {
      const s = document.scrollingElement || document.documentElement;
      return Math.max(0, s.scrollHeight - innerHeight);
    },
  };
}

// ------------------------------------------------------------ one run
async function run(chromium, url, kind) {
  const text = article(kind);
  const bytes = Buffer.byteLength(text);
  const timeout = kind === '5mb' ? TIMEOUT : Math.max(30000, TIMEOUT / 4);
  const r = { words: countWords(text), bytes, timeout_ms: timeout, na: {} };
  const na = (k, why) => { r[k] = null; r.na[k] = why; log(`${kind} ${k}: n/a (${why})`); };
  const short = (e) => String((e && e.message) || e).split('\n')[0].slice(0, 160);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const problems = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(pageInit);
    const page = await context.newPage();
    const first = (t) => String(t).split('\n').filter((x) => x.trim()).slice(0, 2).join(' ').slice(0, 240);
    page.on('pageerror', (e) => problems.push(`page error: ${first(e.message)}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${first(m.text())}`); });
    page.on('crash', () => problems.push('the page crashed'));
    const cdp = await context.newCDPSession(page);
    await page.goto(url);
    await page.getByLabel('Article text').waitFor({ timeout: 30000 });
    /** Arms the page's timer (window.__bench.arm), runs `act`, and waits
     *  for the timer: {t0, t1, ok}. */
    const timed = async (opts, act) => {
      await page.evaluate((o) => window.__bench.arm(o), opts);
      await act();
      return page.evaluate(() => window.__armed);
    };
    const longest = (a, b) => page.evaluate(([x, y]) => window.__bench.longest(x, y), [a, b]);
    const longestFrame = (a, b) => page.evaluate(([x, y]) => window.__bench.longestFrame(x, y), [a, b]);
    if (await page.evaluate(() => window.__longError)) problems.push('no longtask observer in this browser');

    // 1. fill the textarea → the Annotate button is enabled
    log(`${kind}: ${r.words} words, ${(bytes / 1e6).toFixed(2)} MB; filling the textarea`);
    const area = page.getByLabel('Article text');
    const button = page.getByRole('button', { name: 'Annotate', exact: true });
    let filled = false;
    try {
      // As a paste would: the whole value at once, then one input event
      // (Playwright's fill() inserts text through the editor, which takes
      // minutes for 5 MB).
      const ah = await area.elementHandle({ timeout });
      const bh = await button.elementHandle({ timeout });
      await page.evaluate((t) => { window.__text = t; }, text); // the transfer is not timed
      const f = await page.evaluate(async ([el, b, to]) => {
        const t0 = performance.now();
        el.focus();
        el.value = window.__text;
        el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
        delete window.__text;
        while (b.disabled && performance.now() - t0 < to) await new Promise((r) => requestAnimationFrame(r));
        if (b.disabled) return null;
        await window.__bench.frame();
        return performance.now() - t0;
      }, [ah, bh, timeout]);
      if (f === null) throw new Error(`the Annotate button is still disabled ${timeout} ms after the paste`);
      r.fill_to_enabled_ms = f;
      filled = true;
    } catch (e) { na('fill_to_enabled_ms', `no textarea 'Article text' or no enabled 'Annotate' button: ${short(e)}`); }
    if (!filled) throw new Error('could not fill the article');
    await page.waitForTimeout(300);

    // 2. click Annotate → first highlight painted; longest task; engine time
    let annotated = false;
    let ta = 0, tb = 0;
    try {
      const t = await timed({ start: 'mousedown', after: 'click', present: '.article mark', timeout },
        () => button.click({ timeout }));
      ({ t0: ta, t1: tb } = t);
      if (t.ok) {
        r.first_highlight_ms = tb - ta;
        annotated = true;
      } else na('first_highlight_ms', `no visible '.article mark' ${timeout} ms after the click`);
    } catch (e) { na('first_highlight_ms', `clicking Annotate: ${short(e)}`); }
    if (!annotated) throw new Error('no highlights');
    r.annotate_longtask_ms = await longest(ta, tb);
    r.annotate_longframe_ms = await longestFrame(ta, tb);
    // the engine's own measure: in the page, else in a worker; it may come
    // a little after the first paint if highlights are painted in parts
    const findMeasure = async () => {
      const inPage = await page.evaluate(() => performance.getEntriesByName('pressmark:annotate').map((e) => e.duration));
      if (inPage.length) return { d: inPage[inPage.length - 1], where: 'page' };
      for (const w of page.workers()) {
        try {
          const ds = await w.evaluate(() => performance.getEntriesByName('pressmark:annotate').map((e) => e.duration));
          if (ds.length) return { d: ds[ds.length - 1], where: 'worker' };
        } catch { /* a worker that went away */ }
      }
      return null;
    };
    let m = await findMeasure();
    for (let i = 0; !m && i < 20; i++) { await page.waitForTimeout(250); m = await findMeasure(); }
    if (m) {
      r.engine_ms = m.d;
      r.engine_where = m.where;
      r.wasm_mbps = bytes / 1e6 / (m.d / 1000);
    } else {
      na('engine_ms', "no performance.measure 'pressmark:annotate' in the page or its workers");
      na('wasm_mbps', 'no engine time');
    }
    // wait for the first autosave (if the app has one) so it does not land
    // in the measures below
    try {
      await page.waitForFunction(() => {
        const a = document.querySelector('.app');
        return !a || !('revision' in a.dataset) || (+a.dataset.savedRevision >= +a.dataset.revision);
      }, null, { timeout });
    } catch { log(`${kind}: the first autosave did not finish within ${timeout} ms`); }
    await page.waitForTimeout(500);

    const counts = await page.evaluate(() => ({
      marks: document.querySelectorAll('.article mark').length,
      paras: document.querySelectorAll('.article .para').length,
    }));
    r.marks_in_dom = counts.marks;
    r.paras_in_dom = counts.paras;

    // JS heap after annotation (after a GC), and the DOM's size
    try {
      await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
      await cdp.send('Performance.enable');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const get = (n) => metrics.find((x) => x.name === n)?.value;
      r.js_heap_mb = get('JSHeapUsedSize') / 1e6;
      const wm = await page.evaluate(() => window.__bench.wasmMB());
      if (wm > 0) r.wasm_memory_mb = wm;
      else na('wasm_memory_mb', 'no WebAssembly.Memory seen in the page');
      r.dom_nodes = get('Nodes') ?? null;
    } catch (e) { na('js_heap_mb', `CDP Performance.getMetrics: ${short(e)}`); }

    // 3. jump to the end → a highlight inside the viewport
    const scrollAndWait = (frac) => page.evaluate(async ([f, to]) => {
      const t0 = performance.now();
      const y = Math.round(f * window.__bench.maxScroll());
      window.scrollTo(0, y);
      const w = await window.__bench.waitVisible(t0, to);
      return { ...w, t0, t1: performance.now(), y, max: window.__bench.maxScroll() };
    }, [frac, timeout]);
    try {
      await page.evaluate(() => document.activeElement?.blur?.());
      const j = await scrollAndWait(1);
      if (!j.found) na('jump_end_ms', `no highlight in the viewport ${timeout} ms after the jump`);
      else {
        r.jump_end_ms = j.ms;
        r.jump_end_longtask_ms = await longest(j.t0, j.t1);
      }
    } catch (e) { na('jump_end_ms', short(e)); }

    // 4. five random positions (the same five every run)
    try {
      let seed = 20;
      const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
      const times = [];
      let lt = 0, lf = 0;
      for (let i = 0; i < 5; i++) {
        const s = await scrollAndWait(rnd());
        if (!s.found) throw new Error(`no highlight in the viewport at y=${s.y} of ${s.max} after ${timeout} ms`);
        times.push(s.ms);
        lt = Math.max(lt, await longest(s.t0, s.t1));
        lf = Math.max(lf, await longestFrame(s.t0, s.t1));
        await page.waitForTimeout(200);
      }
      r.scroll_ms = times;
      r.scroll_worst_ms = Math.max(...times);
      r.scroll_longtask_ms = lt;
      r.scroll_longframe_ms = lf;
    } catch (e) { na('scroll_worst_ms', short(e)); }

    // 5. select a highlight in the middle, press Delete → repainted
    try {
      const mid = await scrollAndWait(0.5);
      if (!mid.found) throw new Error('no highlight in the viewport in the middle of the article');
      const id = await page.evaluate(() => {
        // the visible highlight nearest the viewport's centre
        const m0 = window.__bench.visibleMark();
        const block = m0.closest('.para, p') || m0.parentElement;
        let best = null, bd = Infinity;
        for (const m of block.querySelectorAll('mark[data-id]')) {
          const q = m.getBoundingClientRect();
          const d = Math.abs(q.top + q.height / 2 - innerHeight / 2);
          if (q.height > 0 && q.top >= 0 && q.bottom <= innerHeight && d < bd) { bd = d; best = m; }
        }
        return best ? best.dataset.id : null;
      });
      if (!id) throw new Error("no '.article mark[data-id]' in view");
      const sel = `.article mark[data-id="${id}"]`;
      const sl = await timed({ start: 'mousedown', after: 'click', timeout }, () => page.click(sel, { timeout }));
      r.select_ms = sl.t1 - sl.t0;
      r.select_longtask_ms = await longest(sl.t0, sl.t1);
      r.select_longframe_ms = await longestFrame(sl.t0, sl.t1);
      await page.waitForTimeout(700); // the selection's own work (inspector, autosave) settles
      // Delete → the highlight gone, and that frame painted
      const dl = await timed({ start: 'keydown', after: 'keydown', gone: sel, timeout }, () => page.keyboard.press('Delete'));
      if (!dl.ok) throw new Error(`the highlight was still there ${timeout} ms after Delete`);
      r.delete_ms = dl.t1 - dl.t0;
      r.delete_longtask_ms = await longest(dl.t0, dl.t1);
      r.delete_longframe_ms = await longestFrame(dl.t0, dl.t1);
    } catch (e) { na('delete_ms', short(e)); }

    if (problems.length) r.problems = problems.slice(0, 5);
    await context.close();
  } catch (e) {
    r.error = short(e);
    if (problems.length) r.problems = problems.slice(0, 5);
  } finally {
    await browser.close().catch(() => {});
  }
  return r;
}

// ------------------------------------------------------------ main
const kinds = process.argv.slice(2).filter((k) => k === '20k' || k === '5mb');
const result = { date: new Date().toISOString(), dist: path.relative(root, dist) || '.', runs: {} };
if (!fs.existsSync(path.join(dist, 'index.html'))) {
  result.skipped = `no ${path.relative(root, dist)}/index.html`;
  out(result);
  process.exit(0);
}
let chromium;
try {
  ({ chromium } = loadPlaywright(root));
} catch (e) {
  result.skipped = `playwright-core not found (NODE_PATH): ${e.message.split('\n')[0]}`;
  out(result);
  process.exit(0);
}
if (!fs.existsSync(CHROMIUM)) {
  result.skipped = `no Chromium at ${CHROMIUM}`;
  out(result);
  process.exit(0);
}
const { server, url } = await serve(dist);
try {
  for (const kind of kinds.length ? kinds : ['20k', '5mb']) {
    const t = Date.now();
    result.runs[kind] = await run(chromium, url, kind);
    log(`${kind}: done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  try {
    const b = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    result.chromium = b.version();
    await b.close();
  } catch { /* the version is a nicety */ }
} finally {
  server.close();
}
out(result);
