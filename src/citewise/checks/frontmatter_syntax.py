"""frontmatter-syntax: front matter that does not parse."""

from citewise.diagnostic import Problem


def check(doc, options, context):
    matter = doc.front_matter
    if matter is not None and matter.error:
        yield Problem(matter.error_span or matter.span, f"{matter.format.upper()} front matter: "
                                                        f"{matter.error}")
