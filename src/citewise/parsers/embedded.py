"""Structured data other than JSON-LD: microdata and RDFa (via extruct), Open Graph.

extruct is heavy (its import takes about 0.35 s, RDFa about 0.1 s a page), so it is imported
and run only when a rule needs it (the runner says so through `parse(..., embedded=)`), only on
pages without JSON-LD, and only when cheap attribute checks found `itemscope` (microdata) or
`typeof` / `vocab` (RDFa). Microdata is read from the tree the HTML parser already built;
RDFa needs extruct's own DOM, built from the same text with network access off. pyRdfa runs
with vocabulary expansion and its vocabulary cache off, so it fetches nothing. Open Graph comes
from the page's `og:` meta tags without extruct.
"""

from __future__ import annotations

import logging

import lxml.html
from lxml import etree

from citewise.model import Document, Span, StructuredData

_LINE_CAP = 65535
_MICRODATA = etree.XPath("//*[@itemscope]")
_RDFA = etree.XPath("//*[@typeof or @vocab]")
_RDFA_BOOKKEEPING = {"@id", "http://www.w3.org/ns/rdfa#usesVocabulary"}


def embedded_items(root, markup: str, doc: Document) -> list[StructuredData]:
    """Microdata and RDFa items (only on pages without JSON-LD: their one reader,
    jsonld-missing, needs them only there), and the page's Open Graph tags as one item."""
    items: list[StructuredData] = []
    if not doc.jsonld:
        scopes = _MICRODATA(root)
        if scopes:
            items += _microdata(root, scopes)
        typed = _RDFA(root)
        if typed:
            items += _rdfa(markup, typed)
    graph = [tag for tag in doc.meta if tag.name.startswith("og:")]
    if graph:
        data: dict[str, list[str]] = {}
        for tag in graph:
            data.setdefault(tag.name, []).append(tag.content)
        items.append(StructuredData("opengraph", Span(graph[0].line), data=data))
    return items


def _line(element) -> int:
    return min(element.sourceline or 1, _LINE_CAP)


# extruct's microdata extractor walks each item's descendants again for every enclosing item:
# on deeply nested or very many itemscopes its cost grows faster than the page (a 270 kB
# fuzzed page took 44 s). Past these, the items are read from their itemtype alone, which is
# all the one reader (jsonld-missing: which types the page declares) needs.
MAX_MICRODATA_ITEMS = 1000
MAX_MICRODATA_DEPTH = 16


def _microdata(root, scopes) -> list[StructuredData]:
    if len(scopes) > MAX_MICRODATA_ITEMS or _scope_depth(scopes) > MAX_MICRODATA_DEPTH:
        return [StructuredData("microdata", Span(_line(el)),
                               data={"type": (el.get("itemtype") or "").split()})
                for el in scopes if el.get("itemprop") is None]
    from extruct.w3cmicrodata import MicrodataExtractor

    try:
        found = MicrodataExtractor().extract_items(root, base_url=None)
    except Exception as error:  # extruct on broken markup: say so, never crash the page
        return [StructuredData("microdata", Span(_line(scopes[0])), error=str(error))]
    tops = [el for el in scopes if el.get("itemprop") is None]
    lines = [_line(el) for el in tops] if len(tops) == len(found) else []
    return [StructuredData("microdata", Span(lines[n] if lines else _line(scopes[0])), data=data)
            for n, data in enumerate(found)]


def _scope_depth(scopes) -> int:
    """How many itemscopes the deepest one sits in (stops counting past the limit)."""
    inside = set(scopes)
    deepest = 0
    for element in scopes:
        depth, parent = 0, element.getparent()
        while parent is not None and depth <= MAX_MICRODATA_DEPTH:
            if parent in inside:
                depth += 1
            parent = parent.getparent()
        deepest = max(deepest, depth)
        if deepest > MAX_MICRODATA_DEPTH:
            break
    return deepest


def _rdfa(markup: str, typed) -> list[StructuredData]:
    from extruct.rdfa import RDFaExtractor
    from extruct.xmldom import XmlDomHTMLParser

    logging.getLogger("rdflib").setLevel(logging.ERROR)
    try:
        parser = XmlDomHTMLParser(no_network=True, remove_pis=True)
        tree = lxml.html.document_fromstring(markup, parser=parser)
        found = RDFaExtractor().extract_items(tree, base_url=None)
    except Exception as error:
        return [StructuredData("rdfa", Span(_line(typed[0])), error=str(error))]
    by_type: dict[str, int] = {}
    for element in typed:
        for name in (element.get("typeof") or "").split():
            by_type.setdefault(name.rsplit("/", 1)[-1].rsplit(":", 1)[-1], _line(element))
    items = []
    for data in found:
        if not isinstance(data, dict) or set(data) <= _RDFA_BOOKKEEPING:
            continue  # pyRdfa's note that the page uses a vocabulary: no data about anything
        types = data.get("@type") or []
        line = next((by_type[t.rsplit("/", 1)[-1].rsplit("#", 1)[-1]] for t in types
                     if t.rsplit("/", 1)[-1].rsplit("#", 1)[-1] in by_type), _line(typed[0]))
        items.append(StructuredData("rdfa", Span(line), data=data))
    return items
