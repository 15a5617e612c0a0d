"""frontmatter-date-key: a front matter date under a key the site's generator (named by the
`generator` option) does not read; with the generator's own key as an (unsafe) rename."""

from citewise.diagnostic import Edit, Fix, Problem
from citewise.services.dates import MODIFIED, PUBLISHED

# generator: (the name users know, compares keys without case?,
#             {kind: (the keys it reads for that date, the key a rename writes)})
GENERATORS = {
    "hugo": ("Hugo", True, {PUBLISHED: (("date", "publishdate", "pubdate", "published"), "date"),
                            MODIFIED: (("lastmod", "modified"), "lastmod")}),
    "jekyll": ("Jekyll", False, {PUBLISHED: (("date",), "date"),
                                 MODIFIED: (("last_modified_at",), "last_modified_at")}),
    "docusaurus": ("Docusaurus", False, {PUBLISHED: (("date",), "date"),
                                         MODIFIED: (("last_update",), "last_update")}),
}
_WHAT = {PUBLISHED: "publication date", MODIFIED: "update date"}


def check(doc, options, context):
    setting = GENERATORS.get(str(options.get("generator") or "").lower())
    matter = doc.front_matter
    if setting is None or matter is None or matter.error:
        return  # the generator is not known for certain: nothing to say
    name, folded, reads = setting
    keys = {_same(key, folded) for key in matter.data}
    found = [f for f in context.dates(doc).found if f.source == "frontmatter"]
    for kind, (read, target) in reads.items():
        if keys & {_same(key, folded) for key in read}:
            continue  # the generator finds this date
        unread = list(dict.fromkeys(f.label for f in found if f.kind == kind))
        for key in unread:
            span = matter.key_spans.get(key)
            yield Problem(
                span or _line(matter, key),
                f"{name} does not read `{key}`: it takes the page's {_WHAT[kind]} from "
                f"`{target}`",
                fix=_rename(span, key, target) if len(unread) == 1 else None,
                suggestion=f"Rename `{key}` to `{target}`"
                           + (" (a mapping: `last_update:` then `  date: ...`)"
                              if target == "last_update" else "") + ".")


def _same(key, folded: bool) -> str:
    return str(key).lower() if folded else str(key)


def _line(matter, key):
    from citewise.model import Span

    return Span(matter.key_lines.get(key, matter.span.line))


def _rename(span, key: str, target: str) -> Fix | None:
    """The key renamed where it is written, when it is written plainly (not quoted); never for
    Docusaurus's `last_update`, which takes a mapping, not a date."""
    if span is None or target == "last_update" or span.end_column - span.column != len(key):
        return None
    return Fix(f"rename `{key}` to `{target}`", (Edit(span, target),))
