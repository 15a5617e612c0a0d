"""`--format html`: a self-contained report, scored and grouped, that never runs a checked page's
markup; rendered for real in headless Chromium when it is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from citewise.diagnostic import Diagnostic
from citewise.reporters import Report, renderer
from citewise.engine.score import load_weights

from conftest import CORPUS, FIXTURES, ROOT, citewise, needs_corpus

FILLER = FIXTURES / "answer-first" / "filler-intro.md"  # answer-first at line 8
DIRECT = FIXTURES / "answer-first" / "direct-answer.md"

# The first paragraph opens with filler (answer-first, line 3) and carries live markup: if the
# report let any of it through, the title would change or a #pwned element would appear.
EVIL_PAGE = """# Passport renewal times

In today's world <script>document.title = "pwned"; document.body.insertAdjacentHTML("beforeend", "<div id=pwned>script ran</div>")</script><img src=x onerror="document.title='pwned-img'"> travel plans change.
"""
EVIL_NAME = 'evil<u onclick="alert(1)">name.md'

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (Debian: apt-get install -y chromium); "
           "the HTML report is not rendered in a browser")


def _write_report(folder: Path, *options: str) -> tuple[Path, str]:
    (folder / EVIL_NAME).write_text(EVIL_PAGE, encoding="utf-8")
    (folder / "good.md").write_text(DIRECT.read_text(encoding="utf-8"), encoding="utf-8")
    report = folder / "report.html"
    # answer-first alone; the score's thin-page measure left out (the pages are a few lines)
    run = citewise("check", "--format", "html", "--output", report, "--select", "answer-first",
                   "--ignore", "thin-content", *(options or ("--no-cache",)),
                   folder / EVIL_NAME, folder / "good.md", FILLER)
    assert run.exit_code == 1 and run.stdout == ""
    return report, report.read_text(encoding="utf-8")


class _Collector(HTMLParser):
    """Tags, attributes and text of a page, as a browser's tokenizer sees them."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def test_report_escapes_everything_from_the_page(tmp_path):
    _, html = _write_report(tmp_path)
    parsed = _parse(html)
    tags = [tag for tag, _ in parsed.tags]
    assert tags.count("script") == 1  # the report's own, last in the body (see below)
    assert "img" not in tags and "u" not in tags
    assert not any(name.startswith("on") for _, attrs in parsed.tags for name in attrs)
    assert not any(name in ("src", "srcset", "style") and "url(" in (value or "") or
                   name in ("src", "srcset") for _, attrs in parsed.tags for name, value in
                   attrs.items())
    text = "".join(parsed.text)
    assert '<script>document.title = "pwned"' in text  # quoted as text, visibly
    assert "onerror=\"document.title='pwned-img'\"" in text
    assert EVIL_NAME in text  # the file name, too, is text


def test_report_is_self_contained_and_runs_only_its_own_script(tmp_path):
    import base64
    import hashlib

    _, html = _write_report(tmp_path)
    parsed = _parse(html)
    for tag, attrs in parsed.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed"), tag
        assert not (tag == "script" and attrs), attrs  # no src=, no type=
    [csp] = [attrs["content"] for tag, attrs in parsed.tags
             if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"]
    [script] = re.findall(r"<script>(.*?)</script>", html, re.S)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    # only that exact script may run: no 'unsafe-inline', no other source
    assert f"script-src 'sha256-{digest}';" in csp
    assert "default-src 'none'" in csp and "unsafe-inline'; base" not in csp
    assert not re.search(r"https?://(?!github\.com/)", html.split("<body>")[0])  # no fetched asset


def test_report_content_scores_groups_quotes_and_help(tmp_path):
    _, html = _write_report(tmp_path)
    text = " ".join(" ".join(_parse(html).text).split())
    weights = load_weights()
    expected = round(100 - weights.severity["warning"] * weights.category["structure"]
                     * weights.trust("answer-first"))
    # summary: three pages, two findings, the mean score (neutral: no colour band)
    assert "3 pages checked" in text and "2 findings" in text
    assert f"{round((expected * 2 + 100) / 3)} mean citability score" in text
    # by rule: counts by severity, pages, one line on why it matters
    assert ("answer-first CW101 docs Structure 0 2 0 2 Answer engines lift a short, "
            "self-contained passage that answers the query") in text
    assert "By category Structure 2" in text
    # each page: score, path, counts, findings with the quoted line and the rule's help
    assert re.search(rf"{expected} \S*{re.escape(EVIL_NAME)} 1 warning 3:1 warning answer-first "
                     rf"\(CW101\) Structure", text)
    assert "8:1 warning answer-first (CW101)" in text
    filler_line = FILLER.read_text(encoding="utf-8").splitlines()[7]
    assert f"8 {' '.join(filler_line.split())}" in text
    assert "The first paragraph under the title must carry the answer." in text
    # lowest score first; the clean page is listed once, collapsed, after the others
    assert max(text.index(EVIL_NAME), text.index(str(FILLER))) < text.index("good.md")
    assert html.count('class="page"') == 2
    assert "1 page with no findings" in text
    assert '<mark>In today&#39;s</mark>' in html  # the finding's own columns are marked


def _finding_report(findings: list[tuple[str, int, str]]) -> str:
    diagnostics = [Diagnostic("site/a.md", line, 1, line, 5, rule, "sentences", severity,
                              f"{rule} at {line}", "fix it", source_line="word " * 5)
                   for rule, line, severity in findings]
    return renderer("html")(Report(diagnostics, ["site/a.md", "site/b.md"]))


def test_a_page_shows_its_worst_findings_first_and_the_rest_collapsed():
    # before: findings in line order, all open; a 300-page site printed to 327 pages
    html = _finding_report([("vague-claim", 2, "warning"), ("long-sentence", 4, "info"),
                            ("vague-claim", 6, "warning"), ("no-specifics", 8, "info"),
                            ("jsonld-syntax", 9, "error")])
    order = re.findall(r'data-rule="([a-z-]+)"', html.split('id="page-list"')[1])
    assert order == ["jsonld-syntax", "vague-claim", "vague-claim", "long-sentence",
                     "no-specifics"]
    shown, more = html.split('<details class="more">')
    assert shown.count('<article class="finding') == 3
    assert "<summary>2 more findings</summary>" in more and more.count("<article") == 2


def test_rule_summary_puts_errors_first_and_offers_every_filter():
    html = _finding_report([("long-sentence", 2, "info"), ("long-sentence", 3, "info"),
                            ("vague-claim", 6, "warning"), ("jsonld-syntax", 9, "error")])
    rules = re.findall(r'data-filter="rule" data-value="([a-z-]+)"', html)
    assert rules == ["jsonld-syntax", "vague-claim", "long-sentence"]
    form = html[html.index('<form id="filters"'):html.index("</form>")]
    for control in ('name="severity" value="error"', 'name="severity" value="warning"',
                    'name="severity" value="info"', 'name="rule"', 'name="category"',
                    'name="path"', 'name="sort"'):
        assert control in form
    assert '<option value="long-sentence">long-sentence (2)</option>' in form
def test_quotes_survive_the_cache_and_worker_processes(tmp_path):
    quoted = '<pre class="source"><span class="ln">8</span><mark>In today&#39;s</mark> busy'
    for options in (("--jobs", "1"), ("--jobs", "1"), ("--jobs", "2", "--no-cache")):
        _, html = _write_report(tmp_path, *options)  # the second run reads the cache
        assert quoted in html, options


def test_html_report_clips_long_lines_around_the_finding():
    line = "x" * 500 + "FINDING" + "y" * 500
    d = Diagnostic("long.md", 1, 501, 1, 508, "answer-first", "structure", "warning", "m", "h",
                   source_line=line)
    html = renderer("html")(Report([d], ["long.md"]))
    quoted = re.search(r'<pre class="source">(.*?)</pre>', html, re.S).group(1)
    assert "<mark>FINDING</mark>" in quoted
    assert len(re.sub(r"<[^>]+>", "", quoted)) < 400 and quoted.count("…") == 2


def _chromium(*args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


@needs_chromium
def test_chromium_runs_scripts_of_a_plain_page(tmp_path):
    """The control: this browser set-up does run an inline script, so the next test means
    something when it finds none ran."""
    page = tmp_path / "plain.html"
    page.write_text("<!DOCTYPE html><title>before</title><body>" + EVIL_PAGE.split("\n")[2],
                    encoding="utf-8")
    dom = _chromium("--dump-dom", page.as_uri()).stdout
    assert "<title>pwned" in dom and 'id="pwned"' in dom


@needs_chromium
def test_report_in_chromium_runs_nothing_from_the_page(tmp_path):
    report, _ = _write_report(tmp_path)
    dom = _chromium("--dump-dom", report.as_uri()).stdout
    assert "<title>citewise report</title>" in dom
    assert 'id="pwned"' not in dom and "script ran</div>" not in dom
    assert "&lt;script&gt;document.title" in dom  # shown as text
    shot = tmp_path / "report.png"
    run = _chromium("--window-size=1200,1400", f"--screenshot={shot}", report.as_uri())
    assert shot.is_file(), run.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a page was drawn, not blank


@needs_chromium
def test_report_filters_in_chromium_from_a_link(tmp_path):
    report, _ = _write_report(tmp_path)
    dom = _chromium("--virtual-time-budget=3000", "--dump-dom",
                    report.as_uri() + "#filter?path=filler").stdout
    pages = re.findall(r'<section class="page"[^>]*>', dom)
    assert len(pages) == 2
    # the page whose path holds "filler" is shown, the other hidden
    assert sorted(("hidden" in tag, "filler" in tag) for tag in pages) == [(False, True),
                                                                           (True, False)]
    assert "1 of 2 pages with findings shown" in dom


@pytest.mark.slow
@needs_chromium
@needs_corpus
def test_report_of_the_whole_corpus_at_desktop_and_mobile_width(tmp_path):
    """The report of every page of ../shared/corpus, screenshot at 1280 and at 400 px (the
    PNGs stay in the test's tmp_path to be looked at)."""
    import datetime as dt

    from citewise.engine import Linter
    from citewise.engine.registry import load_registry
    from citewise.engine.runner import Selection
    from citewise.engine.score import page_scores
    from citewise.reporters import rule_infos

    result = Linter(Selection(today=dt.date(2026, 11, 25)), jobs=None).run([str(CORPUS)])
    scores = page_scores(result.diagnostics, result.checked, load_weights())
    report = tmp_path / "corpus.html"
    report.write_text(renderer("html")(Report(
        result.diagnostics, result.checked, rule_infos(load_registry()),
        scores=scores)), encoding="utf-8")
    html = report.read_text(encoding="utf-8")
    assert f"<b>{len(result.checked)}</b><span>pages checked" in html
    for width, name in ((1280, "desktop"), (400, "mobile")):
        shot = tmp_path / f"corpus-{name}.png"
        run = _chromium(f"--window-size={width},2400", "--virtual-time-budget=5000",
                        f"--screenshot={shot}", report.as_uri())
        assert shot.is_file(), run.stderr[-2000:]
        assert int.from_bytes(shot.read_bytes()[16:20], "big") == width  # PNG width
        print(f"screenshot: {shot}")


def test_wheel_ships_the_template_and_score_weights(tmp_path):
    """A wheel (not just this editable checkout) carries what the HTML report and the score read."""
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q",
                          "-w", str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    [wheel] = tmp_path.glob("citewise-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "citewise/reporters/templates/report.html.j2" in names
    assert "citewise/rules/_score.toml" in names


def test_html_report_quotes_without_indentation():
    d = Diagnostic("a.md", 4, 14, 4, 18, "answer-first", "structure", "warning", "m", "h",
                   source_line="        Some\ttext here")
    html = renderer("html")(Report([d], ["a.md"]))
    assert '<span class="ln">4</span>Some <mark>text</mark> here</pre>' in html
