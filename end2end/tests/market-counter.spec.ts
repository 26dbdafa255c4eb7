// An order at a service point's counter, on a phone (390×844): a packer of the market's second
// producer places an order for a villager who has no smartphone, a field refused in the buyer's
// words beside it first; the slip opens in a tab of its own for printing, its QR code (read back
// by a real barcode reader, Debian's zbar-tools) is the order's full tracking link, and that
// link, opened on another phone, shows the order naming its producer.
import { execFileSync } from "node:child_process";
import type { Browser, Page } from "@playwright/test";
import { test, expect, ADMIN_TOKEN, Shop, contentToml } from "./server";

const PACKER_TOKEN = "e2e-yangjin-counter-token-of-at-least-32-characters";

/// A producer file named `en` in every language.
function producer(zh: string, en: string): string {
  return contentToml({ stock5: 50 }).replace(/^name = .*$/m, `name = { zh = "${zh}", en = "${en}", fr = "${en}" }`);
}

const MARKET = [
  `[market]\nname = { zh = "乡城县助农集市", en = "Xiangcheng county market", fr = "Marché du comté de Xiangcheng" }`,
  `place = { zh = "乡城县", en = "Xiangcheng county", fr = "Comté de Xiangcheng" }`,
  `[[producer]]\nslug = "drolma"\ncontent = "drolma.toml"`,
  `[[producer]]\nslug = "yangjin"\ncontent = "yangjin.toml"`,
].join("\n");

test.use({
  saleOptions: {
    content: "market.toml",
    files: { "market.toml": MARKET + "\n", "drolma.toml": producer("卓玛", "Drolma"), "yangjin.toml": producer("央金", "Yangjin") },
    team: [{ name: "Dawa", role: "packer", token: PACKER_TOKEN, producer: "yangjin" }],
  },
});

/// Signs in with `token` (an operator then chooses the second producer), orders at the counter
/// for a villager, prints the slip, reads its QR code and opens the link on another phone.
async function atTheCounter(page: Page, shop: Shop, browser: Browser, token: string) {
  await page.goto(shop.url + "/admin");
  await page.getByLabel("Admin token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Orders", exact: true })).toBeVisible();
  if (token === ADMIN_TOKEN) await page.getByRole("combobox", { name: "Producer" }).selectOption({ label: "Yangjin" });

  await page.getByText("Order at the counter").click();
  await page.getByRole("radio", { name: /^5 kg box/ }).check();
  await page.getByLabel("Quantity").fill("2");
  await page.getByLabel("Villager's name").fill("Pema Lhamo");
  await page.getByLabel("Villager's phone").fill("12345");
  await page.getByLabel("Delivery address").fill("Zhongde village, Xiangcheng county");
  await page.getByRole("button", { name: "Place the order" }).click();
  // The buyer's rule, in the buyer's words, beside its field; nothing is sent.
  const phone = page.getByLabel("Villager's phone");
  await expect(phone).toHaveAttribute("aria-invalid", "true");
  await expect(phone).toHaveAccessibleDescription(/Give a mainland mobile number/);

  await phone.fill("13800138000");
  await page.getByRole("button", { name: "Place the order" }).click();
  const placed = page.getByRole("status").filter({ hasText: "placed for Pema Lhamo" });
  await expect(placed).toContainText("5kg × 2");
  const id = (await placed.textContent())!.match(/Order ([A-Z0-9]+) placed/)![1];

  // The order is the second producer's, tagged as placed at the counter.
  const listed = await fetch(`${shop.url}/api/producers/yangjin/admin/orders?q=${id}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  const order = (await listed.json()).orders.find((o: any) => o.id === id);
  expect(order.ref).toBe("counter");
  expect(order.quantity).toBe(2);

  const popup = page.waitForEvent("popup");
  await page.getByRole("button", { name: "Print the slip" }).click();
  const slip = await popup;
  await slip.waitForURL(/^blob:/);
  await expect(slip.getByRole("heading", { name: "Yangjin" })).toBeVisible();
  await expect(slip.getByText(id, { exact: true })).toBeVisible();
  await expect(slip.getByText("For Pema Lhamo")).toBeVisible();
  await expect(slip.getByText(/Scan this code/)).toBeVisible();
  // The QR code as the browser draws it, read back by a real barcode reader.
  const shot = test.info().outputPath("slip-qr.png");
  await slip.getByRole("img", { name: "QR code of the order's tracking link" }).screenshot({ path: shot });
  const link = execFileSync("zbarimg", ["--quiet", "--raw", shot], { encoding: "utf8" }).trim();
  expect(link).toMatch(new RegExp(`^${shop.url}/orders/${id}#t=[0-9a-f]+$`));
  await expect(slip.getByText(link, { exact: true })).toBeVisible();
  await slip.screenshot({ path: "screenshots/market-counter-slip.png", fullPage: true });

  // The villager's grandson opens the link on his own phone: the order, naming its producer.
  const phoneOfAnother = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const tracking = await phoneOfAnother.newPage();
  await tracking.goto(link);
  await expect(tracking.getByText(id).first()).toBeVisible();
  await expect(tracking.getByText("From Yangjin").first()).toBeVisible();
  await phoneOfAnother.close();
}

test("the operator places an order at the counter for the second producer and prints a slip whose QR code opens the order", async ({ page, shop, browser }) => {
  await atTheCounter(page, shop, browser, ADMIN_TOKEN);
});

// A packer of a producer other than the default one signs in at /admin: GET /api/admin/me
// answers who a member is at any producer's address.
test("a packer of the second producer places an order at the counter and prints a slip whose QR code opens the order", async ({ page, shop, browser }) => {
  await atTheCounter(page, shop, browser, PACKER_TOKEN);
});
