// The team's day at scale on a phone (390×844): the list pages as the helper scrolls and keeps
// the DOM small, orders move in bulk (a range, all of a filter) with each refusal explained,
// labels open for printing, a typed scan moves one box, and a packer's page offers only what a
// packer may do.
import { execFileSync } from "node:child_process";
import type { Page } from "@playwright/test";
import { test, expect, ADMIN_TOKEN, Shop, placeOrders } from "./server";

const PACKER_TOKEN = "e2e-packer-token-of-at-least-32-characters";

async function signIn(page: Page, shop: Shop, token = ADMIN_TOKEN) {
  await page.goto(shop.url + "/admin");
  await page.getByLabel("Admin token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Orders", exact: true })).toBeVisible();
}

const rows = (page: Page) => page.getByRole("checkbox", { name: /^Select / });

test.describe("with a busy day's orders", () => {
  test.use({ saleOptions: { stock5: 2000 } });

  test("the list shows the first page at once, loads more as the helper scrolls and keeps the DOM small", async ({ page, shop }) => {
    const ids = await placeOrders(shop, 420);
    await signIn(page, shop);
    await expect(page.getByRole("button", { name: /^All 420/ })).toBeVisible();
    await expect(page.getByRole("button", { name: /^Received 420/ })).toBeVisible();
    await expect(rows(page)).toHaveCount(50);
    await expect(page.getByRole("button", { name: new RegExp(ids[419]) })).toBeVisible();
    let most = 0;
    for (let i = 0; i < 40; i++) {
      await page.evaluate(() => window.scrollBy(0, 2500));
      await page.waitForTimeout(60);
      const counts = await page.evaluate(() => ({ nodes: document.querySelectorAll("*").length, rows: document.querySelectorAll("input[type=checkbox]").length }));
      most = Math.max(most, counts.nodes);
      expect(counts.rows).toBeLessThanOrEqual(150);
      if (await page.getByRole("button", { name: new RegExp(ids[0]) }).isVisible()) break;
    }
    await expect(page.getByRole("button", { name: new RegExp(ids[0]) })).toBeVisible();
    expect(most).toBeLessThan(5000);
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect(page.getByRole("button", { name: new RegExp(ids[419]) })).toBeVisible();

    await page.getByLabel("Search name, phone or order number").fill("Buyer 417");
    await expect(rows(page)).toHaveCount(1);
    await expect(page.getByRole("button", { name: new RegExp(ids[417]) })).toBeVisible();
  });

  test("a range and all of a filter move on together, and an order someone else moved is refused by name", async ({ page, shop }) => {
    const ids = await placeOrders(shop, 60);
    await signIn(page, shop);
    await page.getByRole("button", { name: /^Received/ }).click();
    await expect(rows(page)).toHaveCount(50);
    const newest = [...ids].reverse();
    await page.getByRole("checkbox", { name: `Select ${newest[0]}` }).click();
    await page.getByRole("button", { name: "Select a range" }).click();
    await page.getByRole("checkbox", { name: `Select ${newest[4]}` }).click();
    await expect(page.getByText("5 selected")).toBeVisible();
    // Someone at the other table packs one of them meanwhile.
    const other = await fetch(shop.url + "/api/admin/orders/status", {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ ids: [newest[2]], from: "received", status: "shipped" }),
    });
    expect(other.status).toBe(200);
    await page.getByRole("button", { name: "Move 5 to Packed" }).click();
    await expect(page.getByText("4 orders moved.")).toBeVisible();
    await expect(page.getByText(`${newest[2]}: someone else moved it already`)).toBeVisible();
    await expect(page.getByRole("button", { name: /^Packed 4/ })).toBeVisible();

    await page.getByRole("button", { name: "Select all 55" }).click();
    await expect(page.getByText("55 selected")).toBeVisible();
    await page.getByRole("button", { name: "Move 55 to Packed" }).click();
    await expect(page.getByText("55 orders moved.")).toBeVisible();
    await expect(page.getByRole("button", { name: /^Packed 59/ })).toBeVisible();
    await expect(page.getByText("No orders match.")).toBeVisible();
    await page.screenshot({ path: "screenshots/admin-bulk.png" });
  });
});

test("the labels of the orders picked open in a tab of their own for printing", async ({ page, shop }) => {
  const ids = await placeOrders(shop, 3, "print");
  await signIn(page, shop);
  await page.getByRole("checkbox", { name: `Select ${ids[0]}` }).click();
  await page.getByRole("checkbox", { name: `Select ${ids[2]}` }).click();
  const popup = page.waitForEvent("popup");
  await page.getByRole("button", { name: "Print 2 labels" }).click();
  const labels = await popup;
  await labels.waitForURL(/^blob:/);
  await expect(labels.getByText(ids[0], { exact: true }).first()).toBeVisible();
  await expect(labels.getByText(ids[2], { exact: true }).first()).toBeVisible();
  expect(await labels.content()).not.toContain(ids[1]);
  // The QR codes as the browser draws them, read back by a real barcode reader (Debian's
  // zbar-tools): exactly the two order ids, nothing else.
  const shot = test.info().outputPath("labels.png");
  await labels.screenshot({ path: shot, fullPage: true });
  const read = execFileSync("zbarimg", ["--quiet", "--raw", shot], { encoding: "utf8" });
  expect(read.trim().split("\n").sort()).toEqual([ids[0], ids[2]].sort());

  await page.getByText("Pick list").click();
  await expect(page.getByRole("row", { name: "5kg 3 3" })).toBeVisible();
});

test("a typed scan moves that box on at once and says plainly when it cannot", async ({ page, shop }) => {
  const [id] = await placeOrders(shop, 1, "scan");
  await signIn(page, shop);
  await page.getByRole("link", { name: "Scan to pack" }).click();
  const field = page.getByLabel("Scan or type an order number");
  await field.fill(` ${id} `);
  await field.press("Enter");
  await expect(page.getByText(`✓ ${id}`)).toBeVisible();
  await expect(field).toHaveValue("");
  await expect(field).toBeFocused();
  await field.fill("NO-SUCH-ORDER");
  await field.press("Enter");
  await expect(page.getByText("✗ NO-SUCH-ORDER: no such order")).toBeVisible();
  await page.getByRole("button", { name: "Packed → Shipped" }).click();
  await field.fill(id);
  await field.press("Enter");
  await expect(page.getByText(`✓ ${id}`)).toHaveCount(2);
  const r = await fetch(shop.url + `/api/admin/orders?q=${id}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect((await r.json()).orders[0].status).toBe("shipped");
});

test.describe("a packer", () => {
  test.use({ saleOptions: { team: [{ name: "Tashi", role: "packer", token: PACKER_TOKEN }] } });

  test("sees the orders and moves them on, but is offered no money, stock, cancel or export", async ({ page, shop }) => {
    const [id] = await placeOrders(shop, 1, "packer");
    await signIn(page, shop, PACKER_TOKEN);
    await expect(page.getByRole("button", { name: /^All 1/ })).toBeVisible();
    await expect(page.getByRole("link", { name: "Numbers, stock and claims" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Export CSV" })).toHaveCount(0);
    await expect(page.getByText("¥")).toHaveCount(0);
    await page.getByRole("button", { name: new RegExp(id) }).click();
    await expect(page.getByRole("button", { name: "Cancel order" })).toHaveCount(0);
    await page.getByRole("button", { name: "Mark as Packed" }).click();
    await expect(page.getByRole("button", { name: new RegExp(id) })).toContainText("Packed");
    await expect(page.getByText("by Tashi")).toBeVisible();

    await page.getByLabel("Upload courier numbers (CSV)").setInputFiles({
      name: "courier.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`order_id,tracking_number\n${id},SF100200300\nNOPE,SF1\n`),
    });
    await expect(page.getByText("1 order shipped.")).toBeVisible();
    await expect(page.getByText(/^Line 3: /)).toBeVisible();

    // The owner's page, typed in by hand, shows a packer nothing of the owner's.
    await page.goto(shop.url + "/admin/owner");
    await expect(page.getByText("Only the shop's owner sees the numbers, the stock and the claims.")).toBeVisible();
    await expect(page.getByText("Numbers and stock")).toHaveCount(0);
  });
});
