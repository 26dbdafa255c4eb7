// The county market's home (`/` with several producers, content/market.toml): whole in the
// buyer's language before and without WebAssembly, a card per producer leading to its
// storefront, the unknown producer's 404 page, and the home kept for use offline once visited.
import type { Page } from "@playwright/test";
import { join } from "node:path";
import { test, expect, ROOT } from "./server";

test.use({ saleOptions: { content: join(ROOT, "content", "market.toml") }, locale: "en-US" });

async function controlled(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker.ready.then(() => true), null, { timeout: 20_000 });
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 20_000 }).toBe(true);
}

test("without JavaScript the home shows the county, its totals and each producer's boxes", async ({ browser, shop }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-US" });
  const page = await context.newPage();
  const response = await page.goto(shop.url + "/");
  expect(response!.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "Xiangcheng county market" })).toBeVisible();
  const totals = page.getByRole("region", { name: "The market so far" });
  await expect(totals.getByText("0 orders", { exact: true })).toBeVisible();
  await expect(totals.getByText("0 kg sold", { exact: true })).toBeVisible();
  const producers = page.getByRole("region", { name: "The producers" });
  await expect(producers.getByRole("link", { name: "Drolma" })).toHaveAttribute("href", "/p/drolma");
  await expect(producers.getByRole("link", { name: "Tsering's family" })).toHaveAttribute("href", "/p/tsering-walnuts");
  await expect(producers.getByText("5 kg box · ¥68.00 · 1,200 boxes left", { exact: true })).toBeVisible();
  await expect(producers.getByText("2 kg box · ¥88.00 · 500 boxes left", { exact: true })).toBeVisible();
  // The sample sales open in 2027: each card counts down to its opening.
  await expect(producers.getByText(/^Sale opens in \d+ d \d+ h \d+ min$/)).toHaveCount(2);
  await context.close();
});

test("a Chinese or French phone gets the home in its language from the first byte", async ({ shop }) => {
  for (const [accept, lang, name] of [["zh-CN,zh;q=0.9", "zh", "乡城县助农集市"], ["fr-FR,fr;q=0.9", "fr", "Marché du comté de Xiangcheng"]]) {
    const r = await fetch(shop.url + "/", { headers: { "Accept-Language": accept } });
    const html = await r.text();
    expect(html).toContain(`<html lang="${lang}">`);
    expect(html).toContain(`<h1>${name}</h1>`);
    expect(r.headers.get("content-language")).toBe(lang);
  }
});

test("a card leads to its producer's storefront", async ({ page, shop }) => {
  await page.goto(shop.url + "/");
  await page.getByRole("link", { name: "Tsering's family" }).click();
  await expect(page).toHaveURL(shop.url + "/p/tsering-walnuts");
  await expect(page.getByRole("heading", { level: 1, name: "Tsering's family" })).toBeVisible();
});

test("an unknown producer gets a 404 page in the buyer's language with the way to the market", async ({ page, shop }) => {
  const response = await page.goto(shop.url + "/p/nope?lang=fr");
  expect(response!.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Producteur introuvable" })).toBeVisible();
  await expect(page.getByText("Ce producteur n'est pas, ou plus, sur le marché.")).toBeVisible();
  await page.getByRole("link", { name: "Voir les producteurs du marché" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Marché du comté de Xiangcheng" })).toBeVisible();
});

test("once visited, the home opens without a connection", async ({ page, context, shop }) => {
  await page.goto(shop.url + "/");
  await controlled(page);
  await page.reload(); // a visit under the service worker keeps the home's last copy
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Xiangcheng county market" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Tsering's family" })).toBeVisible();
  await context.setOffline(false);
});
