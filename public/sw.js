// Orchard's service worker. VERSION and PRECACHE are written at build time by
// scripts/sw-precache.sh from the exact files the build produced.
const VERSION = "__ORCHARD_VERSION__";
const PRECACHE = ["__ORCHARD_PRECACHE__"];
// The team's pages (dist/admin/, dist/scan/): kept only on a phone that has opened them (its
// page asks, public/team-offline.js), so buyers' phones never download them. The owner's
// (dist/owner/): kept only once the page knows an owner is signed in, never on a packer's phone
// (the page drops it from every cache when anyone else signs in).
const TEAM = ["__ORCHARD_TEAM__"];
const OWNER = ["__ORCHARD_OWNER__"];
const TEAM_PAGE = "/admin/index.html";
const OWNER_PAGE = "/owner/index.html";
const SHELL = "orchard-shell-" + VERSION;
const API = "orchard-api";

importScripts("/idb.js", "/pwa.js");

self.addEventListener("install", (event) => {
  // The new shell is cached whole before this version can take over. No skipWaiting here: a
  // page open on the old version keeps it until the buyer accepts the update (or comes back).
  event.waitUntil(
    Promise.all([
      caches.open(SHELL).then((cache) => cache.addAll(PRECACHE)),
      // The storefront as it is now, so the page opens whole without a connection.
      caches.open(API).then((cache) => cache.add("/api/storefront")).catch(() => undefined),
      // A team's phone (an older version kept the team's page) gets the new one with the rest.
      caches.match(TEAM_PAGE, { ignoreVary: true }).then((kept) => kept && keepTeamPage()).catch(() => undefined),
      // An owner's phone (its cache holds the owner's page) gets the new one too; a packer's has none.
      caches.match(OWNER_PAGE, { ignoreVary: true }).then((kept) => kept && keepOwnerPage()).catch(() => undefined),
    ]),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("orchard-shell-") && name !== SHELL) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
  if (event.data === "keep-team-page") event.waitUntil(keepTeamPage().catch(() => undefined));
  if (event.data === "keep-owner-page") event.waitUntil(keepOwnerPage().catch(() => undefined));
  if (event.data === "flush-outbox" && self.OrchardOutbox) event.waitUntil(self.OrchardOutbox.send().catch(() => 0));
});

self.addEventListener("sync", (event) => {
  if (event.tag === "orchard-outbox" && self.OrchardOutbox) event.waitUntil(self.OrchardOutbox.send());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return; // orders and admin writes: always the network
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.cache === "no-store") return; // the page setting its clock: the network only
  if (url.pathname === "/api/storefront") {
    event.respondWith(staleWhileRevalidate(event, request));
    return;
  }
  if (url.pathname.startsWith("/api/") || url.pathname === "/healthz" || url.pathname === "/metrics") return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request));
    return;
  }
  if (request.headers.has("range")) return; // the film streams from the network
  // An address with a token (an old tracking link's `?t=`) is never cached. Pages are never
  // cached at all (networkFirst falls back to the page precached for the path), and a link's
  // `#t=` fragment is not part of any request.
  if (url.searchParams.has("t")) return;
  event.respondWith(cacheFirst(request));
});

// Pages: the network when it answers (so a deploy shows on the next navigation), else the page
// this worker cached for that path (the buyer's orders, or the storefront), whose hashed files
// are all in the same cache.
async function networkFirst(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const shell = await caches.open(SHELL);
    const path = new URL(request.url).pathname;
    const page = path === "/admin/owner" ? "/owner/index.html"
      : path === "/admin/scan" ? "/scan/index.html"
      : path === "/admin" || path.startsWith("/admin/") ? TEAM_PAGE
      : path === "/my-orders" || path.startsWith("/orders/") ? "/mine/index.html" : "/index.html";
    return (await shell.match(page, { ignoreVary: true })) || Response.error();
  }
}

// The team's page and its hashed files, into this version's shell (once). Its /api/admin/
// answers are never cached: the page keeps the last list in IndexedDB on the phone.
async function keepTeamPage() {
  const shell = await caches.open(SHELL);
  if (await shell.match(TEAM_PAGE, { ignoreVary: true })) return;
  await shell.addAll(TEAM);
}

// The owner's page and its hashed files, on an owner's phone only (its page asks once the
// server has said the member is an owner).
async function keepOwnerPage() {
  const shell = await caches.open(SHELL);
  if (await shell.match(OWNER_PAGE, { ignoreVary: true })) return;
  await shell.addAll(OWNER);
}

// Hashed files never change under their name: any cached copy is right. The owner's files are
// kept only by keepOwnerPage (a packer who opens /admin/owner gets them, but never keeps them).
async function cacheFirst(request) {
  const cached = await caches.match(request, { ignoreSearch: false });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === "basic" && !new URL(request.url).pathname.startsWith("/owner/")) {
    const copy = response.clone();
    caches.open(SHELL).then((cache) => cache.put(request, copy));
  }
  return response;
}

// The storefront: the last copy at once (marked, so the page does not read its clock from it),
// refreshed in the background.
async function staleWhileRevalidate(event, request) {
  const cache = await caches.open(API);
  const cached = await cache.match(request);
  const fresh = fetch(request).then((response) => {
    if (response.ok) cache.put(request, response.clone());
    return response;
  });
  if (!cached) return fresh;
  event.waitUntil(fresh.catch(() => undefined));
  const headers = new Headers(cached.headers);
  headers.set("x-orchard-cached", "1");
  return new Response(await cached.blob(), { status: cached.status, headers });
}
