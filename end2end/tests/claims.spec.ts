// Bad fruit made good, on a phone: the buyer of a shipped order reports bruised apples with a
// photo picked from a file (shrunk to a JPEG on the phone before it is sent), the owner sees the
// claim with its photo on the team's page and refunds it, and the buyer then sees the refund on
// the tracking page. A claim made offline waits on the phone and goes when the connection returns.
import { join } from "node:path";
import { test, expect, ADMIN_TOKEN } from "./server";

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" };

async function shippedOrder(url: string) {
  const placed = await fetch(url + "/api/orders", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": "claim-e2e-1" },
    body: JSON.stringify({ box_id: "5kg", quantity: 1, name: "Yangzom", phone: "13912345678", address: "88 Renmin Road, Chengdu" }),
  });
  expect(placed.status).toBe(201);
  const order = await placed.json();
  for (const status of ["packed", "shipped"]) {
    const moved = await fetch(`${url}/api/admin/orders/${order.id}/status`, {
      method: "POST", headers: admin, body: JSON.stringify({ status }),
    });
    expect(moved.status).toBe(200);
  }
  return order;
}

test("a buyer reports bruised apples with a photo, the team refunds it, the buyer sees the refund", async ({ page, shop }) => {
  const order = await shippedOrder(shop.url);

  await page.goto(`${shop.url}/orders/${order.id}#t=${order.token}`);
  await expect(page.getByRole("heading", { name: "Report a problem" })).toBeVisible();
  await page.getByRole("button", { name: "Send the report" }).click();
  await expect(page.getByRole("alert")).toContainText("Choose what went wrong.");
  await page.getByRole("radio", { name: "Bruised or rotten apples" }).check();
  await page.getByLabel("How many apples? (optional)").fill("4");
  await page.getByLabel("What happened? (optional)").fill("Four apples were bruised on top of the box.");
  await page.getByLabel("Photos (up to 3)").setInputFiles(join(__dirname, "fixtures", "bruised-apple.png"));
  await page.getByRole("button", { name: "Send the report" }).click();
  await expect(page.getByText("Thank you: your report was sent.")).toBeVisible();
  await expect(page.getByText("Waiting for the team's answer")).toBeVisible();
  await expect(page.getByText("Photos: 1")).toBeVisible();

  // The photo left the phone as a JPEG, whatever the file picked.
  const list = await (await fetch(shop.url + "/api/admin/claims?status=open", { headers: admin })).json();
  expect(list.claims).toHaveLength(1);
  const photo = await fetch(shop.url + list.claims[0].photo_urls[0], { headers: admin });
  expect(photo.headers.get("content-type")).toBe("image/jpeg");

  const team = await page.context().newPage();
  await team.goto(shop.url + "/admin");
  await team.getByLabel("Admin token").fill(ADMIN_TOKEN);
  await team.getByRole("button", { name: "Sign in" }).click();
  await team.getByRole("link", { name: "Numbers, stock and claims" }).click();
  await expect(team.getByRole("heading", { name: "Open claims" })).toBeVisible();
  await expect(team.getByText("Four apples were bruised on top of the box.")).toBeVisible();
  const shown = team.getByRole("img", { name: "Photo 1" });
  await expect(shown).toBeVisible();
  expect(await shown.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await team.getByLabel("Refund in yuan").fill("20");
  await team.getByLabel("Word for the buyer (required to reject)").fill("Sorry about the bruised apples.");
  await team.getByRole("button", { name: "Resolve" }).click();
  await expect(team.getByText("No open claims.")).toBeVisible();
  await team.screenshot({ path: "screenshots/claims-team.png", fullPage: true });

  await page.reload();
  await expect(page.getByText(/Refunded: .*20/)).toBeVisible();
  await expect(page.getByText("Sorry about the bruised apples.")).toBeVisible();
  await page.screenshot({ path: "screenshots/claims-buyer.png", fullPage: true });
});

test("a claim made offline waits on the phone and is sent when the connection returns", async ({ page, context, shop }) => {
  const order = await shippedOrder(shop.url);
  await page.goto(`${shop.url}/orders/${order.id}#t=${order.token}`);
  await expect(page.getByRole("heading", { name: "Report a problem" })).toBeVisible();
  await page.getByRole("radio", { name: "The box is missing" }).check();
  await page.getByLabel("Photos (up to 3)").setInputFiles(join(__dirname, "fixtures", "bruised-apple.png"));
  await context.setOffline(true);
  await page.getByRole("button", { name: "Send the report" }).click();
  await expect(page.getByText("You are offline: the report is kept on this phone")).toBeVisible();
  await expect(page.getByText("Kept on this phone, to be sent")).toBeVisible();
  // Kept: the form is empty again for another report, not showing this one as if unsent.
  await expect(page.getByRole("radio", { name: "The box is missing" })).not.toBeChecked();
  const none = await (await fetch(shop.url + "/api/admin/claims", { headers: admin })).json();
  expect(none.claims).toHaveLength(0);

  // A second report is being typed when the connection returns: the first one goes, the page
  // reads the order again, and what the buyer typed is still what the form sends.
  await page.getByRole("radio", { name: "Something else" }).check();
  await page.getByLabel("What happened? (optional)").fill("The lid was torn too.");
  await context.setOffline(false);
  await expect(page.getByText("Waiting for the team's answer")).toBeVisible();
  await expect(page.getByText("Kept on this phone, to be sent")).toHaveCount(0);
  const sent = await (await fetch(shop.url + "/api/admin/claims", { headers: admin })).json();
  expect(sent.claims).toHaveLength(1);
  expect(sent.claims[0].kind).toBe("missing");
  expect(sent.claims[0].photos).toBe(1);

  await expect(page.getByLabel("What happened? (optional)")).toHaveValue("The lid was torn too.");
  await page.getByRole("button", { name: "Send the report" }).click();
  await expect(page.getByText("Thank you: your report was sent.")).toBeVisible();
  const both = await (await fetch(shop.url + "/api/admin/claims", { headers: admin })).json();
  expect(both.claims).toHaveLength(2);
  const second = both.claims.find((c: { kind: string }) => c.kind === "other");
  expect(second.message).toBe("The lid was torn too.");
});

test("a phone slow to read its waiting claims does not clear the form under the buyer's fingers", async ({ page, shop }) => {
  // The page reads the claims kept on the phone when it opens; here IndexedDB answers late, as
  // on a weak phone, once the buyer has already chosen and typed.
  await page.addInitScript(() => {
    let slowed: unknown;
    Object.defineProperty(self, "OrchardClaims", {
      configurable: true,
      get: () => slowed,
      set: (claims: { all(id: string): Promise<unknown> }) => {
        slowed = Object.assign({}, claims, {
          async all(id: string) {
            await new Promise((r) => setTimeout(r, 1500));
            const found = await claims.all(id);
            (self as any).claimsRead = ((self as any).claimsRead || 0) + 1;
            return found;
          },
        });
      },
    });
  });
  const order = await shippedOrder(shop.url);
  await page.goto(`${shop.url}/orders/${order.id}#t=${order.token}`);
  await expect(page.getByRole("heading", { name: "Report a problem" })).toBeVisible();
  await page.getByRole("radio", { name: "The box is missing" }).check();
  await page.getByLabel("What happened? (optional)").fill("Nothing came.");
  await page.waitForFunction(() => (self as any).claimsRead >= 2);
  await expect(page.getByRole("radio", { name: "The box is missing" })).toBeChecked();
  await expect(page.getByLabel("What happened? (optional)")).toHaveValue("Nothing came.");
  await page.getByRole("button", { name: "Send the report" }).click();
  await expect(page.getByText("Thank you: your report was sent.")).toBeVisible();
  const sent = await (await fetch(shop.url + "/api/admin/claims", { headers: admin })).json();
  expect(sent.claims).toHaveLength(1);
  expect(sent.claims[0].message).toBe("Nothing came.");
});

test("the owner sees what an order's claims refunded already, and a refund past its total is refused with what is left", async ({ page, shop }) => {
  const order = await shippedOrder(shop.url);
  const ids: string[] = [];
  for (const key of ["refund-a", "refund-b"]) {
    const form = new FormData();
    form.append("kind", "damaged");
    const filed = await fetch(`${shop.url}/api/orders/${order.id}/claims`, {
      method: "POST", headers: { Authorization: `Bearer ${order.token}`, "Idempotency-Key": key }, body: form,
    });
    expect(filed.status).toBe(201);
    ids.push((await filed.json()).id);
  }
  const first = await fetch(`${shop.url}/api/admin/claims/${ids[0]}`, {
    method: "POST", headers: admin, body: JSON.stringify({ outcome: "refund", refund_fen: 5000 }),
  });
  expect(first.status).toBe(200);

  await page.goto(shop.url + "/admin");
  await page.getByLabel("Admin token").fill(ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("link", { name: "Numbers, stock and claims" }).click();
  await expect(page.getByText(/Refunded on this order so far: .*50\.00 of .*68\.00; up to .*18\.00 more\./)).toBeVisible();
  await page.getByLabel("Refund in yuan").fill("20");
  await page.getByRole("button", { name: "Resolve" }).click();
  await expect(page.getByRole("alert")).toContainText(/this order's refunds would pass its total\. At most .*18\.00 can still be refunded\./);
  await page.screenshot({ path: "screenshots/claims-refund-past-total.png", fullPage: true });
  await page.getByLabel("Refund in yuan").fill("18");
  await page.getByRole("button", { name: "Resolve" }).click();
  await expect(page.getByText("No open claims.")).toBeVisible();
});
