// Concord's service worker: the app opens without a network.
//
// The app shell (page, JS, wasm, styles, icons, manifest) is cached when this
// worker installs and served from the cache first; any path without a file
// extension is an app route and gets the cached index.html. The sync socket
// and the API always go to the network. `cargo xtask` writes a hash of the
// built files into BUILD below, so every new build is a new worker with its
// own cache, and the old cache is deleted once it takes over.
const BUILD = '__CONCORD_BUILD__';
const CACHE = `concord-shell-${BUILD}`;
const SHELL = [
  '/index.html',
  '/concord_app.js',
  '/concord_app_bg.wasm',
  '/style.css',
  '/home.css',
  '/document.css',
  '/table.css',
  '/gantt.css',
  '/accounts.css',
  '/dashboard.css',
  '/print.css',
  '/favicon.svg',
  '/manifest.webmanifest',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/maskable-512.png',
  '/icons/apple-touch-icon.png',
];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // `reload`: past the HTTP cache, so the new cache holds this build's files.
      .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith('concord-shell-') && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

/// `/d/abc` is an app route; `/style.css` is a file.
function isAppRoute(path) {
  const last = path.split('/').pop();
  return !last.includes('.');
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === '/sync' || url.pathname.startsWith('/api/')) return;
  if (url.pathname === '/sw.js') return;
  const key = request.mode === 'navigate' || isAppRoute(url.pathname) ? '/index.html' : url.pathname;
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(key))
      .then((cached) => cached || fetch(request)),
  );
});
