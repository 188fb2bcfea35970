"""A self-check in a lesson: the question as a widget (answer, check, hints one at a time,
explanation), saved to the learner's progress file.

A number question's answer box is a text box: a learner may type a plain number, or a number
with a unit ("3.07 kPa" for a question in mmHg, "2 days" for one in hours). The typed text goes
to the one feedback function (:func:`~musclepain_lib.learner.questions.check_answer`), which reads
it with :func:`~musclepain_lib.learner.units.read_answer`, as the course site's ``site.js`` does.
"""

from __future__ import annotations

import html
import os

import ipywidgets as widgets

from musclepain_lib.core.errors import InputError
from musclepain_lib.core.kernel_note import kernel_note
from musclepain_lib.learner.progress import ProgressStore
from musclepain_lib.learner.questions import (
    Question, check_answer, load_questions, misconception_of, question_anchor, question_html,
)
from musclepain_lib.learner.units import read_answer

__all__ = ["EXPLANATION_FIRST_SETTING", "QuestionWidget", "explanation_first_allowed", "self_check"]

#: The line a self-check restored without its kernel shows (see :mod:`musclepain_lib.core.kernel_note`).
RESTORED_NOTE = (
    "Run the lesson again to check your answer here "
    "(in JupyterLab: Run ▸ Run All Cells; in Voila: reload the page)."
)

#: The course setting (an environment variable) that lets a learner open the explanation before trying.
EXPLANATION_FIRST_SETTING = "MUSCLEPAIN_EXPLANATION_FIRST"


def explanation_first_allowed() -> bool:
    """True when the course lets a learner open an explanation before any attempt (recorded as revealed)."""
    return os.environ.get(EXPLANATION_FIRST_SETTING, "").strip().lower() in {"1", "yes", "true", "on"}


class QuestionWidget(widgets.VBox):
    """A self-check question. Displays as static HTML too: the question and its hints, never the answer."""

    question: Question

    @classmethod
    def build(cls, question: Question, store: ProgressStore | None = None) -> "QuestionWidget":
        box = cls()
        box.question = question
        box.store = store if store is not None else ProgressStore()
        box.hints_shown = 0
        box.tried = False
        box._build()
        return box

    def _build(self):
        q = self.question
        prompt = widgets.HTML(
            f"<p id='{question_anchor(q.id)}'><strong>Self-check.</strong> {html.escape(q.prompt)}</p>"
        )
        if q.kind == "choice":
            self.answer_input = widgets.RadioButtons(
                options=[(f"{chr(65 + i)}. {c}", i) for i, c in enumerate(q.choices)],
                value=None,
                layout=widgets.Layout(width="auto"),
            )
        else:
            # A text box, so that an answer may carry its unit; empty until the learner types.
            self.answer_input = widgets.Text(
                value="", description=f"Answer ({q.unit})", style={"description_width": "initial"},
                placeholder="a number; a unit may follow it",
            )
        self.check_button = widgets.Button(description="Check", button_style="primary", icon="check")
        self.hint_button = widgets.Button(
            description=f"Hint (0 of {len(q.hints)})", icon="lightbulb-o", disabled=not q.hints
        )
        self.explain_button = widgets.Button(
            description="Show explanation", icon="book", disabled=not explanation_first_allowed(),
            tooltip="Opens once you have checked an answer or seen every hint",
        )
        self.feedback = widgets.HTML()
        self.hints = widgets.HTML()
        self.explanation = widgets.HTML()
        self.check_button.on_click(lambda _b: self.check())
        self.hint_button.on_click(lambda _b: self.next_hint())
        self.explain_button.on_click(lambda _b: self.explain())
        for button in (self.check_button, self.hint_button, self.explain_button):
            button.layout.width = "auto"  # each button as wide as its words, none cut short
        buttons = widgets.HBox([self.check_button, self.hint_button, self.explain_button])
        self.children = [
            prompt, kernel_note(RESTORED_NOTE), self.answer_input, buttons, self.feedback, self.hints, self.explanation,
        ]
        self.add_class("musclepain-question")

    def check(self):
        """Check the current answer, show feedback and record the attempt."""
        value = self.answer_input.value
        if self.question.kind == "number":
            value = value.strip()
        if value is None or value == "":
            self.feedback.value = "<p role='status'>Choose or type an answer first.</p>"
            return None
        try:
            correct, text = check_answer(self.question, value)
            if self.question.kind == "number":  # kept as a number in the question's unit
                value = read_answer(value, self.question.unit)[0]
        except InputError as error:  # no number, an unknown unit, a unit of another quantity: say so, no traceback
            self.feedback.value = (
                # the same words as the course site's checker (site.js)
                f"<p role='status'>{html.escape(str(error))}. Type a number in {html.escape(self.question.unit)}, "
                "for example 4.5.</p>"
            )
            return None
        sign = "✓ Correct." if correct else "✗ Not yet."
        label = misconception_of(self.question, value)
        saved = self.store.record_answer(self.question.lesson, self.question.id, value, correct, label)
        self.tried = True
        self.explain_button.disabled = False
        note = "" if saved else f"<br><em>{html.escape(self.store.message or '')}</em>"
        tip = "" if correct or self.hints_shown >= len(self.question.hints) else " Try a hint."
        self.feedback.value = f"<p role='status'><strong>{sign}</strong> {html.escape(text)}{tip}{note}</p>"
        return correct

    def next_hint(self):
        """Reveal the next hint, up to the last."""
        total = len(self.question.hints)
        self.hints_shown = min(self.hints_shown + 1, total)
        shown = self.question.hints[: self.hints_shown]
        self.hints.value = "".join(
            f"<p><strong>Hint {i}:</strong> {html.escape(h)}</p>" for i, h in enumerate(shown, start=1)
        )
        self.hint_button.description = f"Hint ({self.hints_shown} of {total})"
        self.hint_button.disabled = self.hints_shown >= total
        if self.hint_button.disabled:  # every hint seen: the explanation is the next step
            self.explain_button.disabled = False

    def explain(self):
        """Show the answer and the explanation, once the learner has tried (or seen every hint).

        Before that, the explanation stays closed unless the course setting
        :data:`EXPLANATION_FIRST_SETTING` allows it; then the reveal is recorded, and a
        later right answer does not count as right at the first try.
        """
        q = self.question
        hints_done = self.hints_shown >= len(q.hints)
        if not self.tried and not hints_done:
            if not explanation_first_allowed():
                self.explanation.value = "<p role='status'>Try an answer first (or open every hint); then the explanation opens.</p>"
                return
            self.store.record_reveal(q.lesson, q.id)
        answer = (
            f"{chr(65 + q.answer)}. {q.choices[q.answer]}" if q.kind == "choice" else f"{q.answer:g} {q.unit}"
        )
        source = f"<p><em>Source: {html.escape(q.source)}</em></p>" if q.source else ""
        self.explanation.value = (
            # A choice that ends with its own full stop gets no second one.
            f"<p><strong>Answer: {html.escape(answer.rstrip('.'))}.</strong> {html.escape(q.explanation)}</p>{source}"
        )

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/html"] = question_html(self.question)
        bundle["text/plain"] = f"Self-check: {self.question.prompt}"
        return bundle


def self_check(lesson: str, question_id: str, store=None):
    """Return the widget for one self-check question of a lesson.

    ``store`` is a :class:`~musclepain_lib.learner.progress.ProgressStore` (one is made
    if not given). The learner's attempts are saved there; if saving fails the
    question still works and says so.
    """
    questions = load_questions(lesson)
    if question_id not in questions:
        raise InputError(
            f"question_id = {question_id!r} is not allowed: expected one of {', '.join(questions)}"
        )
    return QuestionWidget.build(questions[question_id], store)
