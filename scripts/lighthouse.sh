#!/usr/bin/env bash
# Lighthouse, mobile form factor and its default (simulated slow 4G, 4x CPU) throttling, with
# Debian's Chromium against the release server on a free port and a temporary database. Runs
# 3 times (RUNS=n for more) and prints each run and the median: performance score, FCP, LCP,
# TBT, CLS. KEEP=dir keeps the reports' JSON (long tasks, LCP element…) in dir. The phone is a
# Chinese buyer's: Accept-Language zh-CN (LANGUAGE=en or fr for the others), so the server
# sends the Chinese page. CONTENT=file serves another content file (a market file:
# `CONTENT=content/market.toml`, whose `/` is the market's home) and PAGE=path measures another
# page than `/` (`PAGE=/p/drolma`, a producer's storefront in the market).
# Needs a release build (scripts/run.sh or scripts/test.sh build one).
source "$(dirname "$0")/setup.sh" # apt_install; sourcing only defines
root="$ROOT"
runs="${RUNS:-3}"
language="${LANGUAGE:-zh-CN}"
page="${PAGE:-/}"
# start_release_server reads CONTENT; a path from the caller's folder, made absolute.
if [ -n "${CONTENT:-}" ]; then CONTENT=$(realpath "$CONTENT"); export CONTENT; fi
need_release_build
(cd "$root/bench/lighthouse" && [ -d node_modules/lighthouse ] || npm install --no-audit --no-fund --loglevel=error) # not ci: a dependency of lighthouse asks for "latest"
# A Chinese buyer's phone has its CJK fonts. Without any, Chromium searches all installed fonts
# for the first Chinese characters (the language switch shows 中文), a cost no buyer pays.
fc-list :lang=zh | grep -q . || apt_install fonts-noto-cjk
work=$(mktemp -d)
start_release_server "$work"
trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null; [ -n "${KEEP:-}" ] && cp "$work"/run-*.json "$KEEP"/; rm -rf "$work"' EXIT
url=$SERVER_URL$page
echo "Accept-Language: $language -> $(curl -s -H "Accept-Language: $language" "$url" | grep -o '<html lang="[a-z]*"')"
flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --lang=$language --user-data-dir=$work/chrome"
for i in $(seq "$runs"); do
  CHROME_PATH=/usr/bin/chromium "$root/bench/lighthouse/node_modules/.bin/lighthouse" "$url" --quiet \
    --only-categories=performance --form-factor=mobile --output=json --output-path="$work/run-$i.json" \
    --extra-headers="{\"Accept-Language\": \"$language\"}" \
    --chrome-flags="$flags" >/dev/null
done
node - "$work" "$runs" <<'JS'
const [dir, runs] = process.argv.slice(2);
const rows = [];
for (let i = 1; i <= Number(runs); i++) {
  const r = require(`${dir}/run-${i}.json`);
  const a = r.audits;
  rows.push({ score: Math.round(r.categories.performance.score * 100), fcp: a["first-contentful-paint"].numericValue,
    lcp: a["largest-contentful-paint"].numericValue, tbt: a["total-blocking-time"].numericValue, cls: a["cumulative-layout-shift"].numericValue });
}
const median = (k) => rows.map((r) => r[k]).sort((x, y) => x - y)[Math.floor(rows.length / 2)];
const line = (label, r) => console.log(`${label.padEnd(8)} score ${String(r.score).padStart(3)}  FCP ${(r.fcp / 1000).toFixed(2)} s  LCP ${(r.lcp / 1000).toFixed(2)} s  TBT ${Math.round(r.tbt)} ms  CLS ${r.cls.toFixed(3)}`);
rows.forEach((r, i) => line(`run ${i + 1}`, r));
line("median", { score: median("score"), fcp: median("fcp"), lcp: median("lcp"), tbt: median("tbt"), cls: median("cls") });
const html = require(`${dir}/run-1.json`).audits["network-requests"].details.items.find((i) => i.resourceType === "Document");
console.log(`page     ${html.url} (${html.transferSize} B on the wire)`);
JS
