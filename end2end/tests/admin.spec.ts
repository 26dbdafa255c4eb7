// The producer's team at work on a phone: sign in, find an order by phone, ship it with a
// courier number the buyer then sees, export the dispatch list, and change the stock.
import AxeBuilder from "@axe-core/playwright";
import { readFileSync } from "node:fs";
import { test, expect, ADMIN_TOKEN } from "./server";

async function placeOrder(url: string, key: string, phone: string, name: string) {
  const r = await fetch(url + "/api/orders", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": key },
    body: JSON.stringify({ box_id: "5kg", quantity: 2, name, phone, address: "88 Renmin Road, Chengdu", note: "=1+1" }),
  });
  expect(r.status).toBe(201);
  return r.json();
}

test("the team ships an order, the buyer sees it, and the stock change shows at once", async ({ page, shop }) => {
  const mine = await placeOrder(shop.url, "admin-e2e-1", "139 1234 5678", "Pema");
  await placeOrder(shop.url, "admin-e2e-2", "13800138000", "Lhamo");

  await page.goto(shop.url + "/admin");
  await page.getByLabel("Admin token").fill("not the token");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("not right");
  await page.getByLabel("Admin token").fill(ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Orders", exact: true })).toBeVisible();
  expect(page.url()).not.toContain(ADMIN_TOKEN);
  expect(await page.evaluate(() => Object.keys(localStorage))).not.toContain("orchard.admin");

  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

  await page.getByLabel("Search name, phone or order number").fill("1391234");
  const rows = page.getByRole("checkbox", { name: /^Select / });
  await expect(rows).toHaveCount(1);
  const row = page.getByRole("button", { name: new RegExp(mine.id) });
  await row.click();
  await page.getByLabel("Courier tracking number").fill("SF1029384756");
  await page.getByRole("button", { name: "Mark as Shipped" }).click();
  await expect(row).toContainText("Shipped");
  await page.screenshot({ path: "screenshots/admin.png", fullPage: true });
  await page.getByRole("button", { name: "Close" }).click();

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const csv = readFileSync(await (await download).path(), "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv).toContain(mine.id);
  expect(csv).toContain("'=1+1");

  // The owner's numbers and stock are a page of their own, one tap away.
  await page.getByRole("link", { name: "Numbers, stock and claims" }).click();
  await expect(page).toHaveURL(/\/admin\/owner$/);
  await expect(page.getByText("Numbers and stock")).toBeVisible();
  await page.getByLabel("Boxes left: 5kg").fill("7");
  await page.getByRole("button", { name: "Save stock (5kg)" }).click();
  await expect(page.getByText("Saved")).toBeVisible();

  const buyer = await page.context().newPage();
  await buyer.goto(`${shop.url}/orders/${mine.id}#t=${mine.token}`);
  await expect(buyer.getByText("SF1029384756")).toBeVisible();
  await expect(buyer.getByText("Chengdu")).toHaveAttribute("aria-current", "step");
  await buyer.goto(shop.url + "/");
  await expect(buyer.getByText("7 boxes left")).toBeVisible();
});

test("cancelling asks first and gives the boxes back", async ({ page, shop }) => {
  const order = await placeOrder(shop.url, "admin-e2e-3", "13700001111", "Dawa");
  await page.goto(shop.url + "/admin");
  await page.getByLabel("Admin token").fill(ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  const row = page.getByRole("button", { name: new RegExp(order.id) });
  await row.click();
  await page.getByRole("button", { name: "Cancel order" }).click();
  await page.getByRole("button", { name: "Yes, cancel it and return the boxes" }).click();
  await expect(row).toContainText("Cancelled");
  const s = await (await fetch(shop.url + "/api/storefront")).json();
  expect(s.boxes[0].available).toBe(40);
});
