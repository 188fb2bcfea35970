"""Nothing a learner does is lost: progress survives restarts, races, full disks and damage.

Each test plays one thing that happens to real learners: the kernel restarts, two lessons
are open at once, the disk fills up, the home folder cannot be written, the progress file
is damaged. The lesson always goes on, says plainly when it cannot save, and never empties
a file it could not read.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from musclepain_lib.core import progress as progress_module
from musclepain_lib.learner.lesson import finish_lesson, start_lesson
from musclepain_lib.learner.progress import ProgressStore, default_progress_path
from musclepain_lib.learner.questions import Question
from musclepain_lib.learner.selfcheck import self_check

CHOICE_LESSON, CHOICE_QUESTION = "00_welcome", "red-flag-calf"


@pytest.fixture
def progress_file(tmp_path):
    return tmp_path / "learner" / "progress.json"


def saved(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def attempts(path: Path, key: str) -> int:
    return saved(path)["answers"][key]["attempts"]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ----- kernel restart ------------------------------------------------------------------
def test_answers_and_opened_lessons_survive_a_kernel_restart(progress_file, tmp_path, monkeypatch):
    from jupyter_client.manager import start_new_kernel

    from lesson_runner import KERNEL_NAME, kernel_path_of_this_interpreter

    monkeypatch.setenv("JUPYTER_PATH", kernel_path_of_this_interpreter(tmp_path / "jupyter"))
    env = {**os.environ, "MUSCLEPAIN_PROGRESS": str(progress_file)}
    manager, client = start_new_kernel(kernel_name=KERNEL_NAME, env=env)
    try:
        run = textwrap.dedent(
            f"""
            from musclepain_lib.learner.lesson import start_lesson
            from musclepain_lib.learner.progress import ProgressStore
            start_lesson("01_electrolytes")
            ProgressStore().record_answer("01_electrolytes", "ek-normal", -98.0, True)
            """
        )
        reply = client.execute_interactive(run, timeout=60)
        assert reply["content"]["status"] == "ok"
        manager.restart_kernel(now=True)
        client.wait_for_ready(timeout=60)
        lines = []
        check = (
            "from musclepain_lib.learner.progress import ProgressStore\n"
            "d = ProgressStore().load()\n"
            "print(d['answers']['01_electrolytes/ek-normal']['last_answer'], "
            "'01_electrolytes' in d['lessons'])"
        )
        reply = client.execute_interactive(
            check, timeout=60, output_hook=lambda m: lines.append(m["content"].get("text", ""))
        )
        assert reply["content"]["status"] == "ok"
        assert "".join(lines).split() == ["-98.0", "True"]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_a_new_store_reads_what_an_old_one_wrote(progress_file):
    old = ProgressStore(progress_file)
    assert old.record_answer("02_cramps", "threshold", 1, False)
    assert old.record_answer("02_cramps", "threshold", 2, True)
    assert old.mark_lesson("02_cramps", "finished")
    fresh = ProgressStore(progress_file).load()
    answer = fresh["answers"]["02_cramps/threshold"]
    assert (answer["attempts"], answer["correct"], answer["last_answer"]) == (2, True, 2)
    assert "finished" in fresh["lessons"]["02_cramps"]


# ----- two notebooks at once -------------------------------------------------------------
WRITER = textwrap.dedent(
    """
    import sys, time
    from musclepain_lib.learner.progress import ProgressStore
    path, name, count, start_at = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    while time.time() < start_at:
        time.sleep(0.001)
    store = ProgressStore(path)
    for i in range(count):
        assert store.record_answer("04_diabetes", "shared", i, i % 7 == 0), store.message
        assert store.record_answer("04_diabetes", name + "-" + str(i), i, True), store.message
        store.mark_lesson("04_diabetes", "opened")
    """
)


def test_two_notebooks_writing_at_once_lose_no_answer(progress_file):
    import time

    writers, count = 3, 40
    start_at = time.time() + 1.5
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(progress_file), f"nb{n}", str(count), str(start_at)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(writers)
    ]
    for process in processes:
        _, errors = process.communicate(timeout=120)
        assert process.returncode == 0, errors
    data = saved(progress_file)
    assert data["answers"]["04_diabetes/shared"]["attempts"] == writers * count
    assert data["answers"]["04_diabetes/shared"]["correct"] is True
    own = [k for k in data["answers"] if k != "04_diabetes/shared"]
    assert len(own) == writers * count
    assert leftovers(progress_file.parent) == []


# ----- a full disk ------------------------------------------------------------------------
def no_space(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_keeps_the_old_file_whole_and_the_lesson_going(progress_file, monkeypatch):
    store = ProgressStore(progress_file)
    assert store.record_answer("03_muscle_growth", "doms-peak", 48, True)
    before = progress_file.read_bytes()

    monkeypatch.setattr(progress_module.os, "fsync", no_space)
    assert store.record_answer("03_muscle_growth", "banister", 2, False) is False
    assert "could not be saved" in store.message and "No space left" in store.message
    assert progress_file.read_bytes() == before, "a failed save must not damage the saved file"
    assert leftovers(progress_file.parent) == [], "a failed save leaves no half-written file"
    status = start_lesson("03_muscle_growth", store)
    assert "Note:" in status and "could not be saved" in status
    # The answer is not lost while the kernel runs: it is shown as progress ...
    assert "03_muscle_growth/banister" in store.load()["answers"]

    monkeypatch.undo()
    # ... and written with the next save once there is room again.
    assert store.record_answer("03_muscle_growth", "doms-peak", 72, False)
    data = saved(progress_file)
    assert data["answers"]["03_muscle_growth/banister"]["attempts"] == 1
    assert data["answers"]["03_muscle_growth/doms-peak"]["attempts"] == 2
    assert store.message is None


def test_a_self_check_on_a_full_disk_still_gives_feedback_and_says_it_cannot_save(
    progress_file, monkeypatch
):
    monkeypatch.setattr(progress_module.os, "fsync", no_space)
    widget = self_check(CHOICE_LESSON, CHOICE_QUESTION, store=ProgressStore(progress_file))
    widget.answer_input.value = widget.question.answer
    assert widget.check() is True
    assert "Correct" in widget.feedback.value
    assert "could not be saved" in widget.feedback.value


def test_finishing_a_lesson_on_a_full_disk_says_so(progress_file, monkeypatch):
    monkeypatch.setattr(progress_module.os, "fsync", no_space)
    status = finish_lesson("05_arthritis", ProgressStore(progress_file))
    assert "end reached" in status and "could not be saved" in status


# ----- a home that cannot be written ------------------------------------------------------
def test_a_progress_folder_that_is_a_file_keeps_the_lesson_going(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the progress folder should be")
    store = ProgressStore(blocker / "progress.json")
    status = start_lesson("01_electrolytes", store)
    assert "could not be saved" in status
    assert store.record_answer("01_electrolytes", "ek-normal", -98, True) is False
    assert store.load()["answers"]["01_electrolytes/ek-normal"]["attempts"] == 1
    assert blocker.read_text() == "a file where the progress folder should be"


def test_a_home_folder_that_cannot_be_written_keeps_the_lesson_going(tmp_path, monkeypatch):
    home = tmp_path / "home-is-a-file"
    home.write_text("")
    monkeypatch.delenv("MUSCLEPAIN_PROGRESS", raising=False)
    monkeypatch.setenv("HOME", str(home))
    assert default_progress_path() == home / ".musclepain" / "progress.json"
    widget = self_check(CHOICE_LESSON, CHOICE_QUESTION)
    widget.answer_input.value = (widget.question.answer + 1) % len(widget.question.choices)
    assert widget.check() is False
    assert "Not yet" in widget.feedback.value and "could not be saved" in widget.feedback.value


def test_a_read_only_file_system_keeps_the_lesson_going(progress_file, monkeypatch):
    store = ProgressStore(progress_file)
    assert store.record_answer("02_cramps", "tetany", 1, True)

    def read_only(*_args, **_kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(progress_module.tempfile, "mkstemp", read_only)
    assert store.record_answer("02_cramps", "tetany", 2, True) is False
    assert "Read-only file system" in store.message
    assert attempts(progress_file, "02_cramps/tetany") == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="as root, folder permissions do not stop writes")
def test_a_folder_without_write_permission_keeps_the_lesson_going(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        store = ProgressStore(folder / "progress.json")
        assert store.record_answer("02_cramps", "tetany", 1, True) is False
        assert "could not be saved" in store.message
    finally:
        folder.chmod(0o700)


# ----- a damaged file -----------------------------------------------------------------------
DAMAGED = {
    "not json": b"this is not json at all",
    "cut off mid-write": b'{"version": 1, "lessons": {"01_electrolytes": {"first_op',
    "binary": bytes(range(256)),
    "empty": b"",
    "a list": b"[1, 2, 3]",
    "lessons not a mapping": b'{"version": 1, "lessons": [], "answers": {}}',
    "an answer not a record": b'{"version": 1, "lessons": {}, "answers": {"00_welcome/x": 5}}',
    "attempts not a count": b'{"version": 1, "lessons": {}, "answers": {"00_welcome/x": {"attempts": "3"}}}',
    "a time not a number": b'{"version": 1, "lessons": {"00_welcome": {"first_opened": "today"}}, "answers": {}}',
    "nested too deep": b"[" * 100_000,
}


def damaged_copies(folder: Path) -> list[Path]:
    return sorted(folder.glob("progress.damaged-*.json"))


@pytest.mark.parametrize("damage", list(DAMAGED), ids=list(DAMAGED))
def test_a_damaged_progress_file_is_set_aside_with_a_message_never_emptied(progress_file, damage):
    progress_file.parent.mkdir(parents=True)
    progress_file.write_bytes(DAMAGED[damage])
    store = ProgressStore(progress_file)
    assert store.load()["answers"] == {}
    kept = damaged_copies(progress_file.parent)
    assert len(kept) == 1 and kept[0].read_bytes() == DAMAGED[damage]
    assert kept[0].name in store.message and "damaged" in store.message
    assert store.record_answer("01_electrolytes", "ek-normal", -98, True)
    assert attempts(progress_file, "01_electrolytes/ek-normal") == 1


def test_a_damaged_file_found_while_saving_is_set_aside_too(progress_file):
    store = ProgressStore(progress_file)
    assert store.record_answer("05_arthritis", "das28", 5.4, True)
    progress_file.write_bytes(DAMAGED["cut off mid-write"])
    assert store.record_answer("05_arthritis", "das28", 5.5, True)
    assert [p.read_bytes() for p in damaged_copies(progress_file.parent)] == [DAMAGED["cut off mid-write"]]
    assert "damaged" in store.message


def test_two_damaged_files_in_the_same_second_are_both_kept(progress_file, monkeypatch):
    monkeypatch.setattr(progress_module.time, "strftime", lambda *_: "20260101-000000")
    progress_file.parent.mkdir(parents=True)
    for damage in ("not json", "binary"):
        progress_file.write_bytes(DAMAGED[damage])
        ProgressStore(progress_file).load()
    kept = sorted(p.read_bytes() for p in damaged_copies(progress_file.parent))
    assert kept == sorted([DAMAGED["not json"], DAMAGED["binary"]])


def test_a_damaged_file_that_cannot_be_set_aside_is_left_as_it_is(progress_file, monkeypatch):
    progress_file.parent.mkdir(parents=True)
    progress_file.write_bytes(DAMAGED["cut off mid-write"])
    real_replace = os.replace

    def refuse_setting_aside(source, target):
        if "damaged" in Path(target).name:
            raise OSError(errno.EACCES, os.strerror(errno.EACCES))
        return real_replace(source, target)

    monkeypatch.setattr(progress_module.os, "replace", refuse_setting_aside)
    store = ProgressStore(progress_file)
    store.load()
    assert "could not be moved aside" in store.message
    store.record_answer("01_electrolytes", "ek-normal", -98, True)
    assert progress_file.read_bytes() == DAMAGED["cut off mid-write"], "damaged file was overwritten"
    assert store.message and "left as it is" in store.message
    assert store.load()["answers"]["01_electrolytes/ek-normal"]["attempts"] == 1


def test_a_folder_in_place_of_the_progress_file_keeps_the_lesson_going(progress_file):
    progress_file.mkdir(parents=True)
    store = ProgressStore(progress_file)
    status = start_lesson("00_welcome", store)
    assert "Note:" in status
    assert store.record_answer("00_welcome", "lesson-map", 1, True) is False
    assert progress_file.is_dir()


def test_a_number_answer_the_check_cannot_use_is_refused_in_words(progress_file):
    question = Question(
        lesson="01_electrolytes", id="ek", kind="number", prompt="E_K?", explanation="Nernst.",
        answer=-98.0, tolerance=2.0, unit="mV",
    )
    from musclepain_lib.learner.selfcheck import QuestionWidget

    widget = QuestionWidget.build(question, ProgressStore(progress_file))
    for typed in (float("nan"), float("inf"), -float("inf"), 1e400):
        widget.answer_input.value = str(typed)  # the answer box is a text box (a unit may follow the number)
        assert widget.check() is None
        assert "answer = " in widget.feedback.value and "mV" in widget.feedback.value
    widget.answer_input.value = "1e308"
    assert widget.check() is False and "too high" in widget.feedback.value


# ----- every self-check of every lesson, answered every way ------------------------------------
def all_questions():
    from musclepain_lib.learner.questions import list_question_files, load_questions

    return [(lesson, qid) for lesson in list_question_files() for qid in load_questions(lesson)]


@pytest.mark.parametrize(("lesson", "question_id"), all_questions(), ids="/".join)
def test_every_answer_to_a_self_check_gets_feedback_and_every_attempt_is_kept(progress_file, lesson, question_id):
    widget = self_check(lesson, question_id, store=ProgressStore(progress_file))
    question, counted = widget.question, 0
    if question.kind == "choice":
        answers = list(range(len(question.choices)))
    else:
        near = question.answer + 10 * question.tolerance
        answers = [question.answer, near, -near, 0.0, 1e308, float("nan"), float("inf")]
    for answer in answers:
        widget.answer_input.value = answer if question.kind == "choice" else repr(answer)  # a text box for numbers
        result = widget.check()
        assert "role='status'" in widget.feedback.value
        counted += result is not None
    for _ in range(len(question.hints) + 2):  # pressing Hint past the last one does no harm
        widget.next_hint()
    widget.explain()
    assert widget.explanation.value and widget.hint_button.disabled == bool(question.hints)
    saved = ProgressStore(progress_file).load()["answers"][f"{lesson}/{question_id}"]
    assert saved["attempts"] >= counted > 0 and saved["correct"] is True
