"""Helpers shared by the sentence and readability checks (not a rule: it has no `check`).

Phrase lists from the catalogue are matched with one compiled regex per list: whole words,
case-insensitive, any run of whitespace between words, straight or curly apostrophes. On the
corpus this is ~40x faster than spaCy's PhraseMatcher, which needs every block tokenised first
(docs/design/language-rules.md); spaCy is then asked only about the few sentences a phrase was found in.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache


DIGIT = re.compile(r"\d")
# Labels that name something an engine can cite. The trained NER's DATE also tags "today" and
# "weekly", so dates count only when they hold a digit or a month (see _DATED).
NAMED = frozenset("PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE NAME".split())
FIGURES = frozenset("DATE TIME PERCENT MONEY QUANTITY CARDINAL".split())
_MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)


@lru_cache(maxsize=64)
def _compiled(phrases: tuple[str, ...]) -> re.Pattern | None:
    groups: dict[tuple[str, str], list[str]] = {}
    for phrase in sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True):
        words = [re.escape(word).replace("'", "['’]") for word in phrase.split()]
        start = r"(?<![\w#])" if phrase[0].isalnum() or phrase[0] == "#" else ""
        end = r"(?![\w-])" if phrase[-1].isalnum() else ""
        groups.setdefault((start, end), []).append(r"\s+".join(words))
    if not groups:
        return None
    # One boundary check around each group of alternatives, not one per phrase: ~8x faster.
    return re.compile("|".join(f"{start}(?:{'|'.join(bodies)}){end}"
                               for (start, end), bodies in groups.items()), re.IGNORECASE)


def phrase_pattern(phrases) -> re.Pattern | None:
    """One regex finding any of `phrases` as whole words; None for an empty list."""
    return _compiled(tuple(phrases or ()))


def sentence_at(context, text: str, offset: int):
    """The sentence of `text` (by the shared pipeline) that holds character `offset`. A binary
    search: a rule asks once per hit, and a long paragraph has thousands of both."""
    sentences = context.nlp().sentences(text)
    starts = _starts_of(sentences)
    index = bisect.bisect_right(starts, offset) - 1
    if index >= 0 and offset < sentences[index].end:
        return sentences[index]
    return None


_last_starts: list = [None, ()]  # the sentence list last asked about, and its start offsets


def _starts_of(sentences) -> list[int]:
    if _last_starts[0] is not sentences:  # the pipeline caches each text's list: same object
        _last_starts[:] = [sentences, [sentence.start for sentence in sentences]]
    return _last_starts[1]


def figures_and_names(context, text: str, skip_names=()) -> list[str]:
    """What in `text` an engine could cite: numbers (any digit), dates, and named things
    (entities by the shared pipeline; names in `skip_names`, such as the page's own subject,
    are not a source for a claim about it; give them lower-cased)."""
    # The words holding a digit. Not re.finditer(r"\S*\d\S*"): that backtracks over every
    # long run without a digit (a URL, base64, "[a](" * 5000) and goes quadratic.
    found = [word for word in text.split() if DIGIT.search(word)]
    for start, end, label in context.nlp().entities(text):
        value = text[start:end]
        if any(name in value.lower() for name in skip_names):
            continue
        if label == "NAME" and value.isupper() and " " not in value:
            continue  # a bare acronym ("CRM", "API") names a kind of thing, not a source
        if label in NAMED or (label in FIGURES and (DIGIT.search(value) or _MONTH.search(value))):
            found.append(value)
    return found


def subject_names(doc, context) -> tuple[str, ...]:
    """The names of what the page is about, lower-cased: the page's entities (config
    `entities`, JSON-LD names, NER on the subject line: services/entities.py) and the names the
    shared pipeline finds in the H1, else the title ("Acme CRM" in "# Acme CRM pricing")."""
    from citewise.services.entities import subject_line

    known = context.entities(doc).known
    names = {name.lower() for entity in known for name in (entity.name, *entity.aliases) if name}
    line, _ = subject_line(doc)
    if line:
        # A lead-in word, so that a name opening the line ("Acme") is not taken for the
        # capitalised first word of a sentence.
        framed = "About " + line
        names.update(framed[start:end].lower() for start, end, label
                     in context.nlp().entities(framed) if label in NAMED and start >= 6)
    return tuple(sorted(names))


def blank_out(text: str, start: int, end: int) -> str:
    """`text` with text[start:end] replaced by spaces (offsets stay valid)."""
    return text[:start] + " " * (end - start) + text[end:]
