"""The solver process: answers like the function it runs, and does not outlive its server
process however that ends."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from server.domain.picking import solver_pool

ROOT = Path(__file__).resolve().parents[2]

# A server process that gets the solver's pid from it, then dies without any clean-up.
DIES = """
import asyncio, os, sys
sys.path.insert(0, sys.argv[1])
from server.domain.picking import solver_pool
async def main():
    print(await solver_pool.solve(os.getpid), flush=True)
    os._exit(0)
asyncio.run(main())
"""


async def test_a_solve_runs_in_another_process():
    assert await solver_pool.solve(divmod, 17, 5) == (3, 2)
    assert await solver_pool.solve(os.getpid) != os.getpid()


def test_the_solver_exits_with_its_server_process():
    done = subprocess.run([sys.executable, "-c", DIES, str(ROOT)], capture_output=True, text=True, timeout=120)
    solver = int(done.stdout.strip())
    # It checks its parent once a second; give it five.
    for _ in range(50):
        if not Path(f"/proc/{solver}").exists():
            break
        time.sleep(0.1)
    assert not Path(f"/proc/{solver}").exists()
