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
    for node in nodes:
        for name in node.schema_types:
            if vocab.is_type(name) or name in allowed:
                continue
            closest = vocab.suggest_type(name)
            hint = f" (did you mean \"{closest}\"?)" if closest else ""
            yield Problem(node.span("@type"), f"\"{name}\" is not a schema.org type{hint}")
