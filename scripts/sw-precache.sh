#!/usr/bin/env bash
# Trunk post-build hook: writes the exact list of files this build produced into sw.js (the app
# shell to precache) and a version derived from their contents, so every deploy installs a new
# service worker and never a hand-kept list.
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
cd "$dir"
# The team's page (dist/admin/) has no service worker of its own: nothing to write.
[ -f sw.js ] || exit 0
files=$(find . -type f \
  \( -name 'index.html' -o -name '*.js' -o -name '*.wasm' -o -name '*.css' -o -name '*.svg' \
     -o -name '*.png' -o -name '*.jpg' -o -name '*.vtt' -o -name '*.webmanifest' \) \
  ! -name 'sw.js' ! -path './screenshots/*' ! -name 'og-card.png' | sed 's|^\./|/|' | sort)
version=$(cd "$dir" && printf '%s\n' $files | sed 's|^/||' | xargs sha256sum | sha256sum | cut -c1-16)
list=$(printf '%s\n' $files | sed 's|.*|"&"|' | paste -sd, -)
sed -i "s|\"__ORCHARD_VERSION__\"|\"$version\"|; s|\[\"__ORCHARD_PRECACHE__\"\]|[$list]|" sw.js
echo "sw.js: version $version, $(printf '%s\n' $files | wc -l) files to precache" >&2
