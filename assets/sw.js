// Pressmark's service worker: after the first visit the app loads and works
// with no network. It caches the files of one build (listed below by
// scripts/web/finish-dist.py, which also sets VERSION from their content) and
// answers only requests for them; it never fetches anything from another
// origin, and the page's Content-Security-Policy forbids the page to.
const VERSION = '__PRESSMARK_VERSION__';
const FILES = __PRESSMARK_FILES__;
const CACHE = `pressmark-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((c) => c.addAll(FILES.map((f) => new Request(f, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  // A new build's names are new (Trunk hashes them): the old cache goes.
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('pressmark-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  if (req.mode === 'navigate') {
    // The page itself: the network first (a new build shows at once when
    // online), the cached one when offline.
    event.respondWith(
      fetch(req).catch(() => caches.open(CACHE).then((c) => c.match('./index.html')))
        .then((r) => r || Response.error()),
    );
    return;
  }
  // The build's files never change under their hashed names: cache first.
  event.respondWith(
    caches.open(CACHE).then((c) => c.match(req, { ignoreSearch: true })).then((hit) => hit || fetch(req)),
  );
});
