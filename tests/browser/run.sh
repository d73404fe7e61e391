#!/bin/sh
# Runs one Chromium journey (tests/browser/JOURNEY.mjs, given as the one
# argument) in Debian's Chromium through playwright-core, TAP on stdout.
# make check runs it as the LOG_COMPILER of the .mjs tests.  It skips (TAP
# plan 1..0) when there is no running stack, no Chromium, no node or no
# node_modules (./dev test runs `npm ci` here when node_modules is missing).
dir=$(cd "$(dirname "$0")" && pwd -P)

skip() {
	echo "1..0 # SKIP $*"
	exit 0
}

[ $# -eq 1 ] || { echo "usage: $0 tests/browser/JOURNEY.mjs" >&2; exit 2; }
journey=$(basename "$1")
[ -f "$dir/$journey" ] || { echo "$0: no journey $dir/$journey" >&2; exit 2; }

[ -n "$KAMETAY_URL" ] || skip "no running stack (KAMETAY_URL is not set; ./dev test sets it)"
chromium=${KAMETAY_CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || skip "no Chromium at $chromium (apt-get install chromium)"
command -v node >/dev/null 2>&1 || skip "no node (apt-get install nodejs npm)"
[ -d "$dir/node_modules/playwright-core" ] || skip "no node_modules in tests/browser (cd tests/browser && npm ci)"

cd "$dir" || exit 1
KAMETAY_CHROMIUM=$chromium NODE_PATH=$dir/node_modules exec node "$journey"
