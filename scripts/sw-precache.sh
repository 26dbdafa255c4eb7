#!/usr/bin/env bash
# Writes into dist/sw.js, from the bundle table (src/bundles.rs, as `orchard-server bundles`
# prints it) and the exact files the build produced: each bundle's page paths and the page the
# worker keeps for them (ROUTES, the storefront's for any other path), the files every phone
# precaches (the buyer group's bundles, with the media and icons), the other groups apart (the
# team's pages, kept only on a phone that opened them; the owner's, only on an owner's phone),
# and a version derived from all their contents, so every deploy installs a new service worker
# and never a hand-kept list. Run by scripts/setup.sh (build_client) once every bundle is built,
# before precompression. ORCHARD_SERVER names the server binary (default: the release build).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:?usage: sw-precache.sh DIST}"
server="${ORCHARD_SERVER:-$root/target/release/orchard-server}"
table=$("$server" bundles | grep -v '^#') ||
  { echo "sw-precache.sh: cannot read the bundle table from $server bundles" >&2; exit 1; }
cd "$dir"
grep -q '"__ORCHARD_VERSION__"' sw.js || { echo "sw.js in $dir is not a fresh build" >&2; exit 1; }

json_list() { printf '%s\n' "$@" | sed '/^$/d; s|.*|"&"|' | paste -sd, -; }
pages() { # the kept files of the bundles in the directories named
  local d dirs=""
  for d in "$@"; do [ -d "$d" ] && dirs="$dirs ./$d"; done
  [ -n "$dirs" ] || return 0
  find $dirs -type f \( -name 'index.html' -o -name '*.js' -o -name '*.wasm' -o -name '*.css' \) | sed 's|^\./|/|' | sort
}

routes="" fallback="" groups=() not_buyer=()
declare -A group_dirs group_page group_message group_visit
# shellcheck disable=SC2034 # the columns this script does not need
while IFS=$'\t' read -r name bin entry dist public page group message visit budget camera paths worker worker_budget; do
  [ -n "$fallback" ] || fallback="$page" # the storefront, first: every other path's page
  for path in ${paths//,/ }; do routes="$routes${routes:+,}[\"$path\",\"$page\"]"; done
  [ "$group" = buyer ] && continue
  sub="${public#/}"
  sub="${sub%/}"
  not_buyer+=("$sub")
  if [ -z "${group_page[$group]:-}" ]; then
    groups+=("$group")
    group_page[$group]="$page" group_message[$group]="$message" group_dirs[$group]=""
    group_visit[$group]=$([ "$visit" = yes ] && echo true || echo false)
  fi
  group_dirs[$group]="${group_dirs[$group]} $sub"
done <<< "$table"
routes="$routes,[\"*\",\"$fallback\"]"

# Every phone's shell: what the build wrote outside the other groups' folders, but the service
# worker itself, the store's screenshots and the share card's picture.
skip=()
for sub in "${not_buyer[@]}"; do skip+=(! -path "./$sub/*"); done
files=$(find . -type f \
  \( -name 'index.html' -o -name '*.js' -o -name '*.wasm' -o -name '*.css' -o -name '*.svg' \
     -o -name '*.png' -o -name '*.jpg' -o -name '*.vtt' -o -name '*.webmanifest' \) \
  ! -name 'sw.js' ! -path './screenshots/*' ! -name 'og-card.png' "${skip[@]}" | sed 's|^\./|/|' | sort)

all="$files" groups_js="" summary=""
for group in "${groups[@]}"; do
  # shellcheck disable=SC2086 # the group's folders, one word each
  kept=$(pages ${group_dirs[$group]})
  all="$all"$'\n'"$kept"
  dirs=() ; for sub in ${group_dirs[$group]}; do dirs+=("/$sub/"); done
  groups_js="$groups_js${groups_js:+,}{\"name\":\"$group\",\"message\":\"${group_message[$group]}\",\"page\":\"${group_page[$group]}\",\"visit\":${group_visit[$group]},\"dirs\":[$(json_list "${dirs[@]}")],\"files\":[$(json_list $kept)]}"
  summary="$summary, $(printf '%s\n' $kept | sed '/^$/d' | wc -l) for the $group group"
done
version=$(printf '%s\n' $all | sed '/^$/d; s|^/||' | xargs sha256sum | sha256sum | cut -c1-16)
sed -i "s|\"__ORCHARD_VERSION__\"|\"$version\"|; s|\[\"__ORCHARD_PRECACHE__\"\]|[$(json_list $files)]|; s|\[\"__ORCHARD_ROUTES__\"\]|[$routes]|; s|\[\"__ORCHARD_GROUPS__\"\]|[$groups_js]|" sw.js
echo "sw.js: version $version, $(printf '%s\n' $files | wc -l) files to precache$summary" >&2
