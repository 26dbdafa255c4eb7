// The buyer's orders bundle ("My orders", an order's tracking page) routes with leptos_router:
// its own links change the page without loading one, Back and Forward return, the tracking
// link's token stays in the fragment, and the shop is another bundle that the browser loads.
import { test, expect } from "./server";

test("inside the buyer's orders no page is loaded, Back and Forward return, and the shop is loaded", async ({ page, shop }) => {
  const placed = await fetch(shop.url + "/api/orders", { method: "POST", headers: { "Content-Type": "application/json", "Idempotency-Key": "routes-1" }, body: JSON.stringify({ box_id: "10kg", quantity: 2, name: "Lhamo", phone: "13900001111", address: "3 Tianfu Square, Chengdu" }) });
  const order: { id: string; token: string } = await placed.json();
  const tracking = `${shop.url}/orders/${order.id}#t=${order.token}`;
  const wasm: string[] = [];
  page.on("request", (r) => { if (r.url().endsWith(".wasm")) wasm.push(new URL(r.url()).pathname); });
  await page.goto(tracking);
  await expect(page.getByText("Received").first()).toBeVisible();
  expect(wasm).toEqual([expect.stringMatching(/^\/mine\/orchard-orders-[0-9a-f]{12,16}_bg\.wasm$/)]);
  // Set on this document: a page loaded anew would not have it.
  await page.evaluate(() => { (window as any).__sameDocument = true; });
  const sameDocument = () => page.evaluate(() => (window as any).__sameDocument === true);

  const nav = page.getByRole("navigation", { name: "Orchard" });
  await nav.getByRole("link", { name: "My orders" }).click();
  await expect(page).toHaveURL(`${shop.url}/my-orders`);
  await expect(page.getByRole("heading", { level: 1, name: "My orders" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "My orders" })).toHaveAttribute("aria-current", "page");
  await page.getByRole("link", { name: new RegExp(order.id) }).click();
  await expect(page).toHaveURL(tracking);
  await expect(page.getByText("Received").first()).toBeVisible();
  await expect(nav.getByRole("link", { name: "My orders" })).not.toHaveAttribute("aria-current", "page");

  await page.goBack();
  await expect(page.getByRole("heading", { level: 1, name: "My orders" })).toBeVisible();
  await page.goForward();
  await expect(page.getByText("Received").first()).toBeVisible();
  await expect(page).toHaveURL(tracking);
  expect(await sameDocument()).toBe(true);
  expect(wasm).toHaveLength(1);

  await nav.getByRole("link", { name: "Apples" }).click();
  await expect(page.getByRole("heading", { name: "Order a box" })).toBeVisible();
  expect(await sameDocument()).toBe(false);
  expect(wasm[1]).toMatch(/^\/orchard-[0-9a-f]{12,16}_bg\.wasm$/);
});

test("a malformed order address shows the not-found page, whose link loads the shop", async ({ page, shop }) => {
  for (const path of ["/orders/", "/orders/a/b"]) {
    await page.goto(shop.url + path);
    await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  }
  await page.getByRole("link", { name: "Back to the apples" }).click();
  await expect(page.getByRole("heading", { name: "Order a box" })).toBeVisible();
});
