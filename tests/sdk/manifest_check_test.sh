#!/usr/bin/env bash
# atrium_add_plugin checks plugin.json when CMake configures: a plugin project built
# against the installed SDK with a bad manifest fails its configure (and a build after the
# manifest went bad fails too) with a message naming the manifest and the reason, instead
# of building a library the kernel will refuse to load.
# usage: manifest_check_test.sh SOURCE_DIR BUILD_DIR WORK_DIR
set -euo pipefail
src=$1 build=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
prefix="$work/prefix"
cmake --install "$build/sdk" --prefix "$prefix" >/dev/null

failures=0
# project NAME PYTHON-EXPRESSION: a tiny plugin whose manifest is hello's, edited by the
# expression (on `m`, the parsed manifest; or `text = ...` to write raw text).
project() {
  local dir="$work/$1"
  mkdir -p "$dir/src"
  cat >"$dir/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(probe LANGUAGES CXX)
find_package(AtriumSDK 1 REQUIRED)
atrium_add_plugin(probe SOURCES src/Probe.cpp MANIFEST plugin.json)
CMAKE
  printf '#include <atrium/sdk/Sdk.hpp>\nclass Probe : public atrium::sdk::Plugin {};\nATRIUM_PLUGIN(Probe, ATRIUM_PLUGIN_MANIFEST)\n' >"$dir/src/Probe.cpp"
  edit "$dir/plugin.json" "$2"
}
edit() {
  python3 - "$src/sdk/examples/hello_plugin/plugin.json" "$1" "$2" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
text = None
exec(sys.argv[3])
open(sys.argv[2], "w").write(text if text is not None else json.dumps(m, ensure_ascii=False, indent=2))
PY
}
configure() { cmake -S "$work/$1" -B "$work/$1/build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" 2>&1; }
# refused NAME EDIT MESSAGE: the configure fails and says MESSAGE (an extended regex).
refused() {
  project "$1" "$2"
  local out
  if out=$(configure "$1"); then
    echo "FAIL $1: the configure succeeded"; failures=$((failures + 1)); return
  fi
  if ! grep -Eq "$3" <<<"$(tr -s ' \n' ' ' <<<"$out")"; then
    echo "FAIL $1: the message does not say /$3/:"; echo "$out"; failures=$((failures + 1)); return
  fi
  echo "ok   $1: refused with /$3/"
}

project good "pass"
configure good >/dev/null || { echo "FAIL good: a valid manifest was refused"; configure good; exit 1; }
echo "ok   good: a valid manifest configures"

refused abi_range 'm["abi"] = "^9.0"' \
  "atrium_add_plugin\(probe\): .*/abi_range/plugin.json: abi '\^9.0' does not contain 1\.[0-9]+, the ABI of this SDK"
refused missing_id 'del m["id"]' "plugin.json: id is required"
refused missing_version 'del m["version"]' "plugin.json: version is required"
refused bad_version 'm["version"] = "1.0"' "plugin.json: version '1.0' must be semver"
refused bad_id 'm["id"] = "Hello-World"' "plugin.json: id 'Hello-World' must match"
refused malformed 'text = json.dumps(m)[:-2]' "plugin.json: not valid JSON"
refused unknown_capability 'm["capabilities"]["host"] = ["records", "teleport"]' \
  "plugin.json: capabilities.host: unknown capability 'teleport' \(this SDK knows records, audit"
refused unknown_hook 'm["capabilities"]["hooks"] = ["booking.teleport@1"]' \
  "plugin.json: capabilities.hooks: unknown hook 'booking.teleport@1'"
refused unknown_domain 'm["capabilities"]["domain"] = ["client.get@1"]' \
  "plugin.json: capabilities.domain needs \"domain\" in capabilities.host"

# The check runs again when the manifest changes after the configure: the build fails.
edit "$work/good/plugin.json" 'm["abi"] = ">=2.0.0"'
if out=$(cmake --build "$work/good/build" 2>&1); then
  echo "FAIL good: the build succeeded after the manifest went bad"; failures=$((failures + 1))
elif grep -q "abi '>=2.0.0' does not contain" <<<"$(tr -s ' \n' ' ' <<<"$out")"; then
  echo "ok   good: a manifest broken after the configure fails the build"
else
  echo "FAIL good: the build failed without saying why:"; echo "$out"; failures=$((failures + 1))
fi

checks=11
echo "$((checks - failures)) passed, $failures failed"
[[ $failures -eq 0 ]]
