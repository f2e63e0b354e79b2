"""scripts/build-pwa.sh refuses a Node.js too old for Vite 8 (Debian 12's own is 18) in words,
before npm touches anything."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.pwa.build import ROOT


def run_with_node(tmp_path: Path, version: str) -> subprocess.CompletedProcess[str]:
    """Run the script with a `node` that is the real one claiming to be ``version``, and an
    `npm` that fails loudly, so that the script's own version test is what decides."""
    real = shutil.which("node")
    assert real
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    claim = tmp_path / "claim.cjs"
    claim.write_text(f'Object.defineProperty(process.versions, "node", {{ value: "{version}" }});\n')
    node = bin_dir / "node"
    node.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = --version ]; then echo v{version}; exit 0; fi\n'
        f'exec {real} -r {claim} "$@"\n'
    )
    npm = bin_dir / "npm"
    npm.write_text("#!/bin/sh\necho npm ran >&2\nexit 3\n")
    node.chmod(0o755)
    npm.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin"}
    return subprocess.run(
        [str(ROOT / "scripts" / "build-pwa.sh")], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("version", ["18.20.4", "20.18.3", "21.7.3", "22.11.0"])
def test_too_old_node_is_refused_with_the_reason(tmp_path: Path, version: str):
    result = run_with_node(tmp_path, version)
    assert result.returncode == 1
    assert f"Node.js v{version} is too old for Vite 8, which needs ^20.19.0 or >=22.12.0" in result.stderr
    assert "npm ran" not in result.stderr


@pytest.mark.parametrize("version", ["20.19.0", "22.12.0", "24.1.0"])
def test_node_new_enough_is_accepted(tmp_path: Path, version: str):
    result = run_with_node(tmp_path, version)
    assert "too old" not in result.stderr
