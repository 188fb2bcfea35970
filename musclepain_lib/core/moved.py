"""Old module names of the first releases, answered with the modules where they live now.

A learner's folder keeps every lesson the learner changed (``musclepain-course copy``), so a
lesson saved under an earlier release may still say ``from musclepain_lib.core.selfcheck
import self_check``. This finder serves each old name with its new module, so such a
lesson keeps running; nothing in the course itself uses the old names.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys

#: old module name -> the module that holds its public names now
MOVED = {
    "musclepain_lib.core.lesson": "musclepain_lib.learner.lesson",
    "musclepain_lib.core.exercises": "musclepain_lib.learner.exercises",
    "musclepain_lib.core.progress": "musclepain_lib.learner.progress",
    "musclepain_lib.core.progress_view": "musclepain_lib.learner.progress_view",
    "musclepain_lib.core.glossary": "musclepain_lib.learner.glossary",
    "musclepain_lib.core.course_map": "musclepain_lib.learner.symptom_map",
    "musclepain_lib.core.selfcheck": "musclepain_lib.learner.selfcheck",
    "musclepain_lib.core.selfcheck_widget": "musclepain_lib.learner.selfcheck",
    "musclepain_lib.core.versions": "musclepain_lib.classroom.versions",
    "musclepain_lib.core.course_copy": "musclepain_lib.classroom.lesson_copy",
    "musclepain_lib.core.course_cli": "musclepain_lib.classroom.cli",
    "musclepain_lib.core.class_report": "musclepain_lib.classroom.class_report",
}


class _Alias(importlib.abc.Loader):
    def __init__(self, target: str):
        self.target = target

    def create_module(self, spec):
        return None  # an ordinary new module, filled below

    def exec_module(self, module):
        target = importlib.import_module(self.target)
        module.__dict__.update({k: v for k, v in vars(target).items() if not k.startswith("__")})
        module.__all__ = list(getattr(target, "__all__", ()))
        module.__doc__ = f"Moved to {self.target}; this name is kept for lessons saved by earlier releases."


class _MovedFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname not in MOVED:
            return None
        return importlib.util.spec_from_loader(fullname, _Alias(MOVED[fullname]))


def install() -> None:
    """Put the finder on ``sys.meta_path`` once."""
    if not any(isinstance(finder, _MovedFinder) for finder in sys.meta_path):
        sys.meta_path.append(_MovedFinder())
