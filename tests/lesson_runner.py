"""Run lesson notebooks in a kernel of the interpreter that runs this script.

    python lesson_runner.py OUT_FOLDER LESSON.ipynb [LESSON.ipynb ...]

Used by the offline and installed-wheel tests: each lesson runs in its own folder in a
fresh kernel started from ``sys.executable`` (not whatever "python3" kernel the machine
has installed), and the executed lesson is written to OUT_FOLDER with a line per lesson
in ``OUT_FOLDER/results.json``: whether every cell ran, and the error if one did not.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

KERNEL_NAME = "musclepain-lesson-runner"


def kernel_path_of_this_interpreter(folder: Path) -> str:
    """Write a kernel spec for ``sys.executable`` into ``folder``; return JUPYTER_PATH to use it."""
    spec = folder / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "lesson runner", "language": "python"})
    )
    return os.pathsep.join(filter(None, [str(folder), os.environ.get("JUPYTER_PATH")]))


def use_kernel_of_this_interpreter() -> None:
    os.environ["JUPYTER_PATH"] = kernel_path_of_this_interpreter(Path(tempfile.mkdtemp(prefix="musclepain-kernels-")))


def run_lesson(path: Path, out_folder: Path) -> dict:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    lesson = nbformat.read(path, as_version=4)
    client = NotebookClient(
        lesson,
        kernel_name=KERNEL_NAME,
        timeout=300,
        resources={"metadata": {"path": str(path.parent)}},
    )
    started = time.perf_counter()
    error = None
    try:
        client.execute()
    except CellExecutionError as failure:
        error = str(failure)[-3000:]
    except Exception as failure:  # a kernel that died or never started
        error = f"{type(failure).__name__}: {failure}"
    nbformat.write(lesson, out_folder / path.name)
    return {"lesson": path.name, "ok": error is None, "error": error, "seconds": time.perf_counter() - started}


def main(argv: list[str]) -> int:
    out_folder = Path(argv[0])
    out_folder.mkdir(parents=True, exist_ok=True)
    use_kernel_of_this_interpreter()
    results = [run_lesson(Path(p).resolve(), out_folder) for p in argv[1:]]
    (out_folder / "results.json").write_text(json.dumps(results, indent=1))
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
