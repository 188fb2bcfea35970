"""The course works with no network: lessons and tests run with every socket but loopback refused.

A classroom's Wi-Fi fails, a train has none: nothing in a lesson may fetch fonts, data or
scripts from the internet. ``tests/offline_site/sitecustomize.py`` cuts every Python
process it is loaded into (Jupyter kernels included) off the network, and logs each
attempt, so an attempt is seen even where the code that made it swallowed the error.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest


REPO = Path(__file__).resolve().parent.parent
BLOCK = Path(__file__).resolve().parent / "offline_site"
RUNNER = Path(__file__).resolve().parent / "lesson_runner.py"

# What a page would fetch by itself: scripts, styles, images, frames, fonts (plain links are fine).
FETCHED = re.compile(
    r"<(?:script|img|link|iframe|source|embed)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//"
    r"|url\(\s*[\"']?(?:https?:)?//"
    r"|@import\s+[\"'](?:https?:)?//"
    r"|!\[[^\]]*\]\(\s*(?:https?:)?//",
    re.IGNORECASE,
)


def offline_env(tmp_path: Path, log: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(BLOCK), env.get("PYTHONPATH")]))
    env["MUSCLEPAIN_OFFLINE_LOG"] = str(log)
    env["MUSCLEPAIN_PROGRESS"] = str(tmp_path / "progress.json")
    env["MPLBACKEND"] = "Agg"
    return env


def refused(log: Path) -> str:
    return log.read_text() if log.exists() else ""


def run_offline(tmp_path: Path, lessons: list[Path], log: Path) -> list[dict]:
    out = tmp_path / "executed"
    subprocess.run(
        [sys.executable, str(RUNNER), str(out), *map(str, lessons)],
        env=offline_env(tmp_path, log), cwd=tmp_path, timeout=900, check=False,
    )
    return json.loads((out / "results.json").read_text())


PROBE = textwrap.dedent(
    """
    import socket, urllib.request
    server = socket.create_server(("127.0.0.1", 0))
    socket.create_connection(server.getsockname(), timeout=5).close()  # loopback still works
    for attempt in (
        lambda: socket.create_connection(("example.org", 80), timeout=5),
        lambda: socket.create_connection(("93.184.215.14", 80), timeout=5),
        lambda: socket.socket(socket.AF_INET6).connect(("2606:2800:21f:cb07:6820:80da:af6b:8b2c", 443)),
        lambda: urllib.request.urlopen("https://pypi.org/simple/", timeout=5),
        lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("8.8.8.8", 53)),
    ):
        try:
            attempt()
        except OSError as error:
            assert "network disabled" in str(error), error
        else:
            raise AssertionError("an outside connection got through")
    print("blocked")
    """
)


def test_the_block_refuses_every_outside_connection_and_keeps_loopback(tmp_path):
    log = tmp_path / "refused.log"
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=offline_env(tmp_path, log), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["blocked"]
    assert len(refused(log).splitlines()) == 5


@pytest.mark.slow
def test_the_block_holds_inside_a_lesson_kernel(tmp_path):
    probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PROBE)])
    probe.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "probe.ipynb"
    nbformat.write(probe, path)
    log = tmp_path / "refused.log"
    [result] = run_offline(tmp_path, [path], log)
    assert result["ok"], result["error"]
    assert len(refused(log).splitlines()) == 5


# Each lesson runs with the network cut off where learners run it: from the installed wheel,
# outside the repository (tests/test_installed_wheel.py), with this module's block and checks.


def fetched_from_outside(notebook) -> list[str]:
    """Pieces of a lesson (its text or its outputs) that a browser would fetch from the internet."""
    found = []
    for number, cell in enumerate(notebook.cells):
        texts = [cell.source]
        for output in cell.get("outputs", []):
            for mime, content in output.get("data", {}).items():
                if mime.startswith("text/") or mime.endswith(("javascript", "json")):
                    texts.append(content if isinstance(content, str) else json.dumps(content))
        for text in texts:
            found += [f"cell {number}: {m.group(0)}" for m in FETCHED.finditer(text)]
    return found


def test_the_check_for_fetched_resources_finds_them():
    page = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("![a map](https://example.org/map.png) and [a link](https://example.org)"),
            nbformat.v4.new_markdown_cell('<link rel="stylesheet" href="https://fonts.example.org/css">'),
            nbformat.v4.new_markdown_cell("<style>@import 'https://fonts.example.org/font.css';</style>"),
        ]
    )
    assert len(fetched_from_outside(page)) == 3


@pytest.mark.slow  # it runs a sample of the unit tests again: `make test` runs it, `make unit` leaves it out
def test_a_sample_of_the_unit_tests_passes_with_the_network_cut_off(tmp_path):
    log = tmp_path / "refused.log"
    sample = ["tests/test_progress_robust.py"]
    sample += [str(p.relative_to(REPO)) for p in sorted((REPO / "tests").glob("test_properties_*.py"))[:3]]
    sample += [str(p.relative_to(REPO)) for p in sorted((REPO / "tests").glob("test_*_model*.py"))[:3]]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-x", *sample],
        env=offline_env(tmp_path, log), cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert refused(log) == "", f"a unit test tried to reach the network:\n{refused(log)}"


# urllib.parse only takes strings apart; the rest of urllib fetches.
NETWORK_MODULES = re.compile(
    r"^\s*(?:import|from)\s+(urllib(?!\.parse\b)|requests|httpx|aiohttp|http\.client|socket|ftplib)\b", re.M
)


# Only these talk to the network, and only to the hub's class progress service: the kernel's
# sender (active only with a hub's token and service URL, tests/test_progress_sender.py checks
# that nothing is sent without them), the instructor's report read from the service, and the
# service itself (run by a hub, never by a lesson).
HUB_SERVICE_CLIENTS = {"learner/progress_sender.py", "classroom/class_live.py", "classroom/progress_service.py"}


def test_the_library_imports_no_network_module():
    """The models, tables and widgets need nothing beyond the files shipped with them."""
    found = [
        f"{path.relative_to(REPO)}: {match.group(0).strip()}"
        for path in sorted((REPO / "musclepain_lib").rglob("*.py"))
        if path.relative_to(REPO / "musclepain_lib").as_posix() not in HUB_SERVICE_CLIENTS
        for match in NETWORK_MODULES.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
