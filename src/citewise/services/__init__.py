"""Shared services that checks ask: built once per process, whatever the number of files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Context:
    """What a check may know beyond the document: the run's settings and shared services."""

    today: dt.date = field(default_factory=dt.date.today)
    entity_names: tuple[str, ...] = ()  # config `entities` (not `entities`: that is a method)
    language: str = "en"
    nlp_model: str | None = None

    def language_of(self, doc) -> str:
        """The page's primary language subtag ("en" for "en-US"), else the configured one."""
        return (doc.language or self.language or "en").split("-")[0].split("_")[0].lower()

    def word_list(self, options: dict, name: str, doc) -> list[str] | None:
        """A per-language word-list option for the page's language; None when there is none,
        so that word-list rules stay silent on languages the catalogue has no words for."""
        table = options.get(name) or {}
        return table.get(self.language_of(doc))

    def nlp(self):
        """The process-wide NLP pipeline (spaCy is imported on first use only)."""
        from citewise.services.nlp import get_pipeline

        return get_pipeline(self.nlp_model)

    def dates(self, doc):
        """The page's dates (citewise.model.Dates), found once per document."""
        from citewise.services.dates import page_dates

        return page_dates(doc)

    def entities(self, doc):
        """The page's primary entities: config `entities`, JSON-LD names, title, NER."""
        from citewise.services.entities import page_entities

        return page_entities(doc, self)
