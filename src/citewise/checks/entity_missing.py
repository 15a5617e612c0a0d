"""entity-missing: the opening paragraph must name the page's primary entity."""

from __future__ import annotations

import re

from citewise.checks._prose import opening
from citewise.diagnostic import Problem
from citewise.model import Span
from citewise.services.entities import (
    Entity,
    name_match,
    names,
    opening_paragraph,
    opening_start,
    short_names,
)
from citewise.services.text import quote

# "NAME VERSION" at the start of a subject line: one to three words, then 1.2, 1.2.3 or v7.
_NAME_VERSION = re.compile(
    r"(?P<name>[^\W\d_][\w.+#'’-]*(?:\s+[^\W\d_][\w.+#'’-]*){0,2}?)"
    r"\s+(?P<version>v?\d+(?:\.\d+)+|v\d+)(?![\w.])")
_DATE_LIKE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}$")
_SENTENCE_BREAK = re.compile(r"[.!?…](?=['\"”’)\]]*\s+[^\W\d_])")
# After the publisher's name in a subject line: a column label over another subject ("The
# Guardian view on Hong Kong", "9to5Mac Gift Guide: What do you buy...").
_COLUMN = re.compile(r"(?:['’]s)?\s+(?:[\w-]+\s+){0,3}?(?:on|about)\s+\S"
                     r"|(?:['’]s)?(?:\s+[\w-]+){0,3}\s*:\s+\S")


def check(doc, options, context):
    found = context.entities(doc)
    paragraph = opening_paragraph(doc, options["min-words"])
    if paragraph is None:
        return
    text = paragraph.text
    voice = _first_person(_first_sentence(text), options["first-person"])
    instead = f", it says \"{voice}\" instead" if voice else ""
    where = Span(paragraph.span.line, paragraph.span.column)
    subject = found.primary
    called = names(found.subject, subject) if subject else ""
    if subject is None:
        subject = title_entity(found.subject, options["title-lead-words"])
        called = subject.name if subject else ""
    if subject is not None and _column_label(found, subject):
        return  # the publisher labels a column about something else: no subject to ask for
    if subject is not None:
        if not names(_lead(doc, paragraph), subject):
            yield Problem(where, f"opening paragraph does not name \"{called}\", the subject of "
                                 f"the title{instead}: \"{quote(text)}\"")
        return
    # No subject in the title: a page of a configured brand that opens speaking as "we".
    own = [entity for entity in found.publishers if entity.source == "config"]
    if voice and own and not any(_names_publisher(text, entity) for entity in own):
        yield Problem(where, f"opening paragraph speaks as \"{voice}\" and never names "
                             f"\"{own[0].name}\": \"{quote(text)}\"")


def _lead(doc, paragraph) -> str:
    """The text from the H1 down to the end of the opening paragraph: a short line above it
    ("Greetings Jekyllers, Jekyll v4.4.0 has been published!", "Line-up: Tove Styrke") is
    quoted with it and may be what names the subject."""
    blocks = doc.blocks[opening_start(doc):]
    upto = next(i for i, block in enumerate(blocks) if block is paragraph)
    return "\n".join(block.text for block in blocks[:upto + 1] if block.kind != "heading")


def _column_label(found, subject: Entity) -> bool:
    """Whether the subject line names the publisher only as the label of a column about
    something else: "The Guardian view on Hong Kong" is about Hong Kong."""
    if not any(subject.name.casefold() == p.name.casefold() for p in found.publishers):
        return False
    match = next((m for name in subject.names if (m := name_match(found.subject, name))), None)
    return match is not None and match.start() <= 4 and bool(
        _COLUMN.match(found.subject, match.end()))


def title_entity(line: str, lead_words) -> Entity | None:
    """The NAME of a subject line that opens "[lead words] NAME VERSION", else None.

    A name of several words keeps its capitalised tail ("Migrate from Pydantic v1" gives
    "Pydantic"); in a Title Case line that tail may be three words or more and its last words
    count as naming it ("A Wild Jekyll 2.4.0 Appeared!" is named by "Jekyll"); "Node.js" may
    be named "Node".
    """
    lead = opening(line, lead_words or ())
    rest = line[len(lead):].lstrip(" :")
    match = _NAME_VERSION.match(rest)
    if not match or _DATE_LIKE.match(match.group("version")):
        return None
    tokens = match.group("name").split()
    if len(tokens) > 1:
        tail = len(tokens)
        while tail > 0 and tokens[tail - 1][0].isupper():
            tail -= 1
        tokens = tokens[tail:]
    if not tokens:
        return None
    name = " ".join(tokens)
    # A Title Case line capitalises every word ("A Wild Jekyll 2.4.0 Appeared!"): the name's
    # last words are names of it too.
    title_case = len(tokens) >= 3 and all(w[:1].isupper() or not w[:1].isalpha()
                                          for w in line.split())
    tails = tuple(" ".join(tokens[i:]) for i in range(1, len(tokens))) if title_case else ()
    return Entity(name, (*short_names(name), *tails))


def _first_sentence(text: str) -> str:
    """The text up to its first full stop, question or exclamation mark before a new word
    (no NLP: this rule must not load spaCy)."""
    match = _SENTENCE_BREAK.search(text)
    return text[: match.end()] if match else text


def _first_person(text: str, words) -> str:
    """The first first-person word of `text`, as written, or "". Lower case or capitalised
    only: "US" is a country, not "us"."""
    if not words:
        return ""
    forms = {form for w in words for form in (w.lower(), w[:1].upper() + w[1:].lower())}
    alternatives = "|".join(re.escape(w) for w in sorted(forms, key=len, reverse=True))
    match = re.search(rf"(?<![\w'])(?:{alternatives})(?![\w'])", text.replace("’", "'"))
    return text[match.start():match.end()] if match else ""


def _names_publisher(text: str, entity: Entity) -> bool:
    """Whether `text` names the publisher, leniently: its full name, an alternate name or one
    of its capitalised words of four letters or more ("Voodoo" for "Voodoo Engineering",
    "Guardian" for "The Guardian")."""
    if names(text, entity):
        return True
    words = {w for name in entity.names for w in name.split()
             if len(w) >= 4 and w[0].isupper() and w.isalpha()}
    return any(name_match(text, word) for word in words)
