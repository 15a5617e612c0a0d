"""jsonld-unknown-type: an @type that schema.org does not define (a typo, or an invented type)."""

from citewise.diagnostic import Problem
from citewise.services.schema_graph import page_nodes
from citewise.services.schema_vocab import vocabulary


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
        yield Problem(uses[0].span("@type"), f"\"{name}\" is not a schema.org type{hint}{more}")
