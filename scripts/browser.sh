#!/usr/bin/env bash
# Make sure Debian's Chromium is installed for the browser tests (tests/browser), which drive
# /usr/bin/chromium through Playwright; Playwright's own browser downloads are never used.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x /usr/bin/chromium ]; then
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
fi
