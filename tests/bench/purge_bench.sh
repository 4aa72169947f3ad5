#!/usr/bin/env bash
# delete_history's purge of 1,000,000 expired bookings with a concurrent writer, on SQLite
# and on a throwaway MariaDB. usage: tests/bench/purge_bench.sh BUILD_DIR [BOOKINGS]
set -euo pipefail
build=$(cd "${1:?usage: purge_bench.sh BUILD_DIR [BOOKINGS]}" && pwd)
bookings=${2:-1000000}
scripts=$(cd "$(dirname "$0")/../../scripts" && pwd)
work=$(mktemp -d)
trap '"$scripts/mariadb.sh" stop "$work/mariadb" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
env -u ATRIUM_TEST_BACKEND "$build/tests/bench/bench_purge" "$bookings"
eval "$("$scripts/mariadb.sh" start "$work/mariadb")"
ATRIUM_TEST_BACKEND=mysql "$build/tests/bench/bench_purge" "$bookings"
