"""Run every benchmark module (``benchmarks/bench_*.py``) and print its figures."""

from __future__ import annotations

import importlib
import os
import platform
import sys
from pathlib import Path


def main(selected: list[str]) -> None:
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    folder = Path(__file__).parent
    for path in sorted(folder.glob("bench_*.py")):
        if selected and not any(word in path.stem for word in selected):
            continue
        print(f"\n== {path.stem}")
        importlib.import_module(f"benchmarks.{path.stem}").run()


if __name__ == "__main__":
    main(sys.argv[1:])
