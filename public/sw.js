// Orchard's service worker. VERSION, PRECACHE, ROUTES and GROUPS are written at build time by
// scripts/sw-precache.sh from the bundle table (src/bundles.rs) and the exact files the build
// produced.
const VERSION = "__ORCHARD_VERSION__";
// Every phone's shell: the buyer group's bundles (the storefront, the buyer's orders), the
// media and the icons.
const PRECACHE = ["__ORCHARD_PRECACHE__"];
// [path, page]: each bundle's page paths ("{id}" is one segment) and the page kept for them;
// the last, "*", is every other path's (the storefront's).
const ROUTES = ["__ORCHARD_ROUTES__"];
// The other groups: {name, message, page, visit, dirs, files}. Each is kept only on a phone whose
// page posts its message (the team's pages once a phone opened them, public/team-offline.js; the
// owner's once the page knows an owner is signed in, and dropped from every cache when anyone
// else signs in), so buyers' phones never download them; `page` kept means the group is;
// `visit` false: a visit alone never caches its folders' files (a packer who opens the owner's
// page does not keep it).
const GROUPS = ["__ORCHARD_GROUPS__"];
const SHELL = "orchard-shell-" + VERSION;
const API = "orchard-api";

importScripts("/idb.js", "/pwa.js");

self.addEventListener("install", (event) => {
  // The new shell is cached whole before this version can take over. No skipWaiting here: a
  // page open on the old version keeps it until the buyer accepts the update (or comes back).
  event.waitUntil(
    Promise.all([
      caches.open(SHELL).then((cache) => cache.addAll(PRECACHE)),
      // The storefront as it is now, so the page opens whole without a connection: the default
      // producer's, and that of each producer's page open now (the one that registered this
      // worker, `/p/{slug}`), whose first read went past the worker (it sets the clock).
      caches.open(API).then(async (cache) => {
        const open = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
        const data = open.map((client) => storefrontOf(new URL(client.url).pathname));
        await Promise.all([...new Set(["/api/storefront", ...data])].map((path) => path && cache.add(path).catch(() => undefined)));
      }).catch(() => undefined),
      // The market's home as it is now, if `/` is one, so the phone that just visited it has it.
      fetch("/").then((response) => keepMarketHome("/", response)).catch(() => undefined),
      // A phone that kept a group (an older version kept its page) gets the new one with the
      // rest: a team's phone its pages, an owner's the owner's; a packer's has no owner's page.
      ...GROUPS.map((group) => caches.match(group.page, { ignoreVary: true })
        .then((kept) => kept && keep(group)).catch(() => undefined)),
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
  const group = GROUPS.find((g) => g.message === event.data);
  if (group) event.waitUntil(keep(group).catch(() => undefined));
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
  if (storefrontApi(url.pathname)) {
    event.respondWith(staleWhileRevalidate(event, request));
    return;
  }
  if (url.pathname.startsWith("/api/") || url.pathname === "/healthz" || url.pathname === "/metrics") return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request, event));
    return;
  }
  if (request.headers.has("range")) return; // the film streams from the network
  // An address with a token (an old tracking link's `?t=`) is never cached. Pages are never
  // cached at all (networkFirst falls back to the page precached for the path), and a link's
  // `#t=` fragment is not part of any request.
  if (url.searchParams.has("t")) return;
  event.respondWith(cacheFirst(request));
});

// The storefront's data: the default producer's, and each producer's of a market
// (`/api/producers/{slug}/storefront`, each its own copy), so a storefront once visited opens offline.
function storefrontApi(path) {
  return path === "/api/storefront" || /^\/api\/producers\/[^/]+\/storefront$/.test(path);
}

// The storefront data of the page at `path`: a producer's `/p/{slug}` (a slug as the client
// reads it, src/client/router.rs), else none (`/` has the default producer's, kept at install).
function storefrontOf(path) {
  const slug = /^\/p\/([a-z0-9-]{1,32})\/?$/.exec(path);
  return slug ? "/api/producers/" + slug[1] + "/storefront" : null;
}

// Pages: the network when it answers (so a deploy shows on the next navigation), else the page
// this worker cached for that path's bundle (the server's own routes, ROUTES), whose hashed
// files are all in the same cache.
async function networkFirst(request, event) {
  const path = new URL(request.url).pathname;
  try {
    const response = await fetch(request);
    if (path === "/" && response.ok) event.waitUntil(keepMarketHome(path, response.clone()).catch(() => undefined));
    // A producer's storefront reached from another page (the market's home): its data, once, so
    // it opens offline before the page's first poll has kept it (the page's polls refresh it).
    const data = response.ok && storefrontOf(path);
    if (data) event.waitUntil(caches.open(API).then(async (cache) => (await cache.match(data)) || cache.add(data)).catch(() => undefined));
    return response;
  } catch (error) {
    const market = path === "/" && (await caches.match("/", { cacheName: MARKET, ignoreVary: true }));
    if (market) return market;
    const shell = await caches.open(SHELL);
    const page = pageFor(new URL(request.url).pathname);
    return (await shell.match(page, { ignoreVary: true })) || Response.error();
  }
}

// The page kept for `path`: the route it matches segment by segment, else the last one's.
function pageFor(path) {
  const segments = path.split("/");
  const matches = (pattern) => {
    const want = pattern.split("/");
    return want.length === segments.length &&
      want.every((w, i) => (w.startsWith("{") ? segments[i] !== "" : w === segments[i]));
  };
  return (ROUTES.find(([pattern]) => matches(pattern)) || ROUTES[ROUTES.length - 1])[1];
}

// A group's pages and their hashed files, into this version's shell (once). The team's
// /api/admin/ answers are never cached: its page keeps the last list in IndexedDB on the phone.
async function keep(group) {
  const shell = await caches.open(SHELL);
  if (await shell.match(group.page, { ignoreVary: true })) return;
  await shell.addAll(group.files);
}

// Hashed files never change under their name: any cached copy is right. A group that a visit
// must not keep (the owner's) is cached only by keep().
async function cacheFirst(request) {
  const cached = await caches.match(request, { ignoreSearch: false });
  if (cached) return cached;
  const response = await fetch(request);
  const path = new URL(request.url).pathname;
  const unkept = GROUPS.some((g) => !g.visit && g.dirs.some((dir) => path.startsWith(dir)));
  if (response.ok && response.type === "basic" && !unkept) {
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

// The market's home (`/` when the server hosts several producers; it marks the page
// `x-orchard-page: market`): its last copy, kept apart from the versioned shell, is what `/` shows
// without a connection. A `/` that is a storefront again (a market of one) drops it.
const MARKET = "orchard-market";
async function keepMarketHome(path, response) {
  const cache = await caches.open(MARKET);
  if (response.headers.get("x-orchard-page") === "market") await cache.put(path, response);
  else await cache.delete(path);
}
