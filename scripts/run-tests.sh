#!/usr/bin/env bash
# Runs the whole ctest suite of a build directory against both backends: starts a
# throwaway MariaDB under the build tree, exports its address for the `mysql` tests,
# and always stops it again (also on failure or Ctrl-C).
# usage: scripts/run-tests.sh BUILD_DIR [extra ctest arguments]
set -euo pipefail
build=${1:?usage: run-tests.sh BUILD_DIR [ctest args]}
shift
here=$(cd "$(dirname "$0")" && pwd)
mariadb_dir="$(cd "$build" && pwd)/mariadb-test"

# The versions under test, and a clear refusal of a tool older than the project supports.
"$here/check-tools.sh" test

cleanup() { "$here/mariadb.sh" stop "$mariadb_dir" || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "Starting a throwaway MariaDB in $mariadb_dir"
eval "$("$here/mariadb.sh" start "$mariadb_dir")"
echo "MariaDB is listening on 127.0.0.1:$ATRIUM_TEST_MYSQL_PORT"

ctest --test-dir "$build" --output-on-failure -j "${ATRIUM_TEST_JOBS:-2}" "$@"
