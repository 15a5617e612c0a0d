"""Helpers shared by the structure checks: opening phrases, content words, first sentences.

Not a rule (no `check`): answer-first, question-headings and unanswered-question read the same
notions of "starts with one of these phrases", "shares a word with the title" and "the first
sentence of a paragraph" from here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from citewise.services.text import word_count, words

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[ivx]+\.|[a-z]\))\s+", re.I)  # "2.1 ", "iv. "
_TERMINAL = re.compile(r"[.!?:;…。！？]['\"”’)\]»]*$")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-cased, straight apostrophes, single spaces: the form phrase lists are matched in.
    Cached: the same words and list entries are folded for every block of every page."""
    return " ".join(text.translate(_APOSTROPHES).lower().split())


@lru_cache(maxsize=64)
def folded_set(items: tuple[str, ...]) -> frozenset[str]:
    """A word list folded once per process, for membership tests."""
    return frozenset(fold(item) for item in items)


def opening(text: str, phrases) -> str:
    """The phrase of `phrases` that `text` starts with, as written on the page, or "".

    Phrases match whole words, case-insensitively: "by" matches "By Jane Doe", not "Bytes".
    The longest matching phrase wins.
    """
    flat = " ".join(text.split())
    folded = fold(flat)
    best = ""
    for phrase in phrases:
        wanted = fold(phrase)
        if wanted and folded.startswith(wanted) and len(wanted) > len(best):
            rest = folded[len(wanted) : len(wanted) + 1]
            if not rest or not (rest.isalnum() or rest == "_") or not wanted[-1].isalnum():
                best = wanted
    return flat[: len(best)]


_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)


def prose_words(text: str) -> int:
    """Words as a reader counts them: a URL is one word, not the five pieces between its dots
    and slashes."""
    return word_count(_URL.sub("url", text))


def ends_sentence(text: str) -> bool:
    """Whether text ends like a sentence (full stop, question or exclamation mark, colon)."""
    return bool(_TERMINAL.search(text.rstrip()))


def stem(word: str) -> str:
    """A crude language-neutral stem: lower case, no possessive, first five letters.

    Generous on purpose (debugging ~ debugger, dependencies ~ dependency): it decides whether
    two texts talk about the same thing, and a false "same" only keeps a rule quiet.
    """
    word = word.translate(_APOSTROPHES).lower().removesuffix("'s")
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word[:5]


_PARTS = re.compile(r"[.-](?=[^\W\d_])")  # Node.js -> Node, js; but 4.7.1 stays whole
_VERSION = re.compile(r"^v(?=\d)", re.I)  # v4.7.1 -> 4.7.1


def content_words(text: str, stopwords) -> set[str]:
    """Stems of the words of `text` that are not stopwords (Node.js gives node and js)."""
    stop = folded_set(tuple(stopwords))
    found = set()
    for word in words(text):
        for part in [word, *_PARTS.split(word)]:
            part = _VERSION.sub("", part)
            if fold(part) not in stop and (len(part) > 1 or part.isdigit()):
                found.add(stem(part))
    return found


def first_sentence(text: str, context) -> str:
    """The first sentence of `text`, by the shared sentence splitter."""
    for sentence in context.nlp().sentences(text):
        if sentence.text.strip():
            return sentence.text.strip()
    return text.strip()


def reads_as(text: str, common_words, share: float = 0.1) -> bool:
    """Whether `text` looks written in the language of `common_words` (its function words):
    at least `share` of its words are among them. English prose runs at 25-45% on the English
    list, German prose at 1-4%: an undeclared German page is not judged with English lists."""
    found = words(text)
    common = folded_set(tuple(common_words))
    return bool(found) and sum(fold(word) in common for word in found) >= share * len(found)


def page_text(doc, limit: int = 2000) -> str:
    """The first `limit` words or so of the page's headings, paragraphs and list items."""
    parts, count = [], 0
    for block in doc.blocks:
        if block.kind in ("heading", "paragraph", "list_item"):
            parts.append(block.text)
            count += len(block.text.split())
            if count >= limit:
                break
    return "\n".join(parts)


def is_question(text: str, question_words, lead_in: bool = False) -> bool:
    """A heading phrased as a question: it ends with a question mark or starts with a question
    word ("How to rotate a key", "Why rotate?"); with `lead_in`, also after a short lead-in and
    a colon ("Background: why keys expire")."""
    text = text.strip().rstrip("*_`)]} ").rstrip()
    if text.endswith(("?", "？", "؟")):
        return True
    text = text.lstrip("*_`#0123456789.) ")
    lead, colon, rest = text.partition(": ")
    if lead_in and colon and len(lead.split()) <= 4 and opening(rest.lstrip(), question_words):
        return True  # "Quick context: what makes software safety-critical"
    if text[:1].islower() and not text.islower():
        return False  # "was founded in 1990 ...": a fragment whose subject was lost
    return bool(opening(text, question_words))
