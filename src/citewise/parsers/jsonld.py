"""A JSON-LD block's text into data, or into an error located in the original file."""

from __future__ import annotations

import json

from citewise.model import LineIndex, Span, StructuredData


def parse_jsonld(raw: str, content_offset: int, index: LineIndex) -> StructuredData:
    """Parse `raw`, which starts at `content_offset` of the file that `index` describes."""
    first = content_offset + len(raw) - len(raw.lstrip())
    line, column = index.position(first)
    end_line, end_column = index.position(max(content_offset + len(raw.rstrip()) - 1, content_offset))
    item = StructuredData("json-ld", Span(line, column, end_line, end_column + 1), raw,
                          content_offset=content_offset)
    try:
        item.data = json.loads(raw)
    except json.JSONDecodeError as error:
        item.error = error.msg
        error_line, error_column = index.position(content_offset + error.pos)
        item.error_span = Span(error_line, error_column)
    except RecursionError:
        item.error = "nested too deeply to read"
        item.error_span = item.span
    return item
