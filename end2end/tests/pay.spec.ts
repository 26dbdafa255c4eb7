// Paying online in the browser (issue #29), against the release server and both providers'
// local simulators (examples/pay_sims): a phone browser pays with WeChat Pay H5 and comes back
// to its paid order; an order paid with Alipay and left unpaid closes when its window passes,
// and its page says so; inside WeChat, Alipay is greyed out and the form says how to use it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { test as base, expect, Shop } from "./server";
import { Sims, freePort } from "./paying";

const test = base.extend<{ sims: Sims }>({
  sims: async ({}, use) => {
    const sims = await Sims.start();
    await use(sims);
    await sims.stop();
  },
});

/// A shop taking `methods` (a TOML list), its payment file on `sims`, its public address its
/// own (the providers send the phone back there).
async function payingShop(sims: Sims, methods: string, windowMinutes: number, run: (shop: Shop) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), "orchard-pay-"));
  const port = await freePort();
  const shop = await Shop.start({
    port,
    contentExtra: `\n[payment]\nmethods = ${methods}\nwindow_minutes = ${windowMinutes}\n`,
    args: [
      "--payment-file", sims.writePaymentFile(dir),
      "--public-url", `http://127.0.0.1:${port}`,
      "--payment-sweep-seconds", "1",
    ],
  });
  try {
    await run(shop);
  } finally {
    await shop.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function fillOrder(page: Page) {
  await page.getByLabel("Your name").fill("Tashi Dorje");
  await page.getByLabel("Phone").fill("138 0013 8000");
  await page.getByLabel("Delivery address").fill("12 Chunxi Road, Jinjiang, Chengdu");
}

test("a phone browser pays with WeChat Pay H5 and comes back to its order, paid", async ({ page, sims }) => {
  await payingShop(sims, `["wechat", "alipay", "cod"]`, 15, async (shop) => {
    await page.goto(shop.url + "/");
    await expect(page.getByRole("heading", { name: "Order a box" })).toBeVisible();
    await fillOrder(page);
    await page.getByRole("radio", { name: "WeChat Pay" }).check();
    await page.getByRole("button", { name: "Place my order" }).click();
    // WeChat Pay's H5 cashier (the simulator's pays at once), then back to the order's page.
    await page.waitForURL(new RegExp(`^${shop.url}/orders/[A-Z0-9]+$`), { timeout: 20_000 });
    await expect(page.getByText("Paid with WeChat Pay. Thank you!")).toBeVisible({ timeout: 15_000 });
    await expect(page.getByText("Received").first()).toBeVisible();
    await page.screenshot({ path: "screenshots/paid-wechat-h5.png", fullPage: true });
  });
});

test("an order left unpaid closes when its window passes and its page says so", async ({ page, sims }) => {
  test.setTimeout(180_000);
  await payingShop(sims, `["alipay", "cod"]`, 1, async (shop) => {
    await page.goto(shop.url + "/");
    await expect(page.getByRole("heading", { name: "Order a box" })).toBeVisible();
    await fillOrder(page);
    await page.getByRole("radio", { name: "Alipay" }).check();
    await page.getByRole("button", { name: "Place my order" }).click();
    // Alipay's cashier opens; the buyer leaves it without paying and finds the order again.
    await page.waitForURL((url) => url.href.startsWith(sims.alipay), { timeout: 20_000 });
    await page.goto(shop.url + "/my-orders");
    await page.getByRole("link", { name: /Awaiting payment/ }).click();
    await expect(page.getByText(/Time left to pay/)).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole("button", { name: "Pay now" })).toBeVisible();
    await page.screenshot({ path: "screenshots/awaiting-payment.png", fullPage: true });
    // One minute's window, the sweep every second, the page asking every few seconds.
    await expect(page.getByText(/was not paid in time, so it has been cancelled/)).toBeVisible({ timeout: 120_000 });
    const boxes = await (await fetch(shop.url + "/api/storefront")).json();
    expect(boxes.boxes.find((b: { id: string }) => b.id === "5kg").available).toBe(40);
  });
});

test("inside WeChat, Alipay cannot be chosen and the form says how to pay with it in a browser", async ({ browser, sims }) => {
  await payingShop(sims, `["alipay", "cod"]`, 15, async (shop) => {
    const wechat = await browser.newContext({
      userAgent: "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) " +
        "Chrome/124.0 Mobile Safari/537.36 MicroMessenger/8.0.47",
      viewport: { width: 390, height: 844 },
    });
    try {
      const page = await wechat.newPage();
      await page.goto(shop.url + "/");
      await expect(page.getByRole("heading", { name: "Order a box" })).toBeVisible();
      await expect(page.getByRole("radio", { name: "Alipay" })).toBeDisabled();
      await expect(page.getByRole("radio", { name: "Pay on delivery" })).toBeChecked();
      await expect(page.getByText("Alipay does not open in WeChat: tap ··· at the top right")).toBeVisible();
    } finally {
      await wechat.close();
    }
  });
});
