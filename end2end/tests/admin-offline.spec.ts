// The team's page in the shed on a phone (390×844) with the network coming and going: the page
// opens from the service worker's cache, the last list and summary stay readable (IndexedDB),
// scans and moves made offline wait on the phone with their `from` and are sent when the network
// returns, each answer shown (an order someone else moved meanwhile says so, with its status
// now), and the waiting moves outlive the tab (they wait for a sign-in).
import type { BrowserContext, Page } from "@playwright/test";
import { test, expect, ADMIN_TOKEN, Shop, placeOrders } from "./server";

/// What the shop says the order's status is now (the test's own call, never offline).
async function statusOf(shop: Shop, id: string): Promise<string> {
  const r = await fetch(shop.url + `/api/admin/orders?q=${id}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  return (await r.json()).orders.find((o: any) => o.id === id).status;
}

/// Someone at the other table moves an order meanwhile.
async function movedElsewhere(shop: Shop, id: string, from: string, status: string) {
  const r = await fetch(shop.url + "/api/admin/orders/status", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ ids: [id], from, status }),
  });
  expect((await r.json()).moved).toEqual([id]);
}

async function signIn(page: Page) {
  await page.getByLabel("Admin token").fill(ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Orders", exact: true })).toBeVisible();
}

/// Opens the team's page signed in, and waits until the service worker controls it and keeps
/// the team's page and (on the owner's phone) the owner's, so they open without a connection.
async function openKept(page: Page, shop: Shop) {
  await page.goto(shop.url + "/admin");
  await signIn(page);
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 30_000 }).toBe(true);
  await expect
    .poll(() => page.evaluate(async () => !!(await caches.match("/admin/index.html", { ignoreVary: true }))), { timeout: 30_000 })
    .toBe(true);
  await expect
    .poll(() => page.evaluate(async () => !!(await caches.match("/owner/index.html", { ignoreVary: true }))), { timeout: 30_000 })
    .toBe(true);
}

/// Nothing from the team's API is in Cache Storage: buyers' details stay out of shared caches.
async function noAdminAnswerCached(page: Page) {
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    }
    return urls;
  });
  expect(cached).toContain("/admin/index.html");
  expect(cached.filter((u) => u.startsWith("/api/admin"))).toEqual([]);
}

async function scan(page: Page, id: string) {
  const field = page.getByLabel("Scan or type an order number");
  await field.fill(id);
  await field.press("Enter");
  await expect(field).toHaveValue("");
}

async function offline(context: BrowserContext, on: boolean) {
  await context.setOffline(on);
}

test("scans made offline wait on the phone, are sent on reconnect, and someone else's move reads plainly", async ({ page, context, shop }) => {
  const ids = await placeOrders(shop, 3, "offline-scan");
  await openKept(page, shop);
  await page.getByRole("link", { name: "Scan to pack" }).click();

  await offline(context, true);
  await scan(page, ids[0]);
  await expect(page.getByText(`… ${ids[0]}: no connection, waiting to send`)).toBeVisible();
  await scan(page, ids[1]);
  await expect(page.getByText("Waiting to send (2)")).toBeVisible();
  await movedElsewhere(shop, ids[1], "received", "shipped");
  expect(await statusOf(shop, ids[0])).toBe("received");

  await offline(context, false);
  await expect(page.getByText(`✓ ${ids[0]} moved to Packed`)).toBeVisible();
  await expect(page.getByText(`✗ ${ids[1]}: someone else already moved it (now: Shipped)`)).toBeVisible();
  await expect(page.getByText(/Waiting to send/)).toHaveCount(0);
  expect(await statusOf(shop, ids[0])).toBe("packed");
  expect(await statusOf(shop, ids[1])).toBe("shipped");
  await noAdminAnswerCached(page);
});

test("a move made offline outlives the tab and waits for a sign-in to be sent", async ({ page, context, shop }) => {
  const [id] = await placeOrders(shop, 1, "offline-tab");
  await openKept(page, shop);
  await page.getByRole("link", { name: "Scan to pack" }).click();
  await offline(context, true);
  await scan(page, id);
  await expect(page.getByText("Waiting to send (1)")).toBeVisible();
  await page.close();

  await offline(context, false);
  const again = await context.newPage();
  await again.goto(shop.url + "/admin");
  await expect(again.getByText("Waiting for owner to sign in (1)")).toBeVisible();
  expect(await statusOf(shop, id)).toBe("received");
  await signIn(again);
  await expect(again.getByText(`✓ ${id} moved to Packed`)).toBeVisible();
  await expect(again.getByText(/Waiting to send/)).toHaveCount(0);
  expect(await statusOf(shop, id)).toBe("packed");
});

test("after a reload offline the last list and summary read from the phone, and a bulk move from them is sent on reconnect", async ({ page, context, shop }) => {
  const ids = await placeOrders(shop, 4, "offline-list");
  const newest = [...ids].reverse();
  await openKept(page, shop);
  await expect(page.getByRole("button", { name: /^All 4/ })).toBeVisible();
  await page.getByRole("button", { name: /^Received 4/ }).click();
  await expect(page.getByRole("checkbox", { name: `Select ${newest[0]}` })).toBeVisible();
  await page.getByRole("button", { name: /^All 4/ }).click();
  await expect(page.getByRole("checkbox", { name: /^Select / })).toHaveCount(4);

  await offline(context, true);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Orders", exact: true })).toBeVisible();
  const desk = page.getByRole("region", { name: "Orders", exact: true });
  await expect(desk.getByText(/^No connection\. Saved copy from /)).toBeVisible();
  await expect(page.getByRole("checkbox", { name: /^Select / })).toHaveCount(4);
  await expect(page.getByRole("button", { name: new RegExp(newest[3]) })).toBeVisible();
  // The owner's page (a bundle of its own) opens offline too, with the numbers saved.
  await page.getByRole("link", { name: "Numbers, stock and claims" }).click();
  await expect(page.getByRole("group").filter({ hasText: "Numbers and stock" }).getByText(/^No connection\. Saved copy from /)).toBeVisible();
  await page.getByRole("link", { name: "← Orders" }).click();
  await expect(page.getByRole("button", { name: /^Received 4/ })).toBeVisible();

  await page.getByRole("button", { name: /^Received 4/ }).click();
  await page.getByRole("checkbox", { name: `Select ${newest[0]}` }).click();
  await page.getByRole("checkbox", { name: `Select ${newest[1]}` }).click();
  await movedElsewhere(shop, newest[1], "received", "cancelled");
  await page.getByRole("button", { name: "Move 2 to Packed" }).click();
  await expect(page.getByText("No connection: 2 orders will move when the network returns.")).toBeVisible();
  await expect(page.getByText("Waiting to send (1)")).toBeVisible();

  await offline(context, false);
  await expect(page.getByText(`✓ ${newest[0]} moved to Packed`)).toBeVisible();
  await expect(page.getByText(`✗ ${newest[1]}: someone else already moved it (now: Cancelled)`)).toBeVisible();
  await expect(page.getByText(/Saved copy from/)).toHaveCount(0);
  expect(await statusOf(shop, newest[0])).toBe("packed");
  await noAdminAnswerCached(page);
  await page.screenshot({ path: "screenshots/admin-offline.png" });
});
