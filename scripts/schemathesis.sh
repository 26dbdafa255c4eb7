#!/usr/bin/env bash
# Attacks the API from its own document with Schemathesis: the release server on a fresh store,
# with the owner's token and a sale that is open, every phase (the document's examples, the
# coverage of its edges, random fuzzing, negative data, and stateful sequences that follow the
# document's links), a bounded number of examples per operation. Any failure (a 5xx, a status,
# header, content type or body the document does not allow, data the document forbids accepted,
# an auth header ignored or an unknown method answered) fails the script. One check is left
# out: `positive_data_acceptance` expects a 2xx for any body the schemas allow, but some rules
# cannot be said exactly in JSON Schema (lengths after NFC and trimming, a visible character, a
# mainland or `+` phone, "a status or ids"), so the document says them in descriptions and the
# server refuses such a body with 422 and its `fields`, as the contract says.
#
#   bash scripts/schemathesis.sh sqlite
#   bash scripts/with-postgres.sh bash scripts/schemathesis.sh postgres
#
# EXAMPLES (default 100) sets the examples per operation and phase. One worker, so that the seed
# replays the same cases in the same order: with two, a run found what the run before had not
# (an array body read as an object, since fixed), which a test command must not leave to chance.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
ensure_schemathesis
need_release_build

store="${1:-}"
work="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

case "$store" in
  sqlite) database="sqlite://$work/orchard.db" ;;
  postgres)
    [ -n "${ORCHARD_TEST_POSTGRES:-}" ] ||
      { echo "postgres: run it under scripts/with-postgres.sh" >&2; exit 2; }
    database="$ORCHARD_TEST_POSTGRES" ;;
  *) echo "usage: $0 sqlite|postgres" >&2; exit 2 ;;
esac

# The shop's own content with the sale open now (it opens on the real day otherwise).
sed -e 's/^opens_at = .*/opens_at = "2020-01-01T00:00:00+08:00"/' \
    -e 's/^closes_at = .*/closes_at = "2099-01-01T00:00:00+08:00"/' \
    "$ROOT/content/drolma.toml" > "$work/content.toml"
grep -q '^opens_at = "2020' "$work/content.toml" || { echo "content.toml: no opens_at line" >&2; exit 1; }

token="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
# The order limit and the wrong-token limit are sized for phones behind one carrier address;
# here every request (and every wrong token of the auth checks) comes from one client, so both
# are raised with their options: the 429s themselves are tested in tests/api/.
ORCHARD_ADMIN_TOKEN="$token" DATABASE="$database" CONTENT="$work/content.toml" \
  start_release_server "$work" --rate-limit-per-minute 1000000 --admin-failures-per-minute 1000000
[ -n "$SERVER_URL" ] || { cat "$work/server.log" >&2; exit 1; }

say "Schemathesis on $store: $SERVER_URL/api/openapi.json"
start=$(date +%s)
status=0
"$SCHEMATHESIS_VENV/bin/schemathesis" --config-file "$ROOT/scripts/schemathesis.toml" --no-color run "$SERVER_URL/api/openapi.json" \
  --url "$SERVER_URL" \
  --header "Authorization: Bearer $token" \
  --checks all --exclude-checks positive_data_acceptance \
  --phases examples,coverage,fuzzing,stateful \
  --max-examples "${EXAMPLES:-100}" \
  --seed 20261111 \
  --workers 1 \
  --request-timeout 10 \
  --report junit --report-dir "$work/report" || status=$?
echo "schemathesis $store: $(( $(date +%s) - start )) s, exit $status" >&2
if [ "$status" -ne 0 ]; then
  grep -E "ERROR|panicked" "$work/server.log" | tail -20 >&2 || true
fi
exit "$status"
