"""`citewise inspect`: the document model of a page as plain JSON-able data."""

from __future__ import annotations

from typing import Any

from citewise.model import Document, Span
from citewise.parsers import DEFAULT_OPTIONS, BinaryFile, ParseOptions, detect_format, parse


def inspect_target(target, options: ParseOptions = DEFAULT_OPTIONS) -> dict[str, Any]:
    try:
        if target.data is None and not target.path.is_file():  # a FIFO would block the read
            return {"path": target.name, "error": "not a regular file"}
        data = target.data if target.data is not None else target.path.read_bytes()
        doc = parse(target.name, data, target.fmt or detect_format(target.name, data),
                    options=options)
    except (OSError, BinaryFile) as error:
        return {"path": target.name, "error": str(error)}
    return document_dict(doc)


def _span(span: Span | None) -> dict[str, int] | None:
    if span is None:
        return None
    return {"line": span.line, "column": span.column, "end_line": span.last_line,
            "end_column": span.end_column or span.column}


def _blocks(blocks) -> list[dict[str, Any]]:
    return [{"kind": b.kind, **_span(b.span), "level": b.level, "text": b.text} for b in blocks]


def _element(element) -> dict[str, Any]:
    return {"name": element.name, "namespace": element.namespace, "text": element.text,
            **_span(element.span), "value": _span(element.value_span),
            "children": [_element(child) for child in element.children]}


def sitemap_dict(doc: Document) -> dict[str, Any]:
    """A sitemap file: its XML elements with their spans, or why there are none."""
    sitemap = doc.sitemap
    return {
        "path": doc.path, "format": doc.format, "lines": doc.line_count, "size": sitemap.size,
        "template": sitemap.template, "error": sitemap.error,
        "error_location": _span(sitemap.error_span),
        "root": _element(sitemap.root) if sitemap.root is not None else None,
        "comments": [{"text": c.text, **_span(c.span)} for c in doc.comments],
    }


def document_dict(doc: Document) -> dict[str, Any]:
    from citewise.services.dates import page_dates

    if doc.sitemap is not None:
        return sitemap_dict(doc)

    dates = page_dates(doc)
    matter = doc.front_matter
    return {**_page_dict(doc, dates, matter), **_site_file_dict(doc)}


def _site_file_dict(doc: Document) -> dict[str, Any]:
    """A robots.txt's groups and records, an llms.txt's lines and links (site files only)."""
    import dataclasses

    if doc.robots is not None:
        return {"robots": dataclasses.asdict(doc.robots)}
    if doc.llms is not None:
        return {"llms": dataclasses.asdict(doc.llms)}
    return {}


def _page_dict(doc: Document, dates, matter) -> dict[str, Any]:
    return {
        "path": doc.path,
        "project_path": doc.project_path,
        "format": doc.format,
        "kind": doc.kind,
        "kind_evidence": [{"source": e.source, "detail": e.detail, "kind": e.kind, "line": e.line}
                          for e in doc.kind_evidence],
        "dialect": doc.dialect,
        "title": doc.title,
        "title_line": doc.title_line,
        "title_source": doc.title_source,
        "language": doc.language,
        "lines": doc.line_count,
        "front_matter": None if matter is None else {
            "format": matter.format, "data": matter.data, "key_lines": matter.key_lines,
            **_span(matter.span), "error": matter.error,
            "error_line": matter.error_span.line if matter.error_span else None,
        },
        "blocks": _blocks(doc.blocks),
        "outside": _blocks(doc.outside),
        "structured_data": [
            {"syntax": item.syntax, **_span(item.span), "error": item.error,
             "error_location": _span(item.error_span), "data": item.data}
            for item in doc.structured_data
        ],
        "meta": [{"name": m.name, "content": m.content, "line": m.line} for m in doc.meta],
        "times": [{"datetime": t.datetime, "text": t.text, "line": t.line, "itemprop": t.itemprop}
                  for t in doc.times],
        "comments": [{"text": c.text, **_span(c.span)} for c in doc.comments],
        "dates": {
            "published": dates.published,
            "modified": dates.modified,
            "found": [{"value": f.value, "kind": f.kind, "source": f.source, "line": f.line}
                      for f in dates.found],
        },
        "notes": [{"kind": note.kind, "message": note.message, "line": note.span.line}
                  for note in doc.notes],
    }
