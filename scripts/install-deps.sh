#!/usr/bin/env bash
# Installs the Debian packages listed in the given files that are not installed yet,
# with one apt-get call. Quick (no network) when everything is present.
# usage: scripts/install-deps.sh scripts/packages-build.txt [scripts/packages-test.txt ...]
set -euo pipefail

# A line "PACKAGE command=NAME" is satisfied by any NAME on the PATH (npm comes with
# NodeSource's nodejs, and Debian's npm package would conflict with it).
wanted=$(grep -hv '^\s*#' "$@" | awk 'NF {print $1 "|" $2}' | sort -u)
missing=()
for entry in $wanted; do
  pkg=${entry%%|*}
  rule=${entry#*|}
  if [[ "$rule" == command=* ]] && command -v "${rule#command=}" >/dev/null; then
    continue
  fi
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "Installing missing Debian packages: ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "error: run as root or install sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
