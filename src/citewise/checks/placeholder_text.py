"""placeholder-text: "Lorem ipsum..." filler left in the page's main content."""

from citewise.diagnostic import Problem
from citewise.parsers.placeholder import placeholder_blocks


def check(doc, options, context):
    """One finding per run of filler blocks (headings between them do not end a run), on its
    first block; one for the whole page when the page is all filler."""
    blocks = placeholder_blocks(doc)
    if doc.kind == "placeholder" and blocks:
        yield _report(blocks, doc)
        return
    filler = {id(block) for block in blocks}
    run = []
    for block in doc.blocks:
        if id(block) in filler:
            run.append(block)
        elif run and block.kind not in ("heading", "image", "code", "html"):
            yield _report(run, doc)
            run = []
    if run:
        yield _report(run, doc)


def _report(run, doc):
    first = run[0]
    words = first.text.split()
    opening = " ".join(words[:5]).rstrip(",;:.") + ("…" if len(words) > 5 else "")
    more = f" ({len(run)} blocks)" if len(run) > 1 else ""
    whole = " — the page's text is all filler" if doc.kind == "placeholder" else ""
    return Problem(first.span, f'placeholder text "{opening}"{more}: an engine would quote it '
                               f'as the page\'s own words{whole}')
