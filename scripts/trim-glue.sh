#!/usr/bin/env bash
# Trims the JS glue wasm-bindgen writes for a bundle (Trunk copies it as written: its doc
# comments and indentation are about a tenth of the storefront's JS bytes after brotli), then
# puts the trimmed file's SRI hash in the bundle's index.html in place of the old one. Whole-line
# comments go, and the leading spaces of every line; line breaks stay, so no statement changes
# meaning. Usage: scripts/trim-glue.sh <the dist folder of one bundle>
set -euo pipefail
dir="$1"
sri() { # the sha384 SRI value of a file, as Trunk writes it
  local hex
  hex=$(sha384sum "$1" | cut -c1-96)
  # shellcheck disable=SC2059 # the hex digits become the bytes they spell
  printf "$(printf '%s' "$hex" | sed 's/../\\x&/g')" | base64 -w0
}
for glue in "$dir"/orchard-*.js; do
  [ -f "$glue" ] || continue
  before=$(sri "$glue")
  sed -i -E \
    -e '/^[[:space:]]*\/\*\*.*\*\/[[:space:]]*$/d' \
    -e '/^[[:space:]]*\/\*\*[[:space:]]*$/,/^[[:space:]]*\*\/[[:space:]]*$/d' \
    -e '/^[[:space:]]*\/\//d' \
    -e 's/^[[:space:]]+//' \
    "$glue"
  after=$(sri "$glue")
  # A worker's glue (the team's QR decoder, orchard-qr*) is started by the page at run time:
  # index.html names it nowhere, so it has no integrity to update.
  case "$(basename "$glue")" in orchard-qr*) continue ;; esac
  grep -qF "sha384-$before" "$dir/index.html" || { echo "trim-glue: $dir/index.html has no integrity for $glue" >&2; exit 1; }
  sed -i "s#sha384-$before#sha384-$after#" "$dir/index.html"
done
