#!/usr/bin/env bash
# Build the handheld app (pwa/) into pwa/dist, which the server serves at /.
#
# Installs the npm packages pinned in pwa/package-lock.json when node_modules is missing or
# was installed from another lock file, and rebuilds only when a source file changed.
# Needs Node.js >= 20.19 (Vite 8). When node is missing it is installed from Debian's packages;
# Debian 12 (bookworm) ships Node.js 18, which is too old: the script then stops and says so, and
# Node.js 20.19+ (or 22.12+) has to come from elsewhere (NodeSource's Debian packages, for one).
# The unit tests (Vitest) are not run here: tests/pwa/test_unit.py runs them with the rest.
set -euo pipefail
cd "$(dirname "$0")/../pwa"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
    echo "build-pwa: installing ${missing[*]} from Debian's packages" >&2
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

node_ok=$(node -e '
const [major, minor] = process.versions.node.split(".").map(Number);
console.log((major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22 ? "yes" : "no");
')
if [ "$node_ok" != yes ]; then
    echo "build-pwa: Node.js $(node --version) is too old for Vite 8, which needs ^20.19.0 or >=22.12.0." >&2
    echo "build-pwa: install Node.js 20.19+ (Debian 12's own nodejs package is 18) and run this again." >&2
    exit 1
fi

lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.shipfloor-lock.sha256
if [ ! -d node_modules ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
    npm ci --no-audit --no-fund --loglevel=error
    echo "$lock_sum" > "$stamp"
fi

# Everything the build reads; dist is rebuilt when any of it changed.
source_sum=$(
    find src public index.html package-lock.json tsconfig.json vite.config.ts -type f -print0 \
        | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
)
if [ -f dist/index.html ] && [ "$(cat dist/.source.sha256 2>/dev/null)" = "$source_sum" ]; then
    exit 0
fi
npm run --silent build
echo "$source_sum" > dist/.source.sha256
