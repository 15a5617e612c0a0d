"""Built-in checks: one module per rule, each with one `check(doc, options, context)`.

A check reads the document model and yields `Problem`s; its id, severity, options and docs live
in the rule's catalogue file in `rules/`. Nothing else to learn before writing one.
"""
