#!/usr/bin/env bash
# A third party's view of the SDK: install it (cmake --install, SDK component only),
# build sdk/examples/hello_plugin out of tree against the installed SDK alone, run its
# FakeHost unit test (no kernel), then load the result into a running atriumd and enable it
# for a business.
# usage: out_of_tree_test.sh SOURCE_DIR BUILD_DIR ATRIUMD ATRIUM WORK_DIR
set -euo pipefail
src=$1 build=$2 atriumd=$3 atrium=$4 work=$5
rm -rf "$work" && mkdir -p "$work"
prefix="$work/prefix"

cmake --install "$build/sdk" --prefix "$prefix" >/dev/null
test -f "$prefix/lib/cmake/AtriumSDK/AtriumSDKConfig.cmake"
test -f "$prefix/include/atrium/abi/atrium.h"
test -f "$prefix/share/atrium-sdk/examples/hello_plugin/plugin.json"
test -f "$prefix/include/atrium/sdk/testing/FakeHost.hpp"

# Only the installed copy: no path into this repository.
cp -r "$prefix/share/atrium-sdk/examples/hello_plugin" "$work/hello"
cmake -S "$work/hello" -B "$work/hello-build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/hello-build" >/dev/null
lib="$work/hello-build/hello_plugin.so"
test -f "$lib"
echo "ok   built hello_plugin.so out of tree against the installed SDK"

# Its unit test: the plugin's sources with FakeHost from the installed headers, run by ctest.
test -x "$work/hello-build/hello_plugin_test"
ctest --test-dir "$work/hello-build" --output-on-failure >"$work/hello-test.log" 2>&1 \
  || { echo "FAIL the example's FakeHost unit test"; cat "$work/hello-test.log"; exit 1; }
grep -q "100% tests passed" "$work/hello-test.log" || { echo "FAIL no test ran"; cat "$work/hello-test.log"; exit 1; }
echo "ok   the example's FakeHost unit test passes"

# Only the entry symbol is exported.
exported=$(nm -D --defined-only "$lib" | awk '$2 == "T" {print $3}')
[[ "$exported" == "atrium_plugin_entry_v1" ]] || { echo "FAIL exported text symbols: $exported"; exit 1; }
echo "ok   exports only atrium_plugin_entry_v1"

mkdir -p "$work/data/plugins"
cp "$lib" "$work/data/plugins/"
common=(--config - --data-dir "$work/data")
"$atrium" "${common[@]}" demo >/dev/null
"$atriumd" "${common[@]}" --port 0 >"$work/atriumd.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q '"event":"server.started"' "$work/atriumd.log" && break; sleep 0.1; done
grep -q '"event":"plugin.loaded","plugin":"hello","version":"1.0.0"' "$work/atriumd.log" \
  || { echo "FAIL the running kernel did not load the plugin"; cat "$work/atriumd.log"; exit 1; }
echo "ok   the running kernel loaded hello 1.0.0"

"$atrium" "${common[@]}" features enable hello --business demo --config '{"banned_word":"crypto"}' >/dev/null
"$atrium" "${common[@]}" --json features list --business demo | grep -q '"id":"hello","name":"Hello","enabled":true' \
  || { echo "FAIL hello is not enabled for demo"; exit 1; }
echo "ok   enabled for the demo business with a validated config"
"$atrium" "${common[@]}" plugin check "$lib" | tail -1
echo "5 passed, 0 failed"
