"""jsonld-unknown-property: a property that schema.org does not define, on a schema.org node."""

from citewise.diagnostic import Problem
from citewise.services.schema_graph import page_nodes
from citewise.services.schema_vocab import schema_term, vocabulary

_KEYWORDS = frozenset({"type", "id", "context", "graph", "vocab", "language", "value"})
_ACTION_SUFFIXES = ("-input", "-output")  # schema.org Actions: "query-input", "result-output"


def check(doc, options, context):
    nodes = page_nodes(doc)
    if not nodes:
        return
    vocab = vocabulary()
    allowed = set(options.get("extra-properties") or ())
    for node in nodes:
        if not node.schema or _under_unknown(node, vocab, allowed) or _untyped_block(node):
            continue
        for key in node.data:
            if key.startswith("@") or key in allowed or key in node.terms:
                continue
            name = schema_term(key)
            if name is None or vocab.is_property(name):
                continue
            if name.endswith(_ACTION_SUFFIXES) and vocab.is_property(name.rsplit("-", 1)[0]):
                continue
            closest = f"@{name}" if name in _KEYWORDS else vocab.suggest_property(name)
            hint = f" (did you mean \"{closest}\"?)" if closest else ""
            on = f" on {node.schema_types[0]}" if node.schema_types else ""
            yield Problem(node.span(key), f"\"{key}\"{on} is not a schema.org property{hint}")


def _under_unknown(node, vocab, allowed) -> bool:
    """Whether the node is the value of a property schema.org does not define and that is no
    misspelling of one (a CMS's own `metadata` object): that property is reported once; its
    keys are the CMS's, not schema.org's. Under `autor` (author) the Person is still checked."""
    while node.parent is not None:
        name = schema_term(node.key)
        if (node.key not in allowed and name is not None and not vocab.is_property(name)
                and vocab.suggest_property(name) is None):
            return True
        node = node.parent
    return False


def _untyped_block(node) -> bool:
    """A JSON object with no @context and no @type anywhere up its chain: plain data in a
    ld+json script, not a claim in schema.org's vocabulary."""
    while node is not None:
        if "@type" in node.data or "@context" in node.data:
            return False
        node = node.parent
    return True
