"""A self-check in a lesson: the question as a widget (answer, check, hints one at a time,
explanation), saved to the learner's progress file."""

from __future__ import annotations

import html

import ipywidgets as widgets

from musclepain_lib.core.errors import InputError
from musclepain_lib.learner.progress import ProgressStore
from musclepain_lib.learner.questions import Question, check_answer, load_questions, question_anchor, question_html

__all__ = ["QuestionWidget", "self_check"]


class QuestionWidget(widgets.VBox):
    """A self-check question. Displays as static HTML too, with the answer folded away."""

    question: Question

    @classmethod
    def build(cls, question: Question, store: ProgressStore | None = None) -> "QuestionWidget":
        box = cls()
        box.question = question
        box.store = store if store is not None else ProgressStore()
        box.hints_shown = 0
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
            self.answer_input = widgets.FloatText(
                value=None, description=f"Answer ({q.unit})", style={"description_width": "initial"}
            )
            # A number box cannot be empty (it shows 0), so an answer counts once one is typed.
            self.typed = False
            self.answer_input.observe(self._note_typed, names="value")
        self.check_button = widgets.Button(description="Check", button_style="primary", icon="check")
        self.hint_button = widgets.Button(
            description=f"Hint (0 of {len(q.hints)})", icon="lightbulb-o", disabled=not q.hints
        )
        self.explain_button = widgets.Button(description="Show explanation", icon="book")
        self.feedback = widgets.HTML()
        self.hints = widgets.HTML()
        self.explanation = widgets.HTML()
        self.check_button.on_click(lambda _b: self.check())
        self.hint_button.on_click(lambda _b: self.next_hint())
        self.explain_button.on_click(lambda _b: self.explain())
        for button in (self.check_button, self.hint_button, self.explain_button):
            button.layout.width = "auto"  # each button as wide as its words, none cut short
        buttons = widgets.HBox([self.check_button, self.hint_button, self.explain_button])
        self.children = [prompt, self.answer_input, buttons, self.feedback, self.hints, self.explanation]
        self.add_class("musclepain-question")

    def check(self):
        """Check the current answer, show feedback and record the attempt."""
        value = self.answer_input.value
        if value is None or (self.question.kind == "number" and not self.typed):
            self.feedback.value = "<p role='status'>Choose or type an answer first.</p>"
            return None
        try:
            correct, text = check_answer(self.question, value)
        except InputError as error:  # e.g. a number box left at infinity: say so, no traceback
            self.feedback.value = f"<p role='status'>{html.escape(str(error))}</p>"
            return None
        sign = "✓ Correct." if correct else "✗ Not yet."
        saved = self.store.record_answer(self.question.lesson, self.question.id, value, correct)
        note = "" if saved else f"<br><em>{html.escape(self.store.message or '')}</em>"
        tip = "" if correct or self.hints_shown >= len(self.question.hints) else " Try a hint."
        self.feedback.value = f"<p role='status'><strong>{sign}</strong> {html.escape(text)}{tip}{note}</p>"
        return correct

    def _note_typed(self, _change):
        self.typed = True

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

    def explain(self):
        """Show the answer and the explanation."""
        q = self.question
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
