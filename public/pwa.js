// Orchard's installable, offline side, shared by the page and the service worker.
// - OrchardOutbox: orders placed without a connection wait in IndexedDB with their
//   Idempotency-Key; they are sent when the connection returns (the server's idempotency makes
//   it one order however often one is sent).
// - In the page: registers /sw.js, and tells the app (DOM events) when a new version is ready
//   and when the service worker has an answer for waiting orders. Everything is feature-detected:
//   without service workers or IndexedDB the page works as before. IndexedDB through the shared
//   helper (public/idb.js, loaded before this one, by the pages and by the worker).
(function (scope) {
  "use strict";
  const DB = "orchard";
  const STORE = "outbox";
  const SYNC_TAG = "orchard-outbox";

  const run = scope.OrchardIdb && scope.OrchardIdb.database(DB, 1, (db) => db.createObjectStore(STORE, { keyPath: "key" }));
  const withStore = (mode, work) => run(STORE, mode, work);
  // Keeps `result` (an answer, or null: none yet) with the order of `key`, if it still waits: the
  // page may have settled it meanwhile, and a settled order never comes back.
  const keepAnswer = (key, result) => withStore("readwrite", (s) => {
    const read = s.get(key);
    read.onsuccess = () => read.result && s.put(Object.assign(read.result, { result }));
  });

  const outbox = {
    // Keeps an order (its key, JSON body, the address it was placed at and its producer, JSON
    // text of {slug, name}) until it has been answered.
    async put(key, body, url, producer) {
      const entry = { key, body, url, producer: JSON.parse(producer), queuedAt: Date.now(), result: null };
      await withStore("readwrite", (s) => s.put(entry));
      try {
        // Not `serviceWorker.ready`: it never settles where the worker could not register, and
        // the page would wait for it forever instead of saying the order is kept.
        const registration = await scope.navigator.serviceWorker.getRegistration();
        if (registration && registration.sync) await registration.sync.register(SYNC_TAG);
      } catch (_) {
        // No Background Sync here: the page sends on `online` and when it opens.
      }
      return true;
    },
    // Every waiting order, as JSON text: [{key, body, url, producer, queuedAt, result: null |
    // {status, body}}] (no url nor producer if an older version kept it).
    async all() {
      return JSON.stringify((await withStore("readonly", (s) => s.getAll())) || []);
    },
    async remove(key) {
      await withStore("readwrite", (s) => s.delete(key));
      return true;
    },
    // Forgets the answer kept for `key` (the page read it as "try again later"), so the order is
    // sent again, by the page or by this worker; no new Background Sync (no loop on a busy shop).
    async reopen(key) {
      await keepAnswer(key, null);
      return true;
    },
    // Sends every waiting order without an answer once and keeps whatever answer came, for the
    // page to read: which answers settle an order is the page's one rule (client/order_flow.rs).
    async send() {
      const entries = (await withStore("readonly", (s) => s.getAll())) || [];
      let answered = 0;
      for (const entry of entries) {
        if (entry.result) continue;
        let response;
        try {
          // Where it was placed: its producer's address in a market.
          response = await fetch(entry.url || "/api/orders", {
            method: "POST",
            headers: { "Content-Type": "application/json", "Idempotency-Key": entry.key },
            body: entry.body,
          });
        } catch (_) {
          throw new Error("still offline"); // Background Sync will try again later.
        }
        await keepAnswer(entry.key, { status: response.status, body: await response.text() });
        answered += 1;
      }
      if (answered > 0 && scope.clients) {
        for (const client of await scope.clients.matchAll({ includeUncontrolled: true })) {
          client.postMessage("orchard-outbox-answered");
        }
      }
      return answered;
    },
  };

  if (run) scope.OrchardOutbox = outbox;

  // The page side: register the service worker and report updates.
  const REGISTER_AFTER_LOAD_MS = 3000;
  if (typeof window !== "undefined" && "serviceWorker" in navigator) {
    let reloading = false;
    // Announced as an event, and kept: a page whose app starts after the announcement (the
    // WebAssembly still loading) asks `updateReady` instead.
    const announce = () => {
      scope.OrchardPwa.updateReady = true;
      window.dispatchEvent(new CustomEvent("orchard-update-ready"));
    };
    scope.OrchardPwa = {
      updateReady: false,
      // Switches to the waiting version and reloads once it controls the page.
      applyUpdate() {
        navigator.serviceWorker.getRegistration().then((r) => {
          if (r && r.waiting) r.waiting.postMessage("skip-waiting");
          else window.location.reload();
        });
        return true;
      },
    };
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      if (scope.__orchardUpdateAccepted && !reloading) {
        reloading = true;
        window.location.reload();
      }
    });
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data === "orchard-outbox-answered") window.dispatchEvent(new CustomEvent("orchard-outbox-answered"));
    });
    // Late: installing downloads the whole shell, which would slow the app's start (BENCHMARKS.md).
    window.addEventListener("load", () => setTimeout(() => {
      navigator.serviceWorker.register("/sw.js").then((registration) => {
        if (registration.waiting && navigator.serviceWorker.controller) announce();
        registration.addEventListener("updatefound", () => {
          const worker = registration.installing;
          if (!worker) return;
          worker.addEventListener("statechange", () => {
            if (worker.state === "installed" && navigator.serviceWorker.controller) announce();
          });
        });
      }).catch(() => {});
    }, REGISTER_AFTER_LOAD_MS));
  }
})(self);
