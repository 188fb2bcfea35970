"""The course manifest: the lessons in teaching order and each topic's explorers and figures.

This is the one list of what the course contains. The progress view, the welcome
lesson's map, the site's contents, the student and instructor versions, the topics'
public names and the tests that sweep topics all read it (or are tested against it), so
adding a topic is its new files plus one entry here.

A lesson's ``id`` is stable: progress files and question files are keyed by it, and it
never changes when lessons are reordered. The order of :data:`LESSONS` is the teaching
order; a new lesson placed before the case studies keeps its own file name and id
(``07_claudication``, say) and needs no file renamed.

This module imports nothing heavy: reading the manifest never loads numpy, pandas,
matplotlib or ipywidgets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ExplorerEntry",
    "Topic",
    "Lesson",
    "ROOMS",
    "TOPICS",
    "LESSONS",
    "ROLES",
    "lesson",
    "lessons",
    "lesson_ids",
    "lesson_paths",
    "topic",
    "topic_names",
    "explorers",
]


@dataclass(frozen=True)
class ExplorerEntry:
    """One explorer of a topic: its function name, and the control its lesson asks the learner to move (``lesson_control``)."""

    name: str
    title: str
    lesson_control: str


@dataclass(frozen=True)
class Topic:
    """A topic package (``musclepain_lib.<package>``) and what its ``widget`` module offers."""

    package: str
    title: str
    explorers: tuple[ExplorerEntry, ...] = ()
    figures: tuple[str, ...] = ()

    @property
    def module(self) -> str:
        return f"musclepain_lib.{self.package}"

    def explorer(self, name: str) -> ExplorerEntry:
        """The entry of one of this topic's explorers, by its function name."""
        for entry in self.explorers:
            if entry.name == name:
                return entry
        from musclepain_lib.core.errors import InputError

        names = ", ".join(e.name for e in self.explorers) or "(none)"
        raise InputError(f"explorer = {name!r} is not allowed: {self.package} offers {names}")

    @property
    def widget_names(self) -> tuple[str, ...]:
        """Every name the topic's ``widget`` module exports, loaded on first use."""
        return tuple(e.name for e in self.explorers) + self.figures


#: What a lesson is for: the welcome (a map of the course, no topic), a topic lesson (one topic
#: package, its explorers and exercises that run on their own), or the capstone (cases that
#: bring the topics together; its exercises build on its earlier cells).
ROLES: tuple[str, ...] = ("welcome", "topic", "capstone")


@dataclass(frozen=True)
class Lesson:
    """One lesson notebook, as the course lists it.

    ``id`` is stable (progress and question files are keyed by it), ``file`` is the notebook in
    ``notebooks/``, ``title`` and ``minutes`` are what every table of lessons shows (written
    nowhere else: ``python -m tools.course_text --write`` puts them in the lesson's opening, the
    welcome lesson's table and the README), ``question`` is the question the lesson answers,
    ``topic`` its topic package, ``role`` one of :data:`ROLES`, and ``practised`` says whether
    it has exercises (two or more, each with a check and a teaching note beside it).
    """

    id: str
    file: str
    title: str
    minutes: int
    question: str
    role: str
    topic: str | None = None
    practised: bool = True

    @property
    def number(self) -> str:
        """The two digits the lesson's id starts with, as its file name and heading show them."""
        return self.id[:2]


#: The packages of ``musclepain_lib`` that are not topics: what topics share, the learner's
#: runtime and the classroom tools.
ROOMS: tuple[str, ...] = ("core", "learner", "classroom")

TOPICS: tuple[Topic, ...] = (
    Topic(
        "electrolytes",
        "Electrolytes and membrane potential",
        explorers=(
            ExplorerEntry("explorer", "Ions and the membrane potential", "k_out"),
            ExplorerEntry("sweat_explorer", "Sweat, drink and serum sodium", "drink_rate"),
            ExplorerEntry("medicines_explorer", "Medicines and electrolytes", "ion"),
        ),
        figures=("plot_equilibrium_potentials", "plot_potassium_and_resting_potential"),
    ),
    Topic(
        "cramps",
        "Cramps and nerve excitability",
        explorers=(
            ExplorerEntry("explorer", "A nerve membrane: current, calcium and spikes", "ionized_ca"),
            ExplorerEntry("cramp_explorer", "From spikes to a cramp: find the calcium at which the muscle cramps", "ionized_ca"),
            ExplorerEntry("fi_curve_explorer", "Firing rate against current (f-I curve): normal against chosen calcium", "ionized_ca"),
        ),
        figures=(
            "plot_action_potential",
            "plot_threshold",
            "plot_repetitive_firing",
            "plot_gating_shift",
            "plot_gating_curves",
            "plot_threshold_against_calcium",
            "plot_twitch_summation",
        ),
    ),
    Topic(
        "muscle_growth",
        "Muscle growth, strain and over-exertion",
        explorers=(
            ExplorerEntry("explorer", "Training plan: fitness, fatigue and performance", "sessions_per_week"),
            ExplorerEntry("protein_explorer", "Protein and training: net protein balance and muscle mass", "protein_g_per_kg"),
            ExplorerEntry("exertion_explorer", "Over-exertion: soreness, creatine kinase and the 5 x line", "damage"),
        ),
        figures=("plot_single_session", "plot_training_responses", "plot_heritability", "plot_strain_grades"),
    ),
    Topic(
        "diabetes",
        "Diabetic ketoacidosis and blood pH",
        explorers=(
            ExplorerEntry("explorer", "DKA over hours: insulin lack, breathing and treatment", "compensation_pct"),
            ExplorerEntry("blood_gas_explorer", "Blood-gas reader", "pco2_mmhg"),
        ),
        figures=("plot_dka_course", "plot_blood_gases"),
    ),
    Topic(
        "arthritis",
        "Rheumatoid arthritis",
        explorers=(
            ExplorerEntry("explorer", "Joint map: DAS28 from tender and swollen joints", "esr_mm_h"),
            ExplorerEntry("response_explorer", "Two visits: the EULAR response", "now_tjc28"),
            ExplorerEntry("classification_explorer", "The 2010 ACR/EULAR classification criteria", "small_joints"),
            ExplorerEntry("course_explorer", "Disease course: why early treatment matters (a teaching model)", "treatment_start_years"),
        ),
        figures=("plot_das28_parts", "plot_treatment_timing"),
    ),
    Topic(
        "cases",
        "Case studies",
        figures=("plot_blood_values",),
    ),
)

LESSONS: tuple[Lesson, ...] = (
    Lesson(
        "00_welcome", "00_welcome.ipynb", "Welcome: why do leg muscles hurt?", 25,
        question="Why do leg muscles hurt, and which kinds of leg pain need a doctor?",
        role="welcome", practised=False,
    ),
    Lesson(
        "01_electrolytes", "01_electrolytes.ipynb", "Electrolytes and membrane potential", 105,
        question="How do sodium, potassium, calcium and magnesium set the voltage of nerve and muscle, and how do sweat, water and medicines shift it?",
        role="topic", topic="electrolytes",
    ),
    Lesson(
        "02_cramps", "02_cramps.ipynb", "Cramps and nerve excitability", 120,
        question="Why does a nerve fire, why does it fire by itself when calcium falls, and how does fast firing hold a muscle in a cramp?",
        role="topic", topic="cramps",
    ),
    Lesson(
        "03_muscle_growth", "03_muscle_growth.ipynb", "Muscle growth, strain and over-exertion", 110,
        question="Why does hard work hurt for days, how does damage become growth, and when does exertion turn dangerous?",
        role="topic", topic="muscle_growth",
    ),
    Lesson(
        "04_diabetic_ketoacidosis", "04_diabetic_ketoacidosis.ipynb", "Diabetic ketoacidosis and blood pH", 95,
        question="How does a lack of insulin make the blood acid, and why do muscles ache and cramp along the way?",
        role="topic", topic="diabetes",
    ),
    Lesson(
        "05_rheumatoid_arthritis", "05_rheumatoid_arthritis.ipynb", "Rheumatoid arthritis", 105,
        question="What is inflamed in RA, how is it measured, and why do the muscles around the joints ache?",
        role="topic", topic="arthritis",
    ),
    Lesson(
        "06_case_studies", "06_case_studies.ipynb", "Case studies: five patients, one physiology", 140,
        question="Five patients who bring the threads together.",
        role="capstone", topic="cases",
    ),
)


def lessons(role: str | None = None, practised: bool | None = None) -> tuple[Lesson, ...]:
    """The lessons in teaching order, those of one role and/or practised (or not) only."""
    if role is not None and role not in ROLES:
        from musclepain_lib.core.errors import InputError

        raise InputError(f"role = {role!r} is not allowed: expected one of {', '.join(ROLES)}")
    return tuple(
        entry for entry in LESSONS
        if (role is None or entry.role == role) and (practised is None or entry.practised == practised)
    )


def lesson_ids() -> tuple[str, ...]:
    """The lessons' stable ids, in teaching order."""
    return tuple(entry.id for entry in LESSONS)


def lesson(lesson_id: str) -> Lesson:
    """The manifest entry of a lesson, by its stable id or its notebook file name."""
    for entry in LESSONS:
        if lesson_id in (entry.id, entry.file):
            return entry
    from musclepain_lib.core.errors import InputError

    raise InputError(f"lesson = {lesson_id!r} is not allowed: expected one of {', '.join(lesson_ids())}")


def topic_names() -> tuple[str, ...]:
    """The topic packages, in the order of the lessons that teach them."""
    return tuple(entry.package for entry in TOPICS)


def lesson_paths(folder: str | Path) -> list[Path]:
    """The lesson notebooks in ``folder`` (``notebooks/`` or a copy of it), in teaching order.

    Lessons the folder lacks are left out (a trial folder may hold a few). A notebook
    named like a lesson (``NN_name.ipynb``) that :data:`LESSONS` does not list raises
    :class:`~musclepain_lib.core.errors.InputError`: it has to be entered there first.
    """
    folder = Path(folder)
    present = {path.name for path in folder.glob("*.ipynb") if re.fullmatch(r"\d\d_\w+\.ipynb", path.name)}
    unlisted = sorted(present - {entry.file for entry in LESSONS})
    if unlisted:
        from musclepain_lib.core.errors import InputError

        raise InputError(
            f"lesson = {unlisted[0]!r} is not allowed: it is not in the course manifest "
            "(add it to LESSONS in musclepain_lib/core/manifest.py)"
        )
    return [folder / entry.file for entry in LESSONS if entry.file in present]


def topic(package: str) -> Topic:
    """The manifest entry of a topic package (``"cramps"``, ``"musclepain_lib.cramps"`` or a
    module inside it such as ``"musclepain_lib.cramps.widget"``)."""
    parts = package.split(".")
    name = parts[1] if parts[0] == "musclepain_lib" and len(parts) > 1 else parts[-1]
    for entry in TOPICS:
        if entry.package == name:
            return entry
    from musclepain_lib.core.errors import InputError

    raise InputError(f"topic = {package!r} is not allowed: expected one of {', '.join(topic_names())}")


def explorers() -> tuple[tuple[str, ExplorerEntry], ...]:
    """(topic package, explorer entry) for every explorer of the course, in lesson order."""
    return tuple((t.package, e) for t in TOPICS for e in t.explorers)
