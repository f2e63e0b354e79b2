"""The app's own unit tests (Vitest, in pwa/tests), run as part of the one test command."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.pwa.build import PWA, ensure_built


def test_vitest_unit_tests_pass(tmp_path: Path):
    ensure_built()  # installs node_modules when missing
    report = tmp_path / "vitest.json"
    result = subprocess.run(
        ["npx", "--no-install", "vitest", "run", "--reporter=json", f"--outputFile={report}"],
        cwd=PWA,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    summary = json.loads(report.read_text())
    failed = [
        f"{t['fullName']}: {t.get('failureMessages')}"
        for f in summary["testResults"]
        for t in f["assertionResults"]
        if t["status"] != "passed"
    ]
    assert failed == []
    files = {Path(f["name"]).name for f in summary["testResults"]}
    assert {"wedge.test.ts", "offline-queue.test.ts"} <= files
    assert summary["numPendingTests"] == 0 and summary["numTodoTests"] == 0
    assert summary["numPassedTests"] == summary["numTotalTests"] > 0
