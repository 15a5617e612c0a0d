"""faq-schema-mismatch: FAQPage questions or answers that the page does not show."""

import html
import re

from citewise.diagnostic import Problem
from citewise.services.schema_graph import nodes_by_id, page_nodes, resolve
from citewise.services.text import quote

_TAG = re.compile(r"<[^>]*>")
_NOT_WORD = re.compile(r"[\W_]+")
_ELLIPSIS = re.compile(r"\.\.\.|…")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")


def check(doc, options, context):
    nodes = page_nodes(doc)
    pages = [node for node in nodes if "FAQPage" in node.schema_types]
    if not pages:
        return
    visible = f" {_normal(' '.join(block.text for block in doc.blocks))} "
    by_id = nodes_by_id(nodes)
    nodes_of = {id(node.data): node for node in nodes}
    share = options.get("answer-share", 0.8)
    for page in pages:
        for question in resolve(page.data.get("mainEntity"), by_id, nodes_of):
            name = question.data.get("name")
            if isinstance(name, str) and name.strip() and not _shown(name, visible, 1.0):
                yield Problem(question.span("name"), f"FAQ question \"{quote(_plain(name))}\" "
                                                     f"is not visible on the page")
                continue
            for answer in resolve(question.data.get("acceptedAnswer"), by_id, nodes_of):
                text = answer.data.get("text")
                if isinstance(text, str) and text.strip() and not _shown(text, visible, share):
                    yield Problem(answer.span("text"), f"FAQ answer \"{quote(_plain(text))}\" "
                                                       f"is not visible on the page")


def _plain(text: str) -> str:
    """Answer markup as the reader sees it: tags stripped, entities decoded."""
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def _normal(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


def _shown(text: str, visible: str, share: float) -> bool:
    """The text is on the page: whole, up to a "…" that cuts it short, or (for long answers)
    at least `share` of its sentences, since markup often trims a link or a "read more"."""
    plain = _plain(text)
    whole = _normal(plain)
    if not whole or f" {whole} " in visible:
        return True
    if share >= 1.0:
        return False
    cut = _ELLIPSIS.split(plain, 1)
    head = " ".join(_normal(cut[0]).split()[:-1])  # the last word may be cut in half
    if len(cut) > 1 and len(head.split()) >= 5 and f" {head} " in visible:
        return True  # a teaser cut off with "…" (and a "read more" link) from the shown text
    parts = [_normal(part) for part in _SENTENCE_END.split(plain)]
    parts = [part for part in parts if part]
    found = sum(1 for part in parts if f" {part} " in visible)
    return len(parts) > 1 and found / len(parts) >= share
