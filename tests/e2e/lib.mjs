// Shared by the end-to-end scripts: the static server for dist/, the
// Chromium flags, playwright-core, and the request guard.
import { createRequire } from 'node:module';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

export function loadPlaywright(root) {
  try {
    return createRequire(import.meta.url)('playwright-core'); // NODE_PATH
  } catch {
    return createRequire(path.join(root, '.tools/node/package.json'))('playwright-core');
  }
}

/** Chromium as the machine's probe runs it: no background requests. */
export const CHROMIUM = process.env.PRESSMARK_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' };

/** Serves `dist` on 127.0.0.1 (a free port): {server, url}. */
export async function serve(dist) {
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    if (p.endsWith('/')) p += 'index.html';
    const f = path.normalize(path.join(dist, p));
    if (!f.startsWith(dist)) { res.writeHead(403); res.end(); return; }
    fs.readFile(f, (err, data) => {
      if (err) { res.writeHead(404); res.end('not found'); return; }
      res.writeHead(200, { 'content-type': types[path.extname(f)] || 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(data);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

/** Reports (through `report`) every request of `context` that leaves the
 *  page's origin: the app promises that none does. */
export function guardRequests(context, url, report) {
  const origin = new URL(url).origin;
  context.on('request', (r) => {
    const u = new URL(r.url());
    if (u.protocol === 'data:' || u.protocol === 'blob:') return;
    if (u.origin !== origin) report(`a request left the origin: ${r.method()} ${r.url()}`);
  });
}

/** Waits until the app says the current state is saved in the browser. */
export async function waitSaved(page, timeout = 30000) {
  await page.waitForFunction(() => {
    const m = document.querySelector('.app');
    return m && +m.dataset.savedRevision >= +m.dataset.revision && +m.dataset.revision > 0;
  }, null, { timeout });
}
