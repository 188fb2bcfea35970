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
    assert packages - {"core"} == set(manifest.topic_names())


def test_each_topics_widget_names_are_the_manifests():
    for entry in manifest.TOPICS:
        module = importlib.import_module(entry.module)
        for name in entry.widget_names:
            assert name in module.__all__, f"{entry.module}.{name}"
