// The one IndexedDB helper of Orchard's scripts: the buyer's order outbox (public/pwa.js, in the
// storefront, the buyer's orders and the service worker), the claims' queue (public/claims.js)
// and the team's saved copies and queued moves (public/team-offline.js). Each keeps its own
// database, stores and version, as phones already hold them.
// - OrchardIdb.database(name, version, upgrade) gives run(store, mode, work): opens the database
//   (upgrade(db) makes its stores the first time), runs work(objectStore) in one transaction and
//   resolves with the result of the request work returned once the transaction is complete, then
//   closes the database (a newer version in another tab is never blocked by this one).
if (typeof indexedDB !== "undefined") self.OrchardIdb = {
  database(name, version, upgrade) {
    const open = () => new Promise((resolve, reject) => {
      const request = indexedDB.open(name, version);
      request.onupgradeneeded = () => upgrade(request.result);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return async (store, mode, work) => {
      const db = await open();
      try {
        return await new Promise((resolve, reject) => {
          const tx = db.transaction(store, mode);
          const request = work(tx.objectStore(store));
          tx.oncomplete = () => resolve(request ? request.result : undefined);
          tx.onerror = tx.onabort = () => reject(tx.error);
        });
      } finally {
        db.close();
      }
    };
  },
};
