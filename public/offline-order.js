// 微掌柜 offline order entry (plain script, no framework; loaded by register-sw.js on the
// app's pages and by offline.html / offline-order.html).
//
// IndexedDB database `zg-offline`:
//   catalog  {id: "current", data: <offline_catalog answer>, fetched_at}: agents, channels,
//            SKUs with prices and stock — refreshed online at most every 10 minutes.
//   outbox   {key, order, seen, entered_at, state, …}: orders entered on this phone. `key`
//            (crypto.randomUUID) is made once when the order is saved; every send of the item
//            carries it, so the server makes the order once however often it is sent.
// States: pending 待同步 → syncing 同步中 → synced 已同步 (order no.) | conflict 冲突 (message).
// Logout wipes the database (after asking when unsent orders would be lost); the logout
// answer also carries Clear-Site-Data: "storage".
(function () {
  "use strict";
  if (window.zgOffline) return;
  const DB = "zg-offline";
  const REFRESH_MS = 10 * 60 * 1000;
  const KEEP_SYNCED_MS = 24 * 60 * 60 * 1000;
  const STATES = {
    pending: ["待同步", "Waiting to sync"],
    syncing: ["同步中", "Syncing"],
    synced: ["已同步", "Synced"],
    conflict: ["冲突", "Conflict"],
  };

  // ---- IndexedDB ----
  let dbp = null;
  function openDb() {
    if (!dbp) {
      dbp = new Promise((resolve, reject) => {
        const r = indexedDB.open(DB, 1);
        r.onupgradeneeded = () => {
          const d = r.result;
          if (!d.objectStoreNames.contains("catalog")) d.createObjectStore("catalog", { keyPath: "id" });
          if (!d.objectStoreNames.contains("outbox")) d.createObjectStore("outbox", { keyPath: "key" });
        };
        r.onsuccess = () => {
          const d = r.result;
          d.onversionchange = () => { d.close(); dbp = null; };
          resolve(d);
        };
        r.onerror = () => { dbp = null; reject(r.error); };
      });
    }
    return dbp;
  }
  function run(store, mode, fn) {
    return openDb().then((d) => new Promise((resolve, reject) => {
      const t = d.transaction(store, mode);
      let out;
      const req = fn(t.objectStore(store));
      if (req) req.onsuccess = () => { out = req.result; };
      t.oncomplete = () => resolve(out);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    }));
  }
  const getCatalog = () => run("catalog", "readonly", (s) => s.get("current"));
  const putCatalog = (data) => run("catalog", "readwrite", (s) => s.put({ id: "current", data, fetched_at: Date.now() }));
  const listOutbox = () => run("outbox", "readonly", (s) => s.getAll()).then((a) => (a || []).sort((x, y) => x.entered_at - y.entered_at));
  const putItem = (item) => run("outbox", "readwrite", (s) => s.put(item));
  const deleteItem = (key) => run("outbox", "readwrite", (s) => s.delete(key));
  const unsent = (items) => items.filter((i) => i.state !== "synced");

  /** Whether the database exists (without creating it). */
  function dbExists() {
    if (!indexedDB.databases) return Promise.resolve(true);
    return indexedDB.databases().then((list) => list.some((d) => d.name === DB)).catch(() => true);
  }

  /** Delete everything kept on this phone for offline orders. */
  function wipe() {
    const closing = dbp ? dbp.then((d) => d.close()).catch(() => {}) : Promise.resolve();
    dbp = null;
    return closing.then(() => new Promise((resolve) => {
      const r = indexedDB.deleteDatabase(DB);
      r.onsuccess = r.onerror = r.onblocked = () => resolve();
    }));
  }

  // ---- money and text ----
  /** ¥ from integer fen (display only: the server prices the order). */
  function yuan(fen) {
    const neg = fen < 0;
    const a = Math.abs(Math.round(fen));
    const s = "¥" + Math.floor(a / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",") + "." + String(a % 100).padStart(2, "0");
    return neg ? "-" + s : s;
  }
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") e.textContent = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
    }
    for (const k of kids) if (k !== null && k !== undefined) e.append(k);
    return e;
  }
  function when(ms) {
    const d = new Date(ms);
    const p = (n) => String(n).padStart(2, "0");
    return `${d.getMonth() + 1}月${d.getDate()}日 ${p(d.getHours())}:${p(d.getMinutes())}`;
  }
  const itemTotal = (item) => item.order.lines.reduce((sum, l) => {
    const seen = item.seen.find((s) => s.sku_id === l.sku_id);
    return sum + (seen ? seen.unit_price_fen * l.qty : 0);
  }, 0);

  // ---- server ----
  function post(name, body) {
    return fetch("/rpc/" + name, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
  }

  /** Refresh the catalog when online, at most every 10 minutes (or now when `force`). */
  async function refreshCatalog(force) {
    if (!navigator.onLine) return false;
    const cur = await getCatalog().catch(() => null);
    if (!force && cur && Date.now() - cur.fetched_at < REFRESH_MS) return false;
    let res;
    try { res = await post("offline_catalog", {}); } catch (e) { return false; }
    if (!res.ok) return false; // 401 signed out, 403 a role that does not enter orders
    const data = await res.json();
    await putCatalog(data);
    return true;
  }

  const listeners = [];
  const changed = () => listeners.forEach((f) => { try { f(); } catch (e) { console.warn(e); } });

  /** Send every waiting outbox item, one at a time, each with its own key. */
  let syncing = null;
  function sync() {
    if (syncing) return syncing;
    syncing = (async () => {
      try {
        for (const item of await listOutbox()) {
          if (item.state !== "pending" && item.state !== "syncing") continue;
          if (!navigator.onLine) break;
          item.state = "syncing";
          await putItem(item);
          changed();
          let res;
          try {
            res = await post("submit_offline_order", { input: { key: item.key, order: item.order, seen: item.seen, entered_at: item.entered_at } });
          } catch (e) {
            item.state = "pending"; // no network: try again later, with the same key
            await putItem(item);
            changed();
            break;
          }
          delete item.note;
          if (res.ok) {
            const out = await res.json();
            if (out.kind === "created" || out.kind === "known") {
              Object.assign(item, { state: "synced", order_id: out.id, order_no: out.no, synced_at: Date.now() });
            } else {
              Object.assign(item, { state: "conflict", code: out.code, zh: out.zh, en: out.en });
            }
          } else if (res.status === 401) {
            item.state = "pending";
            item.note = ["请先登录，登录后自动同步", "Sign in to send it"];
          } else if (res.status === 403) {
            Object.assign(item, { state: "conflict", code: "forbidden", zh: "当前账号不能下单", en: "This account cannot enter orders" });
          } else if (res.status >= 500 || res.status === 408 || res.status === 429) {
            item.state = "pending";
          } else {
            let code = String(res.status);
            try { const e = await res.json(); code = (e.fault && JSON.stringify(e.fault)) || e.kind || code; } catch (e) { /* not JSON */ }
            Object.assign(item, { state: "conflict", code, zh: "服务器未接受这笔订单（" + code + "）", en: "The server did not accept this order (" + code + ")" });
          }
          await putItem(item);
          changed();
        }
      } finally {
        syncing = null;
      }
    })();
    return syncing;
  }

  /** Forget synced items once they were shown, or a day after they were sent. */
  async function tidy() {
    for (const item of await listOutbox()) {
      if (item.state === "synced" && (item.shown || Date.now() - (item.synced_at || 0) > KEEP_SYNCED_MS)) await deleteItem(item.key);
    }
  }

  window.zgOffline = { openDb, getCatalog, refreshCatalog, listOutbox, putItem, deleteItem, sync, wipe, yuan };

  // ---- the app's pages: catalog, sync, banner, logout ----
  function appPage() {
    if (location.pathname === "/login") {
      // Signed out. After a logout the database is gone already; what is left here is the
      // catalog (and orders never sent, if the session simply expired: they go after the
      // next sign-in). Without unsent orders, nothing stays.
      dbExists().then((yes) => yes && listOutbox().then((items) => unsent(items).length === 0 && wipe())).catch(() => {});
      return;
    }
    const banner = el("a", { href: "/offline-order.html", class: "zg-outbox-banner", "data-testid": "outbox-banner", hidden: true });
    banner.style.cssText = "position:fixed;left:50%;transform:translateX(-50%);bottom:calc(.75rem + env(safe-area-inset-bottom));z-index:50;" +
      "background:#b4462a;color:#fff;padding:.5rem 1rem;border-radius:999px;box-shadow:0 2px 10px rgba(0,0,0,.2);text-decoration:none;font-size:.95rem;";
    // Outside <body>, so hydration of the page never meets it.
    document.documentElement.appendChild(banner);
    const showBanner = () => listOutbox().then((items) => {
      const waiting = unsent(items);
      const conflicts = waiting.filter((i) => i.state === "conflict").length;
      banner.hidden = waiting.length === 0;
      banner.textContent = conflicts
        ? `${waiting.length} 笔离线订单待处理（${conflicts} 笔冲突）`
        : `${waiting.length} 笔离线订单待同步`;
    }).catch(() => {});
    listeners.push(showBanner);
    // Logout: warn about unsent orders, then wipe the database before the request goes.
    document.addEventListener("submit", (ev) => {
      const form = ev.target;
      if (!(form instanceof HTMLFormElement) || !/\/rpc\/logout$/.test(form.getAttribute("action") || "")) return;
      if (form.dataset.zgWiped === "1") return;
      ev.preventDefault();
      ev.stopImmediatePropagation();
      listOutbox().catch(() => []).then((items) => {
        const n = unsent(items).length;
        if (n > 0 && !window.confirm(`还有 ${n} 笔离线订单未同步，退出后将被删除。确定退出吗？\nThere are ${n} offline orders not sent yet; logging out deletes them. Log out?`)) return;
        wipe().then(() => {
          form.dataset.zgWiped = "1";
          form.requestSubmit();
        });
      });
    }, true);
    // Offline, the app's own link to the order form cannot load the page's data: go there
    // as a real navigation, which the service worker answers with the offline form.
    document.addEventListener("click", (ev) => {
      const a = ev.target instanceof Element && ev.target.closest('a[href="/orders/new"]');
      if (!a || navigator.onLine) return;
      ev.preventDefault();
      ev.stopImmediatePropagation();
      location.assign("/orders/new");
    }, true);
    const go = () => refreshCatalog(false).catch(() => {}).then(() => sync()).catch(() => {}).then(showBanner);
    window.addEventListener("online", go);
    go();
  }

  // ---- offline.html: a link to the offline form with the outbox count ----
  function offlinePage() {
    const count = document.getElementById("outbox-count");
    listOutbox().then((items) => {
      const n = unsent(items).length;
      if (count) count.textContent = n ? `（${n} 笔待同步）` : "";
    }).catch(() => {});
    const retry = document.getElementById("retry");
    if (retry) retry.addEventListener("click", () => location.reload());
  }

  // ---- offline-order.html: the form and the outbox ----
  function formPage() {
    const $ = (id) => document.getElementById(id);
    const form = $("offline-form");
    let catalog = null;
    let lines = []; // {sku, qty}

    const showNet = () => { $("net-state").hidden = navigator.onLine; };
    window.addEventListener("offline", showNet);
    showNet();

    function fillCatalog(rec) {
      catalog = rec ? rec.data : null;
      if (!catalog) {
        $("no-catalog").hidden = false;
        form.hidden = true;
        $("catalog-note").textContent = "";
        return;
      }
      $("no-catalog").hidden = true;
      form.hidden = false;
      $("catalog-note").textContent = `商品和价格来自 ${when(catalog.synced_at)} 的同步（${catalog.skus.length} 个规格）。`;
      const agent = $("agent");
      const keep = agent.value;
      agent.replaceChildren(...catalog.agents.map((a) => el("option", { value: a.id, text: a.name })));
      if (keep) agent.value = keep;
      $("agent-field").hidden = catalog.agents.length <= 1;
      const channel = $("channel");
      const keepCh = channel.value || "wechat";
      channel.replaceChildren(...catalog.channels.map((c) => el("option", { value: c.code, text: `${c.zh} / ${c.en}` })));
      channel.value = keepCh;
      renderLines();
    }

    const skuName = (s) => [s.product_name, s.color, s.size].filter(Boolean).join(" ");
    function search() {
      const q = $("sku-search").value.trim().toLowerCase();
      const hits = $("sku-hits");
      if (!q || !catalog) { hits.replaceChildren(); return; }
      const found = catalog.skus.filter((s) => (s.code + " " + skuName(s)).toLowerCase().includes(q)).slice(0, 20);
      hits.replaceChildren(...(found.length ? found.map((s) => el("li", {},
        el("button", { type: "button", role: "option", "data-sku": s.code, onclick: () => add(s) },
          el("span", { text: `${skuName(s)} · ${s.code}` }),
          el("span", { class: "num", text: `${yuan(s.price_fen)} · 库存 ${s.available}` })))) : [el("li", { class: "empty", text: "没有匹配的商品 / No match" })]));
    }
    function add(s) {
      const line = lines.find((l) => l.sku.id === s.id);
      if (line) line.qty = Math.min(line.qty + 1, 9999);
      else lines.push({ sku: s, qty: 1 });
      $("sku-search").value = "";
      $("sku-hits").replaceChildren();
      renderLines();
    }
    function renderLines() {
      const body = $("lines");
      body.replaceChildren(...lines.map((l, i) => el("tr", { "data-sku": l.sku.code },
        el("td", {}, el("div", { text: skuName(l.sku) }), el("div", { class: "en", text: `${l.sku.code} · ${yuan(l.sku.price_fen)}${l.qty > l.sku.available ? ` · 库存仅 ${l.sku.available}` : ""}` })),
        el("td", {}, el("input", { type: "number", min: 1, max: 9999, value: l.qty, "aria-label": "数量", inputmode: "numeric",
          oninput: (ev) => { l.qty = parseInt(ev.target.value, 10) || 0; total(); } })),
        el("td", { class: "num line-total", text: yuan(l.sku.price_fen * Math.max(l.qty, 0)) }),
        el("td", {}, el("button", { type: "button", class: "small", "aria-label": "删除", text: "删除", onclick: () => { lines.splice(i, 1); renderLines(); } })))));
      total();
    }
    function total() {
      document.querySelectorAll("#lines tr").forEach((tr, i) => {
        const l = lines[i];
        if (l) tr.querySelector(".line-total").textContent = yuan(l.sku.price_fen * Math.max(l.qty, 0));
      });
      $("total").textContent = yuan(lines.reduce((s, l) => s + l.sku.price_fen * Math.max(l.qty, 0), 0));
    }

    function check() {
      const name = $("customer").value.trim();
      const mobile = $("mobile").value.replace(/[\s\-()]/g, "").replace(/^(\+86|0086)/, "");
      const address = $("address").value.trim();
      if (catalog.agents.length === 0) return "没有可下单的代理";
      if (!name) return "请填写客户姓名";
      if (!/^1[3-9]\d{9}$/.test(mobile)) return "请填写正确的11位手机号";
      if ([...address].length < 5) return "请填写完整的收货地址（至少 5 个字）";
      if (lines.length === 0) return "请至少添加一件商品";
      if (lines.some((l) => !(l.qty >= 1 && l.qty <= 9999))) return "数量应在 1 到 9999 之间";
      return "";
    }

    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      $("form-ok").textContent = "";
      const problem = check();
      $("form-error").textContent = problem;
      if (problem) return;
      const item = {
        key: crypto.randomUUID(),
        order: {
          agent_id: Number($("agent").value),
          customer_name: $("customer").value.trim(),
          mobile: $("mobile").value.trim(),
          address: $("address").value.trim(),
          channel: $("channel").value,
          lines: lines.map((l) => ({ sku_id: l.sku.id, qty: l.qty })),
        },
        seen: lines.map((l) => ({ sku_id: l.sku.id, unit_price_fen: l.sku.price_fen })),
        entered_at: Date.now(),
        state: "pending",
      };
      await putItem(item);
      lines = [];
      for (const id of ["customer", "mobile", "address"]) $(id).value = "";
      renderLines();
      $("form-ok").textContent = "已保存到待同步，联网后自动提交。/ Saved; it is sent when you are online.";
      await renderOutbox();
      if (navigator.onLine) sync();
    });

    async function renderOutbox() {
      const items = await listOutbox();
      const list = $("outbox");
      list.replaceChildren(...items.map((item) => {
        const [zh, en] = STATES[item.state] || [item.state, ""];
        const label = item.state === "synced" ? `${zh} ${item.order_no}` : zh;
        const li = el("li", { "data-key": item.key, "data-state": item.state },
          el("div", { class: "row" },
            el("strong", { text: `${item.order.customer_name} · ${yuan(itemTotal(item))}` }),
            el("span", { class: "state", "data-state": item.state, "data-testid": "outbox-state", title: en, text: label })),
          el("div", { class: "note", text: `${item.order.lines.reduce((n, l) => n + l.qty, 0)} 件 · 录入于 ${when(item.entered_at)}` }));
        if (item.state === "synced") {
          li.append(el("a", { href: `/orders/${item.order_id}`, text: `查看订单 ${item.order_no} / View` }));
        }
        if (item.note) li.append(el("p", { class: "note", text: `${item.note[0]} / ${item.note[1]}` }));
        if (item.state === "conflict") {
          li.append(el("p", { class: "conflict", "data-error": item.code, "data-testid": "outbox-conflict" }, item.zh, el("br"), el("span", { class: "en", text: item.en })));
          li.append(el("button", { type: "button", class: "small", text: "删除 / Delete", onclick: async () => {
            if (!window.confirm("删除这笔冲突的离线订单？删除后不能恢复。\nDelete this offline order? This cannot be undone.")) return;
            await deleteItem(item.key);
            renderOutbox();
          } }));
        }
        return li;
      }));
      $("outbox-empty").hidden = items.length > 0;
      // Synced items are shown once, then forgotten (see tidy).
      for (const item of items) {
        if (item.state === "synced" && !item.shown) { item.shown = true; await putItem(item); }
      }
    }
    listeners.push(renderOutbox);

    $("sku-search").addEventListener("input", search);
    $("sync-now").addEventListener("click", () => sync().then(renderOutbox));
    window.addEventListener("online", () => {
      showNet();
      refreshCatalog(false).then((fresh) => fresh && getCatalog().then(fillCatalog)).catch(() => {});
      sync();
    });
    tidy().catch(() => {})
      .then(() => getCatalog().catch(() => null)).then(fillCatalog)
      .then(renderOutbox)
      .then(() => navigator.onLine && refreshCatalog(false).then((fresh) => fresh && getCatalog().then(fillCatalog)).catch(() => {}))
      .then(() => navigator.onLine && sync())
      .finally(() => document.body.setAttribute("data-offline-ready", "true"));
  }

  const page = document.body && document.body.dataset.zgPage;
  const start = () => {
    if (!("indexedDB" in window)) return;
    const p = document.body.dataset.zgPage;
    if (p === "offline-order") formPage();
    else if (p === "offline") offlinePage();
    else appPage();
  };
  if (page || document.readyState !== "loading") start();
  else document.addEventListener("DOMContentLoaded", start);
})();
