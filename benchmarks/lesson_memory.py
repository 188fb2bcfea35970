"""Memory of each lesson's kernel after running it whole, in a fresh kernel: the figures the
hub sizing in hub/README.md uses.

    .venv/bin/python -m benchmarks.lesson_memory [notebooks/02_cramps.ipynb ...]

Prints, per lesson, the kernel's resident set (RSS: what the node must hold for it) and its
unique set (USS: what closing it gives back), in MiB.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import psutil
from jupyter_client import KernelManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
MIB = 2**20


def kernel_memory(path: Path) -> tuple[float, float]:
    """Run the lesson in a fresh kernel; its kernel's RSS and USS in MiB once every cell has run."""
    notebook = nbformat.read(path, as_version=4)
    kernel = KernelManager(kernel_name="python3")
    kernel.start_kernel(cwd=str(path.parent))
    try:
        NotebookClient(notebook, km=kernel, timeout=600).execute()  # leaves the kernel running
        info = psutil.Process(kernel.provisioner.process.pid).memory_full_info()
    finally:
        kernel.shutdown_kernel(now=True)
    return info.rss / MIB, info.uss / MIB


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    print("| lesson | kernel RSS (MiB) | kernel USS (MiB) |\n|---|---:|---:|")
    for path in paths:
        rss, uss = kernel_memory(path)
        print(f"| {path.stem} | {rss:.0f} | {uss:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
