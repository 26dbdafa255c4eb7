#!/usr/bin/env bash
# Prints what a buyer's phone downloads on the first visit to the storefront, media aside: raw,
# gzip and brotli bytes of the wasm, the JS glue, the CSS, index.html and the PWA helper, and
# their brotli total against the budget (150 KB); the greeting's web font, which only phones
# without a Tibetan font fetch; then the same totals for the other bundles (the buyer's orders,
# the team's list, its scan page, the owner's page) and the QR worker, for information. Exits 1 over
# budget.
# Run after a release build (scripts/run.sh or scripts/test.sh build one).
set -euo pipefail
dist="${1:-$(cd "$(dirname "$0")/.." && pwd)/dist}"
budget=153600
[ -f "$dist/index.html" ] || { echo "no $dist/index.html: build the client first (scripts/setup.sh build_client)" >&2; exit 1; }
command -v brotli >/dev/null || { echo "brotli is missing: apt-get install brotli" >&2; exit 1; }
total=0
measure() { # prints one row per file, and sets $total to their brotli sum
  total=0
  for f in "$@"; do
    [ -f "$f" ] || continue
    local raw gz br
    raw=$(stat -c %s "$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    br=$(brotli -q 11 -c "$f" | wc -c)
    total=$((total + br))
    printf '%-40s %10d %10d %10d\n' "${f#"$dist"/}" "$raw" "$gz" "$br"
  done
}
printf '%-40s %10s %10s %10s\n' file raw gzip brotli
measure "$dist"/orchard-*_bg.wasm "$dist"/orchard-*.js "$dist"/*.css "$dist"/index.html "$dist"/pwa.js
storefront=$total
printf '%-40s %10s %10s %10d  (budget %d)\n' "storefront first load, brotli total" "" "" "$storefront" "$budget"
# Web fonts are fetched only by a phone without the script's font (WOFF2 is compressed already).
for f in "$dist"/fonts/*.woff2; do
  [ -f "$f" ] || continue
  printf '%-40s %10d  (not counted: only on phones without a Tibetan font)\n' "${f#"$dist"/}" "$(stat -c %s "$f")"
done
for bundle in mine admin scan owner; do
  [ -d "$dist/$bundle" ] || continue
  helper=""
  grep -q 'src=/pwa.js\|src="/pwa.js"' "$dist/$bundle/index.html" && helper="$dist/pwa.js"
  # Every script of the bundle's own (the glue, and a helper such as admin/team-offline.js),
  # but not the team's QR worker (orchard-qr*): it is fetched when a helper turns the scan
  # view's camera on, and is reported on its own below. The owner's page also runs the team
  # page's offline helper (cached by then: not counted).
  first=()
  for f in "$dist/$bundle"/*_bg.wasm "$dist/$bundle"/*.js; do
    case "$(basename "$f")" in orchard-qr*) ;; *) first+=("$f") ;; esac
  done
  measure "${first[@]}" "$dist/$bundle"/*.css "$dist/$bundle"/index.html $helper >/dev/null
  printf '%-40s %10s %10s %10d\n' "$bundle/ first load, brotli total" "" "" "$total"
done
if [ -f "$dist/scan/orchard-qr_bg.wasm" ]; then
  measure "$dist/scan"/orchard-qr_bg.wasm "$dist/scan"/orchard-qr.js "$dist/scan"/orchard-qr_loader.js
  printf '%-40s %10s %10s %10d  (only when the camera starts)\n' "scan/ QR worker, brotli total" "" "" "$total"
fi
if [ "$storefront" -gt "$budget" ]; then
  echo "the storefront's first load is over budget by $((storefront - budget)) bytes" >&2
  exit 1
fi
