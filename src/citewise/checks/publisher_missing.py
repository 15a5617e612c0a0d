"""publisher-missing: the page's JSON-LD must say who publishes it."""

from __future__ import annotations

from citewise.diagnostic import Problem
from citewise.services.entities import is_organization, is_work
from citewise.services.schema_graph import present


def check(doc, options, context):
    nodes = context.entities(doc).nodes
    page = next((node for node in nodes if node.top_level and not node.is_reference
                 and is_work(node.schema_types)), None)
    if page is None:
        return
    if any(present(node.data.get("publisher")) for node in nodes):
        return
    if any(tag.name == "itemprop:publisher" for tag in doc.meta):
        return  # the page's microdata or RDFa names its publisher: engines read that too
    if any(node.top_level and not node.is_reference and is_organization(node.schema_types)
           for node in nodes):
        return
    kind = next(t for t in page.schema_types if is_work([t]))
    yield Problem(page.span("@type"), f"{kind} names no publisher, and no Organization in the "
                                      f"JSON-LD stands for the site")
