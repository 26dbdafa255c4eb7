// Starts the release orchard-server on a free port with a temporary database and a content
// file of the test's own, and stops it after the test.
import { spawn, ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test as base, expect } from "@playwright/test";

export const ROOT = resolve(__dirname, "..", "..");
export const ADMIN_TOKEN = "e2e-admin-secret-of-at-least-32-characters";

export interface SaleOptions {
  /// A built client other than ../dist (the deploy test serves a copy it can change).
  dist?: string;
  opensInSeconds?: number;
  stock5?: number;
  stock10?: number;
  /// Team members besides the owner's admin token, written to an ORCHARD_TEAM_FILE.
  team?: TeamMember[];
  /// More files written next to the test's content.toml (a market file, its other producers'
  /// files).
  files?: Record<string, string>;
  /// The file the server reads as --content instead of content.toml: a name among `files`, or
  /// an absolute path (the repository's content/market.toml).
  content?: string;
  /// Appended to content.toml (a `[payment]` table).
  contentExtra?: string;
  /// The port to listen on (default: a free one the server picks); a payment test picks it
  /// first, as its --public-url must name it.
  port?: number;
  /// More flags for the server.
  args?: string[];
}

/// A member of the team file: the server keeps only the SHA-256 of the token.
export interface TeamMember {
  name: string;
  role: "owner" | "packer";
  token: string;
  /// The producer of a market the member works for (none: the default one).
  producer?: string;
}

export function teamToml(team: TeamMember[]): string {
  return team
    .map((m) => `[[member]]\nname = "${m.name}"\nrole = "${m.role}"\n${m.producer ? `producer = "${m.producer}"\n` : ""}token_sha256 = "${createHash("sha256").update(m.token).digest("hex")}"\n`)
    .join("\n");
}

export function contentToml({ opensInSeconds = -3600, stock5 = 40, stock10 = 20 }: SaleOptions = {}): string {
  const opens = new Date(Date.now() + opensInSeconds * 1000).toISOString();
  return `[producer]
name = { zh = "卓玛", en = "Drolma", fr = "Drolma" }
place = { zh = "四川甘孜州乡城县中德村", en = "Zhongde village, Xiangcheng county, Garzê, Sichuan", fr = "Village de Zhongde" }
greeting = "བཀྲ་ཤིས་བདེ་ལེགས"
picture = "/media/drolma-tree.svg"
video = "/media/drolma.mp4"
poster = "/media/drolma-poster.jpg"
captions = { zh = "/media/drolma.zh.vtt", en = "/media/drolma.en.vtt", fr = "/media/drolma.fr.vtt" }
[producer.story]
en = ["Drolma walks around her apple tree every day.", "Every 2,000 kg sold lifts a family out of poverty."]
zh = ["卓玛奶奶每天绕着苹果树走一圈。"]
fr = ["Drolma fait chaque jour le tour de son pommier."]

[sale]
opens_at = "${opens}"
harvest_at = "2026-10-31T00:00:00+08:00"

[impact]
kg_per_family = 2000

[[boxes]]
id = "5kg"
weight_kg = 5
price_fen = 6800
stock = ${stock5}

[[boxes]]
id = "10kg"
weight_kg = 10
price_fen = 12850
stock = ${stock10}
`;
}

export class Shop {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {}

  static async start(options: SaleOptions = {}): Promise<Shop> {
    const dir = mkdtempSync(join(tmpdir(), "orchard-e2e-"));
    writeFileSync(join(dir, "content.toml"), contentToml(options) + (options.contentExtra ?? ""));
    for (const [name, text] of Object.entries(options.files ?? {})) writeFileSync(join(dir, name), text);
    const teamEnv: Record<string, string> = {};
    if (options.team) {
      writeFileSync(join(dir, "team.toml"), teamToml(options.team));
      teamEnv.ORCHARD_TEAM_FILE = join(dir, "team.toml");
    }
    const child = spawn(
      join(ROOT, "target", "release", "orchard-server"),
      [
        "--addr", `127.0.0.1:${options.port ?? 0}`,
        "--database", `sqlite://${join(dir, "orchard.db")}`,
        "--content", resolve(dir, options.content ?? "content.toml"),
        "--dist", options.dist ?? join(ROOT, "dist"),
        "--rate-limit-per-minute", "0",
        ...(options.args ?? []),
      ],
      { env: { ...process.env, ...teamEnv, ORCHARD_ADMIN_TOKEN: ADMIN_TOKEN, NO_COLOR: "1" }, stdio: ["ignore", "ignore", "pipe"] },
    );
    const url = await new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error("orchard-server did not start")), 20_000);
      let seen = "";
      child.stderr!.on("data", (chunk: Buffer) => {
        seen += chunk.toString();
        const m = seen.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
        if (m) {
          clearTimeout(timer);
          ok(m[1]);
        }
      });
      child.on("exit", (code) => fail(new Error(`orchard-server exited with ${code}: ${seen}`)));
    });
    child.stderr!.resume();
    return new Shop(url, child, dir);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((ok) => this.child.once("exit", ok));
      this.child.kill("SIGTERM");
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/// Places `n` orders (one 5 kg box each) and gives their ids, oldest first.
export async function placeOrders(shop: Shop, n: number, tag = "bulk"): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await fetch(shop.url + "/api/orders", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": `${tag}-${i}` },
      body: JSON.stringify({ box_id: "5kg", quantity: 1, name: `Buyer ${i}`, phone: `139${String(i).padStart(8, "0")}`, address: "88 Renmin Road, Chengdu" }),
    });
    expect(r.status).toBe(201);
    ids.push((await r.json()).id);
  }
  return ids;
}

export const test = base.extend<{ shop: Shop; saleOptions: SaleOptions }>({
  saleOptions: [{}, { option: true }],
  shop: async ({ saleOptions }, use) => {
    const shop = await Shop.start(saleOptions);
    await use(shop);
    await shop.stop();
  },
});

export { expect } from "@playwright/test";
