// The payment providers for the browser tests: both local simulators in one process
// (examples/pay_sims.rs, built by scripts/test.sh), a payment file naming them for the test's
// producer (`content`), and a free port for the server, whose --public-url must name it.
import { spawn, ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { ROOT } from "./server";

const FIXTURES = join(ROOT, "tests", "fixtures", "payment");

export class Sims {
  private constructor(
    readonly wechat: string,
    readonly alipay: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(): Promise<Sims> {
    const child = spawn(join(ROOT, "target", "release", "examples", "pay_sims"), [], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    const bases = await new Promise<Record<string, string>>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error("pay_sims did not start")), 20_000);
      let seen = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        seen += chunk.toString();
        const wechat = seen.match(/^wechat (\S+)$/m);
        const alipay = seen.match(/^alipay (\S+)$/m);
        if (wechat && alipay) {
          clearTimeout(timer);
          ok({ wechat: wechat[1], alipay: alipay[1] });
        }
      });
      child.on("exit", (code) => fail(new Error(`pay_sims exited with ${code}: ${seen}`)));
    });
    return new Sims(bases.wechat, bases.alipay, child);
  }

  /// The payment file for producer `content` (the content file's name) on these simulators.
  writePaymentFile(dir: string): string {
    const key = (name: string) => join(FIXTURES, name);
    const text = `[wechat.content]
appid = "wx8888888888888888"
mchid = "1900000109"
app_secret = "orchard-sim-app-secret"
merchant_serial = "3775B6A45ACD588826D15E583A95F5DD2FA1A3D2"
merchant_key = "${key("merchant_key.pem")}"
apiv3_key = "orchardSimApiV3Key0123456789abcd"
platform_key = "${key("provider_pub.pem")}"
platform_key_id = "PUB_KEY_ID_0119000001092026120700000000"
api_base = "${this.wechat}"
oauth_base = "${this.wechat}"
sns_base = "${this.wechat}"

[alipay.content]
app_id = "2021000000000001"
app_private_key = "${key("merchant_key.pem")}"
alipay_public_key = "${key("provider_pub.pem")}"
gateway = "${this.alipay}"
`;
    const path = join(dir, "payment.toml");
    writeFileSync(path, text);
    return path;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((ok) => this.child.once("exit", ok));
      this.child.stdin!.end();
      await exited;
    }
  }
}

/// A port nothing listens on now.
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => ok(port));
    });
  });
}
