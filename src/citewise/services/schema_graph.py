"""The JSON-LD of a page as a list of nodes, each knowing where its keys are in the file.

Walks every block's data in document order (top-level values, `@graph` members, nested objects)
and finds each key in the block's raw text with a cursor that only moves forward, so that a
node's `@type` or property is reported on its own line. Where a key cannot be found (a block
that was repaired, or keys written with escapes) the location falls back to the enclosing node,
then to the block's first line. Also resolves `@id` references between nodes of the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from citewise.model import Span, StructuredData
from citewise.parsers.jsonld import find_key, locate
from citewise.services.schema_vocab import schema_term


@dataclass(eq=False)
class Node:
    data: dict
    item: StructuredData
    parent: Node | None
    key: str  # the property it is the value of; "" at the top level and in @graph
    schema: bool  # in a schema.org context (or in no context at all)
    terms: frozenset[str] = frozenset()  # terms the block's own @context defines
    offset: int | None = None  # raw offset of the node's first key
    key_offsets: dict[str, int] = field(default_factory=dict)

    @property
    def top_level(self) -> bool:
        return self.parent is None

    @property
    def types(self) -> list[str]:
        """The node's @type values as written (strings only)."""
        value = self.data.get("@type")
        values = value if isinstance(value, list) else [value]
        return [v for v in values if isinstance(v, str) and v.strip()]

    @property
    def schema_types(self) -> list[str]:
        """The node's schema.org types, by local name ("Article")."""
        if not self.schema:
            return []
        terms = (schema_term(value.strip()) for value in self.types)
        return [term for term in terms if term]

    @property
    def id(self) -> str | None:
        value = self.data.get("@id")
        return value if isinstance(value, str) else None

    @property
    def is_reference(self) -> bool:
        """Only an @id: a pointer to a node described elsewhere."""
        return self.id is not None and all(key == "@id" for key in self.data)

    def span(self, key: str | None = None) -> Span:
        """Where `key` (else @type, else the node) is written; the block's start at worst."""
        for offset in (self.key_offsets.get(key) if key else None, self.key_offsets.get("@type"),
                       self.offset):
            if offset is not None:
                return locate(self.item, offset)
        if self.parent is not None:
            return self.parent.span(self.key)
        return Span(self.item.span.line, self.item.span.column)


_CACHE: list = [None, None]  # (document, its nodes): rules on the same page share one walk


def page_nodes(doc) -> list[Node]:
    """Every JSON-LD node (JSON object) of the page, in document order."""
    if _CACHE[0] is doc:
        return _CACHE[1]
    nodes: list[Node] = []
    for item in doc.jsonld:
        if item.data is not None:
            _Walker(item, nodes).value(item.data, None, "", True, frozenset())
    _CACHE[0], _CACHE[1] = doc, nodes
    return nodes


def nodes_by_id(nodes: list[Node]) -> dict[str, list[Node]]:
    found: dict[str, list[Node]] = {}
    for node in nodes:
        if node.id is not None and not node.is_reference:
            found.setdefault(node.id, []).append(node)
    return found


def resolve(value: Any, by_id: dict[str, list[Node]], nodes_of: dict[int, Node]) -> list[Node]:
    """The nodes a property value stands for: objects, lists of them, @id references."""
    values = value if isinstance(value, list) else [value]
    found = []
    for entry in values:
        if not isinstance(entry, dict):
            continue
        node = nodes_of.get(id(entry))
        if node is None:
            continue
        if node.is_reference and node.id in by_id:
            found.extend(by_id[node.id])
        else:
            found.append(node)
    return found


def present(value: Any) -> bool:
    """A property value that says something (not null, "", [] or {})."""
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, dict)):
        return bool(value)
    return value is not None


def is_schema_context(context: Any, inherited: bool = True) -> bool:
    """Whether plain terms mean schema.org under `context`, given what they meant before.
    A context URL other than schema.org's may define anything: alone, its terms are not
    checked. An object context changes the default vocabulary only through `@vocab`."""
    if context is None:
        return True  # null resets to no context, which citewise reads as schema.org
    if isinstance(context, str):
        return "schema.org" in context
    if isinstance(context, list):
        verdict = inherited
        for number, entry in enumerate(context):
            if number and verdict and isinstance(entry, str) and "schema.org" not in entry:
                continue  # another URL after schema.org's adds terms, not a vocabulary
            verdict = is_schema_context(entry, verdict)
        return verdict
    if isinstance(context, dict):
        vocab = context.get("@vocab")
        if isinstance(vocab, str):
            return "schema.org" in vocab
        if any(isinstance(v, str) and "schema.org" in v for v in context.values()):
            return True
    return inherited


def context_terms(context: Any) -> frozenset[str]:
    """Terms a JSON-LD @context defines for itself (keys other than @keywords)."""
    terms: set[str] = set()
    for entry in context if isinstance(context, list) else [context]:
        if isinstance(entry, dict):
            terms.update(key for key in entry if not key.startswith("@"))
    return frozenset(terms)


class _Walker:
    def __init__(self, item: StructuredData, nodes: list[Node]):
        self.item, self.nodes, self.cursor = item, nodes, 0

    def value(self, value, parent: Node | None, key: str, schema: bool, terms) -> None:
        if isinstance(value, list):
            for entry in value:
                self.value(entry, parent, key, schema, terms)
        elif isinstance(value, dict) and "@value" not in value:
            self.node(value, parent, key, schema, terms)

    def node(self, data: dict, parent: Node | None, key: str, schema: bool, terms) -> None:
        if "@context" in data:
            schema = is_schema_context(data["@context"], schema)
            terms = terms | context_terms(data["@context"])
        node = Node(data, self.item, parent, key, schema, terms)
        self.nodes.append(node)
        raw = self.item.raw
        for name, value in data.items():
            match = find_key(raw, name, self.cursor)
            if match is not None:
                node.key_offsets[name] = match.start()
                if node.offset is None:
                    node.offset = match.start()
                self.cursor = match.end()
            if name == "@context":
                continue
            if name == "@graph":
                self.value(value, parent, "", schema, terms)
            else:
                self.value(value, node, name, schema, terms)
