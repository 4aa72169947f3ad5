#!/bin/sh
# Installs the browser tests' npm packages (package-lock.json: playwright-core only, never a
# browser) unless node_modules already holds exactly the locked versions.
set -eu
cd "$(dirname "$0")"
if [ -f node_modules/.package-lock.json ] && node -e '
  const lock = require("./package-lock.json").packages, have = require("./node_modules/.package-lock.json").packages;
  for (const [k, v] of Object.entries(lock)) if (k && (!have[k] || have[k].version !== v.version)) process.exit(1);' 2>/dev/null; then
  exit 0
fi
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
