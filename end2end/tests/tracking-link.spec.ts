// The private tracking link keeps its token in the fragment (`#t=`), which the browser never
// sends, so no request log holds it; old links with `?t=` still open, and lose the token from
// the address once the phone keeps it.
import type { Page } from "@playwright/test";
import { test, expect, Shop } from "./server";

async function placeOrder(shop: Shop, key: string): Promise<{ id: string; token: string }> {
  const r = await fetch(shop.url + "/api/orders", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": key },
    body: JSON.stringify({ box_id: "5kg", quantity: 1, name: "Yangzom", phone: "13712345678", address: "5 Kuanzhai Alley, Chengdu" }),
  });
  expect(r.status).toBe(201);
  return r.json();
}

/// Every address the page asks the server for, from now on.
function requestedUrls(page: Page): string[] {
  const urls: string[] = [];
  page.on("request", (request) => urls.push(request.url()));
  return urls;
}

test("the confirmation's private link carries the token in the fragment, and opens the order", async ({ page, context, shop }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto(shop.url + "/");
  await page.getByLabel("Your name").fill("Tashi Dorje");
  await page.getByLabel("Phone").fill("138 0013 8000");
  await page.getByLabel("Delivery address").fill("12 Chunxi Road, Jinjiang, Chengdu");
  await page.getByRole("button", { name: "Place my order" }).click();
  await expect(page.getByRole("heading", { name: "Thank you! Your order is placed." })).toBeVisible();

  const link = page.getByRole("link", { name: /\/orders\// });
  const href = (await link.getAttribute("href"))!;
  expect(href).toMatch(/^\/orders\/[0-9A-Z]+#t=[0-9a-f]{48}$/);
  const token = href.split("#t=")[1];
  await expect(link).toHaveText(`${shop.url}${href}`);
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByRole("button", { name: "Copied!" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${shop.url}${href}`);

  const urls = requestedUrls(page);
  await link.click();
  await expect(page.getByRole("heading", { name: "Your order" })).toBeVisible();
  await expect(page.getByText("Received").first()).toBeVisible();
  expect(page.url()).toBe(`${shop.url}${href}`);
  expect(urls.filter((u) => u.includes(token))).toEqual([]);

  await page.getByRole("link", { name: "My orders" }).click();
  const saved = page.getByRole("link", { name: href.split("/")[2].split("#")[0] });
  await expect(saved).toHaveAttribute("href", href);
});

test("an old ?t= link opens the order, leaves the address without its token, and a reload still shows it", async ({ page, browser, shop }) => {
  const order = await placeOrder(shop, "old-link-1");
  await page.goto(`${shop.url}/orders/${order.id}?lang=en&t=${order.token}`);
  await expect(page.getByRole("heading", { name: "Your order" })).toBeVisible();
  await expect(page.getByText("Received").first()).toBeVisible();
  await expect.poll(() => new URL(page.url()).search).toBe("?lang=en");
  expect(page.url()).not.toContain(order.token);

  const urls = requestedUrls(page);
  await page.reload();
  await expect(page.getByText("Received").first()).toBeVisible();
  await expect(page.getByText(order.id)).toBeVisible();
  expect(urls.filter((u) => u.includes(order.token))).toEqual([]);

  await page.getByRole("link", { name: "My orders" }).click();
  await expect(page.getByRole("link", { name: order.id })).toHaveAttribute("href", `/orders/${order.id}#t=${order.token}`);

  // Another phone, without the link's token, finds nothing.
  const stranger = await browser.newPage();
  await stranger.goto(`${shop.url}/orders/${order.id}`);
  await expect(stranger.getByRole("alert")).toHaveText("We cannot find this order. Check that the link is complete.");
  await stranger.close();
});
