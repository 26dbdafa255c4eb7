// One look for every page (390×844, in Chinese): the storefront, "My orders", the tracking page,
// the team's list, scan to pack and the owner's page all set their text in the house's font
// stack (style/base.css, read here: the one place it is written), never the browser's serif,
// and the scan page's camera button is the storefront's primary button. Each page's screenshot
// is attached to the test's results. "My orders" shows each order as a card: box, status, date
// and total, and still its box, date and total when the status cannot be fetched.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page, TestInfo } from "@playwright/test";
import { test, expect, ADMIN_TOKEN, ROOT, Shop } from "./server";

/// The font stack as base.css gives it to `body`, one family a string, unquoted.
function houseFonts(): string[] {
  const css = readFileSync(join(ROOT, "style", "base.css"), "utf8");
  const body = css.match(/(?:^|\n)body\s*\{([^}]*)\}/);
  expect(body, "base.css styles body").not.toBeNull();
  const stack = body![1].match(/font-family:\s*([^;]+);/);
  expect(stack, "base.css gives body a font-family").not.toBeNull();
  return families(stack![1]);
}

function families(value: string): string[] {
  return value.split(",").map((f) => f.trim().replace(/^["']|["']$/g, ""));
}

async function fontsOf(element: Locator): Promise<string[]> {
  return families(await element.evaluate((e) => getComputedStyle(e).fontFamily));
}

async function backgroundOf(element: Locator): Promise<string> {
  return element.evaluate((e) => getComputedStyle(e).backgroundColor);
}

/// The page's body and `button` are in the house's fonts; the page's screenshot goes with the
/// test's results.
async function looksLikeTheHouse(page: Page, button: Locator, name: string, info: TestInfo) {
  await expect(page.locator("html")).toHaveAttribute("lang", "zh");
  expect(await fontsOf(page.locator("body")), `${name}: body`).toEqual(houseFonts());
  expect(await fontsOf(button), `${name}: a button`).toEqual(houseFonts());
  const path = info.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await info.attach(name, { path, contentType: "image/png" });
}

interface Created {
  id: string;
  token: string;
  box_id: string;
  quantity: number;
  total_fen: number;
  created_at: string;
}

/// An order placed through the API, and kept on this phone as the storefront keeps it.
async function orderOnThisPhone(page: Page, shop: Shop): Promise<Created> {
  const r = await fetch(shop.url + "/api/orders", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": "look-1" },
    body: JSON.stringify({ box_id: "5kg", quantity: 1, name: "Yangjin", phone: "13900000077", address: "88 Renmin Road, Chengdu" }),
  });
  expect(r.status).toBe(201);
  const o: Created = await r.json();
  const saved = [{ id: o.id, token: o.token, box_id: o.box_id, quantity: o.quantity, total_fen: o.total_fen, created_at: o.created_at }];
  await page.evaluate((text) => localStorage.setItem("orchard.orders", text), JSON.stringify(saved));
  return o;
}

/// The moment as the phone's own `Intl` writes it (the buyer's zone and language).
async function placedAt(page: Page, locale: string, at: string): Promise<string> {
  return page.evaluate(
    ([locale, at]) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(at)),
    [locale, at],
  );
}

test("every page, from the storefront to the owner's, wears the storefront's type and buttons", async ({ page, shop }, info) => {
  await page.context().addCookies([{ name: "lang", value: "zh", url: shop.url }]);

  await page.goto(shop.url + "/");
  await expect(page.getByRole("heading", { name: "下单" })).toBeVisible();
  const order = page.getByRole("button", { name: "提交订单" });
  const primary = await backgroundOf(order);
  await looksLikeTheHouse(page, order, "storefront", info);

  const placed = await orderOnThisPhone(page, shop);
  await page.goto(shop.url + "/my-orders");
  await expect(page.getByRole("heading", { level: 1, name: "我的订单" })).toBeVisible();
  const card = page.getByRole("link", { name: placed.id });
  await expect(card).toHaveAttribute("href", `/orders/${placed.id}#t=${placed.token}`);
  await expect(card).toContainText("1 × 5kg");
  await expect(card).toContainText("¥68.00");
  await expect(card).toContainText(`下单时间 ${await placedAt(page, "zh-CN", placed.created_at)}`);
  await expect(card).toContainText("已接单");
  await looksLikeTheHouse(page, page.getByRole("button", { name: "English" }), "my-orders", info);

  await card.click();
  await expect(page.getByRole("heading", { name: "您的订单" })).toBeVisible();
  await expect(page.getByText("已接单").first()).toBeVisible();
  await looksLikeTheHouse(page, page.getByRole("button", { name: "English" }), "tracking", info);

  await page.goto(shop.url + "/admin");
  await page.getByLabel("管理口令").fill(ADMIN_TOKEN);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("heading", { name: "订单", exact: true })).toBeVisible();
  await looksLikeTheHouse(page, page.getByRole("button", { name: "导出 CSV" }), "admin", info);

  await page.goto(shop.url + "/admin/scan");
  await expect(page.getByRole("heading", { name: "扫码打包" })).toBeVisible();
  const camera = page.getByRole("button", { name: "使用摄像头" });
  await looksLikeTheHouse(page, camera, "scan", info);
  expect(await backgroundOf(camera), "the camera button is a primary button").toBe(primary);

  await page.goto(shop.url + "/admin/owner");
  await expect(page.getByText("数据与库存")).toBeVisible();
  await looksLikeTheHouse(page, page.getByRole("button", { name: "English" }), "owner", info);
});

test("a saved order's card keeps its box, date and total, and says its status is unknown, when the shop cannot be reached", async ({ page, shop }) => {
  await page.goto(shop.url + "/my-orders?lang=en");
  const placed = await orderOnThisPhone(page, shop);
  await page.route(`**/api/orders/${placed.id}`, (route) => route.abort("internetdisconnected"));
  await page.reload();
  const card = page.getByRole("link", { name: placed.id });
  await expect(card).toContainText("Status unknown for now");
  await expect(card).toContainText("1 × 5kg");
  await expect(card).toContainText("¥68.00");
  await expect(card).toContainText(`Ordered ${await placedAt(page, "en-GB", placed.created_at)}`);
  await expect(card).toHaveAttribute("href", `/orders/${placed.id}#t=${placed.token}`);
});
