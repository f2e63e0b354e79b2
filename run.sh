#!/usr/bin/env bash
# Shipfloor's two entry points for a fresh machine:
#   ./run.sh demo [--port N] [--data-dir DIR]   set everything up and serve the demo warehouse
#   ./run.sh test [pytest args]                  run the whole test suite
# Anything else is passed to the `shipfloor` command inside the project environment.
set -euo pipefail
cd "$(dirname "$0")"
export UV_PYTHON_DOWNLOADS=never

UV_VERSION="0.13.9"

# Where `pip install --user` puts commands: ~/.local/bin, or the user base's bin where it lies
# elsewhere (macOS). A shell often lacks them on PATH.
user_bins() {
    local base
    echo "$HOME/.local/bin"
    if base="$(python3 -m site --user-base 2>/dev/null)" && [ -n "$base" ]; then
        echo "$base/bin"
    fi
}

# Put the user folder that holds uv on PATH (for the rest of this script); false when none does.
use_user_uv() {
    local dir
    while IFS= read -r dir; do
        if [ -x "$dir/uv" ]; then
            export PATH="$dir:$PATH"
            return 0
        fi
    done < <(user_bins)
    return 1
}

# Use the uv on PATH, else the one an earlier run installed; install it only when there is none.
ensure_uv() {
    if command -v uv >/dev/null 2>&1 || use_user_uv; then
        return
    fi
    python3 -m pip install --quiet --user "uv==$UV_VERSION" || python3 -m pip install --quiet "uv==$UV_VERSION"
    if ! command -v uv >/dev/null 2>&1 && ! use_user_uv; then
        echo "run.sh: uv $UV_VERSION is installed but not found; put its folder on PATH." >&2
        exit 1
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
