"""Progress is recorded, merged across attempts, and read back by a new session."""

from musclepain_lib.learner.lesson import finish_lesson, start_lesson
from musclepain_lib.learner.progress import ProgressStore, default_progress_path


def test_the_progress_file_location_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("MUSCLEPAIN_PROGRESS", str(tmp_path / "p.json"))
    assert default_progress_path() == tmp_path / "p.json"
    monkeypatch.delenv("MUSCLEPAIN_PROGRESS")
    assert default_progress_path().name == "progress.json"


def test_answers_accumulate_attempts_and_remember_success(tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    assert store.record_answer("01", "q", 1, False)
    assert store.record_answer("01", "q", 2, True)
    assert store.record_answer("01", "q", 0, False)
    entry = ProgressStore(tmp_path / "progress.json").load()["answers"]["01/q"]
    assert entry["attempts"] == 3 and entry["correct"] is True and entry["last_answer"] == 0


def test_lessons_are_marked_opened_and_finished(tmp_path):
    store = ProgressStore(tmp_path / "deeper" / "progress.json")
    assert "Progress is kept in" in start_lesson("00_welcome", store)
    assert "finished" in finish_lesson("00_welcome", store)
    lesson = ProgressStore(tmp_path / "deeper" / "progress.json").load()["lessons"]["00_welcome"]
    assert lesson["first_opened"] <= lesson["last_opened"] <= lesson["finished"]


def test_a_damaged_file_is_set_aside_not_emptied(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text("{not json")
    store = ProgressStore(path)
    assert store.load()["answers"] == {}
    kept = list(tmp_path.glob("progress.damaged-*.json"))
    assert len(kept) == 1 and kept[0].read_text() == "{not json"
    assert "damaged" in store.message
