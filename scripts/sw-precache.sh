#!/usr/bin/env bash
# Writes the exact list of files the build produced into dist/sw.js (the shell to precache: the
# storefront and the buyer's orders; apart, the team's pages, which the worker keeps only on a
# phone that opened them, and the owner's, kept only on an owner's phone) and a version derived
# from all their contents, so every deploy installs a new service worker and never a hand-kept
# list. Run by
# scripts/setup.sh (build_client) once every bundle is built, before precompression.
set -euo pipefail
dir="${1:?usage: sw-precache.sh DIST}"
cd "$dir"
grep -q '"__ORCHARD_VERSION__"' sw.js || { echo "sw.js in $dir is not a fresh build" >&2; exit 1; }
files=$(find . -type f \
  \( -name 'index.html' -o -name '*.js' -o -name '*.wasm' -o -name '*.css' -o -name '*.svg' \
     -o -name '*.png' -o -name '*.jpg' -o -name '*.vtt' -o -name '*.webmanifest' \) \
  ! -name 'sw.js' ! -path './screenshots/*' ! -path './admin/*' ! -path './owner/*' ! -path './scan/*' ! -name 'og-card.png' | sed 's|^\./|/|' | sort)
pages() { # the kept files of the bundles in the directories named
  local d dirs=""
  for d in "$@"; do [ -d "$d" ] && dirs="$dirs ./$d"; done
  [ -n "$dirs" ] || return 0
  find $dirs -type f \( -name 'index.html' -o -name '*.js' -o -name '*.wasm' -o -name '*.css' \) | sed 's|^\./|/|' | sort
}
team="" owner=""
if [ -d admin ]; then
  team=$(pages admin scan)
  owner=$(pages owner)
fi
version=$(printf '%s\n' $files $team $owner | sed 's|^/||' | xargs sha256sum | sha256sum | cut -c1-16)
quoted() { printf '%s\n' "$@" | sed '/^$/d; s|.*|"&"|' | paste -sd, -; }
list=$(quoted $files)
team_list=$(quoted $team)
owner_list=$(quoted $owner)
sed -i "s|\"__ORCHARD_VERSION__\"|\"$version\"|; s|\[\"__ORCHARD_PRECACHE__\"\]|[$list]|; s|\[\"__ORCHARD_TEAM__\"\]|[$team_list]|; s|\[\"__ORCHARD_OWNER__\"\]|[$owner_list]|" sw.js
echo "sw.js: version $version, $(printf '%s\n' $files | wc -l) files to precache, $(printf '%s\n' $team | sed '/^$/d' | wc -l) for the team's pages, $(printf '%s\n' $owner | sed '/^$/d' | wc -l) for the owner's" >&2
