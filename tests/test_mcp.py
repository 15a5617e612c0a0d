"""`citewise mcp` end to end, through the MCP SDK's own client over stdio."""

import json
import sys

import pytest

mcp = pytest.importorskip("mcp", reason="the mcp SDK is not installed (.[dev])")
from mcp import ClientSession, StdioServerParameters  # noqa: E402
from mcp.client.stdio import stdio_client  # noqa: E402

from conftest import FIXTURES, ROOT, citewise  # noqa: E402

BROKEN = FIXTURES / "fixes" / "jsonld-syntax.html"
FILLER = FIXTURES / "answer-first" / "filler-intro.md"
SERVER = StdioServerParameters(command=sys.executable, args=["-m", "citewise", "mcp"], cwd=ROOT)


def _json(result):
    assert not result.is_error, result.content
    [content] = result.content
    return json.loads(content.text)


@pytest.mark.anyio
async def test_mcp_tools_give_the_json_findings_of_check():
    async with stdio_client(SERVER) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        tools = {tool.name for tool in (await session.list_tools()).tools}
        assert tools == {"check_file", "check_text", "explain_rule", "list_rules",
                         "preview_fixes"}

        expected = json.loads(citewise("check", "--format", "json", FILLER).stdout)
        found = (await session.call_tool("check_file", {"path": str(FILLER)})).structured_content
        assert found["result"] == expected

        text = FILLER.read_text()
        as_text = (await session.call_tool("check_text", {
            "text": text, "format": "markdown", "path": str(FILLER)})).structured_content
        assert as_text["result"] == expected

        rules = (await session.call_tool("list_rules", {})).structured_content["result"]
        syntax = next(rule for rule in rules if rule["id"] == "jsonld-syntax")
        assert syntax == {"id": "jsonld-syntax", "code": "CW402", "category": "schema",
                          "severity": "error", "summary": "A JSON-LD block is not valid JSON.",
                          "fix": "safe"}

        explained = await session.call_tool("explain_rule", {"rule": "CW402"})
        assert explained.content[0].text.startswith("# jsonld-syntax")

        preview = _json(await session.call_tool("preview_fixes", {"path": str(BROKEN)}))
        assert preview["applied"] == 1
        assert preview["fixed"] == (FIXTURES / "fixes" / "jsonld-syntax.fixed.html").read_text()
        assert "-//<![CDATA[" in preview["diff"]
        assert "jsonld-syntax" not in {f["rule"] for f in preview["findings"]}
        assert BROKEN.read_text().startswith("<!doctype html>")  # nothing written

        unknown = await session.call_tool("explain_rule", {"rule": "no-such-rule"})
        assert unknown.is_error and "unknown rule" in unknown.content[0].text
