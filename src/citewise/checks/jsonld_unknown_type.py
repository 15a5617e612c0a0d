"""jsonld-unknown-type: an @type that schema.org does not define (a typo, or an invented type);
with the one close schema.org type as an (unsafe) fix when there is exactly one."""

from citewise.diagnostic import Edit, Fix, Problem
from citewise.parsers.jsonld import value_strings
from citewise.services.schema_graph import page_nodes
from citewise.services.schema_vocab import only_candidate, schema_term, vocabulary


def check(doc, options, context):
    nodes = page_nodes(doc)
    if not nodes:
        return
    vocab = vocabulary()
    allowed = set(options.get("extra-types") or ())
    for node in nodes:
        for name in node.schema_types:
            if vocab.is_type(name) or name in allowed:
                continue
            closest = vocab.suggest_type(name)
            hint = f" (did you mean \"{closest}\"?)" if closest else ""
            yield Problem(node.span("@type"), f"\"{name}\" is not a schema.org type{hint}",
                          fix=_fix(node, name))


def _fix(node, name: str) -> Fix | None:
    """Rename the type where it is written, keeping its prefix ("schema:", the IRI)."""
    candidate = only_candidate(name, want_type=True)
    offset = node.key_offsets.get("@type")
    if candidate is None or offset is None or node.item.error:
        return None  # a repaired block's text is not what was parsed: nothing to point at
    for written, span in value_strings(node.item, offset):
        value = written.strip()
        if schema_term(value) == name and value.endswith(name) and written == value:
            replacement = '"' + value[: len(value) - len(name)] + candidate + '"'
            return Fix(f"rename the type to \"{candidate}\"", (Edit(span, replacement),))
    return None
