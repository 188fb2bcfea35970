"""Copy the course's lessons into a learner's (or instructor's) folder, and update it later.

The lessons travel inside the package: an installed wheel carries their student version
in ``musclepain_lib/lessons`` (exercises as stubs, no solutions, no teaching notes: what a
learner gets); in a checkout they are read from ``notebooks/``. Each lesson is written in one
version (:mod:`musclepain_lib.classroom.versions`): ``student`` (the default) or
``instructor``. The instructor version is made only from source lessons the caller names
(``source``: the repository's ``notebooks/`` folder, which instructors keep where learners
cannot read it; docs/instructor.md), never from what the course installs, so no course
command run in a learner's environment hands out the answers.

A copy keeps a record, ``.musclepain-course.json`` in the folder, of the version it
wrote and a SHA-256 hash of what a learner can change in every lesson as written: each
cell's type and source (running a lesson, which JupyterLab then autosaves, changes only
outputs, execution counts and metadata). A second run therefore knows, for each lesson,
whether the learner has changed it:

- a lesson not there yet is added;
- a lesson whose cells are the same as the new version's is left as it is (outputs and all);
- a lesson unchanged since it was written (or only run) is replaced by the newer version;
- a lesson the learner changed (or that the course never wrote) is kept as it is, the new
  version is written beside it as ``NAME-new-version.ipynb``, and both are named in the
  result and in the record (``kept``), which the welcome lesson shows, so no learner's work
  is ever overwritten and no release is missed.

A folder holding one version is never filled with the other: a student's folder can
never receive the solutions by mistake.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from musclepain_lib.core.errors import InputError
from musclepain_lib.core.manifest import LESSONS
from musclepain_lib.classroom.versions import VERSIONS, VersionError, make_version

__all__ = ["HOME_FOLDER", "RECORD_NAME", "CopyResult", "beside_name", "lessons_dir", "copy_course"]

#: The file in a copied folder that records the version and what the course wrote there.
RECORD_NAME = ".musclepain-course.json"
#: The folder a hub's start-up copy writes in each user's home (the static site's hub links open it).
HOME_FOLDER = "leg-muscle-pain"

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def lessons_dir() -> Path:
    """The folder holding the source lessons (installed wheel first, then the checkout)."""
    for folder in (_PACKAGE_DIR / "lessons", _PACKAGE_DIR.parent / "notebooks"):
        if (folder / LESSONS[0].file).is_file():
            return folder
    raise FileNotFoundError(
        f"the course's lessons are missing: looked in {_PACKAGE_DIR / 'lessons'} and {_PACKAGE_DIR.parent / 'notebooks'}"
    )


@dataclass
class CopyResult:
    """What a copy did, lesson by lesson (file names)."""

    folder: Path
    version: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    #: for each kept lesson, the file beside it holding the new version
    beside: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        lines = [f"The {self.version} version of the course is in {self.folder}"]
        for label, names in (("added", self.added), ("updated", self.updated), ("already up to date", self.unchanged)):
            if names:
                lines.append(f"  {label}: {', '.join(names)}")
        if self.kept:
            lines.append(
                f"  kept as you left them (changed since they were copied, so not replaced): {', '.join(self.kept)}"
            )
            lines.append("  the new versions are beside them: " + ", ".join(self.beside[name] for name in self.kept))
        lines.append(f"  open {self.folder / LESSONS[0].file} to start")
        return "\n".join(lines)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def beside_name(file: str) -> str:
    """The name the new version of a kept lesson is written under, beside it."""
    path = Path(file)
    return f"{path.stem}-new-version{path.suffix}"


def _learner_part(data: bytes) -> str:
    """A hash of what a learner can change in a notebook: each cell's type and source (not
    outputs, execution counts or metadata, which running and autosaving rewrite)."""
    try:
        cells = json.loads(data.decode("utf-8"))["cells"]
        part = [(cell["cell_type"], "".join(cell["source"])) for cell in cells]
    except (ValueError, UnicodeDecodeError, KeyError, TypeError):
        return _digest(data)  # not a notebook any more: whatever it holds is the learner's
    return _digest(json.dumps(part).encode("utf-8"))


def _untouched(current: bytes, recorded: str | None) -> bool:
    """The learner has not changed this lesson since the course wrote it (older records hashed bytes)."""
    return recorded is not None and recorded in (_learner_part(current), _digest(current))


def _write_beside(folder: Path, file: str, new: bytes, written: dict) -> str:
    """Write the new version beside a kept lesson, unless the learner has changed that copy too."""
    name = beside_name(file)
    target = folder / name
    if target.exists() and not _untouched(target.read_bytes(), written.get(name)):
        return name
    target.write_bytes(new)
    written[name] = _learner_part(new)
    return name


def _read_record(folder: Path) -> dict:
    path = folder / RECORD_NAME
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return {"damaged": True}
    return record if isinstance(record, dict) and isinstance(record.get("files", {}), dict) else {"damaged": True}


def _source_lessons(folder: Path, version: str) -> Path:
    """The folder of lessons to copy from, refused by name when it lacks one of the manifest's."""
    missing = [lesson.file for lesson in LESSONS if not (folder / lesson.file).is_file()]
    if missing:
        raise InputError(
            f"source = {str(folder)!r} is not allowed: it lacks {', '.join(missing)}; "
            f"expected a folder holding every lesson of the course ({version} version from the source lessons)"
        )
    return folder


def _made(notebook: dict, version: str, name: str, source_dir: Path) -> dict:
    try:
        return make_version(notebook, version, name)
    except VersionError as error:
        raise InputError(f"source = {str(source_dir)!r} is not allowed: {error}") from None


def copy_course(dest: str | Path, version: str = "student", source: str | Path | None = None) -> CopyResult:
    """Write every lesson of the manifest into ``dest`` in one version; never overwrite a learner's change.

    ``version`` is ``"student"`` (default) or ``"instructor"``. ``source`` is the folder of
    source lessons (default, for the student version only: :func:`lessons_dir`). Raises :class:`InputError` for an unknown
    version, or when ``dest`` already holds the other version.
    """
    if version not in VERSIONS:
        raise InputError(f"version = {version!r} is not allowed: expected one of {', '.join(VERSIONS)}")
    if version == "instructor" and source is None:
        raise InputError(
            "source = None is not allowed for the instructor version: name the folder of the course's "
            "source lessons (the repository's notebooks/ folder); the installed course carries the "
            "student version only"
        )
    folder = Path(dest).expanduser()
    source_dir = _source_lessons(Path(source).expanduser() if source is not None else lessons_dir(), version)
    folder.mkdir(parents=True, exist_ok=True)
    record = _read_record(folder)
    earlier = record.get("version")
    if earlier is not None and earlier != version:
        raise InputError(
            f"dest = {str(folder)!r} is not allowed: it holds the {earlier} version of the course; "
            f"copy the {version} version into another folder"
        )
    written = dict(record.get("files", {})) if not record.get("damaged") else {}
    result = CopyResult(folder, version)
    for lesson in LESSONS:
        notebook = json.loads((source_dir / lesson.file).read_text(encoding="utf-8"))
        text = json.dumps(_made(notebook, version, lesson.file, source_dir), indent=1, ensure_ascii=False) + "\n"
        new = text.encode("utf-8")
        target = folder / lesson.file
        try:
            current = target.read_bytes()
        except FileNotFoundError:
            current = None
        if current is None:
            result.added.append(lesson.file)
        elif current == new or _learner_part(current) == _learner_part(new):
            result.unchanged.append(lesson.file)
            written[lesson.file] = _learner_part(new)
            continue
        elif _untouched(current, written.get(lesson.file)):
            result.updated.append(lesson.file)
        else:
            result.kept.append(lesson.file)
            result.beside[lesson.file] = _write_beside(folder, lesson.file, new, written)
            continue
        target.write_bytes(new)
        written[lesson.file] = _learner_part(new)
    (folder / RECORD_NAME).write_text(
        json.dumps({"version": version, "files": written, "kept": result.beside}, indent=1, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    return result
