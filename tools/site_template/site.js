/* The course site's static explorers, self-checks and hub link: no kernel, no network.
   Answers are kept in this browser's local storage only; nothing is sent anywhere. */
"use strict";

/* Python's format(x, "g"): six significant digits, trailing zeros dropped. */
function formatG(x) {
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const [mantissa, power] = x.toExponential(5).split("e");
  const exponent = Number(power);
  if (exponent < -4 || exponent >= 6) {
    const digits = mantissa.replace(/\.?0+$/, "");
    return `${digits}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  const fixed = x.toFixed(Math.max(0, 5 - exponent));
  return fixed.includes(".") ? fixed.replace(/\.?0+$/, "") : fixed;
}

const ANSWER_TEXT = /^\s*([-+−]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$/;

/* A number typed with a unit, read in the question's unit: a port of
   musclepain_lib.learner.units.read_answer. Returns [value, note]; throws Error with its words. */
function readAnswerText(text, questionUnit, table) {
  const match = ANSWER_TEXT.exec(text);
  const quoted = `'${text}'`;
  if (!match) throw new Error(`answer = ${quoted} is not allowed: expected a number, optionally with a unit (${questionUnit})`);
  const value = Number(match[1].replace(",", ".").replace("−", "-"));
  const typed = match[2];
  if (!typed || typed.toLowerCase() === questionUnit.toLowerCase()) return [value, ""];
  const symbol = table.spellings[typed.trim().toLowerCase()];
  const wanted = table.units[questionUnit];
  if (symbol === undefined) {
    throw new Error(`answer = ${quoted}: '${typed}' is not a unit the course knows; the question asks for ${questionUnit}`);
  }
  if (symbol === questionUnit) return [value, ""];
  if (wanted === undefined) {
    throw new Error(`answer = ${quoted}: the question asks for ${questionUnit}, with no other unit; give the number alone`);
  }
  const [have, size] = table.units[symbol];
  if (have !== wanted[0]) {
    const article = "aeiou".includes(wanted[0][0]) ? "an" : "a";
    throw new Error(`${symbol} measures ${have}, the question asks for ${article} ${wanted[0]} (${questionUnit})`);
  }
  const converted = (value * size) / wanted[1];
  return [converted, `Converted: ${formatG(value)} ${symbol} = ${formatG(converted)} ${questionUnit}.`];
}

/* The same judgement and words as musclepain_lib.learner.questions.check_answer. */
function checkAnswer(question, answer) {
  if (question.kind === "choice") return [answer === question.answer, question.feedback[answer]];
  if (typeof answer === "string") {
    const [value, note] = readAnswerText(answer, question.unit, question.units);
    const [correct, words] = checkAnswer(question, value);
    return [correct, `${note} ${words}`.trim()];
  }
  const unit = question.unit;
  const error = answer - question.answer;
  if (Math.abs(error) <= question.tolerance) {
    return [true, `Right: ${formatG(question.answer)} ${unit} (within ±${formatG(question.tolerance)}).`];
  }
  /* The anticipated mistake the answer matches, the nearest if several do (as matching_mistake). */
  let nearest = null;
  for (const mistake of question.mistakes || []) {
    const distance = Math.abs(answer - mistake.value);
    if (distance <= mistake.tolerance && (nearest === null || distance < Math.abs(answer - nearest.value))) {
      nearest = mistake;
    }
  }
  if (nearest !== null) return [false, `Not quite: ${formatG(answer)} ${unit}. ${nearest.feedback}`];
  return [false, `Not quite: ${formatG(answer)} ${unit} is ${error > 0 ? "too high" : "too low"}.`];
}

if (typeof module !== "undefined") module.exports = { formatG, checkAnswer, readAnswerText };

const STORE = "musclepain-site:";

function remember(key, value) {
  try {
    localStorage.setItem(STORE + key, JSON.stringify(value));
  } catch (error) {
    /* storage refused (private window): the question still works */
  }
}

function recall(key) {
  try {
    return JSON.parse(localStorage.getItem(STORE + key) || "null");
  } catch (error) {
    return null;
  }
}

function setupExplorer(box) {
  const data = JSON.parse(box.querySelector(".explorer-data").textContent);
  const slider = box.querySelector("input[type=range]");
  const output = box.querySelector(".explorer-value");
  const picture = box.querySelector(".explorer-picture");
  const words = box.querySelector(".explorer-description");
  const verdict = box.querySelector(".explorer-verdict");
  const buttons = Array.from(box.querySelectorAll(".explorer-preset"));
  function show(frame, valueText) {
    if (frame.src) {
      picture.src = frame.src;
      picture.alt = frame.description;
      picture.hidden = false;
    } else {
      picture.hidden = true;
    }
    words.textContent = frame.description;
    verdict.textContent = "";
    if (frame.status) {
      const span = document.createElement("span");
      span.className = `level-${frame.level}`;
      span.textContent = frame.status;
      verdict.appendChild(span);
    }
    output.textContent = valueText;
  }
  slider.addEventListener("input", () => {
    const index = Number(slider.value);
    const text = data.control.texts[index];
    slider.setAttribute("aria-valuetext", text);
    buttons.forEach((b) => b.setAttribute("aria-pressed", "false"));
    show(data.frames[index], text);
  });
  buttons.forEach((button) => {
    button.addEventListener("click", () => {
      const preset = data.presets[Number(button.dataset.preset)];
      buttons.forEach((b) => b.setAttribute("aria-pressed", String(b === button)));
      show(preset, `${preset.value} (scenario)`);
    });
  });
}

function setupQuestion(box) {
  const question = JSON.parse(box.querySelector(".question-data").textContent);
  const feedback = box.querySelector(".question-feedback");
  const hintButton = box.querySelector(".question-next-hint");
  const hints = Array.from(box.querySelectorAll(".question-hint"));
  const explanation = box.querySelector(".question-explanation");
  const explainButton = box.querySelector(".question-explain");
  const saved = recall(question.key) || {};
  let hintsShown = 0;

  function readAnswer() {
    if (question.kind === "choice") {
      const chosen = box.querySelector("input[type=radio]:checked");
      return chosen ? Number(chosen.value) : null;
    }
    const text = box.querySelector("input[type=text]").value.trim();
    return text === "" ? null : text;
  }
  function say(html) {
    feedback.innerHTML = `<p>${html}</p>`;
  }
  function escape(text) {
    const span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }
  function showHints(count) {
    hintsShown = Math.min(count, hints.length);
    hints.forEach((hint, index) => (hint.hidden = index >= hintsShown));
    hintButton.textContent = `Hint (${hintsShown} of ${hints.length})`;
    hintButton.disabled = hintsShown >= hints.length;
    if (hintButton.disabled) explainButton.disabled = false; // every hint seen: the explanation may open
  }
  function check(record) {
    const answer = readAnswer();
    if (answer === null) return say("Choose or type an answer first.");
    let correct, text;
    try {
      [correct, text] = checkAnswer(question, answer);
    } catch (error) {
      const scale = /^(on|per|in)\b/.test(question.unit) ? question.unit : `in ${question.unit}`;
      return say(`${escape(error.message)}. Type a number ${escape(scale)}, for example 4.5.`);
    }
    const sign = correct ? "✓ Correct." : text.startsWith("Not quite") ? "✗" : "✗ Not yet.";
    const tip = correct || hintsShown >= hints.length ? "" : " Try a hint.";
    say(`<strong>${sign}</strong> ${escape(text)}${tip}`);
    box.dataset.correct = String(correct);
    explainButton.disabled = false; // the explanation follows an attempt
    if (record) {
      saved.answer = answer;
      saved.correct = correct;
      remember(question.key, saved);
    }
  }
  box.querySelector(".question-check").addEventListener("click", () => check(true));
  hintButton.addEventListener("click", () => {
    showHints(hintsShown + 1);
    saved.hints = hintsShown;
    remember(question.key, saved);
  });
  explainButton.addEventListener("click", () => {
    explanation.hidden = !explanation.hidden;
    explainButton.setAttribute("aria-expanded", String(!explanation.hidden));
    explainButton.textContent = explanation.hidden ? "Show explanation" : "Hide explanation";
  });
  showHints(saved.hints || 0);
  if (saved.answer !== undefined) {
    if (question.kind === "choice") {
      const option = box.querySelector(`input[type=radio][value="${saved.answer}"]`);
      if (option) option.checked = true;
    } else {
      box.querySelector("input[type=text]").value = String(saved.answer);
    }
    check(false);
  }
}

function setupHub(form) {
  const input = form.querySelector("input");
  const saved = recall("hub");
  if (saved) input.value = saved;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const hub = input.value.trim().replace(/\/+$/, "");
    if (!/^https?:\/\/[^\s]+$/.test(hub)) {
      form.querySelector(".hub-message").textContent = "Type your hub's address, starting with https://";
      return;
    }
    remember("hub", hub);
    window.location.href = hub + form.dataset.path;
  });
}

const NARROW = "(max-width: 40rem)";
const SCROLLERS = ".cm-editor .highlight pre, mjx-container[display='true'], .jp-RenderedHTMLCommon table, " +
  ".jp-OutputArea-output pre, .course-table, .worksheet-code";

/* Whatever is wider than the screen scrolls sideways, shows it (a shadow at its edge and a note),
   and can be scrolled from the keyboard. */
function markScrollers() {
  document.querySelectorAll(SCROLLERS).forEach((box) => {
    if (box.offsetParent === null) return; // folded away: looked at again when opened
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("course-scrolls", scrolls);
    const note = box.nextElementSibling;
    const hasNote = note && note.classList.contains("course-scrolls-note");
    if (scrolls) {
      box.setAttribute("tabindex", "0");
      if (!hasNote) {
        const words = document.createElement("span");
        words.className = "course-scrolls-note";
        words.textContent = "Wider than the screen: scroll sideways to see the rest.";
        box.after(words);
      }
    } else {
      if (box.getAttribute("tabindex") === "0") box.removeAttribute("tabindex");
      if (hasNote) note.remove();
    }
  });
}

/* On a narrow screen a picture can be enlarged: shown at its full size, to scroll around. */
function enlargeButtons() {
  let view = null;
  function open(img) {
    if (!view) {
      view = document.createElement("dialog");
      view.className = "picture-view";
      view.setAttribute("aria-label", "Enlarged picture");
      view.innerHTML = '<div class="picture-view-bar"><button type="button">Close</button>' +
        "<span>Scroll to move around the picture.</span></div><img alt=\"\">";
      view.querySelector("button").addEventListener("click", () => view.close());
      document.body.appendChild(view);
    }
    const big = view.querySelector("img");
    big.src = img.currentSrc || img.src;
    big.alt = img.alt;
    big.style.width = `${Math.max(img.naturalWidth, 2 * img.getBoundingClientRect().width)}px`;
    view.showModal();
  }
  document.querySelectorAll(".jp-OutputArea-output img, .explorer-picture").forEach((img) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "picture-enlarge";
    button.textContent = "Enlarge picture";
    button.addEventListener("click", () => open(img));
    img.after(button);
    if (img.hidden) button.hidden = true;
    new MutationObserver(() => (button.hidden = img.hidden)).observe(img, { attributes: true, attributeFilter: ["hidden"] });
  });
}

/* A worked explanation (a fold whose summary starts "Worked explanation") is a worked solution: it
   opens only once the reader has answered every self-check of its section that comes before it. */
const WORKED = /^Worked explanation/;

function sectionQuestionsBefore(element) {
  const before = (node) => node.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING;
  const headings = Array.from(document.querySelectorAll("h2")).filter(before);
  const start = headings[headings.length - 1];
  return Array.from(document.querySelectorAll(".static-question")).filter(
    (box) => before(box) && (!start || start.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING));
}

function lockWorkedExplanation(details) {
  const questions = sectionQuestionsBefore(details);
  if (!questions.length) return;
  const note = document.createElement("p");
  note.className = "worked-locked";
  note.setAttribute("role", "status");
  note.textContent = `Answer the ${questions.length === 1 ? "self-check" : `${questions.length} self-checks`} ` +
    "of this case above first (any answer counts); then this worked explanation opens.";
  details.after(note);
  const answered = () => questions.every((box) => box.dataset.correct !== undefined);
  const update = () => {
    details.dataset.locked = String(!answered());
    note.hidden = answered();
    if (!answered()) details.open = false;
  };
  details.addEventListener("toggle", () => { if (details.open && !answered()) update(); });
  questions.forEach((box) => new MutationObserver(update).observe(box, { attributes: true, attributeFilter: ["data-correct"] }));
  update();
}

if (typeof document !== "undefined") {
  document.addEventListener("DOMContentLoaded", () => {
    if (window.matchMedia && window.matchMedia(NARROW).matches) {
      /* A phone: the launch bar and the contents start folded, so the lesson starts near the top. */
      document.querySelectorAll(".course-launch-box, .lesson-toc details").forEach((box) => (box.open = false));
    }
    enlargeButtons();
    markScrollers();
    document.querySelectorAll("details").forEach((box) => box.addEventListener("toggle", markScrollers));
    window.addEventListener("resize", markScrollers);
    window.addEventListener("load", () => {
      markScrollers();
      if (window.MathJax && MathJax.startup && MathJax.startup.promise) MathJax.startup.promise.then(markScrollers);
    });
    document.querySelectorAll(".static-explorer").forEach(setupExplorer);
    document.querySelectorAll(".static-question").forEach(setupQuestion);
    document.querySelectorAll("details").forEach((box) => {
      const summary = box.querySelector("summary");
      if (summary && WORKED.test(summary.textContent.trim())) lockWorkedExplanation(box);
    });
    document.querySelectorAll(".hub-form").forEach(setupHub);
  });
}
