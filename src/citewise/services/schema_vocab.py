"""The schema.org vocabulary: which types and properties exist, and the closest real one to a typo.

Taken from rdflib's `rdflib.namespace.SDO` (rdflib comes with extruct), which lists every
schema.org term of the release it was generated from; `VERSION` says which. It carries names
only: no class hierarchy and no domainIncludes, so a property counts as known on any type.
Loaded on first use, once per process (about 50 ms, most of it importing rdflib).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache, lru_cache

# rdflib leaves these terms out because they are not Python identifiers or collide with keywords.
_LEFT_OUT = frozenset({"3DModel", "yield"})
_DATE = re.compile(r"Date:\s*(\d{4}-\d{2}-\d{2})")
_SOURCE = re.compile(r"Generated from:\s*(\S+)")


@dataclass(frozen=True)
class Vocabulary:
    types: frozenset[str]
    properties: frozenset[str]
    version: str  # "schema.org terms as of 2021-12-01 (rdflib 7.6.0)"

    def is_type(self, name: str) -> bool:
        return name in self.types

    def is_property(self, name: str) -> bool:
        return name in self.properties

    def suggest_type(self, name: str) -> str | None:
        return _suggest(name, True)

    def suggest_property(self, name: str) -> str | None:
        return _suggest(name, False)


@cache
def vocabulary() -> Vocabulary:
    import rdflib
    from rdflib.namespace import SDO

    names = set(SDO.__annotations__) | _LEFT_OUT
    types = frozenset(name for name in names if not name[:1].islower())
    properties = frozenset(name for name in names if name[:1].islower())
    doc = SDO.__doc__ or ""
    date = _DATE.search(doc)
    version = (f"schema.org terms as of {date.group(1) if date else 'an unknown date'} "
               f"(rdflib {rdflib.__version__})")
    return Vocabulary(types, properties, version)


@lru_cache(maxsize=512)
def _suggest(name: str, want_type: bool) -> str | None:
    vocab = vocabulary()
    pool = vocab.types if want_type else vocab.properties
    folded = name.casefold().replace("-", "").replace("_", "")
    same = [term for term in pool if term.casefold() == folded]
    if same:
        return same[0]
    close = difflib.get_close_matches(name, pool, n=1, cutoff=0.8)
    return close[0] if close else None


def only_candidate(name: str, want_type: bool) -> str | None:
    """The one schema.org term `name` is a misspelling of, when there is exactly one close
    one (the same letters in another case or without `-`/`_`, else one match of difflib's
    ratio >= 0.8); None when there is none or more than one: a fix must not pick."""
    vocab = vocabulary()
    pool = vocab.types if want_type else vocab.properties
    folded = name.casefold().replace("-", "").replace("_", "")
    same = [term for term in pool if term.casefold() == folded]
    if same:
        return same[0] if len(same) == 1 else None
    close = difflib.get_close_matches(name, pool, n=2, cutoff=0.8)
    return close[0] if len(close) == 1 else None


def schema_term(value: str) -> str | None:
    """The schema.org term named by a type or property value ("schema:Article",
    "https://schema.org/Article", "Article"), or None for another vocabulary's IRI."""
    for prefix in ("https://schema.org/", "http://schema.org/", "schema:",
                   "https://www.schema.org/", "http://www.schema.org/"):
        if value.startswith(prefix):
            return value[len(prefix):]
    if ":" in value or "/" in value:
        return None
    return value
