#!/usr/bin/env bash
# scripts/check-tools.sh against fake tools on the PATH: Debian 12's versions pass and are
# printed; an older node or a missing chromium is refused with a message naming it.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
fake=$(mktemp -d)
trap 'rm -rf "$fake"' EXIT

tool() { printf '#!/bin/sh\necho "%s"\n' "$2" >"$fake/$1"; chmod +x "$fake/$1"; }
debian12() {
  tool cmake "cmake version 3.25.1"
  tool g++ "12.2.0"
  tool node "v18.19.0"
  tool npm "9.2.0"
  tool chromium "Chromium 156.0.8078.73 built on Debian GNU/Linux 12 (bookworm)"
  tool mariadbd "mariadbd  Ver 10.11.14-MariaDB-0+deb12u2 for debian-linux-gnu on x86_64 (Debian 12)"
  tool python3 "Python 3.11.2"
}
# Only the fakes and the basics the script itself needs (bash, grep, head).
run() { env PATH="$fake" /bin/bash "$repo/scripts/check-tools.sh" "$@"; }
for t in bash grep head; do ln -s "$(command -v $t)" "$fake/$t"; done

fail() { echo "FAIL: $*" >&2; exit 1; }

debian12
out=$(run test 2>&1) || fail "Debian 12's versions refused: $out"
[[ "$out" == *"node 18.19.0"* && "$out" == *"chromium 156.0.8078.73"* && "$out" == *"mariadbd 10.11.14"* ]] \
  || fail "versions not printed: $out"

tool node "v16.20.2"
if out=$(run test 2>&1); then fail "node 16 accepted: $out"; fi
[[ "$out" == *"node 16.20.2 is older than Atrium supports (18.19 or newer"* ]] || fail "unclear message: $out"

debian12
rm "$fake/chromium"
if out=$(run test 2>&1); then fail "a missing chromium accepted: $out"; fi
[[ "$out" == *"chromium is not installed"* ]] || fail "unclear message: $out"
# The build check does not need the browser.
run build >/dev/null 2>&1 || fail "build check wanted chromium"

tool cmake "cmake version 3.18.4"
if out=$(run build 2>&1); then fail "cmake 3.18 accepted: $out"; fi
[[ "$out" == *"cmake 3.18.4 is older"* ]] || fail "unclear message: $out"
echo "ok"
