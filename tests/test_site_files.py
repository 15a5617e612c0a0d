"""Site files: robots.txt (RFC 9309) and llms.txt (llmstxt.org) are found, parsed with exact
positions and checked by their own rules only; page rules never run on them. The fixtures of
each rule (fixtures/robots-*/, fixtures/llms-*/) hold the exact findings; here: the matcher
against the RFC's own examples, discovery, selection, suppressions, SARIF, and fetching by URL
from a local server."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from citewise.parsers import detect_format, parse
from citewise.services.robots import allowed, crawlers, decide, groups_for, normalize_path
from conftest import FIXTURES, SHARED, check_json, citewise, line_count

RFC_SIMPLE = (FIXTURES / "robots-blocks-ai-search" / "rfc-simple-example" / "robots.txt")
RFC_LONGEST = (FIXTURES / "robots-blocks-ai-search" / "rfc-longest-match" / "robots.txt")


def robots(text: str):
    return parse("robots.txt", text.encode()).robots


# RFC 9309 5.1: what each crawler of the example may fetch, as the RFC's text says.
@pytest.mark.parametrize(("agent", "path", "expected"), [
    ("otherbot", "/example/page.html", False),  # the * group's Disallow: /example/
    ("otherbot", "/publications/index.html", True),
    ("otherbot", "/image.gif", False),  # *.gif$
    ("otherbot", "/image.gif?size=2", True),  # $ ends the pattern: a query is past it
    ("otherbot", "/publications/a.gif", True),  # Allow /publications/ is longer than *.gif$
    ("foobot", "/example/page.html", True),
    ("foobot", "/example/allowed.gif", True),
    ("foobot", "/", False),
    ("foobot", "/publications/", False),  # foobot has its own group: * does not apply
    ("FOOBOT", "/", False),  # product tokens match case-insensitively
    ("barbot", "/example/page.html", False),
    ("bazbot", "/example/page.html", False),  # one group names barbot and bazbot
    ("bazbot", "/elsewhere", True),
    ("quxbot", "/example/page.html", True),  # an empty group: everything allowed
])
def test_the_rfc_simple_example_reads_as_the_rfc_says(agent, path, expected):
    assert allowed(robots(RFC_SIMPLE.read_text()), agent, path) is expected


def test_the_rfc_longest_match_example_and_the_deciding_line():
    parsed = robots(RFC_LONGEST.read_text())
    verdict = decide(groups_for(parsed, "foobot"), "/example/page/disallowed.gif")
    assert not verdict.allowed and verdict.rule.span.line == 3
    verdict = decide(groups_for(parsed, "foobot"), "/example/page/other.gif")
    assert verdict.allowed and verdict.rule.span.line == 2


def test_allow_wins_a_tie_and_groups_naming_one_crawler_are_merged():
    parsed = robots("User-agent: a\nDisallow: /x\n\nUser-agent: b\nDisallow: /\n\n"
                    "User-agent: a\nAllow: /x\n")
    assert allowed(parsed, "a", "/x/page")  # Allow /x and Disallow /x are as long
    assert allowed(parsed, "a", "/")  # b's group is not a's
    assert not allowed(parsed, "b", "/anything")


def test_a_star_group_never_overrides_a_crawlers_own_group():
    parsed = robots("User-agent: *\nDisallow: /\n\nUser-agent: OAI-SearchBot\nAllow: /\n")
    assert allowed(parsed, "OAI-SearchBot", "/docs/")
    assert not allowed(parsed, "PerplexityBot", "/docs/")


def test_user_agent_lines_separated_by_blank_lines_make_one_group():
    parsed = robots("User-agent: a\n\nUser-agent: b\nDisallow: /\n")
    assert len(parsed.groups) == 1 and not allowed(parsed, "a", "/")


def test_paths_and_patterns_compare_percent_encoded():
    assert normalize_path("/foo/bar/ツ") == "/foo/bar/%E3%83%84"
    assert normalize_path("/foo/bar/%62%61%7A") == "/foo/bar/baz"
    assert normalize_path("/a%2fb") == "/a%2Fb"  # a reserved character stays escaped
    assert not allowed(robots("User-agent: *\nDisallow: /foo/bar/ツ\n"), "x", "/foo/bar/%E3%83%84")


def test_robots_txt_itself_is_always_allowed_and_an_empty_disallow_blocks_nothing():
    parsed = robots("User-agent: *\nDisallow: /\n")
    assert allowed(parsed, "x", "/robots.txt")
    assert allowed(robots("User-agent: *\nDisallow:\n"), "x", "/")


def test_the_crawler_list_is_catalogue_data_with_a_role_and_source_each():
    listed = {crawler.name: crawler for crawler in crawlers()}
    assert listed["OAI-SearchBot"].role == "search" and listed["GPTBot"].role == "training"
    assert listed["ChatGPT-User"].role == "user" and listed["PerplexityBot"].role == "search"
    assert all(crawler.source.startswith("https://") and crawler.vendor for crawler in crawlers())


def test_site_files_are_known_by_name():
    assert detect_format("site/robots.txt") == "robots"
    assert detect_format("public/llms.txt") == "llms" and detect_format("llms-full.txt") == "llms"
    assert detect_format("notes.txt") == "markdown"  # any other .txt is what it always was


def test_a_folder_walk_checks_site_files_with_their_own_rules_only(tmp_path):
    (tmp_path / "robots.txt").write_text("User-agent: PerplexityBot\nDisallow: /\n")
    (tmp_path / "llms.txt").write_text("# Acme\n\n## Docs\n\n- [Start](http://localhost:3000/start.md)\n")
    (tmp_path / "notes.txt").write_text("not checked\n")
    run = check_json("--isolated", "--select", "ALL", str(tmp_path))
    found = {(d["path"].rsplit("/", 1)[-1], d["rule"], d["line"], d["column"])
             for d in run.diagnostics}
    assert found == {("robots.txt", "robots-blocks-ai-search", 2, 1),
                     ("robots.txt", "robots-sitemap-missing", 1, 1),  # opt-in, selected by ALL
                     ("llms.txt", "llms-link", 5, 11)}
    assert run.exit_code == 1


def test_select_and_ignore_reach_the_site_rules(tmp_path):
    (tmp_path / "robots.txt").write_text("User-agent: PerplexityBot\nDisallow: /\n")
    run = check_json("--isolated", "--select", "site", str(tmp_path / "robots.txt"))
    assert {d["rule"] for d in run.diagnostics} == {"robots-blocks-ai-search",
                                                   "robots-sitemap-missing"}
    run = check_json("--isolated", "--extend-select", "site", "--ignore",
                     "robots-sitemap-missing", str(tmp_path))
    assert [d["rule"] for d in run.diagnostics] == ["robots-blocks-ai-search"]


def test_a_robots_comment_suppresses_like_an_html_comment(tmp_path):
    (tmp_path / "robots.txt").write_text(
        "# citewise-disable-file robots-sitemap-missing\n"
        "User-agent: PerplexityBot\n"
        "# citewise-disable-next-line robots-blocks-ai-search\n"
        "Disallow: /\n"
        "Disalow: /x  # citewise-disable-line robots-syntax\n"
        "# citewise-disable-next-line robots-syntax\n"
        "Allow: /ok\n")  # nothing to suppress here: reported as unused
    run = check_json("--isolated", "--extend-select", "robots-sitemap-missing", str(tmp_path))
    assert [(d["rule"], d["line"]) for d in run.diagnostics] == [("unused-suppression", 6)]


def test_an_llms_comment_suppresses(tmp_path):
    (tmp_path / "llms.txt").write_text(
        "# Acme\n\n## Docs\n\n<!-- citewise-disable-next-line llms-link -->\n"
        "- [Start](http://localhost:3000/start.md)\n")
    assert check_json("--isolated", str(tmp_path)).diagnostics == []


def test_rules_and_rule_list_and_document_the_site_rules():
    listing = citewise("rules").output
    for code, rule in (("CW701", "robots-syntax"), ("CW702", "robots-blocks-ai-search"),
                       ("CW711", "llms-structure"), ("CW712", "llms-link")):
        assert code in listing and rule in listing
    page = citewise("rule", "robots-blocks-ai-search").output
    assert "formats: robots" in page and "User-agent: PerplexityBot" in page


def test_sarif_carries_site_findings_with_their_regions(tmp_path):
    (tmp_path / "robots.txt").write_text("User-agent: *\nDissallow: /x\n"
                                         "Sitemap: https://example.com/s.xml\n")
    run = citewise("check", "--isolated", "--format", "sarif", str(tmp_path))
    sarif = json.loads(run.stdout)
    schema_file = SHARED / "schemas" / "sarif-schema-2.1.0.json"
    if schema_file.is_file():  # ../shared holds the OASIS schema
        import jsonschema

        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        jsonschema.validators.validator_for(schema)(schema).validate(sarif)
    (result,) = sarif["runs"][0]["results"]
    assert result["ruleId"] == "robots-syntax"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (2, 1, 10)
    rules = {rule["id"] for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert "robots-syntax" in rules


def test_page_rules_never_run_on_site_files():
    from citewise.engine.config import Config
    from citewise.engine.runner import Selection, active_rules

    config = Config()
    for fmt in ("robots", "llms"):
        rules = active_rules(config, Selection(select=("ALL",)), "x", fmt)
        assert rules and all(spec.category in ("site", "file") for spec in rules)
    page_rules = active_rules(config, Selection(select=("ALL",)), "x.md", "markdown")
    assert not any(spec.category == "site" for spec in page_rules)


# --- fetched by URL, from a local server only ----------------------------------------------

ROBOTS_BODY = b"User-agent: *\nDisallow: /\nSitemap: https://example.com/sitemap.xml\n"
HTML_404 = b"<!DOCTYPE html><html><head><title>Not found</title></head><body>404</body></html>"


class _Site(BaseHTTPRequestHandler):
    routes = {
        "/robots.txt": (200, ROBOTS_BODY, "text/plain"),
        "/html/robots.txt": (200, HTML_404, "text/html"),
        "/gone/robots.txt": (404, b"not here", "text/plain"),
        "/down/robots.txt": (503, b"busy", "text/plain"),
        "/llms.txt": (200, b"# Acme\n\n## Docs\n\n- [Start](http://localhost:3000/start.md)\n", "text/markdown"),
        "/docs/a.html": (200, b"<html><head><title>A</title></head><body><h1>A</h1></body></html>",
                         "text/html"),
    }

    def log_message(self, *args):
        pass

    def do_GET(self):
        status, body, content_type = self.routes.get(self.path, (404, b"", "text/plain"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_robots_txt_url_is_fetched_and_checked_as_one(site):
    run = check_json("--isolated", f"{site}/robots.txt")
    assert [(d["rule"], d["line"]) for d in run.diagnostics] == [("robots-blocks-ai-search", 2)]
    run = check_json("--isolated", f"{site}/llms.txt")
    assert [(d["rule"], d["line"], d["column"]) for d in run.diagnostics] == [
        ("llms-link", 5, 11)]


def test_an_html_page_at_robots_txt_is_said_to_be_no_robots_txt(site):
    run = check_json("--isolated", f"{site}/html/robots.txt")
    assert [(d["rule"], d["line"]) for d in run.diagnostics] == [("robots-syntax", 1)]
    assert "HTML page, not a robots.txt" in run.diagnostics[0]["message"]


@pytest.mark.parametrize(("path", "meaning"), [
    ("/gone/robots.txt", "may fetch every page"),
    ("/down/robots.txt", "whole site as disallowed"),
])
def test_an_error_status_is_not_parsed_and_says_what_crawlers_make_of_it(site, path, meaning):
    run = check_json("--isolated", f"{site}{path}")
    assert run.exit_code == 2 and run.stdout.strip() in ("", "[]")
    assert "not a robots.txt, so not checked" in run.stderr and meaning in run.stderr


def test_robots_flag_checks_the_sites_robots_txt_for_the_checked_pages_paths(site):
    """--robots: the site's /robots.txt, fetched once for its pages, is checked with each page's
    path: a Disallow that keeps OAI-SearchBot off /docs/ (not off /) is reported for it."""
    _Site.routes["/robots.txt"] = (200, b"User-agent: OAI-SearchBot\nDisallow: /docs/\n\n"
                                        b"Sitemap: https://example.com/sitemap.xml\n", "text/plain")
    try:
        run = check_json("--isolated", "--robots", "--select", "robots-blocks-ai-search",
                         f"{site}/docs/a.html", f"{site}/docs/a.html?x=1")
        found = [(d["path"], d["line"]) for d in run.diagnostics]
        assert found == [(f"{site}/robots.txt", 2)]
        assert "/docs/a.html" in run.diagnostics[0]["message"]
        without = check_json("--isolated", "--select", "robots-blocks-ai-search",
                             f"{site}/docs/a.html")
        assert without.diagnostics == []  # no flag: only the URL named is fetched
    finally:
        _Site.routes["/robots.txt"] = (200, ROBOTS_BODY, "text/plain")


def test_robots_flag_notes_a_site_without_robots_txt(site, monkeypatch):
    monkeypatch.setitem(_Site.routes, "/robots.txt", (404, b"", "text/plain"))
    run = check_json("--isolated", "--robots", f"{site}/docs/a.html")
    assert "no robots.txt: crawlers may fetch every page" in run.stderr
    assert all(d["path"] != f"{site}/robots.txt" for d in run.diagnostics)


# --- bad input never crashes ---------------------------------------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

_PIECES = st.sampled_from([
    "User-agent: ", "User-agent:*", "Disallow: ", "Allow:", "Sitemap: ", "# ", "*", "$", "/",
    "GPTBot", "PerplexityBot/1.0", ":", "\t", " ", "\r", "%E3%83", "%zz", "ツ", "<html>",
    "# T", "## S", "- [", "](", ")", ": ", "> ", "```", "<!--", "-->", "http://localhost/",
    "\ufeff", "\x00", "a", "\n", "\n\n",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=60).map("".join), st.sampled_from(["robots.txt", "llms.txt",
                                                                     "llms-full.txt"]))
def test_any_text_as_a_site_file_gives_findings_inside_the_file_and_no_crash(text, name):
    from citewise.engine.config import Config
    from citewise.engine.runner import Selection, lint_bytes

    data = text.encode("utf-8", "surrogatepass")
    found = lint_bytes(name, data, Config(), Selection(select=("ALL",)))
    lines = line_count(data)  # a lone CR ends a line too
    assert not [d for d in found if d.rule == "internal-error"], found
    assert all(1 <= d.line <= max(lines, 1) and d.column >= 1 for d in found)
