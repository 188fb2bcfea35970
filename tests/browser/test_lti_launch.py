"""The hub takes its users from an LMS over LTI 1.3, in Chromium, end to end.

A test platform (tests/browser/lti_platform.py: its own RSA key, JWKS and OIDC
authorization endpoint on 127.0.0.1) holds a course page with launch buttons. The hub runs
hub/jupyterhub_config.py with MUSCLEPAIN_HUB_AUTHENTICATOR=lti13 and the platform's
issuer, client id, authorization URL and JWKS URL, as an LMS administrator hands them over.

A learner and an instructor click the link to lesson 01 and land on that lesson in their
own home: the learner on the student version, the instructor on the instructor version
(the LTI roles claim decides). A link's custom parameter ``lesson=02_cramps`` opens that
lesson instead, and only a lesson of the course. Four bad launches are refused and log nobody in: a token
signed by a key the platform never published, an expired token, a replayed token (its
nonce belongs to an earlier login) and a token for another client id.
"""

from __future__ import annotations

import asyncio
import html
from concurrent.futures import ThreadPoolExecutor

import pytest
from lesson_page import _KERNEL_READY as KERNEL_READY
from lesson_page import new_page
from lti_platform import PEOPLE, Platform

from musclepain_lib.classroom.lesson_copy import HOME_FOLDER
from tools.browser import free_port
from tools.hub import running_hub

pytestmark = pytest.mark.browser

LESSON = "01_electrolytes.ipynb"
LESSON_LINK = f"/hub/user-redirect/lab/tree/{HOME_FOLDER}/{LESSON}"
CALLBACK = "**/hub/lti13/oauth_callback"


@pytest.fixture(scope="module")
def lms_and_hub(tmp_path_factory):
    platform = Platform(free_port(), client_id="musclepain-tool-1", lesson_path=LESSON_LINK)
    platform.start()
    try:
        settings = {**platform.settings(), "MUSCLEPAIN_HUB_SERVER_ARGS": "--LabApp.expose_app_in_browser=True"}
        with running_hub(tmp_path_factory.mktemp("lti-hub"), students=0, settings=settings) as hub:
            platform.hub_url = hub.url
            yield platform, hub
    finally:
        platform.stop()


def hub_users(hub) -> dict[str, dict]:
    with ThreadPoolExecutor(1) as pool:  # its own event loop, apart from Playwright's
        return {user["name"]: user for user in pool.submit(asyncio.run, hub.call("/hub/api/users")).result()}


def launch(page, platform, name: str):
    """Open the LMS course page and click a launch button; return the response to the tool's launch URL."""
    page.goto(platform.url)
    with page.expect_response(CALLBACK, timeout=60_000) as answer:
        page.click(f"#launch-{name}")
    return answer.value


def land_on_lesson(page, hub, name: str, version: str, lesson: str = LESSON) -> None:
    email = PEOPLE[name][0]
    page.wait_for_url(f"**/user/*/lab/tree/{HOME_FOLDER}/{lesson}", timeout=180_000)
    assert f"/user/{email}/" in page.url.replace("%40", "@")
    try:
        page.wait_for_function(KERNEL_READY, timeout=180_000, polling=250)
        page.locator(".jp-RenderedMarkdown:visible", has_text=f"{version} version of this lesson").first.wait_for()
    except Exception as error:
        shot = hub.workdir / f"{name}-lti.png"
        page.screenshot(path=str(shot))
        raise AssertionError(f"{name}: not on the {version} version at {page.url} (see {shot})\n{hub.log(3000)}") from error
    other = "Instructor" if version == "Student" else "Student"
    assert page.get_by_text(f"{other} version of this lesson").count() == 0
    course = "".join(p.read_text() for p in (hub.homes / email / HOME_FOLDER).glob("*.ipynb"))
    assert ("BEGIN SOLUTION" in course) == (version == "Instructor")


def test_learner_and_instructor_land_on_their_version_of_the_linked_lesson(lms_and_hub, chromium):
    platform, hub = lms_and_hub
    for name, version in (("learner", "Student"), ("instructor", "Instructor")):
        with new_page(chromium) as page:
            response = launch(page, platform, name)
            assert response.status == 302, response.text()
            land_on_lesson(page, hub, name, version)
    users = hub_users(hub)
    assert users[PEOPLE["instructor"][0]]["groups"] == ["instructors"]
    assert users[PEOPLE["learner"][0]]["groups"] == []
    assert not any(user["admin"] for user in users.values())  # LMS roles never make hub admins
    assert platform.refusals == []  # the hub's authorization requests were as the protocol asks


def test_a_link_custom_parameter_names_the_lesson_and_only_a_course_lesson(lms_and_hub, chromium):
    platform, hub = lms_and_hub
    with new_page(chromium) as page:  # lesson=02_cramps in the link's custom parameters
        assert launch(page, platform, "lesson-02").status == 302
        land_on_lesson(page, hub, "learner", "Student", lesson="02_cramps.ipynb")
    with new_page(chromium) as page:  # lesson=../../.musclepain/progress: not a lesson, the link's own address
        assert launch(page, platform, "lesson-outside").status == 302
        land_on_lesson(page, hub, "learner", "Student")


@pytest.mark.parametrize(("name", "status", "reason"), [
    ("other-key", 400, "Signature verification failed"),
    ("expired", 400, "Signature has expired"),
    ("replay", 400, "OAuth nonce mismatch"),
    ("wrong-client", 401, "Audience doesn't match"),
])
def test_bad_tokens_are_refused_and_log_nobody_in(lms_and_hub, chromium, name, status, reason):
    platform, hub = lms_and_hub
    if name == "replay" and "learner" not in platform.issued:
        with new_page(chromium) as page:  # the token a replay sends again: a learner's earlier launch
            assert launch(page, platform, "learner").status == 302
    with new_page(chromium) as page:
        response = launch(page, platform, name)
        assert response.status == status, response.text()[:500]
        page_text = html.unescape(response.text())
        assert reason in page_text, page_text[page_text.find("<h1"):][:300]
        page.goto(f"{hub.url}/hub/home")
        assert "/hub/home" not in page.url  # not logged in: sent to the login page
    assert PEOPLE["mallory"][0] not in hub_users(hub)
