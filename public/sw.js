// 微掌柜 service worker.
// Caches only the app shell and static assets (same for every user). Pages and
// server-function answers carry one user's data: they always go to the network
// and are never stored, so a later login on the same phone never sees them.
// The wasm, JS and CSS under /pkg/ have content-hashed names: served from the cache
// first (a new build has new names), kept until a newer file of the same kind replaces
// them. Other static files keep their names: network-first, the cache only offline.
// Offline order entry: a failed navigation to the order form gets the offline form (a
// static page; its catalog and outbox live in IndexedDB, see offline-order.js).
const CACHE = "zg-shell-v3";
const SHELL = [
  "/offline.html",
  "/offline-order.html",
  "/offline-order.js",
  "/register-sw.js",
  "/manifest.webmanifest",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
];
// `zhanggui.<hash>.wasm` → `zhanggui.*.wasm`: the kind a newer build replaces.
const kind = (path) => path.replace(/\.[A-Za-z0-9_-]{22}\./, ".*.");
const STATIC = /^\/(pkg\/|icons\/|echarts\.min\.js$|offline\.html$|offline-order\.(html|js)$|manifest\.webmanifest$|register-sw\.js$)/;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) return;
  if (req.mode === "navigate") {
    // Never cached: a page is one user's data. Offline → the offline page, or the offline
    // order form for the new-order page.
    const fallback = url.pathname === "/orders/new" ? "/offline-order.html" : "/offline.html";
    event.respondWith(fetch(req).catch(() => caches.match(fallback)));
    return;
  }
  if (!STATIC.test(url.pathname)) return; // /rpc/… and anything else: network only.
  if (url.pathname.startsWith("/pkg/")) {
    event.respondWith(caches.open(CACHE).then((c) => c.match(req).then((hit) => hit || fetch(req).then((res) => {
      if (res.ok) {
        const copy = res.clone();
        c.keys().then((keys) => Promise.all(keys
          .filter((k) => { const p = new URL(k.url).pathname; return p !== url.pathname && kind(p) === kind(url.pathname); })
          .map((k) => c.delete(k))))
          .then(() => c.put(req, copy));
      }
      return res;
    }))));
    return;
  }
  event.respondWith(
    fetch(req)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone();
          caches.open(CACHE).then((c) => c.put(req, copy));
        }
        return res;
      })
      .catch(() => caches.match(req)),
  );
});
