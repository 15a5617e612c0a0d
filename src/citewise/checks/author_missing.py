"""author-missing: an article must say who wrote it."""

from __future__ import annotations

import re
from functools import lru_cache

from citewise.diagnostic import Problem
from citewise.model import Span
from citewise.services.schema_graph import present

_ARTICLE_SUFFIXES = ("Article", "Posting")
_SEPARATORS = "|•·—–/"
_SHORT_LINE = 12  # words: a date-and-byline line, not prose
_OTHERS_WORDS = frozenset({"Comment", "Review", "Answer", "Question", "comment", "review",
                           "acceptedAnswer", "suggestedAnswer"})


def check(doc, options, context):
    if options["articles-only"] and not is_article(doc, context):
        return
    if find_author(doc, options, context):
        return
    anchor = doc.h1.span if doc.h1 is not None else Span(doc.title_line or 1)
    looked = "front matter `author`" if doc.format == "markdown" else "author meta tag"
    yield Problem(Span(anchor.line, anchor.column),
                  f"article names no author: no byline, {looked} or JSON-LD author")


def is_article(doc, context) -> bool:
    """Whether the page presents itself as an article: dated, or marked up as one."""
    if any(t.endswith(_ARTICLE_SUFFIXES) for node in context.entities(doc).nodes
           for t in node.schema_types):
        return True
    og_type = doc.meta_content("og:type")
    if og_type is not None and og_type.content.lower().startswith("article"):
        return True
    return any(found.kind == "published" for found in context.dates(doc).found)


def find_author(doc, options, context) -> str:
    """Where the page names its author ("front matter author", "JSON-LD author", "meta byl",
    "byline"...), or "" when it does not."""
    matter = doc.front_matter
    if matter is not None and matter.error is None:
        for key in options["front-matter-keys"]:
            if present(matter.data.get(key)):
                return f"front matter {key}"
    for node in context.entities(doc).nodes:
        if node.key in _OTHERS_WORDS or _OTHERS_WORDS.intersection(node.schema_types):
            continue  # a comment's or a review's author did not write the page
        for key in ("author", "creator"):
            if present(node.data.get(key)):
                return f"JSON-LD {key}"
    wanted = set(options["meta-names"])
    for tag in doc.meta:
        if tag.content.strip() and wanted.intersection(tag.name.split()):
            return f"meta {tag.name}"
    words = options["byline-words"]
    if words and any(_is_byline(block.text, tuple(words)) for block in _top_blocks(doc, options)):
        return "byline"
    return ""


def _top_blocks(doc, options):
    """The page header above the main content, the blocks before the H1 and the first
    `byline-blocks` after it."""
    h1 = doc.h1
    end = doc.blocks.index(h1) + 1 if h1 is not None else 0
    return [*doc.outside, *doc.blocks[: end + options["byline-blocks"]]]


def _is_byline(text: str, words: tuple[str, ...]) -> bool:
    """A byline opens the block or follows a separator ("May 2 | By Jane Doe"); in a short
    line with a date in it, anywhere ("2/26/2015 7:11 AM PST BY TMZ STAFF")."""
    flat = " ".join(text.split())
    anywhere = len(flat.split()) <= _SHORT_LINE and any(c.isdigit() for c in flat)
    starts, inner = _byline_patterns(words)
    pattern = inner if anywhere else starts
    return any(match.group("colon") or not match.group("name").isalpha()
               or match.group("name").isupper() for match in pattern.finditer(flat))


@lru_cache(maxsize=32)
def _byline_patterns(words: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    """"<word> Name" (a capitalised name or an @handle) at the start of a block or after a
    separator, and the same anywhere between word boundaries."""
    ending = (":", "：", "/", "／")
    plain = sorted((w for w in words if not w.endswith(ending)), key=len, reverse=True)
    colon = sorted((w for w in words if w.endswith(ending)), key=len, reverse=True)
    alternatives = []
    if plain:
        alternatives.append(
            rf"(?:{'|'.join(_words(w) for w in plain)})\s+(?P<name>[^\W\d_]|@(?=\w))")
    if colon:
        alternatives.append(rf"(?P<colon>(?:{'|'.join(_words(w) for w in colon)}))\s*[^\W\d_]")
    either = "|".join(alternatives)
    separators = re.escape(_SEPARATORS)
    return (re.compile(rf"(?:^|[{separators}]\s*)\W{{0,3}}(?:{either})", re.I),
            re.compile(rf"(?<!\w)(?:{either})", re.I))


def _words(phrase: str) -> str:
    return r"\s+".join(re.escape(part) for part in phrase.split())
