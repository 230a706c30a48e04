// The page's side of the annotation worker (used only through src/worker.rs).
//
// The worker (worker-<hash>.js, written by scripts/web/finish-dist.py and
// named by <meta name="pressmark-worker">) runs the same wasm as the page.
// One worker is started on first use (or by workerWarm) and kept; requests
// are answered in order. If the worker cannot start or fails, every waiting
// request is rejected and the page annotates on its own thread instead.

let worker = null;
let next = 1;
const waiting = new Map();

function url() {
  if (typeof document === 'undefined') return null;
  const m = document.querySelector('meta[name="pressmark-worker"]');
  return m && m.content ? new URL(m.content, document.baseURI).href : null;
}

function failAll(message) {
  for (const w of waiting.values()) w.reject(new Error(message));
  waiting.clear();
  if (worker) worker.terminate();
  worker = null;
}

function start() {
  if (worker) return worker;
  worker = new Worker(url(), { type: 'module', name: 'pressmark-annotate' });
  worker.onmessage = (e) => {
    const w = waiting.get(e.data.id);
    if (!w) return;
    waiting.delete(e.data.id);
    if (e.data.ok) w.resolve(e.data);
    else w.reject(new Error(e.data.error));
  };
  worker.onerror = (e) => {
    e.preventDefault();
    failAll(e.message || 'the annotation worker could not run');
  };
  worker.onmessageerror = () => failAll('the annotation worker sent an unreadable message');
  return worker;
}

export function workerAvailable() {
  return typeof Worker !== 'undefined' && url() !== null;
}

/** Starts the worker ahead of the first request (it compiles the wasm). */
export function workerWarm() {
  if (!workerAvailable()) return;
  try { start(); } catch (e) { console.warn('Pressmark: no annotation worker:', e && e.message); }
}

/** Annotates `text` with the user's `rules` (their .rules text) in the
 *  worker: {bytes: Uint8Array (src/wire.rs), ms: engine time}. */
export function workerAnnotate(text, rules) {
  return new Promise((resolve, reject) => {
    const id = next++;
    waiting.set(id, { resolve, reject });
    try {
      start().postMessage({ id, text, rules });
    } catch (e) {
      waiting.delete(id);
      reject(e);
    }
  });
}
