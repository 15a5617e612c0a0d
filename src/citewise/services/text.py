"""Small text helpers shared by checks: words, quoting."""

from __future__ import annotations

import re
from functools import lru_cache

WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


def words(text: str) -> list[str]:
    return WORD.findall(text)


@lru_cache(maxsize=8192)
def word_count(text: str) -> int:
    """Cached: several rules count the words of the same block."""
    return len(WORD.findall(text))


def quote(text: str, max_words: int = 8) -> str:
    """The opening words of `text`, for a message: 'In today's fast-moving world…'."""
    found = list(WORD.finditer(text))
    if len(found) <= max_words:
        return " ".join(text.split())
    cut = found[max_words - 1].end()
    return " ".join(text[:cut].split()) + "…"
