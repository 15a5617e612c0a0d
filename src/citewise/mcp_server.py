"""`citewise mcp`: a Model Context Protocol server on stdio, for writing assistants.

Tools: check a file, check a text (with its format and path), explain a rule, list the rules,
preview the fixes of a file or a text. Findings are those of `citewise check --format json`
(each with its `fix` or its `suggestion`). The server never writes a file: preview_fixes
returns the fixed text and a diff, and the assistant decides.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError

from citewise import __version__
from citewise.engine.config import ConfigFinder
from citewise.engine.fixes import FileFix, fix_content, unified_diff
from citewise.engine.runner import Selection, lint_bytes, lint_path

FORMAT_SUFFIX = {"markdown": ".md", "mdx": ".mdx", "html": ".html"}


def _selection(select: list[str] | None, config) -> Selection:
    if not select:
        return Selection()
    ids: list[str] = []
    for name in select:
        expanded = config.registry.expand(name)
        if expanded is None:
            raise ToolError(f"unknown rule or category {name!r}")
        ids += expanded
    return Selection(select=tuple(ids))


def _findings(diagnostics) -> list[dict]:
    """As `citewise check --format json` prints them: sorted by place."""
    return [d.as_dict() for d in sorted(diagnostics, key=lambda d: d.sort_key)]


def _named(path: str, fmt: str) -> str:
    """`path`, or a name with the suffix of `fmt` when the path says another format."""
    suffix = FORMAT_SUFFIX[fmt]
    return path if Path(path).suffix.lower() in (suffix, ".htm", ".markdown") else path + suffix


def check_file(path: str, select: list[str] | None = None) -> list[dict]:
    """Check one Markdown, MDX or HTML file on disk; the findings as citewise's JSON."""
    target = Path(path)
    if not target.is_file():
        raise ToolError(f"{path}: no such file")
    config = ConfigFinder(None).for_path(target)
    return _findings(lint_path(target, config, _selection(select, config)))


def check_text(text: str, format: Literal["markdown", "mdx", "html"], path: str = "page",
               select: list[str] | None = None) -> list[dict]:
    """Check a page's text, read as `format`; `path` names it (its folder's citewise config
    applies, and the path's date or folder can matter to the rules)."""
    name = _named(path, format)
    config = ConfigFinder(None).for_path(Path(name).absolute())
    fmt = "html" if format == "html" else "markdown"
    return _findings(lint_bytes(name, text.encode("utf-8"), config, _selection(select, config),
                                fmt))


def explain_rule(rule: str) -> str:
    """A rule's documentation (by id or code, e.g. answer-first or CW101), as Markdown."""
    from citewise.docs import rule_markdown
    from citewise.engine.registry import load_registry

    spec = load_registry().get(rule)
    if spec is None:
        raise ToolError(f"unknown rule {rule!r} (see list_rules)")
    return rule_markdown(spec)


def list_rules() -> list[dict]:
    """Every rule: id, code, category, severity, summary, and whether it offers fixes."""
    from citewise.engine.registry import load_registry

    return [{"id": s.id, "code": s.code, "category": s.category, "severity": s.severity,
             "summary": s.summary, "fix": s.fix or None} for s in load_registry()]


def preview_fixes(path: str = "", text: str | None = None,
                  format: Literal["markdown", "mdx", "html"] | None = None,
                  unsafe: bool = False) -> dict:
    """What `citewise check --fix` would do to a file (`path`) or a text (`text`, `format`,
    `path` naming it), without writing: the fixed text, a unified diff, how many fixes, and
    the findings left."""
    if text is None and not path:
        raise ToolError("give a `path` to a file, or a `text` with its `format`")
    if text is None:
        target = Path(path)
        if not target.is_file():
            raise ToolError(f"{path}: no such file")
        name, data, fmt = str(target), target.read_bytes(), None
    else:
        if format is None:
            raise ToolError("a text needs its format: markdown, mdx or html")
        name, data = _named(path or "page", format), text.encode("utf-8")
        fmt = "html" if format == "html" else "markdown"
    config = ConfigFinder(None).for_path(Path(name).absolute())
    fix: FileFix = fix_content(name, data, lambda content: lint_bytes(
        name, content, config, Selection(), fmt), unsafe)
    return {"applied": fix.applied, "diff": unified_diff(fix) if fix.changed else "",
            "fixed": fix.fixed.decode("utf-8", "replace") if fix.changed else None,
            "findings": _findings(fix.diagnostics)}


def build() -> MCPServer:
    server = MCPServer("citewise", version=__version__, instructions=(
        "citewise lints web pages (Markdown, MDX, HTML) for what makes them hard for AI answer "
        "engines to cite. Check a page, then apply each finding's `fix` or follow its "
        "`suggestion`; explain_rule tells why a rule matters."))
    for tool in (check_file, check_text, explain_rule, list_rules, preview_fixes):
        server.tool()(tool)
    return server


def serve() -> None:
    build().run("stdio")
