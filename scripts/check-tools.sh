#!/usr/bin/env bash
# Prints the version of each tool Atrium's build (and, with `test`, its test suite) uses and
# refuses, with a clear message and exit status 1, a tool that is missing or older than the
# project supports. The floors are Debian 12's own versions: that is the promise of the README.
#   scripts/check-tools.sh build    cmake, g++
#   scripts/check-tools.sh test     the above and node, npm, chromium, mariadbd, python3
set -euo pipefail
mode=${1:-build}

# name | command printing the version | minimum (dotted) | what to do when too old
tools_build=(
  "cmake|cmake --version|3.25|Debian 12's cmake is 3.25.1"
  "g++|g++ -dumpfullversion|12|C++20 as Debian 12's g++ 12 has it"
)
tools_test=(
  "node|node --version|18.19|Debian 12's nodejs is 18.19+ (Node 18 is the floor: the browser tests use nothing newer)"
  "npm|npm --version|9.2|Debian 12's npm is 9.2"
  "chromium|chromium --version|120|Debian 12's chromium (security updates track current Chromium)"
  "mariadbd|mariadbd --version|10.11|Debian 12's mariadb-server-core is 10.11"
  "python3|python3 --version|3.11|Debian 12's python3 is 3.11"
)

# The first dotted number in a line of text ("v18.19.0" -> 18.19.0).
first_version() { grep -oE '[0-9]+(\.[0-9]+)+|[0-9]+' | head -1; }

# version_ge HAVE MIN: true when HAVE >= MIN, comparing numerically field by field.
version_ge() {
  local IFS=.
  local -a have=($1) min=($2)
  local i
  for ((i = 0; i < ${#min[@]}; i++)); do
    local h=${have[i]:-0} m=${min[i]}
    ((10#$h > 10#$m)) && return 0
    ((10#$h < 10#$m)) && return 1
  done
  return 0
}

list=("${tools_build[@]}")
[[ "$mode" == test ]] && list+=("${tools_test[@]}")

failed=0
line="tools:"
for entry in "${list[@]}"; do
  IFS='|' read -r name cmd min why <<<"$entry"
  exe=${cmd%% *}
  if ! command -v "$exe" >/dev/null 2>&1; then
    echo "error: $name is not installed (needed: $min or newer; $why). Run 'make deps-test' or install it from Debian." >&2
    failed=1
    continue
  fi
  # `chromium --version` can print warnings first; take the line naming a version.
  have=$($cmd 2>/dev/null | first_version || true)
  if [[ -z "$have" ]]; then
    echo "error: could not read the version of $name from '$cmd'" >&2
    failed=1
    continue
  fi
  if ! version_ge "$have" "$min"; then
    echo "error: $name $have is older than Atrium supports ($min or newer; $why)." >&2
    failed=1
    continue
  fi
  line+=" $name $have,"
done
echo "${line%,}"
exit $failed
