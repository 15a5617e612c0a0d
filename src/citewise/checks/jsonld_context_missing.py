"""jsonld-context-missing: a top-level JSON-LD object with schema.org types and no `@context`;
the fix writes `"@context": "https://schema.org"` as its first key."""

from citewise.diagnostic import Edit, Fix, Problem
from citewise.parsers.jsonld import locate
from citewise.services.schema_graph import page_nodes
from citewise.services.schema_vocab import vocabulary

CONTEXT = '"@context": "https://schema.org",'


def check(doc, options, context):
    nodes = page_nodes(doc)
    if not nodes:
        return
    vocab = vocabulary()
    tops = {id(value) for item in doc.jsonld for value in _top_level(item.data)}
    for node in nodes:
        if id(node.data) not in tops or "@context" in node.data:
            continue
        typed = [node] if "@graph" not in node.data else _graph_members(node, nodes)
        types = [name for member in typed for name in member.schema_types if vocab.is_type(name)]
        if not types:
            continue  # nothing of schema.org's, or every @graph member has its own @context
        yield Problem(node.span(), f"JSON-LD \"{types[0]}\" has no @context: JSON-LD processors "
                                   f"do not read it as schema.org", fix=_fix(node))


def _top_level(data) -> list:
    """A block's top-level objects: the block's own, or the members of its top-level array."""
    values = data if isinstance(data, list) else [data]
    return [value for value in values if isinstance(value, dict)]


def _graph_members(node, nodes):
    """The members of the node's @graph that have no @context of their own."""
    members = node.data["@graph"]
    members = members if isinstance(members, list) else [members]
    ids = {id(member) for member in members if isinstance(member, dict)
           and "@context" not in member}
    return [other for other in nodes if id(other.data) in ids]


def _fix(node) -> Fix | None:
    """Insert the context before the object's first key, on a line of its own when the keys
    are written one per line."""
    raw, offset = node.item.raw, node.offset
    if node.item.error or offset is None:
        return None  # a repaired block's text is not what was parsed
    brace = raw.rfind("{", 0, offset)
    if brace < 0 or raw[brace + 1:offset].strip():
        return None
    between = raw[brace + 1:offset]
    separator = between[between.rfind("\n"):] if "\n" in between else " "
    return Fix("add \"@context\": \"https://schema.org\"",
               (Edit(locate(node.item, offset), CONTEXT + separator),))
