#!/usr/bin/env bash
# Installs everything cartlift needs on a fresh Debian machine, idempotently: the apt packages in
# scripts/packages.txt and the npm packages of each JavaScript folder from its lock file.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t packages < <(grep -v '^\s*#' scripts/packages.txt | grep -v '^\s*$')
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node and npm usually come with the machine (newer than Debian's); Debian's are the fallback,
# since installing them over another Node breaks apt's dependency resolution.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then missing+=(nodejs npm); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm folders (bench/: node-fpgrowth for bench/run.sh): install from the committed lock file; skip
# when node_modules already matches it.
for dir in js-glue demo-store bench; do
  [ -f "$dir/package-lock.json" ] || continue
  stamp="$dir/node_modules/.cartlift-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    echo "setup: npm install in $dir (versions from the committed lock file)"
    # npm ci refuses lock files that omit other platforms' optional packages (workerd's), which
    # npm 11 writes on Linux; install honours the locked versions all the same.
    (cd "$dir" && npm install --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
done
