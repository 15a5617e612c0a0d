"""MDX comments, `{/* ... */}`: MDX has no HTML comment, so suppressions are written this way.

Found in the source text outside code blocks and added to Document.comments, in source order
with the HTML comments.
"""

from __future__ import annotations

import re

from citewise.model import Comment, Document, LineIndex, Span

_MDX_COMMENT = re.compile(r"\{\s*/\*(.*?)\*/\s*\}", re.S)


def is_mdx(path: str) -> bool:
    return path.lower().endswith(".mdx")


def add_mdx_comments(doc: Document, text: str, index: LineIndex) -> None:
    code_lines = [(b.span.line, b.span.last_line) for b in doc.blocks if b.kind == "code"]
    found = []
    for match in _MDX_COMMENT.finditer(text):
        line, column = index.position(match.start())
        if any(first <= line <= last for first, last in code_lines):
            continue
        end_line, end_column = index.position(match.end() - 1)
        found.append(Comment(match.group(1), Span(line, column, end_line, end_column + 1)))
    if found:
        doc.comments = sorted([*doc.comments, *found],
                              key=lambda c: (c.span.line, c.span.column))
