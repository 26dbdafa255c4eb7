// A buyer in the county market: from the market's home to the second producer's storefront
// (`/p/{slug}`, which talks to `/api/producers/{slug}/…`), an order placed there (online, or
// offline and sent where it was placed once the connection returns), its confirmation, and "My
// orders" and the tracking page naming that producer. The server reads a market file of the
// test's own: Drolma (the default producer, the test's usual content) and Tsering's family, whose
// boxes have the same ids as Drolma's but their own prices and stock.
import type { BrowserContext, Page } from "@playwright/test";
import { test, expect, contentToml, ADMIN_TOKEN, Shop } from "./server";

const MARKET = `[market]
name = { zh = "乡城县助农集市", en = "Xiangcheng county market", fr = "Marché du comté de Xiangcheng" }
place = { zh = "四川甘孜州乡城县", en = "Xiangcheng county, Garzê, Sichuan", fr = "Comté de Xiangcheng" }

[[producer]]
slug = "drolma"
content = "content.toml"

[[producer]]
slug = "tsering"
content = "tsering.toml"
`;

// Tsering's family: the test's content with its own name, place and prices (¥88.00, ¥198.00).
const TSERING = contentToml({ stock5: 30, stock10: 10 })
  .replace(`name = { zh = "卓玛", en = "Drolma", fr = "Drolma" }`, `name = { zh = "泽仁一家", en = "Tsering's family", fr = "La famille de Tsering" }`)
  .replace(/^place = .*$/m, `place = { zh = "乡城县青德镇", en = "Qingde town, Xiangcheng county", fr = "Bourg de Qingde" }`)
  .replace("price_fen = 6800", "price_fen = 8800")
  .replace("price_fen = 12850", "price_fen = 19800");

test.use({ saleOptions: { files: { "market.toml": MARKET, "tsering.toml": TSERING }, content: "market.toml" } });

const NAME = "Tsering's family";

/// The orders of one producer, as its team sees them.
async function teamOrders(shop: Shop, slug: string): Promise<any[]> {
  const r = await fetch(`${shop.url}/api/producers/${slug}/admin/orders`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(r.status).toBe(200);
  return (await r.json()).orders;
}

/// How many `box` are left at a producer's storefront.
async function left(shop: Shop, slug: string, box: string): Promise<number> {
  const s = await (await fetch(`${shop.url}/api/producers/${slug}/storefront`)).json();
  return s.boxes.find((b: any) => b.id === box).available;
}

async function fillOrder(page: Page, name: string) {
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Phone").fill("139 0000 1111");
  await page.getByLabel("Delivery address").fill("3 Tianfu Square, Chengdu");
}

/// "My orders" lists the order, its card naming Tsering's family; its tracking page names her too.
async function findInMyOrders(page: Page, id: string) {
  await page.getByRole("navigation", { name: "Orchard" }).getByRole("link", { name: "My orders" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My orders" })).toBeVisible();
  const card = page.getByRole("link", { name: new RegExp(id) });
  await expect(card).toContainText(`From ${NAME}`);
  await card.click();
  await expect(page.getByRole("heading", { level: 1, name: "Your order" })).toBeVisible();
  await expect(page.getByText(`From ${NAME}`)).toBeVisible();
}

test("a buyer goes from the market's home to the second producer, orders there, and finds the order under that producer's name", async ({ page, shop }) => {
  await page.goto(shop.url + "/");
  // The market's home: a card per producer, each a link to its storefront.
  const card = page.getByRole("link", { name: new RegExp(NAME) });
  await expect(card).toHaveAttribute("href", /\/p\/tsering$/);
  await card.click();
  await expect(page).toHaveURL(`${shop.url}/p/tsering`);
  await expect(page.getByRole("heading", { level: 1, name: NAME })).toBeVisible();
  // Her own prices, for the box ids Drolma's shop has too.
  const boxes = page.getByRole("region", { name: "Boxes of apples" });
  await expect(boxes.getByText("¥198.00", { exact: true })).toBeVisible();
  await expect(page.getByText("30 boxes left")).toBeVisible();

  await page.getByLabel(/5 kg box/).check();
  await fillOrder(page, "Lhamo");
  await page.getByRole("button", { name: "Place my order" }).click();
  await expect(page.getByRole("heading", { name: "Thank you! Your order is placed." })).toBeVisible();
  const id = (await page.locator(".order-id").textContent())!.trim();
  // The confirmation's private link stays /orders/{id}, and the order is Tsering's.
  const link = page.getByRole("link", { name: new RegExp(`/orders/${id}#t=`) });
  const href = (await link.getAttribute("href"))!;
  expect(href).toMatch(new RegExp(`^/orders/${id}#t=`));
  const token = href.split("#t=")[1];
  const lookup = await (await fetch(`${shop.url}/api/orders/${id}`, { headers: { Authorization: `Bearer ${token}` } })).json();
  expect(lookup.producer).toBe("tsering");
  expect((await teamOrders(shop, "tsering")).map((o) => o.id)).toEqual([id]);
  expect(await teamOrders(shop, "drolma")).toEqual([]);
  expect([await left(shop, "tsering", "5kg"), await left(shop, "drolma", "5kg")]).toEqual([29, 40]);

  await findInMyOrders(page, id);
});

async function controlled(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker.ready.then(() => true), null, { timeout: 20_000 });
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 20_000 }).toBe(true);
}

/// Opens Tsering's storefront under the service worker, then takes the phone offline.
async function offlineAtTsering(page: Page, context: BrowserContext, shop: Shop) {
  await page.goto(shop.url + "/p/tsering");
  await controlled(page);
  await expect(page.getByRole("heading", { name: "Order a box" })).toBeVisible();
  await context.setOffline(true);
}

test("a producer's storefront reached from the market's home under the service worker opens offline", async ({ page, context, shop }) => {
  await page.goto(shop.url + "/");
  await controlled(page);
  await page.getByRole("link", { name: new RegExp(NAME) }).click();
  await expect(page.getByRole("heading", { name: "Order a box" })).toBeVisible();
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: NAME })).toBeVisible();
  await expect(page.getByRole("region", { name: "Boxes of apples" }).getByText("¥198.00", { exact: true })).toBeVisible();
});

test("a producer's storefront once visited opens offline, and an order placed there offline is placed with that producer when the connection returns", async ({ page, context, shop }) => {
  await offlineAtTsering(page, context, shop);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: NAME })).toBeVisible();
  await expect(page.getByRole("region", { name: "Boxes of apples" }).getByText("¥198.00", { exact: true })).toBeVisible();

  await fillOrder(page, "Sonam");
  await page.getByRole("button", { name: "Place my order" }).click();
  await expect(page.getByText("An order is waiting for a connection")).toBeVisible();
  expect(await teamOrders(shop, "tsering")).toHaveLength(0);
  await context.setOffline(false);
  await expect(page.getByRole("heading", { name: "Thank you! Your order is placed." })).toBeVisible({ timeout: 20_000 });
  await page.waitForTimeout(1500); // let Background Sync and the online event both have their go
  const placed = await teamOrders(shop, "tsering");
  expect(placed.map((o) => o.name)).toEqual(["Sonam"]);
  expect(await teamOrders(shop, "drolma")).toEqual([]);

  await findInMyOrders(page, placed[0].id);
});
