#!/usr/bin/env bash
# Prints what a phone downloads on its first visit to each bundle's page, media aside, against
# the bundle's budget (src/bundles.rs, as `orchard-server bundles` prints it): raw, gzip and
# brotli bytes of the storefront's wasm, JS glue, CSS, index.html and the root helpers it loads
# (/idb.js, /pwa.js), then each bundle's brotli total (its folder's wasm, scripts and CSS, its
# page, and the root helpers its page loads; neither the service worker nor a worker of its own,
# such as scan's QR decoder, which is measured apart against its own budget as it is fetched only
# when the camera starts); and the greeting's web font, which only phones without a Tibetan font
# fetch. Exits 1 if any bundle or worker is over its budget, after printing them all.
# Run after a release build (scripts/run.sh or scripts/test.sh build one). ORCHARD_SERVER names
# the server binary that prints the table (default: the release build).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dist="${1:-$root/dist}"
server="${ORCHARD_SERVER:-$root/target/release/orchard-server}"
[ -f "$dist/index.html" ] || { echo "no $dist/index.html: build the client first (scripts/setup.sh build_client)" >&2; exit 1; }
command -v brotli >/dev/null || { echo "brotli is missing: apt-get install brotli" >&2; exit 1; }
table=$("$server" bundles | grep -v '^#') ||
  { echo "size-report.sh: cannot read the bundle table from $server bundles" >&2; exit 1; }
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
over=()
check() { # name, bytes, budget, note: prints the total against the budget, and notes it if over
  printf '%-40s %10s %10s %10d  (budget %d%s)\n' "$1" "" "" "$2" "$3" "$4"
  [ "$2" -le "$3" ] || over+=("$1 is over its budget of $3 bytes by $(($2 - $3))")
}
printf '%-40s %10s %10s %10s\n' file raw gzip brotli
# shellcheck disable=SC2034 # the columns the report does not need
while IFS=$'\t' read -r name bin entry _dist public page group message visit budget camera paths worker worker_budget; do
  folder="$dist${public%/}"
  # The helpers at the site's root the page loads (/idb.js, /pwa.js), counted where they load.
  helpers=()
  for h in $(grep -o 'src="\?/[A-Za-z0-9_-]*\.js' "$folder/index.html" 2>/dev/null | sed 's|.*/||'); do
    helpers+=("$dist/$h")
  done
  first=()
  for f in "$folder"/*_bg.wasm "$folder"/*.js "$folder"/*.css "$folder/index.html"; do
    case "$(basename "$f")" in sw.js) continue ;; esac
    [[ " ${helpers[*]} " == *" $f "* ]] && continue
    [ "$worker" != - ] && case "$(basename "$f")" in "$worker"[._]*) continue ;; esac
    first+=("$f")
  done
  first+=("${helpers[@]}")
  # The storefront's files are listed one by one: its budget is the tightest.
  if [ "$public" = / ]; then measure "${first[@]}"; else measure "${first[@]}" >/dev/null; fi
  [ -f "$folder/index.html" ] || { over+=("$name: no ${folder#"$dist"/}/index.html"); continue; }
  check "$name first load, brotli total" "$total" "$budget" ""
  if [ "$worker" != - ]; then
    measure "$folder/$worker"_bg.wasm "$folder/$worker".js "$folder/$worker"_loader.js >/dev/null
    check "$name's $worker worker, brotli total" "$total" "$worker_budget" ", only when its page starts it"
  fi
done <<< "$table"
# Web fonts are fetched only by a phone without the script's font (WOFF2 is compressed already).
for f in "$dist"/fonts/*.woff2; do
  [ -f "$f" ] || continue
  printf '%-40s %10d  (not counted: only on phones without a Tibetan font)\n' "${f#"$dist"/}" "$(stat -c %s "$f")"
done
if [ ${#over[@]} -gt 0 ]; then
  printf '%s\n' "${over[@]}" >&2
  exit 1
fi
