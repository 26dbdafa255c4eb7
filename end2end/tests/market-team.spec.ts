// The team's pages in a county market, on a phone (390×844): the operator switches producers and
// each producer's list, numbers and the market's totals show; a packer of one producer sees only
// that producer's orders, with nothing to switch; a move made offline for one producer is sent
// to that producer even after the operator switched to another; and nothing of a producer's team
// API is kept in Cache Storage.
//
// Each test runs twice:
// - "market server": orchard-server with a market file of two producers and a team file with a
//   packer of the second (the lead's server side of issue #28);
// - "stand-in": two shops of one (today's server), each a producer, behind the market's team API
//   as DESIGN.md writes it (`/api/producers/{slug}/admin/…` is that producer's `/api/admin/…`;
//   `/api/admin/me`, `/api/market` and `/api/admin/market` answered as documented; a member of
//   another producer refused with 403 `forbidden`), so the client's side is checked on its own.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page, Route } from "@playwright/test";
import { test as base, expect } from "@playwright/test";
import { ADMIN_TOKEN, ROOT, Shop, contentToml, teamToml } from "./server";

const PACKER_TOKEN = "e2e-yangjin-packer-token-of-at-least-32-characters";
const NAMES: Record<string, { zh: string; en: string; fr: string }> = {
  drolma: { zh: "卓玛", en: "Drolma", fr: "Drolma" },
  yangjin: { zh: "央金", en: "Yangjin", fr: "Yangjin" },
};
const SLUGS = ["drolma", "yangjin"];

/// A market of two producers to test against: where the pages are, what each producer's team
/// API answers, and every `/api/` request the page made.
interface Market {
  url: string;
  requests: string[];
  /// Places `n` orders with `slug` and gives their ids.
  order(slug: string, n: number): Promise<string[]>;
  /// The status of `id` with `slug`, as that producer's team API says it.
  statusOf(slug: string, id: string): Promise<string>;
  offline(context: BrowserContext, page: Page, on: boolean): Promise<void>;
  stop(): Promise<void>;
}

function producerToml(slug: string): string {
  const n = NAMES[slug];
  return contentToml({ stock5: 200 }).replace(/^name = .*$/m, `name = { zh = "${n.zh}", en = "${n.en}", fr = "${n.fr}" }`);
}

async function orderAt(url: string, slug: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": `${slug}-${i}` },
      body: JSON.stringify({ box_id: "5kg", quantity: 1, name: `${slug} buyer ${i}`, phone: `139${String(i).padStart(8, "0")}`, address: "88 Renmin Road, Chengdu" }),
    });
    expect(r.status).toBe(201);
    ids.push((await r.json()).id);
  }
  return ids;
}

async function statusAt(url: string, id: string): Promise<string> {
  const r = await fetch(`${url}?q=${id}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  return (await r.json()).orders.find((o: any) => o.id === id).status;
}

function recordApi(context: BrowserContext, requests: string[]) {
  context.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith("/api/")) requests.push(`${r.method()} ${path}`);
  });
}

/// orchard-server with a market file (the default producer first) and a team file.
async function marketServer(context: BrowserContext): Promise<Market> {
  const dir = mkdtempSync(join(tmpdir(), "orchard-market-e2e-"));
  const market = [
    `[market]\nname = { zh = "乡城县助农集市", en = "Xiangcheng county market", fr = "Marché du comté de Xiangcheng" }`,
    `place = { zh = "乡城县", en = "Xiangcheng county", fr = "Comté de Xiangcheng" }`,
    ...SLUGS.map((slug) => `[[producer]]\nslug = "${slug}"\ncontent = "${slug}.toml"`),
  ].join("\n");
  writeFileSync(join(dir, "market.toml"), market + "\n");
  for (const slug of SLUGS) writeFileSync(join(dir, `${slug}.toml`), producerToml(slug));
  const team = teamToml([{ name: "Dawa", role: "packer", token: PACKER_TOKEN }]).replace(/^role = "packer"$/m, 'role = "packer"\nproducer = "yangjin"');
  writeFileSync(join(dir, "team.toml"), team);
  const child = spawn(
    join(ROOT, "target", "release", "orchard-server"),
    ["--addr", "127.0.0.1:0", "--database", `sqlite://${join(dir, "orchard.db")}`, "--content", join(dir, "market.toml"), "--dist", join(ROOT, "dist"), "--rate-limit-per-minute", "0"],
    { env: { ...process.env, ORCHARD_TEAM_FILE: join(dir, "team.toml"), ORCHARD_ADMIN_TOKEN: ADMIN_TOKEN, NO_COLOR: "1" }, stdio: ["ignore", "ignore", "pipe"] },
  );
  const url = await new Promise<string>((ok, fail) => {
    let seen = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const m = seen.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) ok(m[1]);
    });
    child.on("exit", (code) => fail(new Error(`orchard-server exited with ${code}: ${seen}`)));
  });
  child.stderr!.resume();
  const requests: string[] = [];
  recordApi(context, requests);
  return {
    url,
    requests,
    order: (slug, n) => orderAt(`${url}/api/producers/${slug}/orders`, slug, n),
    statusOf: (slug, id) => statusAt(`${url}/api/producers/${slug}/admin/orders`, id),
    offline: (ctx, _page, on) => ctx.setOffline(on),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((ok) => child.once("exit", ok));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/// Two shops of one behind the market's team API, as DESIGN.md writes it.
async function standIn(context: BrowserContext): Promise<Market> {
  const shops: Record<string, Shop> = {};
  for (const slug of SLUGS) shops[slug] = await Shop.start({ stock5: 200, team: [{ name: "Dawa", role: "packer", token: PACKER_TOKEN }] });
  const requests: string[] = [];
  recordApi(context, requests);
  let cut = false;
  const json = (route: Route, status: number, body: unknown) => route.fulfill({ status, contentType: "application/json", body: JSON.stringify(body) });
  const bearer = (route: Route) => (route.request().headers()["authorization"] ?? "").replace(/^Bearer /, "");
  const forbidden = (route: Route) => json(route, 403, { error: { code: "forbidden", message: "This is another producer's." } });
  const forward = async (route: Route, slug: string, rest: string) => {
    const r = route.request();
    const answer = await fetch(shops[slug].url + "/api/admin" + rest, { method: r.method(), headers: r.headers(), body: r.postDataBuffer() ?? undefined });
    await route.fulfill({ status: answer.status, headers: Object.fromEntries(answer.headers), body: Buffer.from(await answer.arrayBuffer()) });
  };
  await context.route(/\/api\//, async (route) => {
    if (cut) return route.abort("internetdisconnected");
    const url = new URL(route.request().url());
    const token = bearer(route);
    const scoped = url.pathname.match(/^\/api\/producers\/([a-z0-9-]+)\/admin(\/.*)$/);
    if (url.pathname === "/api/admin/me" && token === ADMIN_TOKEN) return json(route, 200, { name: "owner", role: "operator" });
    if (url.pathname === "/api/admin/me" && token === PACKER_TOKEN) return json(route, 200, { name: "Dawa", role: "packer", producer: "yangjin" });
    if (url.pathname === "/api/market") return json(route, 200, { name: NAMES.drolma, producers: SLUGS.map((slug) => ({ slug, name: NAMES[slug] })) });
    if (url.pathname === "/api/admin/market") {
      if (token !== ADMIN_TOKEN) return forbidden(route);
      const producers = [];
      for (const slug of SLUGS) {
        const r = await fetch(shops[slug].url + "/api/admin/summary", { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
        producers.push({ slug, summary: await r.json() });
      }
      const sum = (k: string) => producers.reduce((n, p: any) => n + p.summary[k], 0);
      return json(route, 200, { producers, totals: { orders: sum("orders"), kg_sold: sum("kg_sold"), revenue_fen: sum("revenue_fen"), families_lifted: sum("families_lifted") } });
    }
    if (scoped && shops[scoped[1]]) {
      if (token === PACKER_TOKEN && scoped[1] !== "yangjin") return forbidden(route);
      return forward(route, scoped[1], scoped[2] + url.search);
    }
    if (url.pathname.startsWith("/api/admin/")) {
      // The unscoped routes are the default producer's: a member of another one is refused.
      if (token === PACKER_TOKEN) return forbidden(route);
      return forward(route, "drolma", url.pathname.slice("/api/admin".length) + url.search);
    }
    return route.continue();
  });
  return {
    url: shops.drolma.url,
    requests,
    order: (slug, n) => orderAt(`${shops[slug].url}/api/orders`, slug, n),
    statusOf: (slug, id) => statusAt(`${shops[slug].url}/api/admin/orders`, id),
    async offline(_ctx, page, on) {
      cut = on;
      // The browser says the network is back, as it would.
      if (!on) await page.evaluate(() => window.dispatchEvent(new Event("online")));
    },
    async stop() {
      for (const shop of Object.values(shops)) await shop.stop();
    },
  };
}

async function signIn(page: Page, market: Market, token: string) {
  await page.goto(market.url + "/admin");
  await page.getByLabel("Admin token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Orders", exact: true })).toBeVisible();
}

const row = (page: Page, id: string) => page.getByRole("checkbox", { name: `Select ${id}` });
const rows = (page: Page) => page.getByRole("checkbox", { name: /^Select / });
const marketRow = (page: Page, name: string) => page.getByRole("table").getByRole("row").filter({ has: page.getByRole("rowheader", { name, exact: true }) });

for (const kind of ["stand-in", "market server"] as const) {
  const test = base.extend<{ market: Market }>({
    market: async ({ context }, use) => {
      const market = kind === "stand-in" ? await standIn(context) : await marketServer(context);
      await use(market);
      await market.stop();
    },
  });
  // The stand-in routes the page's requests; a service worker's own fetches would pass it by.
  test.use({ serviceWorkers: "block" });

  test.describe(kind, () => {
    test("an operator switches producers on a phone and each one's orders and the market's numbers show", async ({ page, market }) => {
      const drolma = await market.order("drolma", 2);
      const yangjin = await market.order("yangjin", 3);
      await signIn(page, market, ADMIN_TOKEN);

      const producer = page.getByRole("combobox", { name: "Producer" });
      await expect(producer).toHaveValue("drolma");
      await expect(page.getByRole("table")).toContainText("2 producers on the market");
      await expect(marketRow(page, "Drolma").getByRole("cell").first()).toHaveText("2");
      await expect(marketRow(page, "Yangjin").getByRole("cell").first()).toHaveText("3");
      await expect(marketRow(page, "The market").getByRole("cell").nth(1)).toHaveText("25");
      for (const id of drolma) await expect(row(page, id)).toBeVisible();
      await expect(rows(page)).toHaveCount(2);

      await producer.selectOption({ label: "Yangjin" });
      for (const id of yangjin) await expect(row(page, id)).toBeVisible();
      await expect(rows(page)).toHaveCount(3);
      await expect(page.getByRole("button", { name: /^All 3/ })).toBeVisible();
      expect(market.requests).toContain("GET /api/producers/yangjin/admin/orders");
      await page.screenshot({ path: `screenshots/market-operator-${kind.replace(" ", "-")}.png`, fullPage: true });

      // The next team page opens on the producer chosen.
      await page.getByRole("link", { name: "Scan to pack" }).click();
      await expect(page.getByRole("combobox", { name: "Producer" })).toHaveValue("yangjin");
    });

    test("a packer of the second producer sees only that producer's orders, with nothing to switch", async ({ page, market }) => {
      const drolma = await market.order("drolma", 2);
      const yangjin = await market.order("yangjin", 3);
      await signIn(page, market, PACKER_TOKEN);
      for (const id of yangjin) await expect(row(page, id)).toBeVisible();
      await expect(rows(page)).toHaveCount(3);
      for (const id of drolma) await expect(row(page, id)).toHaveCount(0);
      await expect(page.getByRole("combobox", { name: "Producer" })).toHaveCount(0);
      await expect(page.getByRole("table")).toHaveCount(0);
      await expect(page.getByRole("link", { name: "Numbers, stock and claims" })).toHaveCount(0);
      const asked = market.requests.filter((r) => r.includes("/admin"));
      expect(asked.length).toBeGreaterThan(0);
      for (const r of asked) expect(r).toMatch(/^GET (\/api\/admin\/me|\/api\/producers\/yangjin\/admin\/)/);
    });

    test("a move made offline for one producer is sent to that producer after the operator switched", async ({ page, context, market }) => {
      const [id] = await market.order("drolma", 1);
      await market.order("yangjin", 1);
      await signIn(page, market, ADMIN_TOKEN);
      await expect(row(page, id)).toBeVisible();

      // Moves are offered once a status is chosen (the selection's next step).
      await page.getByRole("button", { name: /^Received/ }).click();
      await market.offline(context, page, true);
      await row(page, id).click();
      await page.getByRole("button", { name: "Move 1 to Packed" }).click();
      await expect(page.getByText("Waiting to send (1)")).toBeVisible();
      await page.getByRole("combobox", { name: "Producer" }).selectOption({ label: "Yangjin" });
      expect(await market.statusOf("drolma", id)).toBe("received");

      await market.offline(context, page, false);
      await expect(page.getByText(/Waiting to send/)).toHaveCount(0);
      await expect.poll(() => market.statusOf("drolma", id)).toBe("packed");
      // Drolma is the default producer: her moves may go to the unscoped route, which is hers.
      expect(market.requests.some((r) => ["POST /api/producers/drolma/admin/orders/status", "POST /api/admin/orders/status"].includes(r))).toBe(true);
      expect(market.requests).not.toContain("POST /api/producers/yangjin/admin/orders/status");
      const cached = await page.evaluate(async () => {
        const urls: string[] = [];
        for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) urls.push(new URL(r.url).pathname);
        return urls;
      });
      expect(cached.filter((u) => u.includes("/admin"))).toEqual([]);
    });
  });
}
