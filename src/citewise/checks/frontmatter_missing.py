"""frontmatter-missing: Markdown without front matter, or without a title or description (or a
date, when `date-keys` names keys: by default date-missing is the one finding for a missing
date)."""

from citewise.diagnostic import Problem
from citewise.model import Span

_GROUPS = (("title-keys", "a title"), ("description-keys", "a description"), ("date-keys", "a date"))


def check(doc, options, context):
    matter = doc.front_matter
    if matter is None:
        asks = "a title, a description and a date" if options.get("date-keys") else \
            "a title and a description"
        yield Problem(Span(1, 1), f"no front matter: add one with {asks}")
        return
    if matter.error:
        return  # frontmatter-syntax reports it; its keys are unknown
    keys = {str(key).casefold() for key, value in matter.data.items() if value not in (None, "")}
    missing = []
    for option, what in _GROUPS:
        names = options.get(option) or []
        if option == "date-keys" and _generator_date(doc, context):
            continue
        if names and not any(name.casefold() in keys for name in names):
            missing.append(f"{what} ({' / '.join(names[:4])}{', …' if len(names) > 4 else ''})")
    if missing:
        yield Problem(Span(matter.span.line, 1), f"front matter lacks {', '.join(missing)}")


def _generator_date(doc, context) -> bool:
    """A date the site generator takes from the front matter's `path` / `url` or from the file
    name (Jekyll's 2024-01-05-title.md, the Rust blog's path = "2024/01/05/slug")."""
    return any(found.source == "url" for found in context.dates(doc).found)
