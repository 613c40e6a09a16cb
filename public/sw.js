// 微掌柜 service worker.
// Caches only the app shell and static assets (same for every user). Pages and
// server-function answers carry one user's data: they always go to the network
// and are never stored, so a later login on the same phone never sees them.
// Asset names are stable, so everything is network-first: a new build is used as
// soon as the server is reachable; the cache is only the offline fallback.
const CACHE = "zg-shell-v1";
const SHELL = [
  "/offline.html",
  "/pkg/zhanggui.js",
  "/pkg/zhanggui.wasm",
  "/pkg/zhanggui.css",
  "/register-sw.js",
  "/manifest.webmanifest",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
];
const STATIC = /^\/(pkg\/|icons\/|echarts\.min\.js$|offline\.html$|manifest\.webmanifest$|register-sw\.js$)/;

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
    // Never cached: a page is one user's data. Offline → the offline page.
    event.respondWith(fetch(req).catch(() => caches.match("/offline.html")));
    return;
  }
  if (!STATIC.test(url.pathname)) return; // /rpc/… and anything else: network only.
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
