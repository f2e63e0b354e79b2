#!/usr/bin/env bash
# Shipfloor's two entry points for a fresh machine:
#   ./run.sh demo [--port N] [--data-dir DIR]   set everything up and serve the demo warehouse
#   ./run.sh test [pytest args]                  run the whole test suite
# Anything else is passed to the `shipfloor` command inside the project environment.
set -euo pipefail
cd "$(dirname "$0")"
export UV_PYTHON_DOWNLOADS=never

ensure_uv() {
    if ! command -v uv >/dev/null 2>&1; then
        python3 -m pip install --quiet --user "uv==0.13.9" || python3 -m pip install --quiet "uv==0.13.9"
        export PATH="$HOME/.local/bin:$PATH"
    fi
}

ensure_python_env() {
    ensure_uv
    uv sync --frozen --quiet
}

ensure_pwa() {
    # The handheld app is built into static files that the server serves at /.
    if [ -f pwa/package.json ]; then
        scripts/build-pwa.sh
    fi
}

cmd="${1:-demo}"
shift || true
case "$cmd" in
    demo)
        ensure_python_env
        ensure_pwa
        exec uv run --frozen shipfloor demo "$@"
        ;;
    test)
        ensure_python_env
        ensure_pwa
        scripts/services.sh
        scripts/browser.sh
        exec uv run --frozen pytest -n "${SHIPFLOOR_TEST_WORKERS:-2}" "$@"
        ;;
    *)
        ensure_python_env
        exec uv run --frozen shipfloor "$cmd" "$@"
        ;;
esac
