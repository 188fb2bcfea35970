"""300 learners answering a lesson's self-checks against the class progress service.

The service runs as the hub runs it (its own process on 127.0.0.1, tokens checked with
JupyterHub's own HubOAuth, tools/class_service.py), once on a SQLite file and once on a
throwaway PostgreSQL server. Each simulated learner opens lesson 02, answers each of its
self-checks (a wrong first try on about a third of them, then the right one) and finishes it,
at a pace compressed in time: a real learner answers every 30 to 90 s, here every 0.5 to 1.5 s
(60 times faster). A failed send is tried again, as the kernel's sender does.

Reported: attempts per second held over the class, the time from sending an attempt to the
service's reply (p50, p99), attempts lost (sent but not stored: must be 0), the database's
size. Bounded: 300 learners, at most 120 s per database.
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import tempfile
import time

from musclepain_lib.classroom.progress_db import ProgressDatabase
from musclepain_lib.learner.questions import load_questions
from tools.class_service import Member, running_service
from tools.postgres import postgres_binaries, throwaway_postgres

LEARNERS = 300
LESSON = "02_cramps"
PACE_S = (0.5, 1.5)
LIMIT_S = 120.0


def _plan(rng: random.Random, questions: list[str]) -> list[dict]:
    """One learner's records: lesson opened, each question (a wrong try first, a third of the time), finished."""
    records = [{"kind": "lesson", "question": "opened", "correct": None}]
    for question in questions:
        if rng.random() < 1 / 3:
            records.append({"kind": "selfcheck", "question": question, "answer": "b", "correct": False})
        records.append({"kind": "selfcheck", "question": question, "answer": "a", "correct": True})
    records.append({"kind": "lesson", "question": "finished", "correct": None})
    return records


async def _learner(client, url, member, plan, rng, times_ms, deadline):
    from tornado.httpclient import HTTPRequest

    await asyncio.sleep(rng.uniform(0, PACE_S[1]))  # a class does not press Enter in the same millisecond
    for number, record in enumerate(plan):
        body = json.dumps({"records": [{**record, "lesson": LESSON, "attempt_id": f"{member.name}-{number}",
                                        "time": time.time()}]})
        while time.monotonic() < deadline:
            started = time.perf_counter()
            reply = await client.fetch(HTTPRequest(url, method="POST", body=body, request_timeout=30,
                                                   headers={"Authorization": f"token {member.token}"}),
                                       raise_error=False)
            if reply.code == 200:
                times_ms.append(1000 * (time.perf_counter() - started))
                break
            await asyncio.sleep(0.5)  # the sender's first wait before trying again
        await asyncio.sleep(rng.uniform(*PACE_S))


async def _class(url, members, plans):
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=LEARNERS)
    client = AsyncHTTPClient()
    times_ms: list[float] = []
    deadline = time.monotonic() + LIMIT_S
    started = time.perf_counter()
    await asyncio.gather(*(_learner(client, url, m, plan, random.Random(i), times_ms, deadline)
                           for i, (m, plan) in enumerate(zip(members, plans))))
    return times_ms, time.perf_counter() - started


def _one_database(label: str, url: str, workdir: str) -> None:
    questions = list(load_questions(LESSON))
    members = [Member(f"learner{n:03d}") for n in range(LEARNERS)]
    plans = [_plan(random.Random(1000 + n), questions) for n in range(LEARNERS)]
    sent = sum(len(plan) for plan in plans)
    with running_service(members, url, workdir) as service:
        times_ms, seconds = asyncio.run(_class(service.url + "api/attempts", members, plans))
    database = ProgressDatabase(url)
    stored, size = database.count(), database.size_bytes()
    database.close()
    ordered = sorted(times_ms)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))] if ordered else float("nan")
    print(f"  {label:<10} {LEARNERS} learners, {sent} attempts in {seconds:.1f} s: "
          f"{stored / seconds:.0f} attempts/s held, store p50 {statistics.median(ordered):.1f} ms, "
          f"p99 {p99:.1f} ms, lost {sent - stored}, database {size / 1e6:.2f} MB")


def run() -> None:
    print(f"  lesson {LESSON}: each learner answers every {PACE_S[0]}-{PACE_S[1]} s (a real class, 60x faster)")
    with tempfile.TemporaryDirectory(prefix="mp-bench-progress-") as workdir:
        _one_database("SQLite", f"sqlite:///{workdir}/class-progress.sqlite", workdir)
        if postgres_binaries() is None:
            print("  PostgreSQL   not installed (make postgresql): skipped")
            return
        with throwaway_postgres() as url:
            _one_database("PostgreSQL", url, workdir)
