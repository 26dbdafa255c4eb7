import { test, expect } from "./server";

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
