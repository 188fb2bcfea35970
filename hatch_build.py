"""The wheel carries the student version of the lessons, never their sources.

An installed course (Binder's image, a hub's users' environment, ``pip install``) writes
lessons for learners from ``musclepain_lib/lessons``: this hook fills that folder with the
student version of every lesson of ``notebooks/`` (exercises as stubs, no worked solutions,
no teaching notes), so no course command run where the course is installed can hand a
learner the answers. Instructors make their version from the source lessons
(``musclepain-course copy DEST --instructor --source notebooks/``; docs/instructor.md).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class StudentLessons(BuildHookInterface):
    PLUGIN_NAME = "student-lessons"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install reads the lessons from the checkout
        self._out = tempfile.TemporaryDirectory(prefix="musclepain-lessons-")
        sys.path.insert(0, self.root)
        try:
            from musclepain_lib.classroom.versions import build_versions  # imports nothing outside the standard library

            build_versions(Path(self.root) / "notebooks", self._out.name, versions=("student",))
        finally:
            sys.path.remove(self.root)
        build_data["force_include"][str(Path(self._out.name) / "student")] = "musclepain_lib/lessons"

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        if getattr(self, "_out", None) is not None:
            self._out.cleanup()
