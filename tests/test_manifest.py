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


def test_the_welcome_lessons_table_lists_the_manifests_lessons_in_order_with_their_times():
    import json

    cells = json.loads((ROOT / "notebooks" / "00_welcome.ipynb").read_text(encoding="utf-8"))["cells"]
    table = next("".join(c["source"]) for c in cells if "| Lesson |" in "".join(c["source"]))
    rows = [line.split("|")[1:-1] for line in table.splitlines() if line.startswith("| [0")]
    expected = [(f"[{e.id.split('_', 1)[0]} {e.title}]({e.file})", f"{e.minutes} min") for e in manifest.LESSONS[1:]]
    assert [(cells_[0].strip(), cells_[-1].strip()) for cells_ in rows] == expected


def test_the_site_and_the_versions_take_the_lessons_in_the_manifests_order(tmp_path):
    import pytest

    from musclepain_lib import InputError

    assert [p.name for p in manifest.lesson_paths(ROOT / "notebooks")] == [e.file for e in manifest.LESSONS]
    (tmp_path / "06_case_studies.ipynb").write_text("{}")
    (tmp_path / "01_electrolytes.ipynb").write_text("{}")
    assert [p.name for p in manifest.lesson_paths(tmp_path)] == ["01_electrolytes.ipynb", "06_case_studies.ipynb"]
    (tmp_path / "07_claudication.ipynb").write_text("{}")
    with pytest.raises(InputError, match="07_claudication.ipynb"):
        manifest.lesson_paths(tmp_path)


def test_the_progress_view_and_the_symptom_map_read_the_manifest():
    from musclepain_lib.learner.symptom_map import symptom_map
    from musclepain_lib.learner.progress_view import LESSONS

    assert [lesson_id for lesson_id, _ in LESSONS] == list(manifest.lesson_ids())
    from musclepain_lib.learner.symptom_map import DESTINATIONS

    assert set(symptom_map()["lesson"]) <= {*manifest.lesson_ids(), "none"}
    assert set(symptom_map()["urgency"]) <= {"", *DESTINATIONS}


def test_the_readmes_lesson_table_lists_the_manifests_lessons_in_order():
    rows = [line.split("|")[1:3] for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| 0") or line.startswith("| 1")]
    assert [number.strip() for number, _ in rows] == [e.id.split("_", 1)[0] for e in manifest.LESSONS]
    for (_, title), entry in zip(rows, manifest.LESSONS):
        if entry.topic:
            assert title.strip() == entry.title
