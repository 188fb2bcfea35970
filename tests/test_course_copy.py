"""`musclepain-course copy`: the student version by default, and a second run never overwrites a learner's change."""

import json

import pytest

from musclepain_lib import InputError
from musclepain_lib.classroom import lesson_copy
from musclepain_lib.classroom.cli import main
from musclepain_lib.classroom.lesson_copy import RECORD_NAME, beside_name, copy_course
from musclepain_lib.core.manifest import LESSONS

FILES = [lesson.file for lesson in LESSONS]


def _texts(folder):
    return {name: (folder / name).read_text(encoding="utf-8") for name in FILES}


def test_a_student_copy_holds_every_lesson_and_no_solution_or_teaching_note(tmp_path):
    result = copy_course(tmp_path / "course")
    assert result.added == FILES and not result.kept
    for name, text in _texts(tmp_path / "course").items():
        notebook = json.loads(text)
        assert notebook["metadata"]["musclepain_version"] == "student", name
        assert "BEGIN SOLUTION" not in text and "Teaching note" not in text, name
        assert not any({"solution", "teacher-note"} & set(c["metadata"].get("tags", [])) for c in notebook["cells"])


def test_the_instructor_copy_keeps_the_solutions(tmp_path):
    copy_course(tmp_path / "teach", "instructor", source=lesson_copy.lessons_dir())
    texts = "".join(_texts(tmp_path / "teach").values())
    assert "BEGIN SOLUTION" in texts


def test_the_instructor_version_is_made_only_from_source_lessons_named_on_purpose(tmp_path, capsys):
    with pytest.raises(InputError, match="source = None is not allowed for the instructor version"):
        copy_course(tmp_path / "teach", "instructor")
    copy_course(tmp_path / "course")  # a student's lessons are no source for the solutions
    with pytest.raises(InputError, match="is the student version of the lesson"):
        copy_course(tmp_path / "teach", "instructor", source=tmp_path / "course")
    (tmp_path / "half").mkdir()
    with pytest.raises(InputError, match=f"source = .*half.* it lacks {FILES[0]}"):
        copy_course(tmp_path / "teach", "instructor", source=tmp_path / "half")
    assert main(["copy", str(tmp_path / "teach"), "--instructor"]) == 1
    assert "source = None is not allowed" in capsys.readouterr().err
    assert not list((tmp_path / "teach").glob("*.ipynb"))


def test_a_copy_from_lessons_already_in_the_student_version_writes_them_as_they_are(tmp_path):
    copy_course(tmp_path / "installed")  # what the wheel carries: the student version
    result = copy_course(tmp_path / "course", source=tmp_path / "installed")
    assert result.added == FILES
    assert _texts(tmp_path / "course") == _texts(tmp_path / "installed")


def test_a_second_run_updates_untouched_lessons_and_keeps_the_changed_one(tmp_path):
    folder = tmp_path / "course"
    copy_course(folder)
    changed = folder / FILES[1]
    mine = changed.read_text(encoding="utf-8").replace("Student version", "My notes. Student version", 1)
    changed.write_text(mine, encoding="utf-8")
    untouched = folder / FILES[2]
    record = json.loads((folder / RECORD_NAME).read_text())
    # An older course release wrote lesson 02 (a cell read differently; its record hashed the
    # file's bytes, as releases before this one did) and lesson 06 is new since then.
    older = untouched.read_text(encoding="utf-8").replace("Student version", "Student version (older)", 1)
    untouched.write_text(older, encoding="utf-8")
    record["files"][FILES[2]] = __import__("hashlib").sha256(untouched.read_bytes()).hexdigest()
    (folder / RECORD_NAME).write_text(json.dumps(record))
    (folder / FILES[-1]).unlink()

    result = copy_course(folder)
    assert result.kept == [FILES[1]]
    assert result.updated == [FILES[2]]
    assert result.added == [FILES[-1]]
    assert changed.read_text(encoding="utf-8") == mine
    assert "kept as you left them" in str(result) and FILES[1] in str(result)
    assert copy_course(folder).kept == [FILES[1]]  # and again: still kept, never replaced


def test_a_student_folder_never_receives_the_instructor_version(tmp_path):
    copy_course(tmp_path / "course")
    with pytest.raises(InputError, match="holds the student version"):
        copy_course(tmp_path / "course", "instructor", source=lesson_copy.lessons_dir())
    with pytest.raises(InputError, match="version = 'teacher'"):
        copy_course(tmp_path / "other", "teacher")


def test_the_command_copies_and_says_what_it_kept(tmp_path, capsys):
    assert main(["copy", str(tmp_path / "c")]) == 0
    (tmp_path / "c" / FILES[0]).write_text("{}", encoding="utf-8")
    assert main(["copy", str(tmp_path / "c")]) == 0
    out = capsys.readouterr().out
    assert "kept as you left them" in out and FILES[0] in out
    assert main(["copy", str(tmp_path / "c"), "--instructor", "--source", str(lesson_copy.lessons_dir())]) == 1


def _run(path, source_change=None):
    """What running a lesson and JupyterLab's autosave do to it: outputs, counts, metadata."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for number, cell in enumerate(c for c in notebook["cells"] if c["cell_type"] == "code"):
        cell["execution_count"] = number + 1
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["ran\n"]}]
        cell["metadata"]["execution"] = {"iopub.status.idle": "2026-12-06T10:00:00Z"}
    notebook["metadata"]["widgets"] = {"state": {}}
    if source_change:
        notebook["cells"][-1]["source"] = source_change
    path.write_text(json.dumps(notebook, indent=2), encoding="utf-8")


def _older_release(folder, name):
    """Make the folder look as an older release wrote NAME: one cell read differently then."""
    path = folder / name
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["cells"][0]["source"] = "# An older title\n"
    path.write_text(json.dumps(notebook, indent=1) + "\n", encoding="utf-8")
    record = json.loads((folder / RECORD_NAME).read_text())
    record["files"][name] = lesson_copy._learner_part(path.read_bytes())
    (folder / RECORD_NAME).write_text(json.dumps(record))


def test_a_lesson_only_run_is_left_alone_and_gets_the_next_release(tmp_path):
    folder = tmp_path / "course"
    copy_course(folder)
    lesson = folder / FILES[2]
    _run(lesson)
    ran = lesson.read_text(encoding="utf-8")
    result = copy_course(folder)
    assert FILES[2] in result.unchanged and not result.kept
    assert lesson.read_text(encoding="utf-8") == ran  # the learner's outputs stay

    _older_release(folder, FILES[2])
    _run(lesson)
    result = copy_course(folder)
    assert result.updated == [FILES[2]] and not result.kept
    assert "# An older title" not in lesson.read_text(encoding="utf-8")


def test_a_lesson_really_changed_is_kept_and_the_new_version_written_beside_it(tmp_path):
    folder = tmp_path / "course"
    copy_course(folder)
    lesson = folder / FILES[3]
    _older_release(folder, FILES[3])
    _run(lesson, source_change="My own notes on this lesson")
    mine = lesson.read_text(encoding="utf-8")
    result = copy_course(folder)
    assert result.kept == [FILES[3]] and result.beside == {FILES[3]: beside_name(FILES[3])}
    assert lesson.read_text(encoding="utf-8") == mine
    new = json.loads((folder / beside_name(FILES[3])).read_text(encoding="utf-8"))
    assert new["cells"][0]["source"] != "# An older title\n" and new["metadata"]["musclepain_version"] == "student"
    assert json.loads((folder / RECORD_NAME).read_text())["kept"] == {FILES[3]: beside_name(FILES[3])}
    assert beside_name(FILES[3]) in str(result)
    # the learner writes in the new copy too: a later run keeps that work as well
    (folder / beside_name(FILES[3])).write_text("{}", encoding="utf-8")
    copy_course(folder)
    assert (folder / beside_name(FILES[3])).read_text(encoding="utf-8") == "{}"


def test_the_welcome_lesson_and_the_kept_lesson_say_where_the_new_version_is(tmp_path, monkeypatch):
    from musclepain_lib.learner.lesson import kept_lessons_notice, start_lesson
    from musclepain_lib.learner.progress import ProgressStore

    folder = tmp_path / "course"
    copy_course(folder)
    assert kept_lessons_notice(LESSONS[0].id, folder) == ""
    _older_release(folder, FILES[3])
    _run(folder / FILES[3], source_change="My own notes on this lesson")
    copy_course(folder)
    for lesson in (LESSONS[0].id, LESSONS[3].id):
        notice = kept_lessons_notice(lesson, folder)
        assert FILES[3] in notice and beside_name(FILES[3]) in notice, lesson
    assert kept_lessons_notice(LESSONS[2].id, folder) == ""
    monkeypatch.chdir(folder)  # a lesson's kernel starts in the lesson's folder
    shown = start_lesson(LESSONS[0].id, ProgressStore(tmp_path / "progress.json"))
    assert "Kept as you changed them" in shown and beside_name(FILES[3]) in shown
