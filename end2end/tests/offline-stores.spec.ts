// What phones already keep in IndexedDB is still read once the pages' helpers share one
// IndexedDB helper (public/idb.js): an order waiting in the outbox, a claim kept on the phone and
// the team's saved copies were written by the helpers' own wrappers before, under the same
// database names, stores, key paths and versions. Each test writes them as the old wrapper did,
// from a page of the shop that runs no script, then opens the page that reads them.
import type { Page } from "@playwright/test";
import { test, expect, ADMIN_TOKEN } from "./server";

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" };

interface Kept {
  db: string;
  /// The stores the old wrapper made at version 1, with their key path if any.
  stores: { name: string; keyPath?: string }[];
  store: string;
  value: unknown;
  /// The key, for a store without a key path.
  key?: string;
}

/// Writes `kept` as the helper of the previous version did, before any page of this one opens.
async function keptBefore(page: Page, url: string, kept: Kept) {
  await page.goto(url + "/healthz");
  await page.evaluate(
    ({ db, stores, store, value, key }) =>
      new Promise<void>((ok, fail) => {
        const open = indexedDB.open(db, 1);
        open.onupgradeneeded = () => {
          for (const s of stores) open.result.createObjectStore(s.name, s.keyPath ? { keyPath: s.keyPath } : undefined);
        };
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(store, "readwrite");
          if (key === undefined) tx.objectStore(store).put(value);
          else tx.objectStore(store).put(value, key);
          tx.oncomplete = () => {
            open.result.close();
            ok();
          };
          tx.onerror = () => fail(tx.error);
        };
      }),
    kept,
  );
}

test("an order kept in the outbox before the update is placed when the storefront opens", async ({ page, shop }) => {
  const body = JSON.stringify({ box_id: "5kg", quantity: 1, name: "Tsering", phone: "13912345670", address: "12 Kangding Road, Chengdu" });
  await keptBefore(page, shop.url, {
    db: "orchard",
    stores: [{ name: "outbox", keyPath: "key" }],
    store: "outbox",
    value: { key: "kept-before-the-update", body, queuedAt: Date.now(), result: null },
  });
  await page.goto(shop.url + "/");
  await expect(page.getByRole("heading", { name: "Thank you! Your order is placed." })).toBeVisible({ timeout: 20_000 });
  const orders = (await (await fetch(shop.url + "/api/admin/orders", { headers: admin })).json()).orders;
  expect(orders.map((o: { name: string }) => o.name)).toEqual(["Tsering"]);
});

test("a claim kept on the phone before the update is sent when its tracking page opens", async ({ page, shop }) => {
  const placed = await fetch(shop.url + "/api/orders", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": "kept-claim-order" },
    body: JSON.stringify({ box_id: "5kg", quantity: 1, name: "Yangzom", phone: "13912345678", address: "88 Renmin Road, Chengdu" }),
  });
  const order = await placed.json();
  for (const status of ["packed", "shipped"]) {
    const moved = await fetch(`${shop.url}/api/admin/orders/${order.id}/status`, { method: "POST", headers: admin, body: JSON.stringify({ status }) });
    expect(moved.status).toBe(200);
  }
  await keptBefore(page, shop.url, {
    db: "orchard-claims",
    stores: [{ name: "queue", keyPath: "key" }],
    store: "queue",
    value: { key: "kept-claim", orderId: order.id, token: order.token, kind: "other", apples: "", message: "The lid was torn.", photos: [], queuedAt: Date.now() },
  });
  await page.goto(`${shop.url}/orders/${order.id}#t=${order.token}`);
  await expect(page.getByText("Waiting for the team's answer")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("Kept on this phone, to be sent")).toHaveCount(0);
  const claims = (await (await fetch(shop.url + "/api/admin/claims", { headers: admin })).json()).claims;
  expect(claims.map((c: { message: string }) => c.message)).toEqual(["The lid was torn."]);
});

test("the team's copies kept before the update are read by the team's page", async ({ page, shop }) => {
  // A copy as the page saves one (its time, its member, the server's answer), an hour old.
  const copy = `${Date.now() - 3_600_000}\nDawa\n{"total":0}`;
  await keptBefore(page, shop.url, {
    db: "orchard-team",
    stores: [{ name: "saved" }, { name: "queue" }],
    store: "saved",
    value: copy,
    key: "list:all",
  });
  await page.goto(shop.url + "/admin");
  await expect(page.getByLabel("Admin token")).toBeVisible();
  const read = await page.evaluate(async () => {
    const team = (self as any).OrchardTeam;
    return { text: await team.get("saved", "list:all"), keys: await team.keys("saved"), queued: await team.keys("queue") };
  });
  expect(read).toEqual({ text: copy, keys: ["list:all"], queued: [] });
});
