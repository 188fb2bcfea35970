"""The question banks read back equal to the course's JSON, question by question.

Each format is read back the way an LMS would take it (the Moodle XML parsed, the QTI zip
opened and its manifest followed, the GIFT text parsed) and compared with the JSON files
themselves: the same questions in every lesson, the same answers, tolerances, units,
feedback, hints, explanation and source.
"""

import html
import json
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from musclepain_lib.classroom.cli import main
from musclepain_lib.classroom.question_banks import export_questions, gift_escape
from musclepain_lib.core.errors import InputError

DATA = Path(__file__).resolve().parents[1] / "data" / "questions"
QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
IMSCP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"


def json_questions(lesson=None):
    files = sorted(DATA.glob("*.json")) if lesson is None else [DATA / f"{lesson}.json"]
    return {path.stem: json.loads(path.read_text(encoding="utf-8"))["questions"] for path in files}


def expected_answers(question):
    """(value, tolerance, feedback) for a number question: the answer, then each mistake."""
    right = (float(question["answer"]), float(question["tolerance"]))
    return [right] + [(float(m["value"]), float(m["tolerance"])) for m in question.get("mistakes", [])]


def plain(markup):
    return html.unescape(re.sub(r"<[^>]+>", " ", markup)).split()


def test_all_lessons_have_66_questions():
    assert sum(len(items) for items in json_questions().values()) == 66


# --- Moodle XML ----------------------------------------------------------------------------


def read_moodle(path):
    """{lesson: [question element, ...]} from a Moodle XML file, following its category lines."""
    lessons, current = {}, None
    for element in ET.parse(path).getroot():
        if element.get("type") == "category":
            current = element.findtext("category/text").rsplit("/", 1)[1]
            lessons[current] = []
        else:
            lessons[current].append(element)
    return lessons


def check_moodle_question(element, question):
    assert element.findtext("name/text") == question["id"]
    assert question["prompt"] in html.unescape(element.findtext("questiontext/text"))
    general = plain(element.findtext("generalfeedback/text"))
    assert general == question["explanation"].split() + ["Source:"] + question["source"].split()
    assert [html.unescape(h.findtext("text")) for h in element.findall("hint")] == question.get("hints", [])
    answers = element.findall("answer")
    if question["kind"] == "choice":
        assert element.get("type") == "multichoice" and element.findtext("single") == "true"
        assert [html.unescape(a.findtext("text")) for a in answers] == question["choices"]
        assert [a.get("fraction") for a in answers].index("100") == question["answer"]
        assert sum(a.get("fraction") == "100" for a in answers) == 1
        assert [html.unescape(a.findtext("feedback/text")) for a in answers] == question["feedback"]
        return
    assert element.get("type") == "numerical"
    assert element.findtext("units/unit/unit_name") == question["unit"]
    got = [(float(a.findtext("text")), float(a.findtext("tolerance"))) for a in answers]
    assert got == expected_answers(question)
    assert [a.get("fraction") for a in answers] == ["100"] + ["0"] * len(question.get("mistakes", []))
    mistakes = [html.unescape(a.findtext("feedback/text")) for a in answers[1:]]
    assert mistakes == [m["feedback"] for m in question.get("mistakes", [])]
    assert html.unescape(answers[0].findtext("feedback/text")).startswith("Right:")


# --- QTI 1.2 zip ---------------------------------------------------------------------------


def read_qti(path):
    """{lesson: [item element, ...]} from the zip, each assessment found through the manifest."""
    with zipfile.ZipFile(path) as archive:
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
        lessons = {}
        for resource in manifest.iter(f"{IMSCP}resource"):
            assert resource.get("type") == "imsqti_xmlv1p2"
            assessment = ET.fromstring(archive.read(resource.get("href")))
            lessons[resource.get("identifier")] = list(assessment.iter(f"{QTI}item"))
    return lessons


def qti_feedback(item, ident):
    for feedback in item.iter(f"{QTI}itemfeedback"):
        if feedback.get("ident") == ident:
            return feedback.findtext(f".//{QTI}mattext")
    raise AssertionError(f"no feedback {ident} in {item.get('ident')}")


def qti_conditions(item):
    """(test element, feedback text, score) for every response condition but the general one."""
    out = []
    for condition in item.iter(f"{QTI}respcondition"):
        test = condition.find(f"{QTI}conditionvar")[0]
        if test.tag == f"{QTI}other":
            continue
        link = condition.find(f"{QTI}displayfeedback").get("linkrefid")
        out.append((test, qti_feedback(item, link), condition.findtext(f"{QTI}setvar")))
    return out


def check_qti_item(item, question):
    assert item.get("title") == question["id"]
    assert question["prompt"] in item.findtext(f"{QTI}presentation/{QTI}material/{QTI}mattext")
    general = plain(qti_feedback(item, "general_fb"))
    assert general == question["explanation"].split() + ["Source:"] + question["source"].split()
    hints = [f.findtext(f".//{QTI}mattext") for f in item.iter(f"{QTI}itemfeedback") if f.get("ident").startswith("hint")]
    assert hints == question.get("hints", [])
    conditions = qti_conditions(item)
    if question["kind"] == "choice":
        labels = item.iter(f"{QTI}response_label")
        assert [label.findtext(f".//{QTI}mattext") for label in labels] == question["choices"]
        assert [feedback for _, feedback, _ in conditions] == question["feedback"]
        assert [score for _, _, score in conditions].index("100") == question["answer"]
        return
    assert item.find(f".//{QTI}render_fib").get("fibtype") == "Decimal"
    ranges = [float(t.findtext(f"{QTI}{tag}")) for t, _, _ in conditions for tag in ("vargte", "varlte")]
    expected = [bound for value, slack in expected_answers(question) for bound in (value - slack, value + slack)]
    assert ranges == pytest.approx(expected, abs=1e-9)
    assert [score for _, _, score in conditions] == ["100"] + [None] * len(question.get("mistakes", []))
    assert [feedback for _, feedback, _ in conditions[1:]] == [m["feedback"] for m in question.get("mistakes", [])]


# --- GIFT ----------------------------------------------------------------------------------

ESCAPED = re.compile(r"\\(.)")


def gift_split(text, separators):
    """Split at separator characters that are not escaped; keep the separators."""
    parts, current, escaped = [], "", False
    for char in text:
        if escaped:
            current, escaped = current + "\\" + char, False
        elif char == "\\":
            escaped = True
        elif char in separators:
            parts.append(current)
            current = char
        else:
            current += char
    return parts + [current]


def gift_unescape(text):
    return ESCAPED.sub(lambda m: "\n" if m.group(1) == "n" else m.group(1), text).strip()


def parse_gift(text):
    """{lesson: [{id, prompt, answers: [(mark, text, feedback)], general}]} from GIFT text."""
    lessons, current = {}, None
    for block in re.split(r"\n\s*\n", text.strip()):
        if block.startswith("$CATEGORY:"):
            current = block.rsplit("/", 1)[1].strip()
            lessons[current] = []
            continue
        head, body = gift_split(block, "{")[0], gift_split(block, "{")[1][1:]
        body = body[: body.rstrip().rfind("}")]
        name, prompt = re.match(r"::(.*?)::(.*)", head, re.S).groups()
        body, _, general = body.partition("####")
        numeric = body.startswith("#")
        answers = []
        for part in gift_split(body[1:] if numeric else body, "=~")[1:]:
            answer, _, feedback = gift_split(part[1:], "#")[0], None, "".join(gift_split(part[1:], "#")[1:])[1:]
            answers.append((part[0], gift_unescape(answer), gift_unescape(feedback)))
        lessons[current].append(
            {"id": gift_unescape(name), "prompt": gift_unescape(prompt), "numeric": numeric,
             "answers": answers, "general": gift_unescape(general)}
        )
    return lessons


def check_gift_question(parsed, question):
    assert parsed["id"] == question["id"]
    assert parsed["prompt"].startswith(question["prompt"])
    assert parsed["general"] == f"{question['explanation']} Source: {question['source']}"
    if question["kind"] == "choice":
        assert not parsed["numeric"]
        assert [text for _, text, _ in parsed["answers"]] == question["choices"]
        assert [mark for mark, _, _ in parsed["answers"]].index("=") == question["answer"]
        assert [feedback for _, _, feedback in parsed["answers"]] == question["feedback"]
        return
    assert parsed["numeric"] and question["unit"] in parsed["prompt"]  # GIFT has no unit field
    got = []
    for _, text, _ in parsed["answers"]:
        weight, value, slack = re.fullmatch(r"%(\d+)%(.+):(.+)", text).groups()
        got.append((weight, float(value), float(slack)))
    expected = [(w, v, t) for w, (v, t) in zip(["100"] + ["0"] * 9, expected_answers(question))]
    assert got == expected
    feedback = [f for _, _, f in parsed["answers"][1:]]
    assert feedback == [m["feedback"] for m in question.get("mistakes", [])]


def read_gift(path):
    return parse_gift(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("fmt", "file_name", "read", "check"), [
    ("moodle", "bank.xml", read_moodle, check_moodle_question),
    ("qti", "bank.zip", read_qti, check_qti_item),
    ("gift", "bank.txt", read_gift, check_gift_question),
])
def test_every_format_reads_back_equal_to_the_json_question_by_question(tmp_path, fmt, file_name, read, check):
    lessons = read(export_questions(fmt, tmp_path / file_name))
    expected = json_questions()
    assert list(lessons) == list(expected)
    for lesson, questions in expected.items():
        assert len(lessons[lesson]) == len(questions), lesson
        for exported, question in zip(lessons[lesson], questions):
            check(exported, question)
    assert sum(len(items) for items in lessons.values()) == 66


@pytest.mark.parametrize("text", ["a=b", "x ~ y", "#1", "{curly}", "ratio 1:2", "back\\slash", "two\nlines"])
def test_gift_escapes_every_special_character(text):
    escaped = gift_escape(text)
    assert len(gift_split(escaped, "~=#{}:")) == 1  # no unescaped separator is left
    assert "\n" not in escaped
    assert gift_unescape(escaped) == text.strip()


# --- the command ---------------------------------------------------------------------------


def test_one_lesson_exports_only_its_questions(tmp_path, capsys):
    assert main(["export-questions", "--format", "moodle", "--out", str(tmp_path / "l01.xml"), "--lesson", "01_electrolytes"]) == 0
    assert "10 questions" in capsys.readouterr().out
    lessons = read_moodle(tmp_path / "l01.xml")
    assert list(lessons) == ["01_electrolytes"]
    assert [e.findtext("name/text") for e in lessons["01_electrolytes"]] == [q["id"] for q in json_questions("01_electrolytes")["01_electrolytes"]]


def test_unknown_lesson_and_format_are_refused(tmp_path, capsys):
    assert main(["export-questions", "--format", "gift", "--out", str(tmp_path / "x.txt"), "--lesson", "99_nothing"]) == 1
    assert "lesson = '99_nothing' is not allowed" in capsys.readouterr().err
    assert not (tmp_path / "x.txt").exists()
    with pytest.raises(InputError, match="format = 'docx' is not allowed"):
        export_questions("docx", tmp_path / "x.docx")
    with pytest.raises(SystemExit):
        main(["export-questions", "--format", "docx", "--out", str(tmp_path / "x")])
