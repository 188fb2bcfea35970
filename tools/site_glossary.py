"""Terms linked to the glossary on the course site: a term's first use in the lesson that
introduces it links to its entry on the glossary page, its definition shown on hover or focus.

Only the lesson's own prose is touched (its Markdown cells), never a heading, a link, code,
maths, a button or a summary line, and each term at most once per page.
"""

from __future__ import annotations

import html
import re

#: The rendered Markdown of a lesson's text cells (nbconvert's lab template); lesson Markdown holds no <div>.
_MARKDOWN = re.compile(r'(<div class="[^"]*jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)', re.S)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*?(/?)>")
#: Elements inside which a term is never linked.
_KEEP_OUT = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "summary", "script", "style", "button",
             "label", "svg", "math", "kbd", "dfn"}


def lesson_terms(lesson_id: str) -> list[tuple[re.Pattern, str, str]]:
    """(pattern, anchor, definition) for each term the lesson introduces, longest first."""
    from musclepain_lib.learner.glossary import glossary_table, term_pattern
    from tools.build_site import term_anchor

    table = glossary_table()
    rows = table[table["lesson"] == lesson_id]
    terms = [(term_pattern(row.term, row.also if isinstance(row.also, str) else ""), term_anchor(row.term),
              row.definition, len(row.term)) for row in rows.itertuples()]
    return [(pattern, anchor, definition) for pattern, anchor, definition, _ in sorted(terms, key=lambda t: -t[3])]


def link_first_uses(page: str, lesson_id: str) -> tuple[str, int]:
    """The page with each term the lesson introduces linked at its first use in the prose; and how many."""
    terms = lesson_terms(lesson_id)
    linked: set[str] = set()

    def in_block(match):
        return match[1] + _link_in(match[2], terms, linked) + match[3]

    return _MARKDOWN.sub(in_block, page), len(linked)


def _link_in(fragment: str, terms, linked: set[str]) -> str:
    out, depth, position = [], [], 0
    for tag in _TAG.finditer(fragment):
        out.append(_link_text(fragment[position:tag.start()], terms, linked) if not depth else fragment[position:tag.start()])
        name = tag[2].lower()
        if name in _KEEP_OUT and not tag[3]:
            if tag[1]:
                if depth and depth[-1] == name:
                    depth.pop()
            else:
                depth.append(name)
        out.append(tag[0])
        position = tag.end()
    tail = fragment[position:]
    out.append(_link_text(tail, terms, linked) if not depth else tail)
    return "".join(out)


def _link_text(text: str, terms, linked: set[str]) -> str:
    for pattern, anchor, definition in terms:
        if anchor in linked:
            continue
        found = pattern.search(text)
        if found is None:
            continue
        linked.add(anchor)
        link = (f'<a class="course-term" href="glossary.html#{anchor}" data-definition="{html.escape(definition)}">'
                f"{found[0]}</a>")
        # the rest of the text may hold other terms: link them after this one
        return _link_text(text[:found.start()], terms, linked) + link + _link_text(text[found.end():], terms, linked)
    return text
