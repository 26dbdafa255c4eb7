// Installable and offline: the manifest, the service worker, the story without a connection,
// the order outbox (sent by the page or the worker, read by the page's one rule), and a deploy
// while a page is open.
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "@playwright/test";
import { test, expect, ADMIN_TOKEN, ROOT, Shop } from "./server";

async function controlled(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker.ready.then(() => true), null, { timeout: 20_000 });
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 20_000 }).toBe(true);
}

async function adminOrders(shop: Shop): Promise<any[]> {
  const r = await fetch(shop.url + "/api/admin/orders", { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  return (await r.json()).orders;
}

test("the manifest has what an install needs and its icons load", async ({ page, shop }) => {
  await page.goto(shop.url + "/");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  const response = await page.request.get(shop.url + href);
  expect(response.headers()["cache-control"]).toBe("no-cache");
  const manifest = await response.json();
  expect(manifest).toMatchObject({ start_url: "/?source=pwa", scope: "/", display: "standalone" });
  expect(manifest.name).toBeTruthy();
  expect(manifest.short_name).toBeTruthy();
  expect(manifest.theme_color).toMatch(/^#/);
  expect(manifest.background_color).toMatch(/^#/);
  const sizes = manifest.icons.map((i: any) => `${i.sizes} ${i.purpose}`);
  expect(sizes).toEqual(expect.arrayContaining(["192x192 any", "512x512 any", "512x512 maskable"]));
  expect(manifest.screenshots).toHaveLength(2);
  for (const image of [...manifest.icons, ...manifest.screenshots]) {
    const r = await page.request.get(shop.url + image.src);
    expect(r.status(), image.src).toBe(200);
    expect(r.headers()["content-type"]).toBe("image/png");
  }
  const apple = await page.locator('link[rel="apple-touch-icon"]').getAttribute("href");
  expect((await page.request.get(shop.url + apple)).status()).toBe(200);
  await expect(page.locator('meta[property="og:image"]')).toHaveAttribute("content", "/icons/og-card.png");
});

test("after a visit the service worker controls the page, and offline the story still shows", async ({ page, context, shop }) => {
  await page.goto(shop.url + "/");
  await controlled(page);
  await expect(page.getByRole("heading", { name: "Order a box" })).toBeVisible();
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Drolma" })).toBeVisible();
  await expect(page.getByText("walks around her apple tree")).toBeVisible();
  await context.setOffline(false);
});

test("offline, the buyer's orders page still opens from the service worker's cache", async ({ page, context, shop }) => {
  await page.goto(shop.url + "/");
  await controlled(page);
  await context.setOffline(true);
  await page.goto(shop.url + "/my-orders");
  await expect(page.getByRole("heading", { level: 1, name: "My orders" })).toBeVisible();
  await expect(page.getByText("No orders on this phone yet.")).toBeVisible();
  await context.setOffline(false);
});

test("offline, a tracking link of either form opens its page, and no cache holds a token", async ({ page, context, shop }) => {
  const token = "0123456789abcdef0123456789abcdef0123456789abcdef";
  await page.goto(shop.url + "/");
  await controlled(page);
  await page.goto(`${shop.url}/orders/AAAA?t=${token}`); // online: the page comes from the network
  await expect(page.getByRole("heading", { level: 1, name: "Your order" })).toBeVisible();
  await context.setOffline(true);
  for (const link of [`/orders/BBBB#t=${token}`, `/orders/CCCC?t=${token}`]) {
    await page.goto(shop.url + link);
    await expect(page.getByRole("heading", { level: 1, name: "Your order" })).toBeVisible();
    await expect(page.getByRole("alert")).toContainText("The shop cannot be reached");
  }
  await context.setOffline(false);
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    }
    return urls;
  });
  expect(cached.length).toBeGreaterThan(0);
  expect(cached.filter((url) => url.includes(token) || url.includes("/orders/"))).toEqual([]);
});

/// Opens the storefront under the service worker, goes offline and places an order for `name`.
async function orderOffline(page: Page, context: BrowserContext, shop: Shop, name: string, phone: string, address: string) {
  await page.goto(shop.url + "/");
  await controlled(page);
  await expect(page.getByRole("heading", { name: "Order a box" })).toBeVisible();
  await context.setOffline(true);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Phone").fill(phone);
  await page.getByLabel("Delivery address").fill(address);
  await page.getByRole("button", { name: "Place my order" }).click();
}

test("an order placed offline waits, then becomes exactly one order online", async ({ page, context, shop }) => {
  await orderOffline(page, context, shop, "Sonam", "13912345678", "3 Tianfu Avenue, Chengdu");
  await expect(page.getByText("your order is saved on this phone")).toBeVisible();
  await expect(page.getByText("An order is waiting for a connection")).toBeVisible();
  expect(await adminOrders(shop)).toHaveLength(0);
  await context.setOffline(false);
  await expect(page.getByRole("heading", { name: "Thank you! Your order is placed." })).toBeVisible({ timeout: 20_000 });
  await page.waitForTimeout(1500); // let Background Sync and the online event both have their go
  const orders = await adminOrders(shop);
  expect(orders).toHaveLength(1);
  expect(orders[0].name).toBe("Sonam");
});

// Answers that mean "later": the page reads the one the worker kept by its one rule
// (order_flow::waits), forgets it and the order waits to be sent again, by the worker too.
const LATER = [
  { said: "the shop is busy (its 503)", status: 503, code: "overloaded" },
  { said: "the same order is still being written (409)", status: 409, code: "request_in_progress" },
];
for (const later of LATER) test(`an order the worker is told to send later (${later.said}) waits, and the worker places it once the shop answers`, async ({ page, context, shop }) => {
  await orderOffline(page, context, shop, "Lhamo", "13912345679", "9 Jinli Street, Chengdu");
  await expect(page.getByText("An order is waiting for a connection")).toBeVisible();

  // The connection returns, but the shop says "later", to the worker and the page alike.
  const orders = "**/api/orders";
  const busy = { worker: 0, page: 0 };
  await context.route(orders, (route) => {
    busy[route.request().serviceWorker() ? "worker" : "page"] += 1;
    return route.fulfill({
      status: later.status,
      contentType: "application/json",
      headers: { "Retry-After": "1" },
      body: JSON.stringify({ error: { code: later.code, message: "Not now." } }),
    });
  });
  await context.setOffline(false);
  const askWorker = () => page.evaluate(() => navigator.serviceWorker.controller!.postMessage("flush-outbox"));
  await askWorker();
  await expect.poll(() => busy.worker).toBeGreaterThanOrEqual(1);
  // The page reads the answer the worker kept: "later", so the order waits.
  await expect.poll(() => busy.page).toBeGreaterThanOrEqual(1);
  await expect(page.getByText("An order is waiting for a connection")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Thank you! Your order is placed." })).toHaveCount(0);
  expect(await adminOrders(shop)).toHaveLength(0);

  // The shop answers again, to the worker only (the page's own tries do not get through).
  await context.unroute(orders);
  const placedBy: number[] = [];
  await context.route(orders, async (route) => {
    if (!route.request().serviceWorker()) return route.abort("internetdisconnected");
    const response = await route.fetch();
    placedBy.push(response.status());
    return route.fulfill({ response });
  });
  await expect.poll(async () => (await askWorker(), placedBy.includes(201)), { intervals: [1000], timeout: 20_000 }).toBe(true);
  await expect(page.getByRole("heading", { name: "Thank you! Your order is placed." })).toBeVisible({ timeout: 20_000 });
  const placed = await adminOrders(shop);
  expect(placed).toHaveLength(1);
  expect(placed[0].name).toBe("Lhamo");
});

test.describe("a deploy while a page is open", () => {
  const dist = mkdtempSync(join(tmpdir(), "orchard-dist-"));
  cpSync(join(ROOT, "dist"), dist, { recursive: true });
  test.use({ saleOptions: { dist } });
  test.afterAll(() => rmSync(dist, { recursive: true, force: true }));

  test("keeps the open page working, then offers the new version", async ({ page, shop }) => {
    await page.goto(shop.url + "/");
    await controlled(page);
    await expect(page.getByRole("heading", { name: "Order a box" })).toBeVisible();

    // The new build: a changed stylesheet under a new hashed name, a new index.html and sw.js.
    const css = readdirSync(dist).find((f) => /^main-[0-9a-f]{12,16}\.css$/.test(f))!;
    const fresh = "main-00000000deadbeef.css";
    writeFileSync(join(dist, fresh), readFileSync(join(dist, css), "utf8") + "\n:root { --deployed: 2; }\n");
    rmSync(join(dist, css));
    for (const f of readdirSync(dist).filter((f) => f.startsWith(css))) rmSync(join(dist, f));
    for (const name of ["index.html", "sw.js"]) {
      const text = readFileSync(join(dist, name), "utf8").replaceAll(css, fresh).replace(/ integrity=("[^"]*"|[^\s>]*)/g, "");
      writeFileSync(join(dist, name), name === "sw.js" ? text.replace(/const VERSION = "[^"]+"/, 'const VERSION = "deploy-2"') : text);
      rmSync(join(dist, name + ".br"), { force: true });
      rmSync(join(dist, name + ".gz"), { force: true });
    }

    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r!.update()));
    await expect(page.getByText("A new version of the shop is ready.")).toBeVisible({ timeout: 20_000 });
    // The old version still works: client-side navigation and its cached assets.
    await page.getByRole("link", { name: "My orders" }).click();
    await expect(page.getByRole("heading", { name: "My orders" })).toBeVisible();
    await page.getByRole("link", { name: "Apples" }).click();
    await expect(page.getByRole("heading", { name: "Order a box" })).toBeVisible();
    // The old stylesheet is gone from the server, yet the open page still gets it (from its cache).
    const oldCss = await page.evaluate((name) => fetch("/" + name).then((r) => r.text()), css);
    expect(oldCss).toContain(".boxes");
    expect(oldCss).not.toContain("--deployed");

    await page.getByRole("button", { name: "Update" }).click();
    await expect
      .poll(
        () => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--deployed").trim()).catch(() => ""),
        { timeout: 20_000 },
      )
      .toBe("2");
    await expect(page.getByRole("heading", { name: "Order a box" })).toBeVisible();
  });
});

test.describe("an in-app browser without service workers", () => {
  test.use({ serviceWorkers: "block" });
  test("still reads the story and orders", async ({ page, shop }) => {
    await page.goto(shop.url + "/");
    await expect(page.getByText("walks around her apple tree")).toBeVisible();
    await page.getByLabel("Your name").fill("Norbu");
    await page.getByLabel("Phone").fill("+33 6 12 34 56 78");
    await page.getByLabel("Delivery address").fill("5 rue des Pommiers, Lyon");
    await page.getByRole("button", { name: "Place my order" }).click();
    await expect(page.getByRole("heading", { name: "Thank you! Your order is placed." })).toBeVisible();
    expect(await adminOrders(shop)).toHaveLength(1);
  });
});
