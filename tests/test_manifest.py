"""The course manifest names every lesson and topic that exists, and nothing that does not."""

import importlib
from pathlib import Path

from musclepain_lib.core import manifest

ROOT = Path(__file__).resolve().parent.parent


def test_every_lesson_in_the_manifest_has_its_notebook_and_every_notebook_is_listed():
    listed = {entry.file for entry in manifest.LESSONS}
    present = {path.name for path in (ROOT / "notebooks").glob("*.ipynb")}
    assert listed == present


def test_lesson_ids_are_unique_and_found_by_id_or_file():
    ids = manifest.lesson_ids()
    assert len(set(ids)) == len(ids)
    for entry in manifest.LESSONS:
        assert manifest.lesson(entry.id) is entry
        assert manifest.lesson(entry.file) is entry


def test_every_topic_package_is_in_the_manifest_and_every_entry_exists():
    packages = {p.name for p in (ROOT / "musclepain_lib").iterdir() if (p / "__init__.py").exists()}
    assert packages - set(manifest.ROOMS) == set(manifest.topic_names())


def test_each_topics_widget_names_are_the_manifests():
    for entry in manifest.TOPICS:
        module = importlib.import_module(entry.module)
        for name in entry.widget_names:
            assert name in module.__all__, f"{entry.module}.{name}"


def test_every_name_a_topic_exports_resolves():
    for entry in manifest.TOPICS:
        module = importlib.import_module(entry.module)
        for name in module.__all__:
            assert getattr(module, name) is not None, f"{entry.module}.{name}"
        widget = importlib.import_module(f"{entry.module}.widget")
        assert list(widget.__all__) == list(entry.widget_names)


def test_the_tables_of_lessons_and_presets_are_written_from_the_manifest():
    from tools import course_text

    assert course_text.stale() == [], "run python -m tools.course_text --write"
    welcome = (ROOT / "notebooks" / manifest.LESSONS[0].file).read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    places = [welcome.index(f"({e.file})") for e in manifest.LESSONS if e.role != "welcome"]
    assert places == sorted(places), "the welcome table lists the lessons in teaching order"
    rows = [readme.index(f"| {e.number} | {e.title} |") for e in manifest.LESSONS]
    assert rows == sorted(rows), "the README lists the lessons in teaching order"


def test_every_lesson_has_a_role_and_the_course_one_welcome_and_one_capstone():
    assert {e.role for e in manifest.LESSONS} <= set(manifest.ROLES)
    assert [e.role for e in manifest.LESSONS][0] == "welcome"
    assert len(manifest.lessons("welcome")) == 1 and len(manifest.lessons("capstone")) == 1
    assert all(e.topic for e in manifest.lessons("topic")), "a topic lesson names its topic package"
    assert manifest.lessons(practised=True) == tuple(e for e in manifest.LESSONS if e.practised)


def test_an_unknown_role_is_refused_by_name():
    import pytest

    from musclepain_lib import InputError

    with pytest.raises(InputError, match="role = 'lecture'"):
        manifest.lessons("lecture")


def test_the_site_and_the_versions_take_the_lessons_in_the_manifests_order(tmp_path):
    import pytest

    from musclepain_lib import InputError

    assert [p.name for p in manifest.lesson_paths(ROOT / "notebooks")] == [e.file for e in manifest.LESSONS]
    first, last = manifest.LESSONS[1], manifest.LESSONS[-1]
    (tmp_path / last.file).write_text("{}")
    (tmp_path / first.file).write_text("{}")
    assert [p.name for p in manifest.lesson_paths(tmp_path)] == [first.file, last.file]
    (tmp_path / "99_not_in_the_manifest.ipynb").write_text("{}")
    with pytest.raises(InputError, match="99_not_in_the_manifest.ipynb"):
        manifest.lesson_paths(tmp_path)


def test_the_progress_view_and_the_symptom_map_read_the_manifest():
    from musclepain_lib.learner.symptom_map import symptom_map
    from musclepain_lib.learner.progress_view import LESSONS

    assert [lesson_id for lesson_id, _ in LESSONS] == list(manifest.lesson_ids())
    from musclepain_lib.learner.symptom_map import DESTINATIONS

    assert set(symptom_map()["lesson"]) <= {*manifest.lesson_ids(), "none"}
    assert set(symptom_map()["urgency"]) <= {"", *DESTINATIONS}
