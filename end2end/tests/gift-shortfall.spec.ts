// After the order, on a 390×844 phone: a buyer sends a gift from the order form; a gift's
// tracking page names the recipient but never a phone; the owner previews a short harvest's
// cancels and confirms exactly those (an order placed meanwhile stays), and the buyer of a
// cancelled order reads the apology in their language; a previewed order packed meanwhile makes
// the confirm cancel nothing, and the page says so and previews again.
import type { Page } from "@playwright/test";
import { test, expect, ADMIN_TOKEN, Shop } from "./server";

async function adminOrders(shop: Shop): Promise<any[]> {
  const r = await fetch(shop.url + "/api/admin/orders", { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(r.status).toBe(200);
  return (await r.json()).orders;
}

async function placeOrder(shop: Shop, key: string, quantity: number): Promise<{ id: string; token: string }> {
  const r = await fetch(shop.url + "/api/orders", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": key },
    body: JSON.stringify({ box_id: "5kg", quantity, name: `Buyer ${key}`, phone: "13900139000", address: "88 Renmin Road, Chengdu" }),
  });
  expect(r.status).toBe(201);
  return r.json();
}

async function status(shop: Shop, order: { id: string; token: string }): Promise<string> {
  const r = await fetch(`${shop.url}/api/orders/${order.id}`, { headers: { Authorization: `Bearer ${order.token}` } });
  return (await r.json()).status;
}

async function pack(shop: Shop, id: string) {
  const r = await fetch(`${shop.url}/api/admin/orders/${id}/status`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ status: "packed" }),
  });
  expect(r.status).toBe(200);
}

async function openShortHarvest(page: Page, shop: Shop) {
  await signIn(page, shop);
  await page.getByRole("link", { name: "Numbers, stock and claims" }).click();
  await expect(page.getByRole("heading", { name: "Short harvest" })).toBeVisible();
  await page.getByLabel("Box size").selectOption("5kg");
}

async function signIn(page: Page, shop: Shop) {
  await page.goto(shop.url + "/admin");
  await page.getByLabel("Admin token").fill(ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Orders", exact: true })).toBeVisible();
}

test("a buyer sends a box as a gift from the form, and each missing recipient field is marked", async ({ page, shop }) => {
  await page.goto(shop.url + "/");
  await expect(page.getByRole("heading", { name: "Order a box" })).toBeVisible();
  await expect(page.getByLabel("Their name")).toBeHidden();
  await page.getByLabel("Your name").fill("Tashi Dorje");
  await page.getByLabel("Phone").fill("138 0013 8000");
  await page.getByLabel("Delivery address").fill("12 Chunxi Road, Chengdu");
  await page.getByLabel("Send it as a gift to someone else").check();
  await expect(page.getByRole("group", { name: "Who receives the box" })).toBeVisible();
  await page.getByLabel("Their address").fill("27 Zhongguancun Street, Haidian, Beijing");
  await page.getByRole("button", { name: "Place my order" }).click();
  // Checked on the phone by the API's own rules, before anything is sent.
  await expect(page.getByText("Please correct the fields marked below.")).toBeVisible();
  await expect(page.getByLabel("Their name")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Their mobile number")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Their address")).toHaveAttribute("aria-invalid", "false");
  expect(await adminOrders(shop)).toHaveLength(0);
  await page.getByLabel("Their name").fill("Wang Mama");
  await page.getByLabel("Their mobile number").fill("139-0013-9000");
  await page.getByLabel("A few words for the label (optional)").fill("Happy birthday, Mama!");
  await page.screenshot({ path: "screenshots/gift-form.png", fullPage: true });
  await page.getByRole("button", { name: "Place my order" }).click();
  await expect(page.getByRole("heading", { name: "Thank you! Your order is placed." })).toBeFocused();
  const [order] = await adminOrders(shop);
  expect(order).toMatchObject({
    name: "Tashi Dorje", phone: "13800138000", address: "12 Chunxi Road, Chengdu",
    recipient: { name: "Wang Mama", phone: "13900139000", address: "27 Zhongguancun Street, Haidian, Beijing" },
    gift_message: "Happy birthday, Mama!",
  });
});

test("a gift unticked sends no recipient, and the gift fields speak the buyer's language", async ({ page, shop }) => {
  await page.goto(shop.url + "/");
  await page.getByRole("button", { name: "中文" }).click();
  await page.getByLabel("作为礼物寄给别人").check();
  await expect(page.getByLabel("收礼人姓名")).toBeVisible();
  await page.getByLabel("收礼人姓名").fill("王妈妈");
  await page.getByLabel("作为礼物寄给别人").uncheck();
  await expect(page.getByLabel("收礼人姓名")).toBeHidden();
  await page.getByLabel("姓名", { exact: true }).fill("扎西");
  await page.getByLabel("手机号", { exact: true }).fill("13800138000");
  await page.getByLabel("收货地址").fill("成都市锦江区春熙路 12 号");
  await page.getByRole("button", { name: "提交订单" }).click();
  await expect(page.getByRole("heading", { name: "谢谢！订单已提交。" })).toBeFocused();
  const [order] = await adminOrders(shop);
  expect(order.name).toBe("扎西");
  expect(order.recipient ?? null).toBeNull();
  expect(order.gift_message ?? null).toBeNull();
});

test("a gift's tracking page names its recipient and its words, and shows no phone", async ({ page, shop }) => {
  const r = await fetch(shop.url + "/api/orders", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": "gift-1" },
    body: JSON.stringify({
      box_id: "5kg", quantity: 1, name: "Tashi Dorje", phone: "138 0013 8000", address: "12 Chunxi Road, Chengdu",
      recipient: { name: "Wang Mama", phone: "139 0013 9000", address: "27 Zhongguancun Street, Haidian, Beijing" },
      gift_message: "Happy birthday, Mama!",
    }),
  });
  expect(r.status).toBe(201);
  const order = await r.json();
  const [seen] = await adminOrders(shop);
  expect(seen).toMatchObject({ phone: "13800138000", recipient: { phone: "13900139000" }, gift_message: "Happy birthday, Mama!" });
  await page.goto(`${shop.url}/orders/${order.id}#t=${order.token}`);
  await expect(page.getByText("A gift for Wang Mama, 27 Zhongguancun Street, Haidian, Beijing")).toBeVisible();
  await expect(page.getByText("Your words on the label: Happy birthday, Mama!")).toBeVisible();
  const text = await page.locator("main").innerText();
  expect(text).not.toContain("13900139000");
  expect(text).not.toContain("13800138000");
});

test("the owner previews a short harvest, confirms it, and the buyer reads the apology", async ({ page, shop }) => {
  const oldest = await placeOrder(shop, "short-old", 2);
  const middle = await placeOrder(shop, "short-mid", 3);
  const newest = await placeOrder(shop, "short-new", 1);
  await openShortHarvest(page, shop);
  await page.getByLabel("Boxes missing").fill("0");
  await page.getByRole("button", { name: "Preview the cancels" }).click();
  await expect(page.getByText("Give a whole number of boxes, at least 1.")).toBeVisible();
  await page.getByLabel("Boxes missing").fill("3");
  await page.getByRole("button", { name: "Preview the cancels" }).click();
  await expect(page.getByText("2 orders would be cancelled (newest first), freeing 4 boxes.", { exact: false })).toBeVisible();
  await expect(page.locator(".short-orders li")).toHaveText([newest.id, middle.id]);
  const lookup = await fetch(`${shop.url}/api/orders/${newest.id}`, { headers: { Authorization: `Bearer ${newest.token}` } });
  expect((await lookup.json()).status).toBe("received");
  await page.screenshot({ path: "screenshots/shortfall-preview.png", fullPage: true });

  // A buyer orders while the owner reads the preview: the confirm cancels only what was shown.
  const meanwhile = await placeOrder(shop, "short-meanwhile", 2);
  await page.getByRole("button", { name: "Yes, cancel these 2 orders" }).click();
  await expect(page.getByText("2 orders cancelled, 4 boxes freed.")).toBeVisible();
  expect(await status(shop, oldest)).toBe("received");
  expect(await status(shop, meanwhile)).toBe("received");
  expect(await status(shop, newest)).toBe("cancelled");

  await page.goto(`${shop.url}/orders/${middle.id}#t=${middle.token}`);
  await expect(page.getByText("Cancelled").first()).toBeVisible();
  await expect(page.getByText(/the harvest came in short/)).toBeVisible();
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByText(/今年收成不足/)).toBeVisible();
});

test("a previewed order packed before the confirm cancels nothing, and the page previews again", async ({ page, shop }) => {
  const oldest = await placeOrder(shop, "moved-old", 1);
  const middle = await placeOrder(shop, "moved-mid", 1);
  const newest = await placeOrder(shop, "moved-new", 1);
  await openShortHarvest(page, shop);
  await page.getByLabel("Boxes missing").fill("2");
  await page.getByRole("button", { name: "Preview the cancels" }).click();
  await expect(page.locator(".short-orders li")).toHaveText([newest.id, middle.id]);
  // A packer packs one of them while the owner reads the preview.
  await pack(shop, middle.id);
  await page.getByRole("button", { name: "Yes, cancel these 2 orders" }).click();
  await expect(page.getByText(`Nothing was cancelled: since the preview, these orders were packed, cancelled or changed: ${middle.id}.`, { exact: false })).toBeVisible();
  expect(await status(shop, newest)).toBe("received");
  // The fresh preview names what is left to cancel now.
  await expect(page.locator(".short-orders li")).toHaveText([newest.id, oldest.id]);
  await page.screenshot({ path: "screenshots/shortfall-moved.png", fullPage: true });
  await page.getByRole("button", { name: "Yes, cancel these 2 orders" }).click();
  await expect(page.getByText("2 orders cancelled, 2 boxes freed.")).toBeVisible();
  expect(await status(shop, middle)).toBe("packed");
  expect(await status(shop, oldest)).toBe("cancelled");
});
