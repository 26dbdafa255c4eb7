#!/usr/bin/env bash
# Installs what Orchard needs on a Debian 12 machine with the rustup toolchain, skipping whatever
# is already there (a second run takes seconds). Sourced by scripts/run.sh and scripts/test.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

TRUNK_VERSION="0.21.14"
WASM_OPT_VERSION="116"

say() { printf '\033[1;32m==>\033[0m %s\n' "$*" >&2; }

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

APT_UPDATED=0
# apt_install [apt-get options…] package…: installs the packages that are missing.
apt_install() {
  local options=() missing=()
  while [ $# -gt 0 ] && [ "${1#-}" != "$1" ]; do options+=("$1"); shift; done
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$APT_UPDATED" -eq 0 ]; then
    say "apt-get update"
    sudo_if_needed apt-get update -qq
    APT_UPDATED=1
  fi
  say "apt-get install ${missing[*]}"
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${options[@]}" "${missing[@]}" >/dev/null
}

# The wasm-bindgen version Cargo.lock pins: the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_rust_client_tools() {
  command -v cargo >/dev/null || { echo "cargo not found: install the Rust toolchain with rustup first" >&2; exit 1; }
  apt_install pkg-config build-essential brotli
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "cargo install trunk $TRUNK_VERSION (about 12 minutes, once)"
    cargo install --locked trunk --version "$TRUNK_VERSION"
  fi
  local wbg
  wbg="$(wasm_bindgen_version)"
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wbg" ]; then
    # Without --locked: its lockfile wants a webpki-roots release the registry no longer has.
    say "cargo install wasm-bindgen-cli $wbg (about 3 minutes, once)"
    cargo install wasm-bindgen-cli --version "$wbg" --force
  fi
  if ! wasm-opt --version 2>/dev/null | grep -q "version $WASM_OPT_VERSION"; then
    # binaryen from crates.io; Debian's binaryen 108 builds wasm that fails at run time.
    say "cargo install wasm-opt (binaryen version_$WASM_OPT_VERSION, about 10 minutes, once)"
    cargo install --locked wasm-opt --force
  fi
}

ensure_browser_tools() {
  # zbar-tools: the labels' QR codes read back from the browser's rendering (Playwright).
  apt_install chromium chromium-driver zbar-tools
  # nginx: tests/nginx/main.rs runs deploy/nginx.conf in front of the real server in an nginx process
  # of its own, on free loopback ports; Debian's nginx service is not used and need not run.
  apt_install nginx
  if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
    apt_install nodejs npm
  fi
  local stamp="$ROOT/end2end/node_modules/.orchard-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$ROOT/end2end/package-lock.json" "$stamp"; then
    say "npm ci in end2end/"
    (cd "$ROOT/end2end" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$ROOT/end2end/package-lock.json" "$stamp"
  fi
}

# WebKit and Gecko for tests/browsers/: WebKitGTK's MiniBrowser and WebKitWebDriver under Xvfb,
# Firefox ESR and geckodriver (crates.io). Without recommends, which would add some 150 packages
# (GStreamer, a fallback CJK font) the tests do not need, and would give the machine fonts a
# buyer's phone may lack. WebKitGTK takes its Accept-Language from the process's locale, so the
# Chinese buyer's browser needs zh_CN.UTF-8 compiled (it changes nothing else on the machine).
GECKODRIVER_VERSION="0.37.1"
ensure_webdriver_browsers() {
  apt_install --no-install-recommends xvfb webkit2gtk-driver firefox-esr locales
  if ! locale -a 2>/dev/null | grep -qx 'zh_CN.utf8'; then
    say "localedef zh_CN.UTF-8 (the WebKit buyer's language)"
    sudo_if_needed localedef -i zh_CN -f UTF-8 zh_CN.UTF-8
  fi
  if [ "$(geckodriver --version 2>/dev/null | head -n1)" != "geckodriver $GECKODRIVER_VERSION" ]; then
    say "cargo install geckodriver $GECKODRIVER_VERSION (about 3 minutes, once)"
    cargo install --locked geckodriver --version "$GECKODRIVER_VERSION"
  fi
}

# Schemathesis (PyPI), pinned, in its own virtual environment under the user's cache: it
# attacks the API from its OpenAPI document (scripts/schemathesis.sh). Debian's python3 needs
# python3-venv for `python3 -m venv`.
SCHEMATHESIS_VERSION="4.32.5"
SCHEMATHESIS_VENV="${XDG_CACHE_HOME:-$HOME/.cache}/orchard/schemathesis-$SCHEMATHESIS_VERSION"
ensure_schemathesis() {
  [ -x "$SCHEMATHESIS_VENV/bin/schemathesis" ] && return
  apt_install python3 python3-venv
  say "pip install schemathesis $SCHEMATHESIS_VERSION (once, into $SCHEMATHESIS_VENV)"
  rm -rf "$SCHEMATHESIS_VENV"
  /usr/bin/python3 -m venv "$SCHEMATHESIS_VENV"
  "$SCHEMATHESIS_VENV/bin/pip" install --quiet --disable-pip-version-check \
    "schemathesis==$SCHEMATHESIS_VERSION"
}

# The measuring scripts run the release build: stop with what to do if it is not there.
need_release_build() {
  [ -x "$ROOT/target/release/orchard-server" ] && [ -f "$ROOT/dist/index.html" ] ||
    { echo "build first: scripts/run.sh or scripts/test.sh (they build dist/ and the release server)" >&2; exit 1; }
}

# Starts the release server on a free loopback port with a temporary SQLite database in folder
# $1 and the shop's content; sets SERVER_PID and SERVER_URL (no trailing /). The caller stops it.
# DATABASE and CONTENT, if set, replace the database and the content; any further arguments go to
# the server.
start_release_server() {
  local dir="$1"
  shift
  "$ROOT/target/release/orchard-server" --addr 127.0.0.1:0 \
    --database "${DATABASE:-sqlite://$dir/orchard.db}" \
    --content "${CONTENT:-$ROOT/content/drolma.toml}" --dist "$ROOT/dist" "$@" 2> "$dir/server.log" &
  SERVER_PID=$!
  for _ in $(seq 50); do grep -q "listening on" "$dir/server.log" && break; sleep 0.1; done
  SERVER_URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/server.log" | head -1)
}

# Builds the browser client, one bundle a kind of visit, as the bundle table says
# (src/bundles.rs, printed by `orchard-server bundles`: each bundle's Trunk entry, its folder of
# dist/ and its public URL), the storefront first since its build empties dist/; then writes the
# service worker's routes and precache groups and precompresses everything for the server. The
# release server is built first, as it prints the table (scripts/run.sh and scripts/test.sh
# run it afterwards).
build_client() {
  say "cargo build --release --bin orchard-server (it prints the bundle table)"
  (cd "$ROOT" && cargo build --release --bin orchard-server) || return
  local table name bin entry dist public page group message visit budget camera paths worker worker_budget
  table=$("$ROOT/target/release/orchard-server" bundles | grep -v '^#') || return
  say "trunk build --release ($(cut -f1 <<< "$table" | paste -sd, - | sed 's/,/, /g'))"
  # shellcheck disable=SC2034 # the columns the build does not need
  while IFS=$'\t' read -r name bin entry dist public page group message visit budget camera paths worker worker_budget; do
    (cd "$ROOT" && trunk build --release --offline=true --dist "$dist" --public-url "$public" "$entry") || return
    # A worker built with its bundle (scan/index.html names the QR decoder too: its loader, .js
    # and _bg.wasm, fetched only when the camera starts).
    if [ "$worker" != - ] && [ ! -f "$ROOT/$dist/${worker}_loader.js" ]; then
      echo "build_client: the $name bundle's worker $worker is missing from $dist" >&2
      return 1
    fi
    # The JS glue loses its comments and indentation (scripts/trim-glue.sh).
    bash "$ROOT/scripts/trim-glue.sh" "$ROOT/$dist"
  done <<< "$table"
  # Trunk copies the PWA helpers as written: their whole-line comments, blank lines and indentation
  # go (bytes on every first load: the indentation alone is 82 of pwa.js's 1,139 brotli bytes; none
  # of the three holds a template literal, so no string changes), then the precache list is made
  # from the files as served.
  sed -i -E '/^[[:space:]]*(\/\/.*)?$/d; s/^[[:space:]]+//' "$ROOT/dist/idb.js" "$ROOT/dist/pwa.js" "$ROOT/dist/admin/team-offline.js"
  ORCHARD_SERVER="$ROOT/target/release/orchard-server" bash "$ROOT/scripts/sw-precache.sh" "$ROOT/dist"
  find "$ROOT/dist" -type f \( -name '*.html' -o -name '*.js' -o -name '*.wasm' -o -name '*.css' -o -name '*.svg' -o -name '*.webmanifest' -o -name '*.vtt' \) |
    while read -r f; do
      brotli -f -q 11 -o "$f.br" "$f"
      gzip -f -k -9 "$f"
    done
}
