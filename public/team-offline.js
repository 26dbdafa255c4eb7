// The team's page offline in the shed, for the team's bundle only (dist/admin/; the storefront
// never loads it):
// - OrchardTeam.put/get/all/keys/remove/clear: a small key → JSON text store in IndexedDB (database
//   "orchard-team"), with two stores: "saved" (the last list and summary shown, readable
//   offline) and "queue" (moves made offline, sent in key order when the network returns).
//   IndexedDB, not memory: both survive closing the tab. The token is never stored here. Through
//   the shared helper (public/idb.js, /idb.js, loaded before this one).
// - Registers the shop's service worker (scope /) and asks it to keep the team's page (its
//   hashed files) in its cache, so /admin opens without a connection. Never an /api/ answer:
//   buyers' details stay out of Cache Storage.
// - OrchardTeam.pages(owner): once the server has said who signed in, an owner's phone keeps
//   the owner's page too; anyone else's drops it from every cache (a packer's phone never keeps
//   the owner's bundle, even where an owner had signed in before).
(function (scope) {
  "use strict";
  const DB = "orchard-team";

  // No IndexedDB here (no helper): every call is refused, and the page works online only.
  const run = scope.OrchardIdb && scope.OrchardIdb.database(DB, 1, (db) => {
    db.createObjectStore("saved");
    db.createObjectStore("queue");
  });

  // Every /owner/ file out of every cache of this origin.
  async function dropOwnerPage() {
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        if (new URL(request.url).pathname.startsWith("/owner/")) await cache.delete(request);
      }
    }
  }

  scope.OrchardTeam = {
    async put(store, key, text) {
      await run(store, "readwrite", (s) => s.put(text, key));
      return true;
    },
    // The text kept under `key`, or null.
    async get(store, key) {
      const text = await run(store, "readonly", (s) => s.get(key));
      return typeof text === "string" ? text : null;
    },
    // Every text of the store, in the order of their keys.
    async all(store) {
      return (await run(store, "readonly", (s) => s.getAll())) || [];
    },
    // Every key of the store, in order.
    async keys(store) {
      return (await run(store, "readonly", (s) => s.getAllKeys())) || [];
    },
    async remove(store, key) {
      await run(store, "readwrite", (s) => s.delete(key));
      return true;
    },
    async clear(store) {
      await run(store, "readwrite", (s) => s.clear());
      return true;
    },
    async pages(owner) {
      if (!owner) {
        if (scope.caches) await dropOwnerPage();
      } else if ("serviceWorker" in navigator) {
        // Not awaited: `ready` waits for ever on a page no worker was registered for.
        navigator.serviceWorker.ready
          .then((registration) => registration.active && registration.active.postMessage("keep-owner-page"))
          .catch(() => {});
      }
      return true;
    },
  };

  if ("serviceWorker" in navigator) {
    // After the page's own files: keeping the team's page downloads them once more.
    window.addEventListener("load", () => {
      navigator.serviceWorker.register("/sw.js")
        .then(() => navigator.serviceWorker.ready)
        .then((registration) => registration.active && registration.active.postMessage("keep-team-page"))
        .catch(() => {});
    });
  }
})(self);
