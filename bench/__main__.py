"""`make bench`: run every bench/bench_*.py (or those named on the command line) and print their figures.

Each runs in a process of its own: the environment it sets (a temporary home, a local server's URL), the Prefect
server it starts and the peak memory of the processes it starts are its own, not left to the benchmarks after it."""
from __future__ import annotations

import pkgutil
import subprocess
import sys
import time

import bench


def main(names: list[str]) -> int:
    modules = names or sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if m.name.startswith("bench_"))
    failed = []
    for name in modules:
        print(f"\n== {name}", flush=True)
        started = time.perf_counter()
        if subprocess.call([sys.executable, "-m", f"bench.{name}"]) != 0:
            failed.append(name)
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)
    if failed:
        print(f"\nstopped with an error: {', '.join(failed)}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
