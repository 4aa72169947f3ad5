#!/bin/sh
# Runs Atrium's browser tests against a build directory.
#   tests/e2e/run.sh <build-dir> [test files…]   (default: every tests/e2e/*.test.mjs)
# Installs node_modules with `npm ci` when missing or stale (install.sh) (playwright-core only; never a browser:
# the tests drive the system chromium, see support/atrium.mjs).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
[ $# -ge 1 ] || { echo "usage: $0 <build-dir> [test files…]" >&2; exit 2; }
build=$(cd "$1" && pwd); shift

[ -n "${ATRIUM_E2E_SKIP_INSTALL:-}" ] || "$here/install.sh"

export ATRIUM_BIN_DIR="${ATRIUM_BIN_DIR:-$build/kernel}"
export ATRIUM_PLUGINS_DIR="${ATRIUM_PLUGINS_DIR:-$build/plugins}"
export ATRIUM_FIXTURE_PLUGINS_DIR="${ATRIUM_FIXTURE_PLUGINS_DIR:-$build/tests/fixtures/plugins/lib}"
export ATRIUM_WEB_ROOT="${ATRIUM_WEB_ROOT:-$repo/web}"
export ATRIUM_E2E_ARTIFACTS="${ATRIUM_E2E_ARTIFACTS:-$build/e2e-artifacts}"
export ATRIUM_E2E_WORK="${ATRIUM_E2E_WORK:-$build/e2e-work}"

if [ $# -eq 0 ]; then
  set -- "$here"/*.test.mjs
fi
# One test file at a time: each starts its own server and browser (small machines). A loop
# rather than --test-concurrency, which Debian 12's Node.js 18 does not know.
status=0
for file in "$@"; do
  node --test "$file" || status=1
done
exit $status
