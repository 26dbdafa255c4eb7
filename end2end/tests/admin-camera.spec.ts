// The scan view's camera on a phone (390×844). Chromium's fake camera films a label: the QR code
// the label page prints for a real order, drawn into a YUV4MPEG2 video. The order moves on with a
// ✓ once, however long the label stays in view, and the camera stops when asked. Linux Chromium
// has no BarcodeDetector, so the rqrr worker reads the frames there; the page says which reader
// ran and each test asserts it, so neither can pass on the other reader's work.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { devices, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { test, expect, ADMIN_TOKEN, Shop } from "./server";

const [W, H] = [640, 480];

/// Places one order (a 5 kg box) and gives its id.
async function placeOrder(shop: Shop): Promise<string> {
  const r = await fetch(shop.url + "/api/orders", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": "camera-1" },
    body: JSON.stringify({ box_id: "5kg", quantity: 1, name: "Camera Buyer", phone: "13900000001", address: "88 Renmin Road, Chengdu" }),
  });
  expect(r.status).toBe(201);
  return (await r.json()).id;
}

/// The dark modules of the QR code on the order's label, as the label page draws them
/// (`viewBox="0 0 side side"`, one `M x y h1v1h-1z` square a module, quiet zone included).
async function labelQr(shop: Shop, id: string): Promise<{ side: number; dark: Set<string> }> {
  const r = await fetch(shop.url + `/api/admin/labels?ids=${id}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(r.status).toBe(200);
  const svg = (await r.text()).match(/<svg class="qr"[^>]*viewBox="0 0 (\d+) \d+"[\s\S]*?<path[^>]* d="([^"]+)"/);
  expect(svg, "the label carries a QR code").not.toBeNull();
  const dark = new Set([...svg![2].matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map((m) => `${m[1]},${m[2]}`));
  return { side: Number(svg![1]), dark };
}

/// A few seconds of video (YUV4MPEG2, 640×480, 4:2:0, grey) of the code in the middle of a
/// white page, as `--use-file-for-fake-video-capture` plays it (in a loop).
function y4m({ side, dark }: { side: number; dark: Set<string> }): Buffer {
  const module = Math.floor((H - 40) / side);
  const [left, top] = [Math.floor((W - side * module) / 2), Math.floor((H - side * module) / 2)];
  const luma = Buffer.alloc(W * H, 235);
  for (let y = 0; y < side * module; y++) {
    for (let x = 0; x < side * module; x++) {
      if (dark.has(`${Math.floor(x / module)},${Math.floor(y / module)}`)) luma[(top + y) * W + left + x] = 16;
    }
  }
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma]);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), ...Array(10).fill(frame)]);
}

/// Chromium as the project launches it, with a fake camera playing `video`; the helper allows
/// the camera unless `refuse`.
async function launchWithCamera(playwright: typeof import("@playwright/test"), video: string, refuse = false): Promise<Browser> {
  const options = test.info().project.use.launchOptions ?? {};
  const answer = refuse ? "--deny-permission-prompts" : "--use-fake-ui-for-media-stream";
  return playwright.chromium.launch({
    ...options,
    args: [...(options.args ?? []), answer, "--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${video}`],
  });
}

/// A 390×844 phone's context in `browser`.
const phone = (browser: Browser) => browser.newContext({ ...devices["Pixel 7"], viewport: { width: 390, height: 844 } });

async function openScanView(context: BrowserContext, shop: Shop): Promise<Page> {
  const page = await context.newPage();
  await page.goto(shop.url + "/admin");
  await page.getByLabel("Admin token").fill(ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("link", { name: "Scan to pack" }).click();
  return page;
}

async function statusOf(shop: Shop, id: string): Promise<string> {
  const r = await fetch(shop.url + `/api/admin/orders?q=${id}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  return (await r.json()).orders[0].status;
}

/// The ✓ line for `id` shows, the order is packed, and `ms` later (the label still in view) it
/// has been scanned only once.
async function expectPackedOnce(page: Page, shop: Shop, id: string, ms: number) {
  await expect(page.getByText(`✓ ${id}`)).toBeVisible();
  expect(await statusOf(shop, id)).toBe("packed");
  await page.waitForTimeout(ms);
  await expect(page.getByText(`✓ ${id}`)).toHaveCount(1);
  await expect(page.getByText(/^✗/)).toHaveCount(0);
}

let dir = "";
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "orchard-camera-"));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

/// Places an order, has the fake camera film its label, and runs `body` on a phone in that
/// browser (the camera refused if `refuse`), closing the browser after.
async function filmingALabel(
  playwright: typeof import("@playwright/test"),
  shop: Shop,
  body: (id: string, context: BrowserContext) => Promise<void>,
  refuse = false,
) {
  const id = await placeOrder(shop);
  const video = join(dir, "label.y4m");
  writeFileSync(video, y4m(await labelQr(shop, id)));
  const browser = await launchWithCamera(playwright, video, refuse);
  try {
    await body(id, await phone(browser));
  } finally {
    await browser.close();
  }
}

test("the camera reads a label's QR code and moves that box on once, however long it stays in view", async ({ playwright, shop }) => {
  await filmingALabel(playwright, shop, async (id, context) => {
    const page = await openScanView(context, shop);
    const hasDetector = await page.evaluate(async () =>
      "BarcodeDetector" in window && (await (window as any).BarcodeDetector.getSupportedFormats()).includes("qr_code"));
    await page.getByRole("button", { name: "Use the camera" }).click();
    const camera = page.getByRole("group", { name: "Camera" });
    await expect(camera).toHaveAttribute("data-decoder", hasDetector ? "barcode-detector" : "rqrr-worker");
    // The label stays in view for four more seconds (sixteen frames read).
    await expectPackedOnce(page, shop, id, 4_000);
    await camera.getByRole("button", { name: "Stop camera" }).click();
    await expect(camera.getByRole("button", { name: "Use the camera" })).toBeVisible();
    const live = await page.evaluate(() =>
      [...document.querySelectorAll("video")].flatMap((v) => (v.srcObject as MediaStream | null)?.getTracks() ?? []).filter((t) => t.readyState === "live").length);
    expect(live, "no camera track left running").toBe(0);
  });
});

test("where the browser reads QR codes itself, its BarcodeDetector is used and the page never starts the worker", async ({ playwright, shop }) => {
  await filmingALabel(playwright, shop, async (id, context) => {
    // Android's Chrome, as far as the page can tell: a detector that reads QR codes. It hands
    // back the order's id (with the spaces a scanner may add) once the video has a picture.
    await context.addInitScript((code) => {
      (window as any).BarcodeDetector = class {
        static async getSupportedFormats() { return ["ean_13", "qr_code"]; }
        constructor(options: { formats: string[] }) {
          if (!options.formats.includes("qr_code")) throw new TypeError("asked for no QR codes");
        }
        async detect(video: HTMLVideoElement) {
          return video instanceof HTMLVideoElement && video.videoWidth > 0 ? [{ rawValue: ` ${code}\n`, format: "qr_code" }] : [];
        }
      };
    }, id);
    // The page's own requests: the service worker keeps the worker's files for a scan offline
    // (the team's pages are cached whole), which is not the page starting it.
    const fetched: string[] = [];
    context.on("request", (r) => { if (!r.serviceWorker()) fetched.push(r.url()); });
    const page = await openScanView(context, shop);
    await page.getByRole("button", { name: "Use the camera" }).click();
    await expect(page.getByRole("group", { name: "Camera" })).toHaveAttribute("data-decoder", "barcode-detector");
    await expectPackedOnce(page, shop, id, 1_000);
    expect(fetched.filter((url) => url.includes("orchard-qr"))).toEqual([]);
  });
});

test("a refused camera is said plainly and typing an id still moves the box", async ({ playwright, shop }) => {
  await filmingALabel(playwright, shop, async (id, context) => {
    const page = await openScanView(context, shop);
    await page.getByRole("button", { name: "Use the camera" }).click();
    const camera = page.getByRole("group", { name: "Camera" });
    await expect(camera.getByRole("status")).toHaveText(/The camera was refused/);
    await expect(camera.getByRole("button", { name: "Use the camera" })).toBeVisible();
    await expect(camera).toHaveAttribute("data-decoder", "");
    const field = page.getByLabel("Scan or type an order number");
    await field.fill(id);
    await field.press("Enter");
    await expect(page.getByText(`✓ ${id}`)).toBeVisible();
  }, true);
});
