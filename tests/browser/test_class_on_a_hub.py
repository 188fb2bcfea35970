"""A class on the trial JupyterHub (make hub), in Chromium: two students and the instructor.

Their servers are started together first (as from the admin page before class); then each
logs in through the hub's login page with the trial password and lands on the
welcome lesson in their own home: the students on the student version, the instructor
on the instructor version. The students run the lesson and answer its first self-check
(one right, one wrong); the instructor runs the class-report notebook and sees both, and
opens the progress service's class page, which shows both answers within seconds, gathered
by the hub's service with no file read. A third student's kernel, with its server's token,
can read neither their answers nor the class, makes no instructor version with any course
command, and opens no terminal.
"""

from __future__ import annotations

import asyncio
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from lesson_page import QUESTION, new_page, run_all_cells
from lesson_page import _KERNEL_READY as KERNEL_READY

from musclepain_lib.classroom.lesson_copy import HOME_FOLDER
from tools.hub import INSTRUCTOR, running_hub

pytestmark = pytest.mark.browser

ANSWERS = {"student01": 2, "student02": 0}  # red-flag-calf: C is right, A is not
OTHER = "student03"
# Run in the third student's kernel: their server's token reads neither a classmate's record nor the class.
PRYING = """
import os, urllib.request, urllib.error
url = os.environ["MUSCLEPAIN_PROGRESS_SERVICE_URL"]
headers = {"Authorization": "token " + os.environ["JUPYTERHUB_API_TOKEN"]}
for path in ("api/attempts?user=student01", "api/class", ""):
    try:
        urllib.request.urlopen(urllib.request.Request(url + path, headers=headers))
        raise AssertionError("student03 read " + path)
    except urllib.error.HTTPError as error:
        assert error.code == 403, (path, error.code)
"""
# Run in the same kernel: no course command gives a student the instructor version, nor a terminal.
NO_ANSWERS = """
import json, os, pathlib, subprocess, sys, urllib.request, urllib.error
from musclepain_lib import InputError
from musclepain_lib.classroom.lesson_copy import copy_course
home = pathlib.Path.home()
for extra in ([], ["--source", str(home / "leg-muscle-pain")]):
    done = subprocess.run([sys.executable, "-m", "musclepain_lib.classroom.cli", "copy", "mine", "--instructor", *extra],
                          capture_output=True, text=True)
    assert done.returncode == 1 and "Could not copy the course" in done.stderr, (extra, done.stderr)
try:
    copy_course("mine", "instructor")
    raise AssertionError("copy_course made the instructor version for a student")
except InputError:
    pass
assert not list(pathlib.Path("mine").glob("*.ipynb"))
request = urllib.request.Request(os.environ["JUPYTERHUB_SERVICE_URL"].rstrip("/") + "/api/terminals", method="POST",
                                 headers={"Authorization": "token " + os.environ["JUPYTERHUB_API_TOKEN"]}, data=b"")
try:
    urllib.request.urlopen(request)
    raise AssertionError("a student opened a terminal")
except urllib.error.HTTPError as error:
    assert error.code in (403, 404), error.code
"""


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    with running_hub(tmp_path_factory.mktemp("hub"), students=3, server_args=("--LabApp.expose_app_in_browser=True",)) as running:
        # As an instructor does before class (the admin page's "Start All"): the servers start
        # together, and each login then lands on a running server.
        async def start_all():
            await asyncio.gather(*(running.start_server(name) for name in [*ANSWERS, OTHER, INSTRUCTOR]))

        with ThreadPoolExecutor(1) as pool:  # its own event loop, apart from Playwright's
            pool.submit(asyncio.run, start_all()).result()
        yield running


def log_in(page, hub, name: str) -> None:
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", name)
    page.fill("#password_input", hub.password)
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{name}/lab/**", timeout=180_000)
    wait_for_kernel(page, hub, name)


def wait_for_kernel(page, hub, name: str) -> None:
    try:
        page.wait_for_function(KERNEL_READY, timeout=180_000, polling=250)
    except Exception as error:
        shot = hub.workdir / f"{name}-no-kernel.png"
        page.screenshot(path=str(shot))
        raise AssertionError(f"{name}: no idle kernel at {page.url} (see {shot})\n{hub.log(2000)}") from error


def test_students_and_instructor_each_get_their_version_and_the_report_shows_both(hub, chromium):
    for name, choice in ANSWERS.items():
        with new_page(chromium) as page:
            log_in(page, hub, name)
            assert page.url.endswith(f"/{HOME_FOLDER}/00_welcome.ipynb")
            page.locator(".jp-RenderedMarkdown", has_text="Student version of this lesson").first.wait_for()
            assert page.get_by_text("Instructor version of this lesson").count() == 0
            outputs = run_all_cells(page)
            assert not outputs["errors"], outputs["errors"]
            question = page.locator(QUESTION).first
            question.locator(".widget-radio-box label").nth(choice).click()
            question.locator("button", has_text="Check").click()
            verdict = "Correct" if choice == 2 else "Not yet"
            question.get_by_text(verdict).wait_for()
            answered = time.monotonic()
        course = "".join(p.read_text() for p in (hub.homes / name / HOME_FOLDER).glob("*.ipynb"))
        assert "BEGIN SOLUTION" not in course and "Teaching note" not in course

    with new_page(chromium) as page:
        log_in(page, hub, INSTRUCTOR)
        page.locator(".jp-RenderedMarkdown", has_text="Instructor version of this lesson").first.wait_for()
        # The class page of the hub's progress service (the hub's login lets the admin in).
        page.goto(f"{hub.url}/services/musclepain-progress/?lesson=00_welcome")
        row = page.locator("tr", has_text="red-flag-calf")
        row.locator("td.share", has_text="50 %").wait_for(timeout=30_000)
        seen_after_s = time.monotonic() - answered
        listed = page.locator("body").inner_text()
        answered_count = row.locator("td").nth(3).inner_text()
        page.screenshot(path=str(hub.workdir / "class-page.png"), full_page=True)
        # A workspace of its own, so the report notebook is the only one open.
        page.goto(f"{hub.url}/user/{INSTRUCTOR}/lab/workspaces/report/tree/class_report.ipynb?reset")
        wait_for_kernel(page, hub, INSTRUCTOR)
        outputs = run_all_cells(page, timeout_s=120)
        assert not outputs["errors"], outputs["errors"]
        report = page.locator(".jp-OutputArea-output").last.inner_text()
        live = page.locator(".jp-OutputArea-output").first.inner_text()
    print(f"\nclass page showed both answers {seen_after_s:.1f} s after the second student checked "
          f"(the instructor's login and kernel start included)")
    assert answered_count == "2"  # both students answered; the instructor is left out
    assert all(name in listed for name in [*ANSWERS, OTHER])  # the roster, also the student who never answered
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, hub.run_cells(OTHER, [PRYING, NO_ANSWERS])).result()
    # The notebook reads the class from the service first, then from the homes.
    assert "learners on the roster (instructors left out)" in live, live
    live_line = next(l for l in live.splitlines() if "red-flag-calf" in l)
    assert "50 % / 2 /" in live_line, live_line
    assert "Class report: 2 learners" in report
    for name in ANSWERS:
        assert name in report
    line = next(l for l in report.splitlines() if "red-flag-calf" in l)
    assert " 2 " in line and "50.0 %" in line, line  # both answered, one right at the first try


def test_the_instructors_terminal_finds_the_course_command_and_slides_open_in_the_panel(hub, chromium):
    with ThreadPoolExecutor(1) as pool:  # a login shell, as JupyterLab's terminal on a hub starts it
        shown = pool.submit(asyncio.run, hub.run_in_terminal(
            INSTRUCTOR, "command -v musclepain-course; musclepain-course --help", "usage: musclepain-course",
        )).result()
    assert "usage: musclepain-course" in shown and "command not found" not in shown, shown[-2000:]
    assert str(Path(sys.executable).parent / "musclepain-course") in shown, shown[-2000:]  # the course's own
    with new_page(chromium) as page:
        log_in(page, hub, INSTRUCTOR)
        page.evaluate("window.jupyterapp.commands.execute('RISE:preview')")
        frame = page.frame_locator("iframe[src*='/rise/']")
        try:
            frame.locator(".reveal .slides section").first.wait_for(timeout=90_000)
        except Exception as error:
            shot = hub.workdir / "rise-panel.png"
            page.screenshot(path=str(shot))
            raise AssertionError(f"RISE's panel shows no slides (see {shot})") from error
        page.screenshot(path=str(hub.workdir / "rise-panel.png"))
