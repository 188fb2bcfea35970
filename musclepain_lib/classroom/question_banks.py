"""The course's self-checks as question banks a learning management system imports.

Three formats, all written from the questions in ``data/questions/*.json``
(:mod:`musclepain_lib.learner.questions`):

- ``moodle``: Moodle XML. One category per lesson. A number question becomes a
  ``numerical`` question (the answer with its tolerance and unit, then every anticipated
  mistake as a further answer worth 0 % with its own feedback); a choice question becomes
  a single-answer ``multichoice`` question with feedback on every option. Hints are kept,
  the explanation and the source become the general feedback.
- ``qti``: a QTI 1.2 zip with ``imsmanifest.xml``, one assessment per lesson, as Canvas's
  quiz import ("QTI .zip file") reads it. Canvas numerical questions take only right
  answers; the anticipated mistakes are written as further response conditions with their
  feedback, which QTI 1.2 allows and Canvas may not show.
- ``gift``: Moodle's plain-text form, for a quick paste. GIFT has no units and no hints:
  the unit goes into the question text, the hints are left out.

The feedback for a right number answer is the course's own (:func:`feedback_for`).
"""

from __future__ import annotations

import html
import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from musclepain_lib.core.errors import InputError
from musclepain_lib.learner.questions import Question, feedback_for, list_question_files, load_questions

__all__ = ["FORMATS", "course_questions", "moodle_xml", "qti_zip", "gift_text", "export_questions"]

FORMATS = ("moodle", "qti", "gift")
COURSE_CATEGORY = "Leg Muscle Pain"
QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
GIFT_SPECIAL = "\\~=#{}:"


def course_questions(lesson: str | None = None) -> dict[str, list[Question]]:
    """The self-checks by lesson, in the order the lessons and their files give them."""
    lessons = list_question_files()
    if lesson is not None and lesson not in lessons:
        raise InputError(f"lesson = {lesson!r} is not allowed: expected one of {', '.join(lessons)}")
    chosen = [lesson] if lesson is not None else lessons
    return {name: list(load_questions(name).values()) for name in chosen}


def right_feedback(question: Question) -> str:
    """What a learner who gives the right answer is told (the course's own words)."""
    return feedback_for(question, question.answer)


def prompt_text(question: Question) -> str:
    """The question as plain text; a number question says the unit it is answered in, if it does not yet."""
    if question.kind == "number" and question.unit not in question.prompt:
        return f"{question.prompt} (Answer in {question.unit}.)"
    return question.prompt


def general_feedback_html(question: Question) -> str:
    """The explanation, then the source, as the HTML both Moodle and Canvas show after an answer."""
    text = f"<p>{html.escape(question.explanation)}</p>"
    return text + (f"<p>Source: {html.escape(question.source)}</p>" if question.source else "")


def number_text(value: float) -> str:
    """A number as the LMS reads it: no trailing zeros, no float noise (12 significant digits)."""
    return f"{value:.12g}"


# --- Moodle XML --------------------------------------------------------------------------


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    ET.SubElement(element, "text").text = text
    return element


def _moodle_answer(parent, fraction: int, value: str, feedback: str, tolerance: float | None = None):
    answer = ET.SubElement(parent, "answer", {"fraction": str(fraction), "format": "moodle_auto_format"})
    ET.SubElement(answer, "text").text = value
    _text(answer, "feedback", html.escape(feedback), format="html")
    if tolerance is not None:
        ET.SubElement(answer, "tolerance").text = number_text(tolerance)


def _moodle_number_parts(element: ET.Element, question: Question) -> None:
    _moodle_answer(element, 100, number_text(question.answer), right_feedback(question), question.tolerance)
    for mistake in question.mistakes:
        _moodle_answer(element, 0, number_text(mistake.value), mistake.feedback, mistake.tolerance)
    units = ET.SubElement(element, "units")
    unit = ET.SubElement(units, "unit")
    ET.SubElement(unit, "multiplier").text = "1"
    ET.SubElement(unit, "unit_name").text = question.unit
    # Units optional: a learner may type "-98" or "-98 mV"; only the number is graded.
    for tag, value in (("unitgradingtype", "0"), ("unitpenalty", "0"), ("showunits", "0"), ("unitsleft", "0")):
        ET.SubElement(element, tag).text = value


def _moodle_choice_parts(element: ET.Element, question: Question) -> None:
    for tag, value in (("single", "true"), ("shuffleanswers", "0"), ("answernumbering", "ABCD")):
        ET.SubElement(element, tag).text = value
    for number, (choice, feedback) in enumerate(zip(question.choices, question.feedback)):
        _moodle_answer(element, 100 if number == question.answer else 0, html.escape(choice), feedback)


def _moodle_question(quiz: ET.Element, question: Question) -> None:
    kind = "numerical" if question.kind == "number" else "multichoice"
    element = ET.SubElement(quiz, "question", {"type": kind})
    _text(element, "name", question.id)
    _text(element, "questiontext", f"<p>{html.escape(prompt_text(question))}</p>", format="html")
    _text(element, "generalfeedback", general_feedback_html(question), format="html")
    ET.SubElement(element, "defaultgrade").text = "1"
    ET.SubElement(element, "penalty").text = "0.3333333"
    ET.SubElement(element, "idnumber").text = f"{question.lesson}/{question.id}"
    (_moodle_number_parts if question.kind == "number" else _moodle_choice_parts)(element, question)
    for hint in question.hints:
        _text(element, "hint", html.escape(hint), format="html")


def moodle_xml(questions: dict[str, list[Question]]) -> str:
    """The questions as Moodle XML, a category per lesson."""
    quiz = ET.Element("quiz")
    for lesson, items in questions.items():
        category = ET.SubElement(quiz, "question", {"type": "category"})
        _text(category, "category", f"$course$/top/{COURSE_CATEGORY}/{lesson}")
        for question in items:
            _moodle_question(quiz, question)
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


# --- QTI 1.2 for Canvas --------------------------------------------------------------------


def _qti_field(metadata: ET.Element, label: str, entry: str) -> None:
    field = ET.SubElement(metadata, "qtimetadatafield")
    ET.SubElement(field, "fieldlabel").text = label
    ET.SubElement(field, "fieldentry").text = entry


def _qti_material(parent: ET.Element, text: str, texttype: str = "text/plain") -> None:
    material = ET.SubElement(parent, "material")
    ET.SubElement(material, "mattext", {"texttype": texttype}).text = text


def _qti_feedback(item: ET.Element, ident: str, text: str, texttype: str = "text/plain") -> None:
    feedback = ET.SubElement(item, "itemfeedback", {"ident": ident})
    _qti_material(ET.SubElement(feedback, "flow_mat"), text, texttype)


def _qti_condition(processing: ET.Element, test: ET.Element, feedback: str, score: int | None) -> None:
    condition = ET.SubElement(processing, "respcondition", {"continue": "No" if score else "Yes"})
    ET.SubElement(condition, "conditionvar").append(test)
    if score:
        ET.SubElement(condition, "setvar", {"action": "Set", "varname": "SCORE"}).text = str(score)
    ET.SubElement(condition, "displayfeedback", {"feedbacktype": "Response", "linkrefid": feedback})


def _qti_range(value: float, tolerance: float) -> ET.Element:
    both = ET.Element("and")
    ET.SubElement(both, "vargte", {"respident": "response1"}).text = number_text(value - tolerance)
    ET.SubElement(both, "varlte", {"respident": "response1"}).text = number_text(value + tolerance)
    return both


def _qti_choice(item, presentation, processing, question: Question) -> None:
    response = ET.SubElement(presentation, "response_lid", {"ident": "response1", "rcardinality": "Single"})
    render = ET.SubElement(response, "render_choice")
    for number, (choice, feedback) in enumerate(zip(question.choices, question.feedback)):
        label = ET.SubElement(render, "response_label", {"ident": f"choice{number}"})
        _qti_material(label, choice)
        test = ET.Element("varequal", {"respident": "response1"})
        test.text = f"choice{number}"
        _qti_condition(processing, test, f"choice{number}_fb", 100 if number == question.answer else None)
        _qti_feedback(item, f"choice{number}_fb", feedback)


def _qti_number(item, presentation, processing, question: Question) -> None:
    response = ET.SubElement(presentation, "response_str", {"ident": "response1", "rcardinality": "Single"})
    ET.SubElement(ET.SubElement(response, "render_fib", {"fibtype": "Decimal"}), "response_label", {"ident": "answer1"})
    _qti_condition(processing, _qti_range(question.answer, question.tolerance), "correct_fb", 100)
    _qti_feedback(item, "correct_fb", right_feedback(question))
    for number, mistake in enumerate(question.mistakes, start=1):
        _qti_condition(processing, _qti_range(mistake.value, mistake.tolerance), f"mistake{number}_fb", None)
        _qti_feedback(item, f"mistake{number}_fb", mistake.feedback)


def _qti_item(section: ET.Element, question: Question) -> None:
    item = ET.SubElement(section, "item", {"ident": f"{question.lesson}-{question.id}", "title": question.id})
    metadata = ET.SubElement(ET.SubElement(item, "itemmetadata"), "qtimetadata")
    kind = "numerical_question" if question.kind == "number" else "multiple_choice_question"
    _qti_field(metadata, "question_type", kind)
    _qti_field(metadata, "points_possible", "1")
    presentation = ET.SubElement(item, "presentation")
    _qti_material(presentation, prompt_text(question))
    processing = ET.SubElement(item, "resprocessing")
    outcomes = ET.SubElement(processing, "outcomes")
    ET.SubElement(outcomes, "decvar", {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"})
    general = ET.SubElement(processing, "respcondition", {"continue": "Yes"})
    ET.SubElement(ET.SubElement(general, "conditionvar"), "other")
    ET.SubElement(general, "displayfeedback", {"feedbacktype": "Response", "linkrefid": "general_fb"})
    (_qti_number if question.kind == "number" else _qti_choice)(item, presentation, processing, question)
    _qti_feedback(item, "general_fb", general_feedback_html(question), "text/html")
    for number, hint in enumerate(question.hints, start=1):
        feedback = ET.SubElement(item, "itemfeedback", {"ident": f"hint{number}"})
        _qti_material(ET.SubElement(ET.SubElement(feedback, "hint"), "hintmaterial"), hint)


def qti_assessment(lesson: str, questions: list[Question]) -> str:
    """One lesson's self-checks as a QTI 1.2 assessment (a Canvas quiz)."""
    root = ET.Element("questestinterop", {"xmlns": QTI_NS})
    assessment = ET.SubElement(root, "assessment", {"ident": lesson, "title": f"{COURSE_CATEGORY}: {lesson}"})
    section = ET.SubElement(assessment, "section", {"ident": "root_section"})
    for question in questions:
        _qti_item(section, question)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def qti_manifest(lessons: list[str]) -> str:
    """``imsmanifest.xml``: one resource per lesson's assessment file."""
    root = ET.Element("manifest", {
        "identifier": "musclepain-question-bank",
        "xmlns": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1",
    })
    metadata = ET.SubElement(root, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(root, "organizations")
    resources = ET.SubElement(root, "resources")
    for lesson in lessons:
        resource = ET.SubElement(resources, "resource", {
            "identifier": lesson, "type": "imsqti_xmlv1p2", "href": f"{lesson}/{lesson}.xml",
        })
        ET.SubElement(resource, "file", {"href": f"{lesson}/{lesson}.xml"})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def qti_zip(questions: dict[str, list[Question]]) -> bytes:
    """The QTI zip Canvas imports: ``imsmanifest.xml`` and one assessment per lesson."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", qti_manifest(list(questions)))
        for lesson, items in questions.items():
            archive.writestr(f"{lesson}/{lesson}.xml", qti_assessment(lesson, items))
    return buffer.getvalue()


# --- GIFT ----------------------------------------------------------------------------------


def gift_escape(text: str) -> str:
    """Text with GIFT's special characters (``~ = # { } :`` and the backslash) escaped."""
    escaped = "".join("\\" + char if char in GIFT_SPECIAL else char for char in text)
    return escaped.replace("\n", "\\n")


def _gift_answers(question: Question) -> list[str]:
    if question.kind == "choice":
        return [
            f"{'=' if number == question.answer else '~'}{gift_escape(choice)}#{gift_escape(feedback)}"
            for number, (choice, feedback) in enumerate(zip(question.choices, question.feedback))
        ]
    lines = [f"=%100%{number_text(question.answer)}:{number_text(question.tolerance)}#{gift_escape(right_feedback(question))}"]
    lines += [
        f"=%0%{number_text(m.value)}:{number_text(m.tolerance)}#{gift_escape(m.feedback)}" for m in question.mistakes
    ]
    return lines


def gift_question(question: Question) -> str:
    general = question.explanation + (f" Source: {question.source}" if question.source else "")
    opening = "{#" if question.kind == "number" else "{"
    body = "\n".join(f"\t{line}" for line in _gift_answers(question))
    return (
        f"::{gift_escape(question.id)}::{gift_escape(prompt_text(question))} {opening}\n{body}\n"
        f"\t####{gift_escape(general)}\n}}\n"
    )


def gift_text(questions: dict[str, list[Question]]) -> str:
    """The questions in GIFT, a category line per lesson, a blank line between questions."""
    parts = []
    for lesson, items in questions.items():
        parts.append(f"$CATEGORY: $course$/top/{COURSE_CATEGORY}/{lesson}\n")
        parts.extend(gift_question(question) for question in items)
    return "\n".join(parts)


def export_questions(fmt: str, out: str | Path, lesson: str | None = None) -> Path:
    """Write the self-checks (all lessons, or one) in a format from :data:`FORMATS` to ``out``."""
    if fmt not in FORMATS:
        raise InputError(f"format = {fmt!r} is not allowed: expected one of {', '.join(FORMATS)}")
    questions = course_questions(lesson)
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "qti":
        path.write_bytes(qti_zip(questions))
    else:
        path.write_text(moodle_xml(questions) if fmt == "moodle" else gift_text(questions), encoding="utf-8")
    return path
