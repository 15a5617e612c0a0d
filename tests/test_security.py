"""Security: checking a page never touches the network nor the file system on the page's say,
never runs anything from it, and what it says cannot break or forge the output CI parses.
"""

from __future__ import annotations

import json
import re
import socket
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from conftest import SHARED, check_json, citewise, read_pty

TODAY = "2026-11-25"
PASSWD = Path("/etc/passwd").read_text().splitlines()[0] if Path("/etc/passwd").is_file() else ""
REMOTE = "http://127.0.0.1:9"  # nothing listens on the discard port: a fetch would show as a try

HOSTILE_HTML = f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html [
  <!ENTITY passwd SYSTEM "file:///etc/passwd">
  <!ENTITY remote SYSTEM "{REMOTE}/entity.txt">
  <!ENTITY % param SYSTEM "{REMOTE}/param.dtd">
  %param;
]>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:xi="http://www.w3.org/2001/XInclude"
      lang="en" vocab="https://schema.org/" prefix="ex: {REMOTE}/vocab#">
<head>
<title>Acme Cloud backup pricing</title>
<base href="{REMOTE}/base/">
<meta http-equiv="refresh" content="0; url={REMOTE}/refresh">
<link rel="stylesheet" href="{REMOTE}/style.css">
<link rel="preload" href="{REMOTE}/font.woff2">
<script src="{REMOTE}/app.js"></script>
<script type="application/ld+json">
{{"@context": "{REMOTE}/context.jsonld", "@type": "Article", "headline": "Acme Cloud backup pricing",
  "author": {{"@context": ["{REMOTE}/a.jsonld", {{"@vocab": "{REMOTE}/v#"}}], "name": "Ann"}},
  "@id": "{REMOTE}/id", "image": "{REMOTE}/image.png", "datePublished": "2026-01-10"}}
</script>
</head>
<body>
<main>
<h1>Acme Cloud backup pricing</h1>
<p>Acme Cloud costs $4 per device per month in 2026. &passwd; &remote;</p>
<xi:include href="file:///etc/passwd" parse="text"/>
<div typeof="Product" resource="{REMOTE}/product"><span property="name">Acme Cloud</span>
<span property="ex:price">4</span></div>
<div itemscope itemtype="{REMOTE}/Product" itemid="{REMOTE}/p"><span itemprop="name">Acme</span>
<img itemprop="image" src="{REMOTE}/img.png" alt="Acme Cloud dashboard"></div>
<img src="{REMOTE}/pixel.gif" srcset="{REMOTE}/a.png 2x" alt="">
<iframe src="{REMOTE}/frame"></iframe>
<svg><image href="{REMOTE}/svg.png"/><use xlink:href="file:///etc/passwd#x"/></svg>
<object data="{REMOTE}/object"></object>
<p style="background: url({REMOTE}/bg.png)">Backups are kept for 90 days.</p>
</main>
</body>
</html>
"""

HOSTILE_MARKDOWN = f"""---
title: Acme Cloud backup pricing
image: !!python/object/apply:os.system ["touch {{marker}}"]
---

<!DOCTYPE x [<!ENTITY passwd SYSTEM "file:///etc/passwd">]>

# Acme Cloud backup pricing

Acme Cloud costs $4 per device per month in 2026. &passwd;

![Dashboard]({REMOTE}/dashboard.png "title")

<script src="{REMOTE}/app.js"></script>
<img src="{REMOTE}/pixel.gif">

<script type="application/ld+json">
{{"@context": "{REMOTE}/context.jsonld", "@type": "Article"}}
</script>

[Pricing]({REMOTE}/pricing) and <{REMOTE}/autolink>.
"""


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("CITEWISE_NO_CACHE", "1")


@pytest.fixture
def no_network(monkeypatch):
    """Every way out through a socket fails, and is recorded."""
    attempts: list[str] = []

    def refuse(what):
        def refused(*args, **kwargs):
            attempts.append(f"{what}{args[1:] if what.startswith('socket.') else args}")
            raise OSError(f"network disabled in tests ({what})")
        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("socket.sendto"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return attempts


@pytest.fixture
def hostile(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    marker = tmp_path / "executed"
    (folder / "hostile.html").write_text(HOSTILE_HTML)
    (folder / "hostile.xhtml").write_text(HOSTILE_HTML)
    (folder / "hostile.md").write_text(HOSTILE_MARKDOWN.replace("{marker}", str(marker)))
    return folder, marker


def test_checking_hostile_pages_fetches_nothing_and_reads_no_other_file(no_network, hostile):
    folder, marker = hostile
    run = check_json("--select", "ALL", "--jobs", "1", folder)  # in-process: sockets are patched
    assert run.exit_code == 1, run.output
    assert no_network == []
    assert {Path(d["path"]).name for d in run.diagnostics} == {
        "hostile.html", "hostile.xhtml", "hostile.md"}
    assert not [d for d in run.diagnostics if d["rule"] == "internal-error"]
    assert PASSWD and PASSWD not in run.output
    assert "root:x:" not in run.output
    assert not marker.exists()  # the YAML python tag was refused, not run
    assert ("frontmatter-syntax", 3) in [(d["rule"], d["line"]) for d in run.diagnostics
                                         if d["path"].endswith(".md")]


def test_inspect_shows_entities_unexpanded_and_contexts_as_plain_strings(no_network, hostile):
    folder, _ = hostile
    run = citewise("inspect", folder / "hostile.html", folder / "hostile.md")
    assert run.exit_code == 0, run.output
    assert no_network == []
    assert PASSWD not in run.output
    documents = json.loads(run.stdout)
    (jsonld,) = [item for item in documents[0]["structured_data"] if item["syntax"] == "json-ld"]
    assert jsonld["data"]["@context"] == f"{REMOTE}/context.jsonld"  # a string, not a fetch
    paragraph = next(b["text"] for b in documents[0]["blocks"] if "per device" in b["text"])
    assert "root:" not in paragraph


def test_every_output_format_holds_no_fetched_or_local_file_text(no_network, hostile):
    folder, _ = hostile
    for output_format in _formats():
        run = check_json("--format", output_format, "--select", "ALL", "--jobs", "1", folder)
        assert PASSWD not in run.output, output_format
    assert no_network == []


def test_urls_are_http_only_and_other_schemes_never_reach_the_network(no_network):
    from citewise.engine.fetch import FetchError, fetch

    for url in ("file:///etc/passwd", "ftp://127.0.0.1/x.html", "data:text/html,<p>x</p>",
                "javascript:alert(1)", "gopher://127.0.0.1:70/"):
        with pytest.raises(FetchError, match="only http and https"):
            fetch(url)
    run = check_json("file:///etc/passwd")
    assert run.exit_code == 2 and PASSWD not in run.output
    assert no_network == []


def test_a_checked_url_is_the_only_fetch_and_its_failure_is_a_usage_error(no_network):
    run = check_json(f"{REMOTE}/page.html")
    assert run.exit_code == 2
    assert f"{REMOTE}/page.html: cannot fetch" in run.stderr
    assert len(no_network) >= 1  # the one the user asked for, and it was refused


# --- output that CI parses stays valid, whatever the page says ---------------------------------

# Leads the paragraph, so that the message's quote of its first words carries all of it.
NASTY = ('::error::forged "Quoted"\x1b[31m bell\x07 漢字🎉 <script>alert(1)</script> %0A '
         '\u202eevil\u202c ünïcødé ]]> --> \\ back\\slash')
# A file name can hold a newline, and paths go into every report.
NASTY_NAME = 'nasty "page"\n::error file=x.md,line=1::forged 漢字.html'


def _nasty_page(folder: Path) -> Path:
    """A page whose name and quoted text carry quotes, newlines, control characters,
    non-ASCII, markup and CI command syntax, so that the findings on it carry them too."""
    escaped = NASTY.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    long_paragraph = " ".join([escaped] + ["Acme Cloud keeps copies in three regions."] * 40)
    page = folder / NASTY_NAME
    page.write_text(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><title>Nasty</title>"
        "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\"}</script>"
        "</head><body><main>\n"
        f"<h1>Nasty page</h1>\n<p>{long_paragraph}</p>\n</main></body></html>\n")
    return page


def _formats() -> list[str]:
    """The formats `citewise check --format` offers now (the reporters grow over time)."""
    help_text = citewise("check", "--help").output
    match = re.search(r"--format \[([^\]]+)\]", help_text)
    return match.group(1).split("|") if match else ["text", "json"]


@pytest.fixture
def nasty_run(tmp_path):
    page = _nasty_page(tmp_path)

    def run(output_format: str):
        result = check_json("--format", output_format, "--select", "long-paragraph,date-missing",
                            "--jobs", "1", page)
        assert result.exit_code == 1, (output_format, result.output)
        return result
    return run


def test_json_keeps_every_character_of_paths_and_messages(nasty_run):
    diagnostics = json.loads(nasty_run("json").stdout)
    assert sorted((d["rule"], d["line"]) for d in diagnostics) == [
        ("date-missing", 2), ("long-paragraph", 4)]
    assert all(Path(d["path"]).name == NASTY_NAME for d in diagnostics)
    quoted = next(d["message"] for d in diagnostics if d["rule"] == "long-paragraph")
    assert quoted.startswith('paragraph is 295 words (max 150): "::error::forged "Quoted"'
                             '\x1b[31m bell\x07 漢字🎉 <script>alert…"')


@pytest.mark.parametrize("output_format", ["json-lines", "sarif", "gitlab"])
def test_json_based_formats_parse(nasty_run, output_format):
    if output_format not in _formats():
        pytest.skip(f"--format {output_format} is not there yet")
    output = nasty_run(output_format).stdout
    if output_format == "json-lines":
        records = [json.loads(line) for line in output.splitlines() if line.strip()]
        assert records
    else:
        document = json.loads(output)
        assert document
    if output_format == "sarif":
        schema_path = SHARED / "schemas" / "sarif-schema-2.1.0.json"
        jsonschema = pytest.importorskip("jsonschema")
        if schema_path.is_file():
            jsonschema.validate(document, json.loads(schema_path.read_text()))


def test_junit_is_well_formed_xml(nasty_run):
    if "junit" not in _formats():
        pytest.skip("--format junit is not there yet")
    output = nasty_run("junit").stdout
    root = ElementTree.fromstring(output.encode("utf-8"))  # control characters would break it
    text = ElementTree.tostring(root, encoding="unicode")
    assert "Quoted" in text


def test_github_annotations_cannot_be_forged(nasty_run):
    if "github" not in _formats():
        pytest.skip("--format github is not there yet")
    lines = nasty_run("github").stdout.splitlines()
    # One workflow command per finding: a newline in a path or message must not start another.
    commands = [line for line in lines if line.startswith("::")]
    assert [re.match(r"::(\w+) ", line).group(1) for line in commands] == ["warning", "notice"]
    assert not any("::error" in line.split("::", 2)[1] for line in commands)


def test_html_report_escapes_page_text(nasty_run):
    if "html" not in _formats():
        pytest.skip("--format html is not there yet")
    output = nasty_run("html").stdout
    assert "<script>alert(1)</script>" not in output
    assert "alert(1)" in output  # shown, as text


def test_text_output_carries_no_terminal_escapes(nasty_run):
    output = nasty_run("text").stdout
    # A page must not recolour, retitle or rewrite the terminal or the CI log.
    assert "\x1b" not in output and "\x07" not in output
    first = output.splitlines()[0]  # the file name's newline does not split the finding
    assert first.endswith(' warning date-missing no machine-readable date: add datePublished / '
                          "dateModified to the page's JSON-LD")
    assert '::error::forged "Quoted"\ufffd[31m bell\ufffd 漢字🎉 <script>alert' in output


def test_text_output_to_a_terminal_carries_no_escapes_from_the_page(tmp_path):
    """click strips colour codes only when stdout is not a terminal; run on a pseudo-terminal,
    where a page's ESC would reach the user's screen."""
    import os
    import pty
    import subprocess
    import sys

    page = _nasty_page(tmp_path)
    main, secondary = pty.openpty()
    process = subprocess.run([sys.executable, "-m", "citewise", "check", "--no-cache", "-j", "1",
                              "--select", "long-paragraph", str(page)],
                             stdout=secondary, stderr=subprocess.DEVNULL, timeout=120)
    os.close(secondary)
    output = read_pty(main)
    assert process.returncode == 0  # an info finding
    text = output.decode("utf-8", "replace")
    assert "\x1b[" in text  # citewise's own colours reach the terminal...
    assert "\ufffd[31m bell\ufffd" in text and "\x07" not in text  # ...the page's escapes do not


def test_a_file_name_that_is_not_utf8_gives_valid_utf8_in_every_format(tmp_path):
    """Linux file names are bytes; one that is not UTF-8 must neither crash a strict stdout
    nor produce invalid UTF-8. JSON reads back as the very name, so the file can be opened."""
    import os
    import subprocess
    import sys

    (tmp_path / os.fsdecode(b"caf\xe9 menu.md")).write_text("# Menu\n\nCoffee.\n")
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "CITEWISE_NO_CACHE": "1"}
    for output_format in _formats():
        result = subprocess.run(
            [sys.executable, "-m", "citewise", "check", "--format", output_format, "-j", "1",
             "--select", "frontmatter-missing", str(tmp_path)],
            capture_output=True, env=environment, timeout=120)
        assert result.returncode == 1 and b"Traceback" not in result.stderr, (
            output_format, result.stderr.decode("utf-8", "replace"))
        text = result.stdout.decode("utf-8")  # strict: raises on invalid UTF-8
        assert "menu.md" in text, output_format
        if output_format == "json":
            (diagnostic,) = json.loads(text)
            assert os.path.isfile(diagnostic["path"])


# --- every line a human or a CI runner reads escapes controls (issue 19) ---------------------

# C1 controls (U+009B is CSI, U+009D OSC to 8-bit terminals), a bidi override, Unicode line
# separators, in a file name and in quoted text.
C1_NAME = "c1 \u009b31m \u009d0;title\u0007 \u202eevil \u2028sep \u0085nel.md"
C1_TEXT = "Acme \u009b31m red \u009d0;pwned\u009c words \u202eevil\u202c \u2028 \u0085 end."
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_UNSAFE = re.compile("[\u202a-\u202e\u2066-\u2069\u2028\u2029]")


@pytest.fixture
def c1_page(tmp_path):
    page = tmp_path / C1_NAME
    page.write_text("---\nlayout: post\n---\n# C1 page\n\n" + " ".join([C1_TEXT] + ["Acme keeps copies in three regions."]
                                                * 40) + "\n")
    return page


@pytest.mark.parametrize("output_format", ["text", "github", "sarif", "junit", "html", "gitlab",
                                           "json", "json-lines"])
def test_no_format_carries_c1_controls_bidi_or_line_separators(c1_page, output_format):
    run = check_json("--format", output_format, "--select", "long-paragraph,date-missing",
                     "--jobs", "1", c1_page)
    assert run.exit_code == 1, run.output
    assert not _CONTROLS.findall(run.stdout.replace("\n", "").replace("\t", "").replace("\r", ""))
    if output_format in ("text", "json", "json-lines"):  # read as lines, or split into them
        assert not _LINE_UNSAFE.findall(run.stdout)
    if output_format == "json-lines":  # str.splitlines() splits at U+2028 and U+0085 too
        records = [json.loads(line) for line in run.stdout.splitlines()]
        assert {Path(r["path"]).name for r in records} == {C1_NAME}  # every character kept
    if output_format == "json":
        assert {Path(d["path"]).name for d in json.loads(run.stdout)} == {C1_NAME}


def test_fail_under_names_a_hostile_page_on_one_safe_line(tmp_path):
    page = tmp_path / "x\n::error file=README.md,line=1::forged \x1b]0;title\x07.md"
    page.write_text("---\nlayout: post\n---\nLots of words here.\n")  # a post: date-missing
    run = citewise("check", "--fail-under", "100", "--select", "date-missing", "--jobs", "1",
                   "--no-cache", page)
    assert run.exit_code == 1
    lines = [line for line in run.stderr.splitlines() if "citability score" in line]
    assert len(lines) == 1 and not lines[0].startswith("::")
    assert "\x1b" not in run.stderr and "\x07" not in run.stderr


def test_score_names_a_hostile_page_on_one_safe_line(tmp_path):
    page = tmp_path / "y\n::warning::forged \u009b31m.md"
    page.write_text("Lots of words here.\n")
    run = citewise("score", page)
    assert not any(line.startswith("::") for line in run.stdout.splitlines())
    assert "\u009b" not in run.stdout
