"""`citewise server` end to end, through a real LSP client (pytest-lsp) over stdio."""

import json
import sys

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp", reason="pytest-lsp is not installed (.[dev])")
from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

from conftest import FIXTURES, citewise  # noqa: E402

BROKEN = FIXTURES / "fixes" / "jsonld-syntax.html"
FILLER = FIXTURES / "answer-first" / "filler-intro.md"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "citewise",
                                                              "server"]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=FIXTURES.as_uri()))
    yield
    await lsp_client.shutdown_session()


async def _open(client: LanguageClient, path, language: str) -> list[types.Diagnostic]:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri=uri, language_id=language, version=1, text=path.read_text())))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri]


async def _change(client: LanguageClient, path, text: str, version: int):
    uri = path.as_uri()
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        [types.TextDocumentContentChangeWholeDocument(text=text)]))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri]


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    lines = text.split("\n")
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                       reverse=True):
        start, end = edit.range.start, edit.range.end
        before = "\n".join(lines[: start.line] + [lines[start.line][: start.character]])
        after = "\n".join([lines[end.line][end.character:]] + lines[end.line + 1:])
        lines = (before + edit.new_text + after).split("\n")
    return "\n".join(lines)


def _as_check(path) -> list[tuple]:
    run = citewise("check", "--format", "json", path)
    return [(d["rule"], d["line"] - 1, d["column"] - 1, d["end_line"] - 1, d["end_column"] - 1)
            for d in json.loads(run.stdout)]


def _ranges(diagnostics) -> list[tuple]:
    return sorted((d.code, d.range.start.line, d.range.start.character, d.range.end.line,
                   d.range.end.character) for d in diagnostics)


@pytest.mark.asyncio
async def test_diagnostics_are_those_of_check_and_a_fix_makes_one_go(client: LanguageClient):
    diagnostics = await _open(client, BROKEN, "html")
    assert _ranges(diagnostics) == sorted(_as_check(BROKEN))
    [syntax] = [d for d in diagnostics if d.code == "jsonld-syntax"]
    assert syntax.range == types.Range(types.Position(3, 0), types.Position(3, 0))
    assert syntax.code_description.href.endswith("/docs/rules/jsonld-syntax.md")
    assert syntax.severity == types.DiagnosticSeverity.Error

    hover = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(BROKEN.as_uri()), types.Position(3, 0)))
    assert "**jsonld-syntax** (CW402): A JSON-LD block is not valid JSON." in hover.contents.value

    actions = await client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(BROKEN.as_uri()), syntax.range,
        types.CodeActionContext(diagnostics=[syntax])))
    [fix] = [a for a in actions if a.title == "citewise: repair the JSON (jsonld-syntax)"]
    fixed = _apply(BROKEN.read_text(), fix.edit.changes[BROKEN.as_uri()])
    assert fixed == (FIXTURES / "fixes" / "jsonld-syntax.fixed.html").read_text()
    after = await _change(client, BROKEN, fixed, 2)
    assert "jsonld-syntax" not in {d.code for d in after}
    assert _ranges(after) == sorted(_as_check(FIXTURES / "fixes" / "jsonld-syntax.fixed.html"))


@pytest.mark.asyncio
async def test_a_suppression_action_silences_the_finding(client: LanguageClient):
    diagnostics = await _open(client, FILLER, "markdown")
    [answer] = [d for d in diagnostics if d.code == "answer-first"]
    assert answer.range.start.line == 7
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(FILLER.as_uri()), answer.range,
        types.CodeActionContext(diagnostics=[answer])))
    [disable] = [a for a in actions if a.title == "citewise: disable answer-first for this line"]
    [edit] = disable.edit.changes[FILLER.as_uri()]
    assert edit.new_text == "<!-- citewise-disable-next-line answer-first -->\n"
    after = await _change(client, FILLER, _apply(FILLER.read_text(), [edit]), 2)
    assert "answer-first" not in {d.code for d in after}


@pytest.mark.asyncio
async def test_in_mdx_the_suppression_action_writes_the_mdx_comment(client: LanguageClient,
                                                                    tmp_path):
    page = tmp_path / "page.mdx"
    page.write_text((FIXTURES / "add-suppressions" / "page.mdx").read_text())
    diagnostics = await _open(client, page, "mdx")
    [skip] = [d for d in diagnostics if d.code == "heading-skip"]
    assert skip.range.start.line == 9
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(page.as_uri()), skip.range,
        types.CodeActionContext(diagnostics=[skip])))
    [disable] = [a for a in actions if a.title == "citewise: disable heading-skip for this line"]
    [edit] = disable.edit.changes[page.as_uri()]
    assert edit.new_text == "{/* citewise-disable-next-line heading-skip */}\n"
    assert edit.range.start == types.Position(9, 0)
    after = await _change(client, page, _apply(page.read_text(), [edit]), 2)
    assert "heading-skip" not in {d.code for d in after}
    assert "unused-suppression" not in {d.code for d in after}


@pytest.mark.asyncio
async def test_a_suppression_inside_json_ld_wraps_the_script_and_keeps_it_valid(
        client: LanguageClient, tmp_path):
    # Before: the action put an HTML comment line inside the <script>: the JSON broke further.
    page = tmp_path / "page.html"
    page.write_text(BROKEN.read_text())
    diagnostics = await _open(client, page, "html")
    [syntax] = [d for d in diagnostics if d.code == "jsonld-syntax"]
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(page.as_uri()), syntax.range,
        types.CodeActionContext(diagnostics=[syntax])))
    [disable] = [a for a in actions if a.title == "citewise: disable jsonld-syntax for this line"]
    edits = disable.edit.changes[page.as_uri()]
    assert [(e.range.start.line, e.new_text) for e in edits] == [
        (2, "<!-- citewise-disable jsonld-syntax -->\n"),
        (12, "<!-- citewise-enable jsonld-syntax -->\n")]
    after = await _change(client, page, _apply(page.read_text(), edits), 2)
    assert {d.code for d in after} & {"jsonld-syntax", "unused-suppression"} == set()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "citewise",
                                                              "server"]))
async def watching_client(lsp_client: LanguageClient):
    """A client that lets servers register file watchers (as VS Code and Neovim do)."""
    registered = []

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        registered.extend(params.registrations)

    capabilities = types.ClientCapabilities(workspace=types.WorkspaceClientCapabilities(
        did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
            dynamic_registration=True)))
    lsp_client.registered = registered  # the fixture's value is the client itself
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=capabilities, root_uri=FIXTURES.as_uri()))
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_the_server_asks_the_editor_to_watch_the_config_files(watching_client):
    # Before: no watcher was registered, so an editor never told the server of a config change.
    import asyncio

    for _ in range(50):
        if watching_client.registered:
            break
        await asyncio.sleep(0.1)
    [registration] = watching_client.registered
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    watchers = registration.register_options["watchers"]  # options arrive as plain JSON
    assert sorted(w["globPattern"] for w in watchers) == [
        "**/.citewise.toml", "**/citewise.toml", "**/pyproject.toml"]
