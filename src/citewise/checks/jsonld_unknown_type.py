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
    # One finding per unknown type and JSON-LD block, at its first use: a breadcrumb list of
    # ten "listItem" entries is one mistake, fixed in one place by whoever writes the template.
    first: dict[tuple[int, str], list] = {}
    for node in nodes:
        for name in node.schema_types:
            if vocab.is_type(name) or name in allowed:
                continue
            first.setdefault((id(node.item), name), []).append(node)
    for (_, name), uses in first.items():
        closest = vocab.suggest_type(name)
        hint = f" (did you mean \"{closest}\"?)" if closest else ""
        more = f"; used {len(uses)} times in this block" if len(uses) > 1 else ""
        yield Problem(uses[0].span("@type"), f"\"{name}\" is not a schema.org type{hint}{more}",
                      fix=_fix(uses, name))


def _fix(uses, name: str) -> Fix | None:
    """Rename the type where each use writes it, keeping its prefix ("schema:", the IRI)."""
    candidate = only_candidate(name, want_type=True)
    if candidate is None or uses[0].item.error:
        return None  # a repaired block's text is not what was parsed: nothing to point at
    edits = []
    for node in uses:
        offset = node.key_offsets.get("@type")
        spans = [] if offset is None else [
            (value, span) for value, span in value_strings(node.item, offset)
            if schema_term(value) == name and value.endswith(name) and value == value.strip()]
        if not spans:
            return None  # one use not found where it is written: all or nothing
        edits += [Edit(span, '"' + value[: len(value) - len(name)] + candidate + '"')
                  for value, span in spans]
    return Fix(f"rename the type to \"{candidate}\"", tuple(edits))
