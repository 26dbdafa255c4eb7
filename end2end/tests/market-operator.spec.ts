// The service point's operator puts a new producer on the county market from a phone
// (390×844): the form on the owner's page (`/admin/owner`) is filled, a field typed wrong is
// marked beside it in the operator's language while everything typed stays, fixed, sent
// (`POST /api/admin/producers`), and the producer's picture uploaded (`POST …/admin/pictures`,
// then `PUT …/admin/content`). Then a buyer finds the new producer's card on the market's home,
// opens `/p/{slug}` and orders a box there, at the price the operator typed in yuan.
import { test, expect, contentToml, ADMIN_TOKEN, ROOT } from "./server";
import { join } from "node:path";

const MARKET = `[market]
name = { zh = "乡城县助农集市", en = "Xiangcheng county market", fr = "Marché du comté de Xiangcheng" }
place = { zh = "四川甘孜州乡城县", en = "Xiangcheng county, Garzê, Sichuan", fr = "Comté de Xiangcheng" }
[[producer]]
slug = "drolma"
content = "content.toml"
[[producer]]
slug = "tsering"
content = "tsering.toml"
`;
const TSERING = contentToml().replace(
  `name = { zh = "卓玛", en = "Drolma", fr = "Drolma" }`,
  `name = { zh = "泽仁一家", en = "Tsering's family", fr = "La famille de Tsering" }`,
);

test.use({ saleOptions: { files: { "market.toml": MARKET, "tsering.toml": TSERING }, content: "market.toml" } });

/// A date-time input's text `hours` from now, in China's time (UTC+8), as the operator types it.
function chinaTime(hours: number): string {
  return new Date(Date.now() + (hours + 8) * 3600_000).toISOString().slice(0, 16);
}

test("an operator puts a new producer on sale from a phone and a buyer orders from it", async ({ page, browser, shop }) => {
  // The operator signs in on the team's page, then opens the owner's page.
  await page.goto(shop.url + "/admin");
  await page.getByLabel("Admin token").fill(ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Producer")).toBeVisible();
  await page.goto(shop.url + "/admin/owner");
  await page.getByText("Put a producer on the market").click();
  const form = page.getByRole("form", { name: "Put a producer on the market" });
  await expect(form).toBeVisible();

  await form.getByLabel("Web address (a–z, 0–9, -)").fill("yangjin");
  await form.getByLabel("Name · 中文").fill("央金");
  await form.getByLabel("Name · English").fill("Yangjin");
  await form.getByLabel("Name · Français").fill("Yangjin");
  await form.getByLabel("Village · 中文").fill("乡城县然乌村");
  await form.getByLabel("Village · English").fill("Ranwu village, Xiangcheng county");
  await form.getByLabel("Village · Français").fill("Village de Ranwu");
  await form.getByLabel("Story · 中文").fill("央金家种核桃。\n\n每一箱都由她亲手挑选。");
  await form.getByLabel("Story · English").fill("Yangjin's family grows walnuts.\n\nShe picks every box by hand.");
  await form.getByLabel("Story · Français").fill("La famille de Yangjin cultive des noix.");
  await form.getByLabel("Greeting (optional)").fill("扎西德勒");
  const box = form.getByRole("group", { name: "Box 1" });
  await box.getByLabel("Box id").fill("5kg");
  await box.getByLabel("Weight (kg)").fill("5");
  // A price the phone cannot read as yuan.
  await box.getByLabel("Price (yuan)").fill("sixty-eight");
  await box.getByLabel("Boxes to sell").fill("30");
  // A second box, then thought better of.
  await form.getByRole("button", { name: "Add a box" }).click();
  await expect(form.getByRole("group", { name: "Box 2" })).toBeVisible();
  await form.getByRole("group", { name: "Box 2" }).getByRole("button", { name: "Remove this box" }).click();
  await expect(form.getByRole("group", { name: "Box 2" })).toHaveCount(0);
  await form.getByLabel("Orders open").fill(chinaTime(-1));
  await form.getByLabel("Harvest").fill(chinaTime(-48));
  await form.getByLabel("Most boxes per buyer (optional)").fill("3");
  await form.getByRole("button", { name: "Put on the market" }).click();

  // The price is marked beside its input; nothing typed is lost; nothing was created.
  const price = box.getByLabel("Price (yuan)");
  await expect(price).toHaveAttribute("aria-invalid", "true");
  await expect(price).toHaveAccessibleDescription("Give a price in yuan, like 68 or 68.50.");
  await expect(form.getByText("Some fields need fixing")).toBeVisible();
  await expect(price).toHaveValue("sixty-eight");
  await expect(form.getByLabel("Name · English")).toHaveValue("Yangjin");
  expect((await fetch(`${shop.url}/api/producers/yangjin/storefront`)).status).toBe(404);

  // Fixed and sent.
  await price.fill("68.5");
  await expect(price).toHaveAttribute("aria-invalid", "false");
  await form.getByRole("button", { name: "Put on the market" }).click();
  await expect(page.getByText("Yangjin is on the market.")).toBeVisible();

  // Its picture: shown at once, then kept as the producer's.
  // The visible one: the producer's own page form below holds one too, closed.
  await page.getByRole("button", { name: "Choose a photo" }).setInputFiles(join(ROOT, "public", "media", "drolma-poster.jpg"));
  await expect(page.getByText("The picture is on the producer's page.")).toBeVisible();
  const market = await (await fetch(`${shop.url}/api/market`)).json();
  const yangjin = market.producers.find((p: any) => p.slug === "yangjin");
  expect(yangjin.name).toEqual({ zh: "央金", en: "Yangjin", fr: "Yangjin" });
  expect(yangjin.boxes).toEqual([{ id: "5kg", weight_kg: 5, price_fen: 6850, available: 30 }]);
  expect(yangjin.picture).toMatch(/^\//);
  expect(yangjin.picture).not.toBe("");
  await expect(page.getByRole("img", { name: "The producer's picture" })).toBeVisible();

  // A buyer, on another phone: the market's home has the new card, and its storefront sells.
  const buyerContext = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "en-GB" });
  const buyer = await buyerContext.newPage();
  await buyer.goto(shop.url + "/");
  const card = buyer.getByRole("link", { name: /Yangjin/ });
  await expect(card).toHaveAttribute("href", /\/p\/yangjin$/);
  await card.click();
  await expect(buyer).toHaveURL(`${shop.url}/p/yangjin`);
  await expect(buyer.getByRole("heading", { level: 1, name: "Yangjin" })).toBeVisible();
  await expect(buyer.getByText("Yangjin's family grows walnuts.")).toBeVisible();
  await expect(buyer.getByRole("region", { name: "Boxes of apples" }).getByText("¥68.50", { exact: true })).toBeVisible();
  await buyer.getByLabel(/5 kg box/).check();
  await buyer.getByLabel("Your name").fill("Lhamo");
  await buyer.getByLabel("Phone").fill("139 0000 2222");
  await buyer.getByLabel("Delivery address").fill("3 Tianfu Square, Chengdu");
  await buyer.getByRole("button", { name: "Place my order" }).click();
  await expect(buyer.getByRole("heading", { name: "Thank you! Your order is placed." })).toBeVisible();
  const orders = await (
    await fetch(`${shop.url}/api/producers/yangjin/admin/orders`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })
  ).json();
  expect(orders.orders.map((o: any) => [o.name, o.total_fen])).toEqual([["Lhamo", 6850]]);
  await buyerContext.close();
});
