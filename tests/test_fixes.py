"""`citewise check --fix / --unsafe-fixes / --diff`: fixes as data on findings, applied to files."""

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, citewise
from citewise.engine.config import ConfigFinder
from citewise.engine.fixes import FixError, fix_content, write_fixed
from citewise.engine.runner import Selection, lint_bytes

FIXES = FIXTURES / "fixes"
ONLY = ("--select", "jsonld-syntax")


@pytest.fixture
def broken(tmp_path) -> Path:
    page = tmp_path / "page.html"
    shutil.copy(FIXES / "jsonld-syntax.html", page)
    return page


def test_fix_repairs_the_block_and_a_second_fix_changes_nothing(broken):
    run = citewise("check", *ONLY, "--fix", broken)
    assert run.exit_code == 0 and "All clear" in run.stdout
    assert run.stderr == "citewise: applied 1 fix to 1 file\n"
    assert broken.read_bytes() == (FIXES / "jsonld-syntax.fixed.html").read_bytes()
    again = citewise("check", *ONLY, "--fix", broken)
    assert again.exit_code == 0 and again.stderr == ""
    assert broken.read_bytes() == (FIXES / "jsonld-syntax.fixed.html").read_bytes()


def test_fix_keeps_bom_and_crlf_line_endings(broken):
    crlf = lambda data: data.replace(b"\n", b"\r\n")  # noqa: E731
    broken.write_bytes(b"\xef\xbb\xbf" + crlf((FIXES / "jsonld-syntax.html").read_bytes()))
    assert citewise("check", *ONLY, "--fix", broken).exit_code == 0
    assert broken.read_bytes() == b"\xef\xbb\xbf" + crlf(
        (FIXES / "jsonld-syntax.fixed.html").read_bytes())


def test_fix_keeps_a_declared_legacy_encoding(tmp_path):
    page = tmp_path / "latin1.html"
    text = (FIXES / "jsonld-syntax.html").read_text().replace(
        "<head>", '<head><meta charset="iso-8859-1">').replace("Acme CRM\npricing", "Café CRM")
    page.write_bytes(text.encode("iso-8859-1"))
    assert citewise("check", *ONLY, "--fix", page).exit_code == 0
    fixed = page.read_bytes()
    assert b'"headline": "Caf\xe9 CRM"\n}' in fixed  # still Latin-1: é is one byte


def test_diff_shows_the_fix_and_writes_nothing(broken):
    before = broken.read_bytes()
    run = citewise("check", *ONLY, "--diff", broken)
    assert run.exit_code == 1
    assert broken.read_bytes() == before
    assert run.stdout.splitlines()[2:] == [
        "@@ -1,13 +1,10 @@",
        " <!doctype html>",
        ' <html lang="en"><head><title>Acme CRM pricing</title>',
        ' <script type="application/ld+json">',
        "-//<![CDATA[",
        " {",
        '-  "@context": "https://schema.org", // the vocabulary',
        '+  "@context": "https://schema.org",',
        '   "@type": "Article",',
        '-  "headline": "Acme CRM',
        '-pricing",',
        '+  "headline": "Acme CRM\\npricing"',
        " }",
        "-//]]>",
        " </script>",
        " </head><body><h1>Pricing</h1></body></html>",
    ]
    assert citewise("check", *ONLY, "--diff", FIXES / "jsonld-syntax.fixed.html").exit_code == 0


def test_without_fix_a_checked_file_is_never_written(broken):
    before, mtime = broken.read_bytes(), broken.stat().st_mtime_ns
    assert citewise("check", *ONLY, broken).exit_code == 1
    assert broken.read_bytes() == before and broken.stat().st_mtime_ns == mtime


def test_unsafe_fix_needs_unsafe_fixes(tmp_path):
    page = tmp_path / "page.html"
    shutil.copy(FIXES / "jsonld-unsafe.html", page)
    run = citewise("check", *ONLY, "--format", "json", "--fix", page)
    assert run.exit_code == 1 and page.read_bytes() == (FIXES / "jsonld-unsafe.html").read_bytes()
    [finding] = json.loads(run.stdout)
    assert finding["fix"]["applicability"] == "unsafe"
    assert citewise("check", *ONLY, "--fix", "--unsafe-fixes", page).exit_code == 0
    assert b"{\"@context\": \"https://schema.org\"," in page.read_bytes()


def test_json_finding_carries_its_edit():
    run = citewise("check", *ONLY, "--format", "json", FIXES / "jsonld-syntax.html")
    [finding] = json.loads(run.stdout)
    assert finding["fix"] == {
        "applicability": "safe",
        "description": "repair the JSON",
        "edits": [{"line": 4, "column": 1, "end_line": 11, "end_column": 6,
                   "replacement": '{\n  "@context": "https://schema.org",\n  "@type": '
                                  '"Article",\n  "headline": "Acme CRM\\npricing"\n}'}],
    }
    assert finding["suggestion"] == ""


def test_a_file_changed_since_it_was_read_is_refused(broken):
    config = ConfigFinder(None).for_path(broken)
    fix = fix_content(str(broken), broken.read_bytes(),
                      lambda data: lint_bytes(str(broken), data, config, Selection()), False)
    assert fix.changed
    broken.write_text(broken.read_text() + "<!-- edited meanwhile -->\n")
    with pytest.raises(FixError, match="changed since it was read"):
        write_fixed(broken, fix)
    assert broken.read_text().endswith("<!-- edited meanwhile -->\n")


# Pieces a JSON-LD block is made of, and the breakages that --fix repairs safely.
_VALUES = st.sampled_from(['"Article"', '"Acme CRM"', "3", '"2026-01-02"', "[1, 2]"])
_KEYS = st.sampled_from(['"@type"', '"headline"', '"name"', '"datePublished"', '"x"'])


@st.composite
def broken_blocks(draw) -> str:
    pairs = draw(st.lists(st.tuples(_KEYS, _VALUES), min_size=1, max_size=5, unique_by=lambda p: p[0]))
    trailing_comma = draw(st.booleans())
    lines = []
    for position, (key, value) in enumerate(pairs, 1):
        if draw(st.booleans()) and value.startswith('"') and len(value) > 4:
            value = value[:3] + draw(st.sampled_from(["\n", "\t"])) + value[3:]
        line = f"  {key}: {value}" + ("," if position < len(pairs) or trailing_comma else "")
        if draw(st.booleans()):
            line += " // note"
        lines.append(line)
    body = "{\n" + "\n".join(lines) + "\n}"
    if draw(st.booleans()):
        body = "//<![CDATA[\n" + body + "\n//]]>"
    if draw(st.booleans()):
        body = "/* generated */ " + body
    return body


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(block=broken_blocks(), crlf=st.booleans())
def test_fix_is_idempotent_and_leaves_valid_json(tmp_path, block, crlf):
    page = f'<!doctype html>\n<html lang="en"><head><title>T</title>\n<script type="application/ld+json">\n{block}\n</script>\n</head><body><p>x</p></body></html>\n'
    data = page.replace("\n", "\r\n").encode() if crlf else page.encode()
    name = str(tmp_path / "page.html")
    config = ConfigFinder(None).for_path(tmp_path)
    lint = lambda content: lint_bytes(name, content, config, Selection(select=("jsonld-syntax",)))  # noqa: E731
    first = fix_content(name, data, lint, unsafe=False)
    assert first.diagnostics == []  # every breakage here is repaired safely
    second = fix_content(name, first.fixed, lint, unsafe=False)
    assert not second.changed and second.applied == 0
    assert (b"\r\n" in first.fixed) == crlf and (b"\n" not in first.fixed.replace(b"\r\n", b"")
                                                 if crlf else True)


def test_a_misspelt_type_or_property_with_one_close_candidate_is_renamed_unsafely(tmp_path):
    """Only with --unsafe-fixes (a guess at what was meant); "autor" has two close properties
    (author, actor) and "type" would collide with the node's "@type": those stay."""
    for rule in ("jsonld-unknown-type", "jsonld-unknown-property"):
        page = tmp_path / f"{rule}.html"
        shutil.copy(FIXTURES / rule / "bad.html", page)
        assert citewise("check", "--select", rule, "--fix", page).stderr == ""
        assert page.read_bytes() == (FIXTURES / rule / "bad.html").read_bytes()
        assert citewise("check", "--select", rule, "--fix", "--unsafe-fixes", page).exit_code in (0, 1)
    fixed_types = (tmp_path / "jsonld-unknown-type.html").read_text()
    assert '"@type": "Article",' in fixed_types and '"@type": "Person",' in fixed_types
    assert '"@type": ["WebPage", "FAQPage"],' in fixed_types
    assert '"@type": "WebSite", "name": "Acme"' in fixed_types
    assert citewise("check", "--select", "jsonld-unknown-type",
                    tmp_path / "jsonld-unknown-type.html").exit_code == 0
    run = citewise("check", "--select", "jsonld-unknown-property", "--no-cache",
                   tmp_path / "jsonld-unknown-property.html")
    assert [line.split(" ", 3)[2:] for line in run.stdout.splitlines()[:-1]] == [
        ["jsonld-unknown-property", '"autor" on NewsArticle is not a schema.org property (did you '
                                    'mean "author"?)'],
        ["jsonld-unknown-property", '"type" on NewsArticle is not a schema.org property (did you '
                                    'mean "@type"?)'],
    ]
    fixed = (tmp_path / "jsonld-unknown-property.html").read_text()
    assert '"datePublished": "2026-03-02",' in fixed
    assert '"name": "Ana Ruiz", "url": "https://acme.example/ana"}' in fixed
    assert '"contentUrl": "https://acme.example/pricing.png"' in fixed


def test_a_prefixed_type_keeps_its_prefix_and_a_repaired_block_gets_no_rename(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<!doctype html>\n<html><head><title>t</title>\n'
                    '<script type="application/ld+json">\n'
                    '{"@context": "https://schema.org", "@type": "schema:Articel",\n'
                    ' "schema:headlin": "Acme"}\n'
                    '</script></head><body><h1>t</h1></body></html>\n')
    run = check_fixes(page, "--select", "jsonld-unknown-type,jsonld-unknown-property")
    assert '"@type": "schema:Article",\n "schema:headline": "Acme"}' in page.read_text(), run
    assert shutil.copy(FIXTURES / "jsonld-unknown-type" / "repaired.html", page)
    before = page.read_bytes()
    check_fixes(page, "--select", "jsonld-unknown-type")
    assert page.read_bytes() == before


def check_fixes(page, *args):
    return citewise("check", "--no-cache", "--fix", "--unsafe-fixes", *args, page).stderr


def test_a_missing_context_is_added_safely_in_the_block_s_own_layout(tmp_path):
    page = tmp_path / "page.html"
    shutil.copy(FIXTURES / "jsonld-context-missing" / "bad.html", page)
    run = citewise("check", "--no-cache", "--select", "jsonld-context-missing", "--fix", page)
    assert run.exit_code == 0 and run.stderr == "citewise: applied 3 fixes to 1 file\n"
    assert page.read_text().splitlines()[5:15] == [
        "  {",
        '    "@context": "https://schema.org",',  # keys one per line: a line of its own
        '    "@type": "Article",',
        '    "headline": "Acme CRM pricing"',
        "  }",
        "  </script>",
        '  <script type="application/ld+json">',
        '  [{"@context": "https://schema.org", "@type": "WebSite", "name": "Acme"}, '
        '{"@context": "https://schema.org", "@type": "Organization", "name": "Acme"}]',
        "  </script>",
        '  <script type="application/ld+json">',
    ]
    assert page.read_text().splitlines()[15] == (
        '  {"@context": "https://schema.org", "@graph": [{"@type": "Person", "name": "Ana Ruiz"}]}')
    again = citewise("check", "--no-cache", "--select", "jsonld-context-missing", "--fix", page)
    assert again.exit_code == 0 and again.stderr == ""


@pytest.mark.parametrize("generator, before, after", [
    ("hugo", "---\ntitle: T\ndate: 2026-03-02\nupdated: 2026-11-20\n---\n",
     "---\ntitle: T\ndate: 2026-03-02\nlastmod: 2026-11-20\n---\n"),
    ("hugo", '+++\ntitle = "T"\ncreated = 2026-03-02\n+++\n',
     '+++\ntitle = "T"\ndate = 2026-03-02\n+++\n'),
    ("jekyll", "---\ntitle: T\ndate: 2026-03-02\nlastmod: 2026-11-20\n---\n",
     "---\ntitle: T\ndate: 2026-03-02\nlast_modified_at: 2026-11-20\n---\n"),
])
def test_a_date_key_the_generator_does_not_read_is_renamed_unsafely(tmp_path, generator, before,
                                                                   after):
    (tmp_path / "citewise.toml").write_text(f'[rules.frontmatter-date-key]\ngenerator = "{generator}"\n')
    page = tmp_path / "page.md"
    body = "\n# Backups at Acme\n\nAcme keeps every backup for thirty days.\n"
    page.write_text(before + body)
    only = ("--no-cache", "--select", "frontmatter-date-key")
    assert citewise("check", *only, "--fix", page).exit_code == 1  # unsafe: not without asking
    assert page.read_text() == before + body
    run = citewise("check", *only, "--fix", "--unsafe-fixes", page)
    assert run.exit_code == 0 and run.stderr == "citewise: applied 1 fix to 1 file\n"
    assert page.read_text() == after + body


def test_no_generator_option_no_finding_and_two_keys_or_docusaurus_no_rename(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: T\ndate: 2026-03-02\nupdated: 2026-11-20\n---\n\n# T\n\nText.\n")
    only = ("--no-cache", "--select", "frontmatter-date-key")
    assert citewise("check", *only, page).exit_code == 0  # which generator: not guessed
    config = tmp_path / "citewise.toml"
    config.write_text('[rules.frontmatter-date-key]\ngenerator = "docusaurus"\n')
    run = citewise("check", *only, "--format", "json", page)
    [finding] = json.loads(run.stdout)
    assert finding["message"] == ("Docusaurus does not read `updated`: it takes the page's "
                                  "update date from `last_update`")
    assert finding["fix"] is None
    assert finding["suggestion"] == ("Rename `updated` to `last_update` (a mapping: "
                                     "`last_update:` then `  date: ...`).")
    config.write_text('[rules.frontmatter-date-key]\ngenerator = "hugo"\n')
    page.write_text("---\ntitle: T\nupdated: 2026-11-20\nlast_modified_at: 2026-11-21\n---\n\n"
                    "# T\n\nText.\n")
    found = json.loads(citewise("check", *only, "--format", "json", page).stdout)
    assert [(d["line"], d["fix"]) for d in found] == [(3, None), (4, None)]  # which one: unsure


def test_init_turns_the_date_key_rule_on_for_the_generator_it_finds(tmp_path):
    (tmp_path / "hugo.toml").write_text('title = "Acme"\n')
    (tmp_path / "content").mkdir()
    page = tmp_path / "content" / "post.md"
    page.write_text("---\ntitle: T\ndate: 2026-03-02\nupdated: 2026-11-20\n---\n\n# T\n\nText.\n")
    assert citewise("init", tmp_path).exit_code == 0
    config = (tmp_path / "citewise.toml").read_text()
    assert 'extend-select = ["frontmatter-date-key"]' in config
    assert '[rules.frontmatter-date-key]\ngenerator = "hugo"\n' in config
    run = citewise("check", "--no-cache", "--format", "json", page)
    assert [d["rule"] for d in json.loads(run.stdout)] == ["frontmatter-date-key"]


def test_diff_of_a_file_without_a_last_newline_applies_with_git(tmp_path, monkeypatch):
    import subprocess

    page = tmp_path / "p.html"
    page.write_text('<script type="application/ld+json">{"@context": "https://schema.org", '
                    '"@type": "Article", "name": "x",}</script><h1>Hi</h1><p>Acme is a tool.</p>')
    monkeypatch.chdir(tmp_path)
    run = citewise("check", "--diff", "--no-cache", "p.html")
    assert run.stdout.count("\\ No newline at end of file\n") == 2  # was: - and + lines glued
    (tmp_path / "fix.diff").write_text(run.stdout)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    applied = subprocess.run(["git", "apply", "--check", "fix.diff"], cwd=tmp_path,
                             capture_output=True, text=True)
    assert applied.returncode == 0, applied.stderr
