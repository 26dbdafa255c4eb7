#!/usr/bin/env bash
# The HTML pages' time to first byte in each language, on loopback against the release server
# (a free port, a temporary database). For zh, en and fr (chosen by Accept-Language, as a phone
# sends it) and each bundle's page, N requests (N=300 unless set) over one keep-alive
# connection, brotli accepted; prints the median and p99 in milliseconds and the bytes sent.
# Needs a release build (scripts/run.sh or scripts/test.sh build one).
source "$(dirname "$0")/setup.sh" # sourcing only defines
n="${N:-300}"
need_release_build
work=$(mktemp -d)
start_release_server "$work"
trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null; rm -rf "$work"' EXIT
base=$SERVER_URL
printf '%-12s %-5s %9s %9s %7s  %s\n' page lang "median" "p99" bytes "<html lang>"
for path in / /my-orders /admin; do
  for lang in zh-CN en-US fr-FR; do
    urls=()
    for _ in $(seq "$n"); do urls+=(-o /dev/null "$base$path"); done
    curl -s -H "Accept-Language: $lang,en;q=0.5" -H "Accept-Encoding: br, gzip" \
      -w '%{time_starttransfer} %{size_download}\n' "${urls[@]}" > "$work/times"
    sent=$(curl -s -H "Accept-Language: $lang,en;q=0.5" "$base$path" | grep -o '<html lang="[a-z]*"')
    sort -n "$work/times" | awk -v page="$path" -v lang="$lang" -v sent="$sent" '
      { t[NR] = $1 * 1000; b = $2 }
      END { printf "%-12s %-5s %7.2f ms %7.2f ms %7d  %s\n", page, lang, t[int((NR + 1) / 2)], t[int(NR * 0.99)], b, sent }'
  done
done
