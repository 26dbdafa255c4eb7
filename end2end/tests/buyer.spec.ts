// A buyer's journey on a 390×844 phone, against the release server with a content file of
// the test's own.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { test, expect, ADMIN_TOKEN, Shop } from "./server";

async function adminOrders(shop: Shop): Promise<any[]> {
  const r = await fetch(shop.url + "/api/admin/orders", { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(r.status).toBe(200);
  return (await r.json()).orders;
}

async function fillOrder(page: Page, phone = "138 0013 8000") {
  await page.getByLabel("Your name").fill("Tashi Dorje");
  await page.getByLabel("Phone").fill(phone);
  await page.getByLabel("Delivery address").fill("12 Chunxi Road, Jinjiang, Chengdu");
  await page.getByLabel("A message for Drolma (optional)").fill("Thank you, grandmother!");
}

async function noSeriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });
}

test("the story shows before the WebAssembly has loaded", async ({ page, shop }) => {
  await page.route(/\.wasm$/, (route) => route.abort());
  await page.goto(shop.url + "/");
  await expect(page.getByRole("heading", { level: 1, name: "Drolma" })).toBeVisible();
  await expect(page.getByText("walks around her apple tree every day")).toBeVisible();
  await expect(page.getByRole("img", { name: /apple tree/ })).toBeVisible();
});

test("the whole order journey ends on the tracking page", async ({ page, shop }) => {
  await page.goto(shop.url + "/?ref=douyin-video-7");
  await expect(page.getByRole("heading", { name: "Order a box" })).toBeVisible();
  await noSeriousA11yViolations(page);
  await shoot(page, "storefront");
  await page.getByLabel(/10 kg box/).check();
  await page.getByRole("button", { name: "One box more" }).click();
  await fillOrder(page);
  await page.getByRole("button", { name: "Place my order" }).click();
  await expect(page.getByRole("heading", { name: "Thank you! Your order is placed." })).toBeFocused();
  await expect(page.getByText("¥257.00", { exact: true })).toBeVisible();
  await noSeriousA11yViolations(page);
  await shoot(page, "confirmation");

  const orders = await adminOrders(shop);
  expect(orders).toHaveLength(1);
  expect(orders[0]).toMatchObject({ box_id: "10kg", quantity: 2, total_fen: 25700, phone: "13800138000", ref: "douyin-video-7" });
  await expect(page.getByText("18 boxes left")).toBeVisible({ timeout: 10_000 });

  await page.getByRole("link", { name: new RegExp(`/orders/${orders[0].id}`) }).click();
  await expect(page.getByRole("heading", { name: "Your order" })).toBeVisible();
  await expect(page.getByText("Received").first()).toBeVisible();
  await expect(page.getByText("Zhongde")).toHaveAttribute("aria-current", "step");
  await noSeriousA11yViolations(page);
  await shoot(page, "tracking");

  await page.getByRole("link", { name: "My orders" }).click();
  await expect(page.getByRole("link", { name: orders[0].id })).toBeVisible();
  await noSeriousA11yViolations(page);
  await shoot(page, "my-orders");
});

test("a bad phone shows its field error and nothing is ordered", async ({ page, shop }) => {
  await page.goto(shop.url + "/");
  await fillOrder(page, "12345");
  await page.getByRole("button", { name: "Place my order" }).click();
  await expect(page.getByText("Give a mainland mobile number")).toBeVisible();
  await expect(page.getByLabel("Phone")).toHaveAttribute("aria-invalid", "true");
  expect(await adminOrders(shop)).toHaveLength(0);
});

test("a double tap on submit creates one order", async ({ page, shop }) => {
  await page.goto(shop.url + "/");
  await fillOrder(page);
  await page.getByRole("button", { name: "Place my order" }).dblclick();
  await expect(page.getByRole("heading", { name: "Thank you! Your order is placed." })).toBeVisible();
  expect(await adminOrders(shop)).toHaveLength(1);
});

test("switching language changes the page and survives a reload", async ({ page, shop }) => {
  await page.goto(shop.url + "/");
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "卓玛" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "下单" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh");
  await page.reload();
  await expect(page.getByRole("heading", { name: "下单" })).toBeVisible();
  await noSeriousA11yViolations(page);
  await shoot(page, "storefront-zh");
  await page.getByRole("button", { name: "Français" }).click();
  await expect(page.getByRole("heading", { name: "Commander une caisse" })).toBeVisible();
  await expect(page.getByText("128,50 ¥", { exact: true })).toBeVisible();
});

test.describe("a sold-out box", () => {
  test.use({ saleOptions: { stock10: 0 } });
  test("shows as sold out and cannot be chosen", async ({ page, shop }) => {
    await page.goto(shop.url + "/");
    await expect(page.locator("li", { hasText: "10 kg box" })).toContainText("Sold out");
    await expect(page.getByLabel(/10 kg box/)).toBeDisabled();
  });
});

test.describe("before the sale opens", () => {
  test.use({ saleOptions: { opensInSeconds: 6 } });
  test("the countdown ticks and the button turns on by itself at the opening", async ({ page, shop }) => {
    await page.goto(shop.url + "/");
    const button = page.getByRole("button", { name: "Orders are not open" });
    await expect(button).toBeDisabled();
    const timer = page.getByRole("timer");
    const first = await timer.textContent();
    await expect(timer).not.toHaveText(first!, { timeout: 3_000 });
    await noSeriousA11yViolations(page);
    await shoot(page, "countdown");
    await expect(page.getByRole("button", { name: "Place my order" })).toBeEnabled({ timeout: 10_000 });
  });
});

test("an unknown page has no serious accessibility problems", async ({ page, shop }) => {
  await page.goto(shop.url + "/nowhere");
  await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  await noSeriousA11yViolations(page);
  await shoot(page, "not-found");
});

test("the film waits behind its poster until play is pressed, then plays with captions in three languages", async ({ page, shop }) => {
  await page.goto(shop.url + "/");
  const start = page.getByRole("button", { name: "Play the film" });
  await expect(start.locator("img")).toHaveAttribute("src", "/media/drolma-poster.jpg");
  // Nothing of the film, not even its player, before the buyer asks for it.
  await expect(page.locator("video")).toHaveCount(0);
  expect((await fetch(shop.url + "/media/drolma-poster.jpg")).status).toBe(200);
  await start.scrollIntoViewIfNeeded();
  const box = await start.boundingBox();
  await start.click();
  const video = page.locator("video");
  await expect(video).toBeFocused();
  await expect(start).toHaveCount(0);
  await expect(video).toHaveAttribute("poster", "/media/drolma-poster.jpg");
  await expect(video).toHaveAttribute("controls", "");
  await expect(video).not.toHaveAttribute("autoplay");
  // The press itself started it.
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => !v.paused)).toBe(true);
  // The player takes the button's place at the same size: nothing below it moves.
  const placed = await video.boundingBox();
  expect(Math.round(placed!.y)).toBe(Math.round(box!.y));
  expect(Math.round(placed!.height)).toBe(Math.round(box!.height));
  const tracks = video.locator("track[kind=captions]");
  await expect(tracks).toHaveCount(3);
  await expect(video.locator("track[default]")).toHaveAttribute("srclang", "en");
  for (const lang of ["zh", "en", "fr"]) {
    const src = await video.locator(`track[srclang=${lang}]`).getAttribute("src");
    const r = await fetch(shop.url + src);
    expect(r.status).toBe(200);
    expect(await r.text()).toMatch(/^WEBVTT/);
  }
});

test.describe("a phone that prefers Chinese", () => {
  test.use({ locale: "zh-CN" });
  test("opens the shop in Chinese", async ({ page, shop }) => {
    await page.goto(shop.url + "/");
    await expect(page.getByRole("heading", { name: "下单" })).toBeVisible();
    await expect(page.getByRole("region", { name: "苹果礼盒" }).getByText("¥128.50", { exact: true })).toBeVisible();
  });
});
