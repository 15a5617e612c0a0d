"""jsonld-unknown-property: a property that schema.org does not define, on a schema.org node;
with the one close schema.org property as an (unsafe) fix when there is exactly one."""

from citewise.diagnostic import Edit, Fix, Problem
from citewise.parsers.jsonld import string_at
from citewise.services.schema_graph import page_nodes
from citewise.services.schema_vocab import only_candidate, schema_term, vocabulary

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
            if closest is None and _schema_typed(node, vocab):
                continue  # the site's own data on a schema.org node: no term was missed
            if name == "type" and _bare_thing(node.data[key]):
                continue  # every node is a Thing: losing the type loses nothing
            hint = f" (did you mean \"{closest}\"?)" if closest else ""
            on = f" on {node.schema_types[0]}" if node.schema_types else ""
            yield Problem(node.span(key), f"\"{key}\"{on} is not a schema.org property{hint}",
                          fix=_fix(node, key, name))


def _fix(node, key: str, name: str) -> Fix | None:
    """Rename the key where it is written, keeping its prefix ("schema:"); never onto a key
    the node already has."""
    candidate = f"@{name}" if name in _KEYWORDS else only_candidate(name, want_type=False)
    offset = node.key_offsets.get(key)
    if candidate is None or offset is None or node.item.error or not key.endswith(name):
        return None  # a repaired block's text is not what was parsed: nothing to point at
    renamed = candidate if candidate.startswith("@") else key[: len(key) - len(name)] + candidate
    found = string_at(node.item, offset)
    if found is None or found[0] != key or renamed in node.data or (
            not renamed.startswith("@") and f"schema:{candidate}" in node.data):
        return None
    return Fix(f"rename the property to \"{renamed}\"", (Edit(found[1], f'"{renamed}"'),))


def _schema_typed(node, vocab) -> bool:
    """Whether every @type the node declares is a schema.org type (or it declares none): a
    key there that is no near-miss of a schema.org term is the site's own data ("metadata",
    "rendered_html", "articleSource"), which consumers skip and lose nothing by. On a node
    typed in another vocabulary (microformats' "hentry" with "entry-title" and "updated"),
    every key is reported: the block is not schema.org at all."""
    for value in node.types:
        name = schema_term(value.strip())
        if name is None or not vocab.is_type(name):
            return False
    return True


def _bare_thing(value) -> bool:
    """`"type": "Thing"`: the type written without its @ is the root type every node has."""
    values = value if isinstance(value, list) else [value]
    return bool(values) and all(isinstance(v, str) and schema_term(v.strip()) == "Thing"
                                for v in values)


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
