/**
 * DânSố's service worker: keeps the app shell on the phone so that the app opens with no network.
 * The build (pwa-plugin.ts) replaces the manifest below with the files of this build and their version.
 *
 * - Pages: the network first, so that an online phone always gets the current app; without network, the
 *   cached index.html, and the app then runs from the phone's own data.
 * - Built files (/assets/, named by their content): the cache first; they never change under one name.
 * - The API (/api/) is never touched here: the app itself decides what to do without network.
 */
const build = self.__DANSO_PRECACHE__;
const shellCache = `danso-shell-${build.version}`;
const assetCache = 'danso-assets';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(shellCache);
      await cache.addAll(build.files.map((file) => new Request(file, { cache: 'reload' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set(build.files.map((file) => new URL(file, self.location.origin).href));
      for (const name of await caches.keys()) {
        if (name.startsWith('danso-shell-') && name !== shellCache) await caches.delete(name);
      }
      // Files of older builds that this one no longer names.
      const assets = await caches.open(assetCache);
      for (const request of await assets.keys()) {
        if (!keep.has(request.url)) await assets.delete(request);
      }
      await self.clients.claim();
    })(),
  );
});

async function fromNetworkThenShell(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const shell = await caches.match('/index.html', { cacheName: shellCache });
    if (shell) return shell;
    throw error;
  }
}

async function fromCacheThenNetwork(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && new URL(request.url).pathname.startsWith('/assets/')) {
    const copy = response.clone();
    const cache = await caches.open(assetCache);
    await cache.put(request, copy);
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(fromNetworkThenShell(request));
    return;
  }
  event.respondWith(fromCacheThenNetwork(request));
});
