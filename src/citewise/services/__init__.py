"""Shared services that checks ask: built once per process, whatever the number of files."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from citewise.model import BLOCK_SCOPES


@dataclass(frozen=True)
class Context:
    """What a check may know beyond the document: the run's settings and shared services.

    The engine makes one Context per document, and one view of it per rule (`for_rule`): what a
    service finds about the document is computed once, kept here (never on the Document), and
    every rule sees the same answer whatever ran before it.
    """

    today: dt.date = field(default_factory=dt.date.today)
    entity_names: tuple[str, ...] = ()  # config `entities` (not `entities`: that is a method)
    language: str = "en"
    nlp_model: str | None = None
    scope: frozenset[str] = BLOCK_SCOPES["all"]  # the block kinds the current rule reads
    site: object = None  # site files: the tree's pages and URLs (services.site.SiteLayout)
    memo: dict = field(default_factory=dict, compare=False, repr=False)  # per-document results

    def for_rule(self, scope: frozenset[str]) -> Context:
        """This context for a rule reading `scope`; it shares the computed services."""
        return self if scope == self.scope else dataclasses.replace(self, scope=scope)

    def language_of(self, doc) -> str:
        """The page's primary language subtag ("en" for "en-US"), else the configured one."""
        return (doc.language or self.language or "en").split("-")[0].split("_")[0].lower()

    def in_scope(self, block) -> bool:
        """Whether `block` is of a kind the rule declared in its catalogue `scope`."""
        return block.kind in self.scope

    def blocks(self, doc, blocks=None) -> list:
        """The blocks (of the document, or of `blocks`) the rule reads: of a kind in its
        `scope`, with some text."""
        return [block for block in (doc.blocks if blocks is None else blocks)
                if block.kind in self.scope and block.text.strip()]

    def nlp(self):
        """The process-wide NLP pipeline (spaCy is imported on first use only)."""
        from citewise.services.nlp import get_pipeline

        return get_pipeline(self.nlp_model)

    def dates(self, doc):
        """The page's dates (citewise.model.Dates), found once per document."""
        from citewise.services.dates import page_dates

        return self._once("dates", doc, page_dates)

    def entities(self, doc):
        """The page's primary entities: config `entities`, JSON-LD names, title, NER."""
        from citewise.services.entities import page_entities

        return self._once("entities", doc, lambda doc: page_entities(doc, self))

    def _once(self, service: str, doc, compute):
        key = (service, id(doc))
        found = self.memo.get(key)
        if found is None or found[0] is not doc:
            found = self.memo[key] = (doc, compute(doc))
        return found[1]
