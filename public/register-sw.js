// Registers the service worker (PWA: installable, offline page). Kept out of the wasm
// so it works before hydration and on every page.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js").catch((e) => console.warn("service worker:", e));
  });
}
// Offline order entry (offline-order.js): keeps the order form's catalog fresh, sends the
// outbox when online, shows "N 笔离线订单待同步", and wipes it all on logout.
(function () {
  if (document.querySelector('script[src="/offline-order.js"]')) return;
  const s = document.createElement("script");
  s.src = "/offline-order.js";
  s.defer = true;
  document.head.appendChild(s);
})();
