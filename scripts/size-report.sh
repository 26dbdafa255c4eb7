#!/usr/bin/env bash
# Prints what a buyer's phone downloads on the first visit, media aside: raw, gzip and brotli
# bytes of the wasm, the JS glue, the CSS, index.html and the PWA helper, and their brotli total.
# Run after a release build (`trunk build --release`, or scripts/run.sh / scripts/test.sh).
set -euo pipefail
dist="${1:-$(cd "$(dirname "$0")/.." && pwd)/dist}"
[ -f "$dist/index.html" ] || { echo "no $dist/index.html: build the client first (trunk build --release)" >&2; exit 1; }
command -v brotli >/dev/null || { echo "brotli is missing: apt-get install brotli" >&2; exit 1; }
printf '%-34s %10s %10s %10s\n' file raw gzip brotli
total=0
for f in "$dist"/*_bg.wasm "$dist"/orchard-*.js "$dist"/*.css "$dist"/index.html "$dist"/pwa.js; do
  [ -f "$f" ] || continue
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=$(brotli -q 11 -c "$f" | wc -c)
  total=$((total + br))
  printf '%-34s %10d %10d %10d\n' "$(basename "$f")" "$raw" "$gz" "$br"
done
printf '%-34s %10s %10s %10d  (budget 153600)\n' "first load, brotli total" "" "" "$total"
