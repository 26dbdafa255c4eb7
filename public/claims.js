// The tracking page's claim photos and uploads, for the buyer's orders bundle only (mine/):
// - shrink(file): a photo from the camera or the gallery redrawn on a canvas at most 1600 px on
//   its longest side and encoded as JPEG (quality 0.85), so a weak connection sends a few
//   hundred KB, not the camera's 5 MB;
// - send(claim, onProgress): the claim as multipart/form-data through XMLHttpRequest, whose
//   upload.onprogress tells the page how far the photos are; resolves {status, body,
//   retryAfter} whoever answered (the shop, or a proxy's own page: the page reads it by its
//   status, so a 502 keeps the claim queued), rejects only when the shop could not be reached;
// - queue / all / remove: claims made offline wait in IndexedDB (photos as Blobs) with their
//   Idempotency-Key until the page sends them on reconnect (the key makes it one claim however
//   often one is sent). IndexedDB through the shared helper (public/idb.js, loaded before this).
(function (scope) {
  "use strict";
  const MAX_SIDE = 1600;
  const QUALITY = 0.85;
  const DB = "orchard-claims";
  const STORE = "queue";

  function loadImage(file) {
    return new Promise((resolve, reject) => {
      const url = URL.createObjectURL(file);
      const img = new Image();
      img.onload = () => resolve({ img, url });
      img.onerror = () => {
        URL.revokeObjectURL(url);
        reject(new Error("not an image"));
      };
      img.src = url;
    });
  }

  async function shrink(file) {
    const { img, url } = await loadImage(file);
    try {
      const scale = Math.min(1, MAX_SIDE / Math.max(img.naturalWidth, img.naturalHeight));
      const canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
      canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
      canvas.getContext("2d").drawImage(img, 0, 0, canvas.width, canvas.height);
      return await new Promise((resolve, reject) =>
        canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("no JPEG"))), "image/jpeg", QUALITY));
    } finally {
      URL.revokeObjectURL(url);
    }
  }

  function send(claim, onProgress) {
    return new Promise((resolve, reject) => {
      const form = new FormData();
      form.append("kind", claim.kind);
      if (claim.apples) form.append("apples", claim.apples);
      if (claim.message) form.append("message", claim.message);
      (claim.photos || []).forEach((photo, i) => form.append("photo", photo, `photo-${i + 1}.jpg`));
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `/api/orders/${encodeURIComponent(claim.orderId)}/claims`);
      xhr.setRequestHeader("Authorization", `Bearer ${claim.token}`);
      xhr.setRequestHeader("Idempotency-Key", claim.key);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
      };
      xhr.onload = () =>
        resolve({ status: xhr.status, body: xhr.responseText, retryAfter: xhr.getResponseHeader("Retry-After") || "" });
      xhr.onerror = () => reject(new Error("offline"));
      xhr.ontimeout = () => reject(new Error("timeout"));
      xhr.send(form);
    });
  }

  const run = scope.OrchardIdb && scope.OrchardIdb.database(DB, 1, (db) => db.createObjectStore(STORE, { keyPath: "key" }));
  const withStore = (mode, work) => run(STORE, mode, work);

  scope.OrchardClaims = {
    shrink,
    send,
    async queue(claim) {
      await withStore("readwrite", (s) => s.put(Object.assign({ queuedAt: Date.now() }, claim)));
      return true;
    },
    async all(orderId) {
      const all = (await withStore("readonly", (s) => s.getAll())) || [];
      return all.filter((c) => c.orderId === orderId);
    },
    async remove(key) {
      await withStore("readwrite", (s) => s.delete(key));
      return true;
    },
  };
})(self);
