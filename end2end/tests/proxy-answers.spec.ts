// Behind nginx, a request can be answered by nginx itself, with an HTML page: 413 when a body is
// over its limit, 502 while an instance is down. The pages read such an answer by its status:
// a buyer's claim kept on the phone stays there through a 502 and goes once the shop answers,
// a 413 tells the buyer the photos are too large (in their language), and a team move refused
// by a 413 is set apart as stuck (opened, its reason read, discarded) while the moves behind it
// go on. The proxy here is `page.route`, answering as nginx does.
import { join } from "node:path";
import type { Page, Route } from "@playwright/test";
import { test, expect, ADMIN_TOKEN, Shop, placeOrders } from "./server";

// No service worker: every request of the page reaches `page.route`, the proxy of these tests.
test.use({ serviceWorkers: "block" });

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" };
const PHOTO = join(__dirname, "fixtures", "bruised-apple.png");

/// nginx's own error page, as it writes it.
function nginxPage(route: Route, status: number, reason: string) {
  return route.fulfill({
    status,
    contentType: "text/html",
    body: `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n`,
  });
}

async function shippedOrder(shop: Shop, key: string) {
  const placed = await fetch(shop.url + "/api/orders", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": key },
    body: JSON.stringify({ box_id: "5kg", quantity: 1, name: "Yangzom", phone: "13912345678", address: "88 Renmin Road, Chengdu" }),
  });
  expect(placed.status).toBe(201);
  const order = await placed.json();
  for (const status of ["packed", "shipped"]) {
    const moved = await fetch(`${shop.url}/api/admin/orders/${order.id}/status`, {
      method: "POST", headers: admin, body: JSON.stringify({ status }),
    });
    expect(moved.status).toBe(200);
  }
  return order;
}

async function claimsFiled(shop: Shop): Promise<number> {
  return (await (await fetch(shop.url + "/api/admin/claims", { headers: admin })).json()).claims.length;
}

async function statusOf(shop: Shop, id: string): Promise<string> {
  const r = await fetch(shop.url + `/api/admin/orders?q=${id}`, { headers: admin });
  return (await r.json()).orders.find((o: any) => o.id === id).status;
}

test("a claim kept on the phone stays there through the proxy's HTML 502 and is sent once the shop answers", async ({ page, context, shop }) => {
  const order = await shippedOrder(shop, "proxy-502");
  await page.goto(`${shop.url}/orders/${order.id}#t=${order.token}`);
  await page.getByRole("radio", { name: "The box is missing" }).check();
  await page.getByLabel("Photos (up to 3)").setInputFiles(PHOTO);
  await context.setOffline(true);
  await page.getByRole("button", { name: "Send the report" }).click();
  await expect(page.getByText("Kept on this phone, to be sent")).toBeVisible();

  // The connection returns, but the instance behind nginx is down.
  let tries = 0;
  const claims = `**/api/orders/${order.id}/claims`;
  await page.route(claims, (route) => {
    tries += 1;
    return nginxPage(route, 502, "Bad Gateway");
  });
  await context.setOffline(false);
  await expect.poll(() => tries).toBeGreaterThanOrEqual(1);
  // Opened again, the page still has it, tries it again, and says it waits.
  await page.reload();
  await expect.poll(() => tries).toBeGreaterThanOrEqual(2);
  await expect(page.getByText("Kept on this phone, to be sent")).toBeVisible();
  await expect(page.getByText("Waiting for the team's answer")).toHaveCount(0);
  expect(await claimsFiled(shop)).toBe(0);

  // The instance is back: the kept claim goes on the page's next try, without a reload.
  await page.unroute(claims);
  await expect(page.getByText("Waiting for the team's answer")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("Kept on this phone, to be sent")).toHaveCount(0);
  expect(await claimsFiled(shop)).toBe(1);
});

test("a claim just sent and answered by the proxy's HTML 502 is kept on the phone, not lost", async ({ page, shop }) => {
  const order = await shippedOrder(shop, "proxy-502-now");
  await page.goto(`${shop.url}/orders/${order.id}#t=${order.token}`);
  const claims = `**/api/orders/${order.id}/claims`;
  await page.route(claims, (route) => nginxPage(route, 502, "Bad Gateway"));
  await page.getByRole("radio", { name: "Something else" }).check();
  await page.getByLabel("What happened? (optional)").fill("The lid was torn.");
  await page.getByRole("button", { name: "Send the report" }).click();
  await expect(page.getByText("The shop is not answering right now: the report is kept on this phone and will be sent again shortly.")).toBeVisible();
  await expect(page.getByText("Kept on this phone, to be sent")).toBeVisible();
  await page.unroute(claims);
  await expect(page.getByText("Waiting for the team's answer")).toBeVisible({ timeout: 30_000 });
  const sent = await (await fetch(shop.url + "/api/admin/claims", { headers: admin })).json();
  expect(sent.claims.map((c: { message: string }) => c.message)).toEqual(["The lid was torn."]);
});

test.describe("a buyer who reads French", () => {
  test.use({ locale: "fr-FR" });

  test("a claim refused by the proxy's HTML 413 says the photos are too large, and is not kept", async ({ page, shop }) => {
    const order = await shippedOrder(shop, "proxy-413");
    await page.goto(`${shop.url}/orders/${order.id}#t=${order.token}`);
    await page.route(`**/api/orders/${order.id}/claims`, (route) => nginxPage(route, 413, "Request Entity Too Large"));
    await page.getByRole("radio", { name: "Le colis n'est pas arrivé" }).check();
    await page.getByLabel("Photos (3 au plus)").setInputFiles(PHOTO);
    await page.getByRole("button", { name: "Envoyer le signalement" }).click();
    await expect(page.getByText("Les photos sont trop lourdes pour être envoyées. Choisissez-en moins ou de plus petites, puis renvoyez le signalement.")).toBeVisible();
    // Refused for good: nothing waits on the phone to be sent again.
    await page.reload();
    await expect(page.getByRole("button", { name: "Envoyer le signalement" })).toBeVisible();
    await expect(page.getByText(/gardé sur ce téléphone/i)).toHaveCount(0);
    expect(await claimsFiled(shop)).toBe(0);
  });
});

async function signIn(page: Page, shop: Shop) {
  await page.goto(shop.url + "/admin");
  await page.getByLabel("Admin token").fill(ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Orders", exact: true })).toBeVisible();
}

test("a team move refused by the proxy's HTML 413 is set apart as stuck, opened, discarded, and blocks no later move", async ({ page, context, shop }) => {
  const ids = await placeOrders(shop, 3, "proxy-413-team");
  await signIn(page, shop);
  await page.getByRole("button", { name: /^Received 3/ }).click();
  await expect(page.getByRole("checkbox", { name: /^Select / })).toHaveCount(3);

  // Two moves made in the shed without the network: two orders, then the third.
  await context.setOffline(true);
  await page.getByRole("checkbox", { name: `Select ${ids[0]}` }).click();
  await page.getByRole("checkbox", { name: `Select ${ids[1]}` }).click();
  await page.getByRole("button", { name: "Move 2 to Packed" }).click();
  await expect(page.getByText("Waiting to send (1)")).toBeVisible();
  await page.getByRole("checkbox", { name: `Select ${ids[2]}` }).click();
  await page.getByRole("button", { name: "Move 1 to Packed" }).click();
  await expect(page.getByText("Waiting to send (2)")).toBeVisible();

  // Back online, nginx refuses the first (its body over the limit) with its own HTML page.
  const moves = "**/api/admin/orders/status";
  await page.route(moves, (route) =>
    route.request().postDataJSON().ids.length > 1 ? nginxPage(route, 413, "Request Entity Too Large") : route.continue());
  await context.setOffline(false);
  await expect(page.getByText(`✓ ${ids[2]} moved to Packed`)).toBeVisible();
  await expect(page.getByText(/Waiting to send/)).toHaveCount(0);
  expect(await statusOf(shop, ids[2])).toBe("packed");

  const stuck = page.getByRole("button", { name: "✗ Not sent: Received → Packed (2)" });
  await expect(stuck).toBeVisible();
  await stuck.click();
  await expect(stuck).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByText("2 orders, Received → Packed:")).toBeVisible();
  const opened = page.getByRole("listitem").filter({ has: stuck });
  await expect(opened).toContainText(ids[0]);
  await expect(opened).toContainText(ids[1]);
  await expect(page.getByText(/^Made /)).toBeVisible();
  await expect(page.getByText("Refused: too many at once for the shop to take; move them in smaller groups.", { exact: false })).toBeVisible();
  await page.screenshot({ path: "screenshots/proxy-stuck-move.png" });
  await page.getByRole("button", { name: "Discard this move" }).click();
  await expect(stuck).toHaveCount(0);
  expect(await statusOf(shop, ids[0])).toBe("received");

  // Discarded for good (not back after a reload). Made online, the same move is refused there
  // and then, in the team's words, and nothing is kept to block the next move.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Orders", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: /Not sent/ })).toHaveCount(0);
  await page.getByRole("button", { name: /^Received 2/ }).click();
  await page.getByRole("checkbox", { name: `Select ${ids[0]}` }).click();
  await page.getByRole("checkbox", { name: `Select ${ids[1]}` }).click();
  await page.getByRole("button", { name: "Move 2 to Packed" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "too many at once for the shop to take; move them in smaller groups" })).toBeVisible();
  await expect(page.getByText(/Waiting to send|will move when the network returns/)).toHaveCount(0);

  await page.unroute(moves);
  await page.getByRole("button", { name: "Move 2 to Packed" }).click();
  await expect(page.getByText("2 orders moved.")).toBeVisible();
  expect(await statusOf(shop, ids[0])).toBe("packed");
  expect(await statusOf(shop, ids[1])).toBe("packed");
});
