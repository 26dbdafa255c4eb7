import { execFileSync } from "node:child_process";
import { test, expect, ADMIN_TOKEN } from "./server";

test("a buyer sees the producer and box prices that came from the API", async ({ page, shop }) => {
  await page.goto(shop.url + "/");
  await expect(page.getByRole("heading", { level: 1, name: "Drolma" })).toBeVisible();
  // 12850 fen is in the test's own content file only, so this price came through the API.
  const boxes = page.getByRole("region", { name: "Boxes of apples" });
  await expect(boxes.getByText("¥128.50", { exact: true })).toBeVisible();
  await expect(boxes.getByText("¥68.00", { exact: true })).toBeVisible();
  await expect(page.getByText("40 boxes left")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "The sale is open" })).toBeVisible();
});

test("one box left is said in the singular, in English and in French", async ({ page, shop }) => {
  const r = await fetch(shop.url + "/api/admin/boxes/5kg", {
    method: "PUT",
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify({ stock: 1 }),
  });
  expect(r.status).toBe(200);
  await page.goto(shop.url + "/?lang=en");
  await expect(page.getByText("1 box left", { exact: true })).toBeVisible();
  await expect(page.getByText("20 boxes left", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Français" }).click();
  await expect(page.getByText("Encore 1 caisse", { exact: true })).toBeVisible();
  await expect(page.getByText("Encore 20 caisses", { exact: true })).toBeVisible();
  // A page the server writes in French from the first byte says it too.
  await page.goto(shop.url + "/?lang=fr");
  await expect(page.getByText("Encore 1 caisse", { exact: true })).toBeVisible();
});

test("an unknown path shows the not-found page", async ({ page, shop }) => {
  await page.goto(shop.url + "/no/such/page");
  await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  await page.getByRole("link", { name: "Back to the apples" }).click();
  await expect(page.getByText("¥128.50", { exact: true })).toBeVisible();
});

test("a readable message shows when the API cannot be reached", async ({ page, shop }) => {
  await page.route("**/api/storefront", (route) => route.abort("internetdisconnected"));
  await page.goto(shop.url + "/");
  await expect(page.getByRole("alert")).toContainText("cannot be reached");
});

test("the storefront downloads neither the buyer's orders page nor the team's page", async ({ page, shop }) => {
  const wasm: string[] = [];
  page.on("request", (r) => { if (r.url().endsWith(".wasm")) wasm.push(new URL(r.url()).pathname); });
  await page.goto(shop.url + "/");
  await expect(page.getByRole("heading", { name: "Order a box" })).toBeVisible();
  expect(wasm).toHaveLength(1);
  expect(wasm[0]).toMatch(/^\/orchard-[0-9a-f]{12,16}_bg\.wasm$/);
  // "My orders" is the other bundle: a page of its own, with the language kept.
  await page.getByRole("button", { name: "Français" }).click();
  await page.getByRole("link", { name: "Mes commandes" }).click();
  await expect(page).toHaveURL(/\/my-orders$/);
  await expect(page.getByRole("heading", { level: 1, name: "Mes commandes" })).toBeVisible();
  expect(wasm[wasm.length - 1]).toMatch(/^\/mine\/orchard-orders-[0-9a-f]{12,16}_bg\.wasm$/);
});

// Debian's Chromium here has no Tibetan font, as many phones have none.
const hasTibetanFont = execFileSync("fc-list", [":lang=bo", "family"], { encoding: "utf8" }).trim() !== "";

test("on a phone without a Tibetan font the greeting is drawn by the shop's own small font, fetched once", async ({ page, shop }) => {
  test.skip(hasTibetanFont, "this machine has a Tibetan font: the page rightly fetches none");
  const fonts: string[] = [];
  page.on("response", (r) => {
    if (r.url().includes("/fonts/")) fonts.push(`${new URL(r.url()).pathname} ${r.status()} ${r.headers()["content-type"]}`);
  });
  await page.goto(shop.url + "/?lang=zh");
  await expect(page.getByText("བཀྲ་ཤིས་བདེ་ལེགས")).toHaveAttribute("lang", "bo");
  const face = () => page.evaluate(() => [...document.fonts].find((f) => f.family.replace(/"/g, "") === "Orchard Tibetan")?.status);
  await expect.poll(face).toBe("loaded");
  await expect(page.getByRole("heading", { name: "下单" })).toBeVisible();
  expect(fonts).toEqual([expect.stringMatching(/^\/fonts\/tibetan-greeting-[0-9a-f]{16}\.woff2 200 font\/woff2$/)]);
  // The buyer's orders show no Tibetan and fetch no font.
  await page.getByRole("link", { name: "我的订单" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "我的订单" })).toBeVisible();
  expect(fonts).toHaveLength(1);
});

test("the live numbers never redraw the form under the buyer's fingers", async ({ page, shop }) => {
  await page.goto(shop.url + "/");
  const name = page.getByLabel("Your name");
  await name.fill("Pema");
  await page.evaluate(() => { (document.getElementById("f-name") as any).__kept = true; });
  // Longer than one poll of the storefront (5 s).
  await page.waitForResponse((r) => r.url().endsWith("/api/storefront"), { timeout: 10_000 });
  await page.waitForTimeout(500);
  await expect(name).toBeFocused();
  await expect(name).toHaveValue("Pema");
  expect(await page.evaluate(() => (document.getElementById("f-name") as any).__kept)).toBe(true);
});

test.describe("a poll that hangs", () => {
  test.use({ serviceWorkers: "block" });
  test("does not stop the live numbers for good", async ({ page, shop }) => {
    test.setTimeout(60_000);
    let reads = 0;
    await page.route("**/api/storefront", (route) => {
      reads += 1;
      if (reads === 2) return; // this read never gets an answer
      return route.continue();
    });
    await page.goto(shop.url + "/");
    await expect(page.getByText("40 boxes left")).toBeVisible();
    const r = await fetch(shop.url + "/api/admin/boxes/5kg", {
      method: "PUT",
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
      body: JSON.stringify({ stock: 33 }),
    });
    expect(r.status).toBe(200);
    // The hung read blocks the polls behind it for 20 s, then a new read goes out.
    await expect(page.getByText("33 boxes left")).toBeVisible({ timeout: 35_000 });
    expect(reads).toBeGreaterThan(2);
  });
});
