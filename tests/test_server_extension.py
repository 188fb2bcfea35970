"""The course's part in the Jupyter server: a hub terminal keeps the course's command on PATH,
and the server's own pages may frame it (RISE's panel), no other site."""

import json
import subprocess
from pathlib import Path

from musclepain_lib.learner.server_extension import (
    FRAME_NOTHING, FRAME_OWN_PAGES, frame_policy, shell_keeping_environment,
)

ROOT = Path(__file__).resolve().parent.parent


def test_a_login_shell_reads_its_profile_then_puts_the_environment_first(tmp_path):
    course_bin = tmp_path / "env bin"
    course_bin.mkdir()
    (course_bin / "musclepain-course").write_text("#!/bin/sh\necho course-command-found\n")
    (course_bin / "musclepain-course").chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    (home / ".profile").write_text("export PATH=/usr/bin:/bin\nexport FROM_PROFILE=yes\n")
    command = shell_keeping_environment(["/bin/bash", "-l"], course_bin)
    done = subprocess.run(command, input='echo "profile=$FROM_PROFILE"; musclepain-course\nexit\n', text=True,
                          capture_output=True, env={"HOME": str(home), "PATH": "/usr/bin:/bin"}, timeout=30)
    assert "profile=yes" in done.stdout and "course-command-found" in done.stdout, done


def test_a_shell_someone_chose_is_left_alone():
    assert shell_keeping_environment(["/bin/zsh"], "/env/bin") == ["/bin/zsh"]
    assert shell_keeping_environment(["/bin/bash", "--norc"], "/env/bin") == ["/bin/bash", "--norc"]


def test_the_server_may_frame_its_own_pages_only_and_a_chosen_policy_is_kept():
    assert frame_policy({}) == FRAME_OWN_PAGES == "frame-ancestors 'self'"
    assert frame_policy({"Content-Security-Policy": FRAME_NOTHING}) == FRAME_OWN_PAGES
    chosen = "frame-ancestors 'self' https://lms.example.org"
    assert frame_policy({"Content-Security-Policy": chosen}) == chosen


def test_the_extension_is_switched_on_wherever_the_course_is_installed():
    shipped = json.loads((ROOT / "share" / "etc" / "musclepain-server.json").read_text())
    assert shipped == {"ServerApp": {"jpserver_extensions": {"musclepain_lib.learner.server_extension": True}}}
    assert '"share/etc/musclepain-server.json" = "etc/jupyter/jupyter_server_config.d/musclepain-server.json"' in (
        ROOT / "pyproject.toml").read_text()


def test_jupyterlab_keeps_the_widgets_state_in_a_saved_lesson_wherever_the_course_is_installed():
    shipped = json.loads((ROOT / "share" / "lab" / "musclepain-settings.json").read_text())
    assert shipped["@jupyter-widgets/jupyterlab-manager:plugin"]["saveState"] is True
    assert ('"share/lab/musclepain-settings.json" = "share/jupyter/lab/settings/overrides.d/musclepain.json"'
            in (ROOT / "pyproject.toml").read_text())


def test_jupyterlab_shows_the_kernel_status_in_the_status_bar_wherever_the_course_is_installed():
    # In the notebook's toolbar, each busy and idle of a dragged slider's values redrew the
    # status and made the toolbar lay out the page again (a quarter of the page's work a value).
    shipped = json.loads((ROOT / "share" / "lab" / "musclepain-settings.json").read_text())
    status = shipped["@jupyterlab/notebook-extension:tracker"]["kernelStatus"]
    assert status == {"showOnStatusBar": True, "showProgress": True}


def test_jupyterlab_leaves_the_tab_icon_alone_while_the_kernel_works_wherever_the_course_is_installed():
    shipped = json.loads((ROOT / "share" / "lab" / "musclepain-page-config.json").read_text())
    assert shipped == {"disabledExtensions": {"@jupyterlab/application-extension:faviconbusy": True}}
    assert ('"share/lab/musclepain-page-config.json" = "etc/jupyter/labconfig/page_config.d/musclepain.json"'
            in (ROOT / "pyproject.toml").read_text())
