// Offline after the first visit: the service worker (sw.js) keeps this
// build's files. Nothing here or there talks to another origin.
if ('serviceWorker' in navigator && (location.protocol === 'https:' || location.hostname === 'localhost' || location.hostname === '127.0.0.1')) {
  navigator.serviceWorker.register('./sw.js').catch((e) => console.warn('Pressmark works, but not offline:', e && e.message));
}
