// The shed's phone is shared by the team (390×844): a move made offline carries the member who
// made it and is sent only when they sign in again, never under the next member's token (and
// never in that member's way); a saved copy of the list is its member's, gone when another
// member signs in and never shown once a day old; and a packer's phone never keeps the owner's
// page in Cache Storage.
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { test, expect, ADMIN_TOKEN, Shop, placeOrders } from "./server";

const DAWA = "e2e-dawa-packer-token-of-at-least-32-chars";
const PEMA = "e2e-pema-packer-token-of-at-least-32-chars";

test.use({
  saleOptions: {
    team: [
      { name: "Dawa", role: "packer", token: DAWA },
      { name: "Pema", role: "packer", token: PEMA },
    ],
  },
});

/// The order as the shop has it now (the test's own call, never offline).
async function orderOf(shop: Shop, id: string): Promise<any> {
  const r = await fetch(shop.url + `/api/admin/orders?q=${id}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  return (await r.json()).orders.find((o: any) => o.id === id);
}

/// Who the shop says moved the order to `status`.
async function movedBy(shop: Shop, id: string, status: string): Promise<string | undefined> {
  return (await orderOf(shop, id)).history.find((h: any) => h.status === status)?.by;
}

async function signIn(page: Page, token: string) {
  await page.getByLabel("Admin token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("link", { name: "Scan to pack" })).toBeVisible();
}

/// Opens `path` signed in as `token`, once the service worker controls the page and keeps the
/// team's pages (so they open without a connection).
async function openKept(page: Page, shop: Shop, path: string, token: string) {
  await page.goto(shop.url + path);
  await signIn(page, token);
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 30_000 }).toBe(true);
  await expect
    .poll(() => page.evaluate(async () => !!(await caches.match("/scan/index.html", { ignoreVary: true }))), { timeout: 30_000 })
    .toBe(true);
}

async function scan(page: Page, id: string) {
  const field = page.getByLabel("Scan or type an order number");
  await field.fill(id);
  await field.press("Enter");
  await expect(field).toHaveValue("");
}

/// Every path in every cache of the page's origin.
async function cachedPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const paths: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
    }
    return paths;
  });
}

const ownerFiles = async (page: Page) => (await cachedPaths(page)).filter((p) => p.startsWith("/owner/"));

/// The saved copies' keys on the phone (the team's IndexedDB, once the page has made it).
const savedKeys = (page: Page) =>
  page.evaluate(() => new Promise<string[]>((ok, fail) => {
    const open = indexedDB.open("orchard-team");
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const keys = db.transaction("saved").objectStore("saved").getAllKeys();
      keys.onsuccess = () => { db.close(); ok(keys.result as string[]); };
      keys.onerror = () => fail(keys.error);
    };
  }));

test("a move made offline waits for its member: the next member's sign-in neither sends it nor is held up by it", async ({ page, context, shop }) => {
  const [dawas, pemas] = await placeOrders(shop, 2, "shared-move");
  await openKept(page, shop, "/admin/scan", DAWA);
  await context.setOffline(true);
  await scan(page, dawas);
  await expect(page.getByText("Waiting to send (1)")).toBeVisible();
  await page.close();

  await context.setOffline(false);
  const pema = await context.newPage();
  await pema.goto(shop.url + "/admin/scan");
  await expect(pema.getByText("Waiting for Dawa to sign in (1)")).toBeVisible();
  await signIn(pema, PEMA);
  await expect(pema.getByText("Waiting for Dawa to sign in (1)")).toBeVisible();
  // Pema's own move made offline goes as soon as the network returns, past Dawa's.
  await context.setOffline(true);
  await scan(pema, pemas);
  await expect(pema.getByText("Waiting to send (1)")).toBeVisible();
  await context.setOffline(false);
  await expect(pema.getByText(`✓ ${pemas} moved to Packed`)).toBeVisible();
  await expect(pema.getByText(/Waiting to send/)).toHaveCount(0);
  await expect(pema.getByText("Waiting for Dawa to sign in (1)")).toBeVisible();
  expect((await orderOf(shop, dawas)).status).toBe("received");
  expect(await movedBy(shop, pemas, "packed")).toBe("Pema");

  await pema.getByRole("button", { name: "Sign out" }).click();
  await signIn(pema, DAWA);
  await expect(pema.getByText(`✓ ${dawas} moved to Packed`)).toBeVisible();
  await expect(pema.getByText(/Waiting for/)).toHaveCount(0);
  expect(await movedBy(shop, dawas, "packed")).toBe("Dawa");
});

test("a move kept before moves had a member is held until the member signed in sends it as theirs", async ({ page, shop }) => {
  const [id] = await placeOrders(shop, 1, "shared-old");
  await page.goto(shop.url + "/admin/scan");
  await signIn(page, PEMA);
  // As an older version of the page kept it: no member.
  await page.evaluate(async (id) => {
    const move = { key: "000000000001000-00000001", ids: [id], from: "received", status: "packed" };
    await (window as any).OrchardTeam.put("queue", move.key, JSON.stringify(move));
  }, id);
  await page.reload();
  await expect(page.getByText(`Moves kept before this phone noted who made them (1): ${id} → Packed`)).toBeVisible();
  expect((await orderOf(shop, id)).status).toBe("received");
  await page.getByRole("button", { name: "Send them as Pema" }).click();
  await expect(page.getByText(`✓ ${id} moved to Packed`)).toBeVisible();
  await expect(page.getByText(/Moves kept before/)).toHaveCount(0);
  expect(await movedBy(shop, id, "packed")).toBe("Pema");
});

/// Whether the list's first page is saved: under its producer's key (`{slug}/list:all`) when the
/// server names the member's producer, as it does for an owner or packer even in a shop of one.
const listSaved = async (page: Page) => (await savedKeys(page)).some((k) => k.endsWith("list:all"));

test("another member signing in finds none of the saved copies of the member before", async ({ page, context, shop }) => {
  await placeOrders(shop, 2, "shared-copy");
  await openKept(page, shop, "/admin", DAWA);
  await expect(page.getByRole("checkbox", { name: /^Select / })).toHaveCount(2);
  await expect.poll(() => listSaved(page)).toBe(true);
  await page.close();

  // Pema signs in on scan to pack, which reads no list, then opens the list offline.
  const pema = await context.newPage();
  await pema.goto(shop.url + "/admin/scan");
  await signIn(pema, PEMA);
  await expect.poll(() => savedKeys(pema)).toEqual([]);
  await context.setOffline(true);
  await pema.getByRole("link", { name: "Orders", exact: true }).click();
  await expect(pema.getByRole("heading", { name: "Orders", exact: true })).toBeVisible();
  await expect(pema.getByRole("button", { name: "Try again" }).first()).toBeVisible();
  await expect(pema.getByText(/Saved copy from/)).toHaveCount(0);
  await expect(pema.getByRole("checkbox", { name: /^Select / })).toHaveCount(0);
});

test("a saved copy older than a day is never shown and is forgotten", async ({ page, context, shop }) => {
  await placeOrders(shop, 2, "shared-old-copy");
  await openKept(page, shop, "/admin", DAWA);
  await expect.poll(() => listSaved(page)).toBe(true);
  // Every copy of the list as it would be 25 hours later: its time written a day and an hour
  // back (a member's page may keep the list under its producer's key too, `{slug}/list:all`).
  const lists = (await savedKeys(page)).filter((k) => k.endsWith("list:all"));
  await page.evaluate(async (keys: string[]) => {
    const team = (window as any).OrchardTeam;
    for (const key of keys) {
      const text: string = await team.get("saved", key);
      const at = Number(text.slice(0, text.indexOf("\n")));
      await team.put("saved", key, String(at - 25 * 3600 * 1000) + text.slice(text.indexOf("\n")));
    }
  }, lists);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Orders", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Try again" }).first()).toBeVisible();
  await expect(page.getByText(/Saved copy from/)).toHaveCount(0);
  await expect(page.getByRole("checkbox", { name: /^Select / })).toHaveCount(0);
  expect((await savedKeys(page)).filter((k) => k.endsWith("list:all"))).toEqual([]);
});

/// A phone of its own (a new browser context, with its own caches and service worker).
async function phone(browser: Browser): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  return [context, await context.newPage()];
}

test("a packer's phone never keeps the owner's page, and an owner's does", async ({ browser, shop }) => {
  const [owners, owner] = await phone(browser);
  await openKept(owner, shop, "/admin", ADMIN_TOKEN);
  await expect.poll(() => owner.evaluate(async () => !!(await caches.match("/owner/index.html", { ignoreVary: true }))), { timeout: 30_000 }).toBe(true);
  // A packer signs in on the owner's phone: the owner's page leaves every cache.
  await owner.getByRole("button", { name: "Sign out" }).click();
  await signIn(owner, DAWA);
  await expect.poll(() => ownerFiles(owner), { timeout: 30_000 }).toEqual([]);
  await owners.close();

  const [packers, packer] = await phone(browser);
  await openKept(packer, shop, "/admin", PEMA);
  expect(await cachedPaths(packer)).toContain("/admin/index.html");
  expect(await ownerFiles(packer)).toEqual([]);
  // Even opening the owner's address: the page says it is the owner's, and nothing of it is kept.
  await packer.goto(shop.url + "/admin/owner");
  await expect(packer.getByText("Only the shop's owner sees the numbers, the stock and the claims.")).toBeVisible();
  expect(await ownerFiles(packer)).toEqual([]);
  await packers.close();
});
