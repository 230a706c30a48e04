// The app's durable store: IndexedDB, used only through src/store.rs.
//
// Database "pressmark" (version 1):
//   work  (key → value)   "head": {seq, tab, docId, at}  which save is newest
//                          "text": {docId, parts}        the article, written once per article,
//                          "text:0", "text:1", …         in parts of at most PART characters
//                          "base": {docId, parts}        annotations + history (persist.rs),
//                          "base:0", …                   likewise in parts
//   log   (auto keys)      {docId, ops}                  what changed since the base
//
// Parts, because Chromium refuses (UnknownError) one value of a hundred MB
// or more: a 50 MB article is 100 MB of UTF-16.
//
// Every write is one readwrite transaction that first checks that "head" is
// still the one this tab last wrote or read (`expect`): another tab's save in
// between makes the write a conflict, and nothing is written. A save is
// acknowledged only when its transaction completes.

const DB = 'pressmark';
const PART = 4 * 1024 * 1024;

function putParts(work, name, docId, s) {
  const parts = Math.max(1, Math.ceil(s.length / PART));
  work.delete(IDBKeyRange.bound(`${name}:`, `${name}:\uffff`));
  for (let i = 0; i < parts; i++) work.put(s.slice(i * PART, (i + 1) * PART), `${name}:${i}`);
  work.put({ docId, parts }, name);
}

async function getParts(work, meta, name) {
  const parts = await Promise.all(Array.from({ length: meta.parts }, (_, i) => req(work.get(`${name}:${i}`))));
  if (parts.some((p) => typeof p !== 'string')) return null;
  return parts.join('');
}
let dbPromise = null;

function req(r) {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function errText(e) {
  if (!e) return 'unknown error';
  const name = e.name || 'Error';
  return name === 'QuotaExceededError' ? 'quota' : `${name}: ${e.message || e}`;
}

function open() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      let r;
      try {
        r = indexedDB.open(DB, 1);
      } catch (e) {
        reject(e);
        return;
      }
      r.onupgradeneeded = () => {
        const db = r.result;
        if (!db.objectStoreNames.contains('work')) db.createObjectStore('work');
        if (!db.objectStoreNames.contains('log')) db.createObjectStore('log', { autoIncrement: true });
      };
      r.onsuccess = () => {
        const db = r.result;
        // Another tab upgrading the database (a newer version of the app)
        // closes ours; the next write reopens it.
        db.onversionchange = () => { db.close(); dbPromise = null; };
        resolve(db);
      };
      r.onerror = () => reject(r.error);
      r.onblocked = () => reject(new Error('the database is blocked by another tab'));
    });
    dbPromise.catch(() => { dbPromise = null; });
  }
  return dbPromise;
}

/** Whether IndexedDB can be used here at all. */
export async function storeAvailable() {
  try {
    await open();
    return true;
  } catch {
    return false;
  }
}

/** Everything saved: {seq, tab, docId, text, ann, log: [ops…]}, or null
 *  when nothing is saved. Throws a string when the store cannot be read. */
export async function storeLoad() {
  try {
    const db = await open();
    const tx = db.transaction(['work', 'log'], 'readonly');
    const work = tx.objectStore('work');
    const [head, text, base, log] = await Promise.all([
      req(work.get('head')), req(work.get('text')), req(work.get('base')), req(tx.objectStore('log').getAll()),
    ]);
    if (!head || !head.docId || !text || !base) return { seq: head ? head.seq : 0, empty: true };
    if (text.docId !== head.docId || base.docId !== head.docId) {
      return { seq: head.seq, empty: true, broken: 'the saved article and its annotations do not belong together' };
    }
    const [t, a] = await Promise.all([getParts(work, text, 'text'), getParts(work, base, 'base')]);
    if (t === null || a === null) return { seq: head.seq, empty: true, broken: 'a part of the saved article is missing' };
    return {
      seq: head.seq, empty: false, docId: head.docId, text: t, ann: a,
      log: log.filter((l) => l.docId === head.docId).map((l) => l.ops),
    };
  } catch (e) {
    throw errText(e);
  }
}

/** The newest save's {seq, tab}, or {seq: 0}. */
export async function storeHead() {
  try {
    const db = await open();
    const head = await req(db.transaction('work', 'readonly').objectStore('work').get('head'));
    return head || { seq: 0, tab: '' };
  } catch (e) {
    throw errText(e);
  }
}

// One checked write. `write(work, log)` queues the puts; the result is
// {ok: true, seq} once the transaction completed, or {conflict: head} when
// another tab saved since `expect` (nothing written). Throws a string.
async function checked(expect, tab, docId, write) {
  const db = await open().catch((e) => { throw errText(e); });
  return new Promise((resolve, reject) => {
    let tx;
    try {
      tx = db.transaction(['work', 'log'], 'readwrite');
    } catch (e) {
      dbPromise = null;
      reject(errText(e));
      return;
    }
    const work = tx.objectStore('work');
    const log = tx.objectStore('log');
    let result = null;
    const g = work.get('head');
    g.onsuccess = () => {
      const head = g.result || { seq: 0, tab: '' };
      if (head.seq !== expect) {
        result = { conflict: true, seq: head.seq, tab: head.tab };
        tx.abort();
        return;
      }
      const seq = expect + 1;
      try {
        write(work, log);
        work.put({ seq, tab, docId, at: Date.now() }, 'head');
      } catch (e) {
        result = { error: errText(e) };
        try { tx.abort(); } catch { /* already finished */ }
        return;
      }
      result = { ok: true, seq };
    };
    tx.oncomplete = () => resolve(result);
    tx.onabort = () => {
      if (result && (result.conflict || result.error)) {
        if (result.error) reject(result.error); else resolve(result);
      } else {
        reject(errText(tx.error));
      }
    };
    tx.onerror = (ev) => { ev.preventDefault(); };
  });
}

/** A new base: the article (when `text` is not null) and its annotations;
 *  the log of the previous base is cleared. */
export function storeWriteBase(expect, tab, docId, text, ann) {
  return checked(expect, tab, docId, (work, log) => {
    if (text !== null && text !== undefined) putParts(work, 'text', docId, text);
    putParts(work, 'base', docId, ann);
    log.clear();
  });
}

/** Appends one record of operations to the log. */
export function storeAppend(expect, tab, docId, ops) {
  return checked(expect, tab, docId, (_work, log) => {
    log.add({ docId, ops });
  });
}

/** Forgets the saved article (back to the empty page). */
export function storeClear(expect, tab) {
  return checked(expect, tab, null, (work, log) => {
    for (const name of ['text', 'base']) {
      work.delete(name);
      work.delete(IDBKeyRange.bound(`${name}:`, `${name}:\uffff`));
    }
    log.clear();
  });
}

/** {usage, quota, persisted} in bytes, as far as the browser tells. */
export async function storeEstimate() {
  const out = { usage: -1, quota: -1, persisted: false };
  try {
    if (navigator.storage && navigator.storage.estimate) {
      const e = await navigator.storage.estimate();
      out.usage = e.usage ?? -1;
      out.quota = e.quota ?? -1;
    }
    if (navigator.storage && navigator.storage.persisted) out.persisted = await navigator.storage.persisted();
  } catch { /* unknown */ }
  return out;
}

/** Asks the browser to keep this origin's storage under pressure. */
export async function storePersist() {
  try {
    if (navigator.storage && navigator.storage.persist) return await navigator.storage.persist();
  } catch { /* refused */ }
  return false;
}

/** Forgets everything saved (tests; "clear site data" does the same). */
export async function storeReset() {
  const db = await open();
  const tx = db.transaction(['work', 'log'], 'readwrite');
  tx.objectStore('work').clear();
  tx.objectStore('log').clear();
  await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onabort = () => reject(tx.error); });
}

let channel = null;

/** Calls `onChange(seq)` when another tab of this app saves (a
 *  BroadcastChannel message), and when this tab becomes visible again. */
export function storeWatch(tab, onChange) {
  try {
    if (typeof BroadcastChannel === 'function') {
      if (channel) channel.close();
      channel = new BroadcastChannel('pressmark-store');
      channel.onmessage = (ev) => {
        if (ev.data && ev.data.tab !== tab) onChange(ev.data.seq);
      };
    }
  } catch { /* no channel: visibility still checks */ }
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') {
      storeHead().then((h) => onChange(h.seq), () => {});
    }
  });
}

/** Tells the other tabs that this tab saved `seq`. */
export function storeAnnounce(tab, seq) {
  try { if (channel) channel.postMessage({ tab, seq }); } catch { /* closed */ }
}
