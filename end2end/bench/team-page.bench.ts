// The team's page at a viral day's scale (issue #15): a shop filled with ORDERS orders (30,000
// unless set), the page on a 390×844 phone view with the CPU throttled 4× (Chromium's DevTools
// emulation). Prints: the bytes the page fetched after its bundle, the time from "Sign in" to
// the first order shown, and the most DOM nodes the page held while the helper scrolled
// through 1,000 orders. Numbers only; the functional checks are in tests/admin*.spec.ts.
import { test, expect, ADMIN_TOKEN } from "../tests/server";

const ORDERS = Number(process.env.ORDERS ?? 30_000);

async function fill(url: string, n: number) {
  let next = 0;
  const started = Date.now();
  const buyer = async () => {
    for (let k = next++; k < n; k = next++) {
      const r = await fetch(url + "/api/orders", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": `bench-${k}` },
        body: JSON.stringify({
          box_id: k % 3 ? "5kg" : "10kg", quantity: 1 + (k % 3), name: `买家${k}`,
          phone: `13${String(k).padStart(9, "0")}`, address: `成都市锦江区春熙路${k % 500}号`, ref: `group-${k % 20}`,
        }),
      });
      expect(r.status).toBe(201);
    }
  };
  await Promise.all(Array.from({ length: 32 }, buyer));
  return (Date.now() - started) / 1000;
}

test.use({ saleOptions: { stock5: 1_000_000, stock10: 1_000_000 }, locale: "en-US" });

test(`the team's page on a shop of ${ORDERS} orders, 4x CPU throttle`, async ({ page, shop }) => {
  const seconds = await fill(shop.url, ORDERS);
  console.log(`filled ${ORDERS} orders in ${seconds.toFixed(1)} s`);

  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  let signedIn = false;
  let afterBundle = 0;
  const urls = new Map<string, string>();
  cdp.on("Network.requestWillBeSent", (e) => urls.set(e.requestId, e.request.url));
  cdp.on("Network.loadingFinished", (e) => {
    if (signedIn) afterBundle += e.encodedDataLength;
  });

  await page.goto(shop.url + "/admin");
  await expect(page.getByLabel("Admin token")).toBeVisible();
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await page.getByLabel("Admin token").fill(ADMIN_TOKEN);
  const rows = page.locator("li.order-row");
  signedIn = true;
  const start = Date.now();
  await page.getByRole("button", { name: "Sign in" }).click();
  await rows.first().waitFor();
  const firstShown = Date.now() - start;
  await page.waitForLoadState("networkidle");
  const firstLoad = afterBundle;

  const nodes = () => page.evaluate(() => document.getElementsByTagName("*").length);
  let most = await nodes();
  const seen = new Set<string>();
  const scrollStarted = Date.now();
  while (seen.size < 1_000) {
    for (const text of await rows.locator(".row-id").allTextContents()) seen.add(text);
    await page.mouse.wheel(0, 1_600);
    await page.waitForTimeout(120);
    most = Math.max(most, await nodes());
    if (Date.now() - scrollStarted > 300_000) break;
  }
  console.log(`team page, ${ORDERS} orders, 390x844, CPU 4x slower:`);
  console.log(`  after the bundle, sign-in to the first page fetched ${firstLoad} B on the wire`);
  console.log(`  first orders shown ${firstShown} ms after "Sign in"`);
  console.log(`  scrolled through ${seen.size} orders in ${((Date.now() - scrollStarted) / 1000).toFixed(1)} s; at most ${most} DOM nodes`);
  expect(seen.size).toBeGreaterThanOrEqual(1_000);
});
