// Registers the service worker (PWA: installable, offline page). Kept out of the wasm
// so it works before hydration and on every page.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js").catch((e) => console.warn("service worker:", e));
  });
}
