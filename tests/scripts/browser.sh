#!/usr/bin/env bash
# browser.sh: opens the pages truce writes (timeline and map SVG, diff HTML) in Debian's chromium,
# headless, through playwright-core (tests/browser/pages.test.mjs: no console or page errors, no
# request but the page itself, the document parses, the key content is visible text, timeline
# labels do not overlap, a screenshot is not blank). Needs node (20 or later), npm and
# /usr/bin/chromium (Debian: apt-get install chromium; scripts/deps.sh installs it). Never
# downloads a browser: the npm dependency is playwright-core alone, installed on first run.
# BUILD names the build folder (default build). Exit 0 when every check holds.
set -euo pipefail
cd "$(dirname "$0")/../.."

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if ! [ -x "$CHROMIUM" ]; then
    echo "browser.sh: $CHROMIUM is missing; install it with: apt-get install chromium" \
         "(or run scripts/deps.sh)" >&2
    exit 1
fi
for tool in node npm; do
    command -v "$tool" >/dev/null || { echo "browser.sh: $tool is missing (apt-get install nodejs npm)" >&2; exit 1; }
done
if ! [ -d tests/browser/node_modules/playwright-core ]; then
    (cd tests/browser && npm ci --no-audit --no-fund --ignore-scripts >&2)
fi
BUILD=${BUILD:-build} CHROMIUM=$CHROMIUM exec node --test tests/browser/
