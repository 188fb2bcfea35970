"""Nothing lost: answers reach the progress service in order and once, through a restart; no hub, no network."""

import socket
import time

import pytest

from musclepain_lib.classroom.progress_db import ProgressDatabase
from musclepain_lib.learner import progress_sender
from musclepain_lib.learner.progress import ProgressStore
from musclepain_lib.learner.progress_sender import ProgressSender
from tools.class_service import Member, call, running_service

LEARNERS = [Member(f"student{n:02d}") for n in range(1, 7)]
TEACHER = Member("instructor", admin=True)


@pytest.fixture
def no_sender_yet(monkeypatch):
    monkeypatch.setattr(progress_sender, "_sender", None)
    monkeypatch.setattr(progress_sender, "_checked", False)


def test_without_a_hub_an_answer_makes_no_network_call(monkeypatch, tmp_path, no_sender_yet):
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    monkeypatch.setenv("MUSCLEPAIN_PROGRESS_SERVICE_URL", "http://127.0.0.1:9/services/musclepain-progress/")

    def no_network(*args, **kwargs):
        raise AssertionError("a network call was made without a hub")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    store = ProgressStore(tmp_path / "progress.json")
    assert store.record_answer("02_cramps", "q1", "b", True) and store.mark_lesson("02_cramps", "finished")
    assert progress_sender.sender_from_environment() is None


def test_a_check_never_waits_for_a_service_that_is_down(monkeypatch, tmp_path, no_sender_yet):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "a-token")
    monkeypatch.setenv("MUSCLEPAIN_PROGRESS_SERVICE_URL", f"http://127.0.0.1:{port}/services/musclepain-progress/")
    store = ProgressStore(tmp_path / "progress.json")
    store.record_answer("02_cramps", "q0", "a", False)  # the first makes the sender
    sender = progress_sender.sender_from_environment()
    times = []
    for n in range(50):
        start = time.perf_counter()
        sender.send({"kind": "selfcheck", "lesson": "02_cramps", "question": f"q{n}", "correct": True, "time": 1.8e9})
        times.append(time.perf_counter() - start)
    assert max(times) < 0.005, f"a send took {max(times) * 1000:.1f} ms"
    time.sleep(0.3)
    assert sender.pending() == 51 and sender.sent == 0 and "could not be reached" in sender.last_problem


def _answer(sender, learner_number, n):
    sender.send({"kind": "selfcheck", "lesson": "02_cramps", "question": f"q{n % 7}", "answer": f"{learner_number}:{n}",
                 "correct": n % 3 == 0, "time": 1_800_000_000.0 + n})


def test_a_service_restarted_mid_class_loses_nothing_and_doubles_nothing(database_url, tmp_path):
    per_learner = 30
    with running_service([*LEARNERS, TEACHER], database_url, tmp_path) as service:
        senders = [ProgressSender(service.url, member.token, timeout_s=2) for member in LEARNERS]
        for n in range(per_learner):
            if n == 10:
                service.stop()  # the class goes on answering while the service is down
            if n == 20:
                service.start()
            for number, sender in enumerate(senders):
                _answer(sender, number, n)
            time.sleep(0.02)
        assert all(sender.wait_until_sent(60) for sender in senders), [s.last_problem for s in senders]
        for number, (member, sender) in enumerate(zip(LEARNERS, senders)):
            status, mine = call(service.url + "api/attempts", member.token)
            answers = [r["answer"] for r in mine["records"]]
            assert status == 200 and answers == [f"{number}:{n}" for n in range(per_learner)]  # all, in order, once
            assert sender.sent == per_learner and sender.refused == 0
        status, summary = call(service.url + "api/class", TEACHER.token)
        assert sum(q["answered"] for q in summary["questions"]) == len(LEARNERS) * 7
    database = ProgressDatabase(database_url)
    stored = database.count()
    database.close()
    assert stored == len(LEARNERS) * per_learner
    print(f"\nrestart test ({database_url.split(':')[0]}): {len(LEARNERS)} learners x {per_learner} attempts, "
          f"service down for answers 11-20; sent {sum(s.sent for s in senders)}, rows stored {stored}")


def test_answers_queued_when_a_kernel_stopped_reach_the_service_from_the_next_kernel_once(
        database_url, tmp_path, monkeypatch, no_sender_yet):
    from musclepain_lib.learner import progress

    learner = LEARNERS[0]
    path = tmp_path / "progress.json"
    monkeypatch.setattr(progress, "_OFFERED_AGAIN", set())
    with running_service([learner, TEACHER], database_url, tmp_path) as service:
        monkeypatch.setenv("JUPYTERHUB_API_TOKEN", learner.token)
        monkeypatch.setenv("MUSCLEPAIN_PROGRESS_SERVICE_URL", service.url)
        service.stop()  # the first kernel answers while the service is away, then stops
        first_kernel = ProgressStore(path)
        for n in range(5):
            first_kernel.record_answer("02_cramps", f"q{n}", n, n % 2 == 0)
        stopped = progress_sender.sender_from_environment()
        assert stopped.sent == 0
        stopped._queue.clear()  # the kernel stops: what it held in memory is gone
        monkeypatch.setattr(progress_sender, "_sender", None)  # a new kernel
        monkeypatch.setattr(progress_sender, "_checked", False)
        monkeypatch.setattr(progress, "_OFFERED_AGAIN", set())
        service.start()
        ProgressStore(path).record_answer("02_cramps", "q5", 5, True)
        assert progress_sender.sender_from_environment().wait_until_sent(30)
        ProgressStore(path).record_answer("02_cramps", "q6", 6, True)  # offered again only once a kernel
        assert progress_sender.sender_from_environment().wait_until_sent(30)
        status, mine = call(service.url + "api/attempts", learner.token)
    assert status == 200
    assert [r["question"] for r in mine["records"]] == [f"q{n}" for n in range(7)]  # every one, in order, once
