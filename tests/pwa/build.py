"""Build the app once per test run (all workers share one build) before tests that need it."""

from __future__ import annotations

import fcntl
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PWA = ROOT / "pwa"
DIST = PWA / "dist"


def ensure_built() -> Path:
    """Run ``scripts/build-pwa.sh`` (a no-op when the build is current) under a lock, so that
    parallel workers never run ``npm ci`` over each other; returns the build folder."""
    with open(ROOT / "pwa" / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = subprocess.run(
            [str(ROOT / "scripts" / "build-pwa.sh")], capture_output=True, text=True, timeout=600
        )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return DIST
