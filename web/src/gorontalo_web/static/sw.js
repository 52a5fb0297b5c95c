/* Gorontalo Satu's service worker, served at /sw.js (the app prepends CONFIG: version, hashed static files,
   the offline page, the pages kept once visited).
   - static files: from the cache first (their names change with their content);
   - pages: from the network; a page of CONFIG.pages that answered 200 is kept in this worker's own cache,
     so it opens without a connection; any other page offline gets the small offline page;
   - nothing else is touched: POSTs (forms, offline drafts), the live alert stream, other origins.
   Logout's Clear-Site-Data ("cache", "storage") removes these caches and this worker. */
/* global CONFIG */
'use strict';

const STATIC_CACHE = 'gs-static-' + CONFIG.version;
const PAGE_CACHE = 'gs-pages';

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(STATIC_CACHE);
    await cache.addAll(CONFIG.assets);
    // The offline page without the session's cookie: it never shows someone's name or CSRF token.
    const offline = await fetch(CONFIG.offline, { credentials: 'omit' });
    if (offline.ok) await cache.put(CONFIG.offline, offline);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('gs-static-') && name !== STATIC_CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

function keptPage(url) {
  return CONFIG.pages.some((prefix) => url.pathname === prefix || url.pathname.startsWith(prefix + '/'));
}

async function fromStatic(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) (await caches.open(STATIC_CACHE)).put(request, response.clone());
  return response;
}

/* The kept pages' cache, or null when there is none: caches.open() would create it, and a worker still
   running after logout's Clear-Site-Data must not bring back what the logout removed. */
async function keptPages() {
  return (await caches.has(PAGE_CACHE)) ? caches.open(PAGE_CACHE) : null;
}

async function page(request, url) {
  try {
    const response = await fetch(request);
    if (keptPage(url) && response.ok && !response.redirected && response.type === 'basic') {
      (await caches.open(PAGE_CACHE)).put(url.pathname + url.search, response.clone());
    } else if (response.redirected || response.status === 401 || response.status === 403) {
      // Signed out or not allowed: a page kept for this address must not open offline any more.
      const pages = await keptPages();
      if (pages) await pages.delete(url.pathname + url.search);
    }
    return response;
  } catch (offline) {
    const pages = await keptPages();
    const kept = pages && ((await pages.match(url.pathname + url.search)) || (await pages.match(url.pathname, { ignoreSearch: true })));
    if (kept) return kept;
    return (await caches.match(CONFIG.offline)) || new Response('offline', { status: 503 });
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/static/')) {
    event.respondWith(fromStatic(request));
  } else if (request.mode === 'navigate') {
    event.respondWith(page(request, url));
  }
});
