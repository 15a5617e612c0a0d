"""`citewise server`: a language server (pygls) for Markdown, MDX and HTML.

Diagnostics on open, on change (debounced) and on save: the findings of `citewise check` for
the editor's text, at the same places. A finding's fix is offered as a code action, and so is a
`citewise-disable-next-line` comment. The process stays up, so the parsers, rules and language
pipeline are loaded once (the first check warms them) and a keystroke never pays a cold start.
Config files are re-read when pyproject.toml, citewise.toml or .citewise.toml change.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from citewise import __version__
from citewise.diagnostic import Diagnostic
from citewise.engine.config import ConfigError, ConfigFinder
from citewise.engine.runner import Selection, lint_bytes
from citewise.parsers import detect_format
from citewise.reporters import rule_docs_url

DEBOUNCE_SECONDS = 0.3
CONFIG_FILES = ("pyproject.toml", "citewise.toml", ".citewise.toml")
SOURCE = "citewise"
SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information}


class CitewiseServer(LanguageServer):
    def __init__(self):
        super().__init__("citewise", __version__)
        self.configs = ConfigFinder(None)
        self.findings: dict[str, list[Diagnostic]] = {}  # uri -> findings of its last check
        self.pending: dict[str, asyncio.Task] = {}

    def check(self, uri: str) -> None:
        """Check the open document `uri` and publish its diagnostics."""
        document = self.workspace.get_text_document(uri)
        path = _path_of(uri)
        try:
            config = self.configs.for_path(path)
            findings = lint_bytes(str(path), document.source.encode("utf-8"), config,
                                  Selection(), _format_of(uri, document))
            registry = config.registry
        except ConfigError as error:
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error,
                                                             f"citewise: {error}"))
            findings, registry = [], None
        self.findings[uri] = findings
        lines = document.lines
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=document.version,
            diagnostics=[to_lsp(d, lines, rule_docs_url(registry and registry.get(d.rule)))
                         for d in findings]))

    def reload_config(self) -> None:
        self.configs = ConfigFinder(None)
        for uri in list(self.findings):
            self.check(uri)


def _path_of(uri: str) -> Path:
    parsed = urlparse(uri)
    return Path(unquote(parsed.path)) if parsed.scheme == "file" else Path(parsed.path or "page")


def _format_of(uri: str, document) -> str | None:
    language = (document.language_id or "").lower()
    if language in ("html", "markdown", "mdx"):
        return "html" if language == "html" else "markdown"
    return detect_format(_path_of(uri).name, document.source.encode("utf-8"))


def position(lines: list[str], line: int, column: int) -> types.Position:
    """citewise's 1-based line and code-point column as LSP's 0-based line and UTF-16 offset."""
    index = max(line - 1, 0)
    text = lines[index] if index < len(lines) else ""
    before = text[: max(column - 1, 0)]
    return types.Position(index, len(before.encode("utf-16-le")) // 2)


def to_lsp(d: Diagnostic, lines: list[str], docs_url: str = "") -> types.Diagnostic:
    """`docs_url`: the rule's docs page (LSP codeDescription), none when it has none."""
    start = position(lines, d.line, d.column)
    end = position(lines, d.end_line, d.end_column)
    if (end.line, end.character) < (start.line, start.character):
        end = start
    return types.Diagnostic(
        range=types.Range(start, end),
        message=d.message,
        severity=SEVERITY[d.severity],
        code=d.rule,
        code_description=types.CodeDescription(href=docs_url) if docs_url else None,
        source=SOURCE,
        data={"fix": d.fix, "suggestion": d.suggestion, "line": d.line},
    )


def edits_of(fix: dict, lines: list[str]) -> list[types.TextEdit]:
    return [types.TextEdit(range=types.Range(position(lines, e["line"], e["column"]),
                                             position(lines, e["end_line"], e["end_column"])),
                           new_text=e["replacement"]) for e in fix["edits"]]


def suppression_edit(rule: str, line: int, lines: list[str], mdx: bool = False) -> types.TextEdit:
    """A `citewise-disable-next-line` comment above `line`, indented as that line is (and
    inside its block quote); in MDX, which has no HTML comments, `{/* ... */}`."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = text[: len(text) - len(text.lstrip(" \t>"))]
    comment = (f"{{/* citewise-disable-next-line {rule} */}}" if mdx
               else f"<!-- citewise-disable-next-line {rule} -->")
    at = types.Position(max(line - 1, 0), 0)
    return types.TextEdit(range=types.Range(at, at), new_text=f"{indent}{comment}\n")


def suppression_edits(ls, uri: str, source: str, rule: str, data: dict, lines: list[str],
                      mdx: bool) -> list[types.TextEdit]:
    """The edits that suppress one finding, placed as `--add-suppressions` places them (inside
    a JSON-LD script a comment line would break the JSON: the script is wrapped instead), as
    whole inserted lines. A page the parsers cannot read gets the plain next-line comment."""
    import difflib

    from citewise.engine.add_suppressions import suppress_one

    line = int(data.get("line", 1))
    path = _path_of(uri)
    finding = Diagnostic(str(path), line, int(data.get("column", 1)), line, 1, rule, "", "",
                         "", "")
    try:
        changed = suppress_one(str(path), source, finding, ls.configs.for_path(path))
    except Exception:  # noqa: BLE001 - a quick fix must not take the server down
        return [suppression_edit(rule, line, lines, mdx)]
    before, after = source.splitlines(keepends=True), changed.splitlines(keepends=True)
    edits = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after,
                                                       autojunk=False).get_opcodes():
        if tag != "equal":
            edits.append(types.TextEdit(
                range=types.Range(types.Position(i1, 0), types.Position(i2, 0)),
                new_text="".join(after[j1:j2])))
    return edits or [suppression_edit(rule, line, lines, mdx)]


def watch_config_files(ls) -> None:
    """Ask the client to report changes to the config files: editors such as Neovim and VS
    Code send workspace/didChangeWatchedFiles only for what a server registered, and the
    config files are not among the documents the server is attached to."""
    workspace = ls.client_capabilities.workspace
    watched = workspace and workspace.did_change_watched_files
    if not (watched and watched.dynamic_registration):
        return  # the client watches nothing for us: saving the file in the editor still works
    ls.client_register_capability(types.RegistrationParams(registrations=[types.Registration(
        id="citewise-config-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=[
            types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_FILES]))]))


def build() -> CitewiseServer:
    server = CitewiseServer()

    @server.feature(types.INITIALIZED)
    def initialized(ls: CitewiseServer, params: types.InitializedParams) -> None:
        watch_config_files(ls)
        # Warm the pipeline (rules, parsers, language layer) before the first keystroke.
        config = ls.configs.for_path(Path.cwd())
        lint_bytes("warm-up.md", b"# Warm up\n\nA first paragraph, read once.\n", config,
                   Selection())

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: CitewiseServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.check(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: CitewiseServer, params: types.DidSaveTextDocumentParams) -> None:
        if _path_of(params.text_document.uri).name in CONFIG_FILES:
            ls.reload_config()
        elif params.text_document.uri in ls.findings:
            ls.check(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: CitewiseServer, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        waiting = ls.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()

        async def later():
            await asyncio.sleep(DEBOUNCE_SECONDS)
            ls.pending.pop(uri, None)
            ls.check(uri)

        ls.pending[uri] = asyncio.ensure_future(later())

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: CitewiseServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.findings.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri,
                                                                            diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: CitewiseServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(_path_of(change.uri).name in CONFIG_FILES for change in params.changes):
            ls.reload_config()

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: CitewiseServer, params: types.HoverParams) -> types.Hover | None:
        uri = params.text_document.uri
        lines = ls.workspace.get_text_document(uri).lines
        here = (params.position.line, params.position.character)
        notes = []
        registry = ls.configs.for_path(_path_of(uri)).registry
        for d in ls.findings.get(uri, []):
            found = to_lsp(d, lines).range
            if (found.start.line, found.start.character) <= here <= (found.end.line,
                                                                     found.end.character):
                spec = registry.get(d.rule)
                summary = spec.summary if spec else ""
                url = rule_docs_url(spec)
                notes.append(f"**{d.rule}** ({spec.code if spec else ''}): {summary}\n\n"
                             f"{d.help}" + (f"\n\n[docs]({url})" if url else ""))
        if not notes:
            return None
        return types.Hover(contents=types.MarkupContent(types.MarkupKind.Markdown,
                                                        "\n\n---\n\n".join(notes)))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: CitewiseServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        document = ls.workspace.get_text_document(uri)
        lines = document.lines
        mdx = uri.endswith(".mdx") or (document.language_id or "").lower() == "mdx"
        actions = []
        for diagnostic in params.context.diagnostics:
            if diagnostic.source != SOURCE or not isinstance(diagnostic.data, dict):
                continue
            rule, data = str(diagnostic.code), diagnostic.data
            if data.get("fix"):
                actions.append(types.CodeAction(
                    title=f"citewise: {data['fix']['description']} ({rule})",
                    kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                    is_preferred=data["fix"]["applicability"] == "safe",
                    edit=types.WorkspaceEdit(changes={uri: edits_of(data["fix"], lines)})))
            actions.append(types.CodeAction(
                title=f"citewise: disable {rule} for this line",
                kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                edit=types.WorkspaceEdit(changes={uri: suppression_edits(
                    ls, uri, document.source, rule, data, lines, mdx)})))
        return actions

    return server


def serve() -> None:
    build().start_io()
