#!/usr/bin/env bash
# Export throughput and memory for a 100k-client business, and the time to erase a client
# with 1,000 bookings, on SQLite and on a throwaway MariaDB.
# usage: tests/bench/privacy_bench.sh BUILD_DIR [CLIENTS]
set -euo pipefail
build=$(cd "${1:?usage: privacy_bench.sh BUILD_DIR [CLIENTS]}" && pwd)
clients=${2:-100000}
scripts=$(cd "$(dirname "$0")/../../scripts" && pwd)
work=$(mktemp -d)
trap '"$scripts/mariadb.sh" stop "$work/mariadb" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
env -u ATRIUM_TEST_MYSQL_PORT "$build/tests/bench/bench_privacy" "$clients"
eval "$("$scripts/mariadb.sh" start "$work/mariadb")"
"$build/tests/bench/bench_privacy" "$clients"
