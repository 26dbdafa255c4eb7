#!/usr/bin/env bash
# The team's page at a viral day's scale, in Debian's Chromium with Playwright (see
# end2end/bench/team-page.bench.ts): ORDERS=30000 by default. Needs the release build and dist/
# (scripts/run.sh or scripts/test.sh build them) and end2end's node modules.
source "$(dirname "$0")/setup.sh" # sourcing only defines
need_release_build
cd "$ROOT/end2end"
[ -d node_modules/@playwright/test ] || npm ci --no-audit --no-fund --loglevel=error
npx playwright test -c bench.config.ts
