// Pressmark's annotation worker: the page's own wasm (the same file, so
// nothing more to download), run off the main thread so a long article
// does not freeze the page. scripts/web/finish-dist.py fills in the names
// of this build's files and writes it as worker-<hash>.js.
//
// Request {id, text, rules}: the normalised article and the user's rules
// (.rules text). Answer {id, ok, bytes, ms}: the annotations as bytes
// (src/wire.rs), transferred, not copied; or {id, ok: false, error}.
import init, { pressmark_worker_annotate, pressmark_worker_warm } from '__PRESSMARK_GLUE__';

const ready = init({ module_or_path: '__PRESSMARK_WASM__' });
// Build the built-in rules and warm the engine up now, while the reader is
// still pasting.
ready.then(() => pressmark_worker_warm()).catch(() => {});

self.onmessage = async (e) => {
  const { id, text, rules } = e.data;
  try {
    await ready;
    const t0 = performance.now();
    const bytes = pressmark_worker_annotate(text, rules);
    const ms = performance.now() - t0;
    self.postMessage({ id, ok: true, bytes, ms }, [bytes.buffer]);
  } catch (err) {
    self.postMessage({ id, ok: false, error: String((err && err.message) || err) });
  }
};
