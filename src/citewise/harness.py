"""The rule authors' test harness: golden-output fixtures and catalogue examples.

A fixture folder (fixtures/<rule-id>/, or a rule pack's) holds pages and `expected.txt`: the
exact lines `citewise check` prints for those pages with that rule alone,

    buried.html:13:1: warning answer-first first paragraph does not ...

with paths relative to the folder, at a fixed `today` (FIXTURE_TODAY). A `citewise.toml` in the
folder is that folder's config (options, language...). `--update` rewrites expected.txt from
what the rules find now, to be reviewed as a diff. A folder that still has the older
`expected.json` ({"page.md": [lines]}) is compared by lines, and converted by `--update` when
the lines agree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from citewise.diagnostic import INTERNAL_ERROR, Diagnostic
from citewise.engine import Linter
from citewise.engine.catalogue import RuleSpec
from citewise.engine.files import is_checked_file
from citewise.engine.config import Config
from citewise.engine.runner import Selection, lint_bytes
from citewise.reporters import Report
from citewise.reporters.text import render

GOLDEN = "expected.txt"
LEGACY = "expected.json"
FIXTURE_TODAY = dt.date(2026, 11, 25)
# A site file's format is known by its name only.
EXAMPLE_NAMES = {"html": "example.html", "robots": "robots.txt", "llms": "llms.txt",
                 "sitemap": "sitemap.xml"}


@dataclass
class Outcome:
    """One harness case: what was checked, and what went wrong (nothing: it passed)."""

    name: str
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def fixture_folders(spec: RuleSpec) -> list[Path]:
    """A rule's fixture folders: fixtures/<rule-id>/ beside its catalogue file, or one folder
    up (the built-in rules/ and fixtures/ sit side by side)."""
    places = (spec.source.parent / "fixtures" / spec.id,
              spec.source.parent.parent / "fixtures" / spec.id)
    return [place for place in places if place.is_dir()]


def fixture_pages(folder: Path) -> list[Path]:
    """The folder's pages, and the site files of its subfolders (a robots.txt must be named
    robots.txt, so each case is a folder: `star-group/robots.txt`)."""
    pages = [page for page in folder.iterdir() if page.is_file() and is_checked_file(page.name)]
    pages += [page for case in folder.iterdir() if case.is_dir() for page in case.iterdir()
              if page.is_file() and is_checked_file(page.name) and page.suffix == ".txt"]
    return sorted(pages)


def fixture_lines(folder: Path, rule: str | None = None) -> list[str]:
    """The output lines of `rule` (default: the folder's name) on the folder's pages."""
    return render(Report(fixture_diagnostics(folder, rule), quiet=True)).splitlines()


def fixture_diagnostics(folder: Path, rule: str | None = None) -> list[Diagnostic]:
    """What `rule` (default: the folder's name) finds on the folder's pages, paths relative
    to the folder."""
    rule = rule or folder.name
    linter = Linter(Selection(), jobs=1)
    registry = linter.configs.for_path(folder / "x.md").registry
    ids = registry.expand(rule)
    if ids is None:
        raise ValueError(f"{folder}: no rule {rule!r} for this fixture folder")
    linter.selection = Selection(select=tuple(ids), today=FIXTURE_TODAY)
    result = linter.run([str(page) for page in fixture_pages(folder)])
    prefix = str(folder) + "/"
    # A site-wide finding names other pages in its message: relative to the folder too.
    return [dataclasses.replace(d, path=d.path.removeprefix(prefix),
                                message=d.message.replace(prefix, ""))
            for d in result.diagnostics]


def _crashes(diagnostics: list[Diagnostic], where: str) -> list[str]:
    """A check that raised on a test page fails the test: its internal-error is no result to
    compare, let alone to write into expected.txt."""
    return [f"{where}: {Path(d.path).name}:{d.line}:{d.column}: internal-error {d.message}"
            for d in diagnostics if d.rule == INTERNAL_ERROR]


def check_fixture(folder: Path, update: bool = False) -> Outcome:
    """Compare (or with `update`, rewrite) a fixture folder's expected output."""
    outcome = Outcome(f"fixtures {folder}")
    golden, legacy = folder / GOLDEN, folder / LEGACY
    try:
        found = fixture_diagnostics(folder)
    except ValueError as error:
        outcome.problems.append(str(error))
        return outcome
    outcome.problems += _crashes(found, str(folder))
    if not outcome.passed:
        return outcome
    lines = render(Report(found, quiet=True)).splitlines()
    if not golden.is_file() and legacy.is_file():
        outcome.problems += _legacy_problems(folder, lines)
        if update and outcome.passed:
            legacy.unlink()  # converted: the golden file says all the JSON said, and more
        elif not update or not outcome.passed:
            return outcome
    if update:
        golden.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        return outcome
    if not golden.is_file():
        outcome.problems.append(f"{folder}: no {GOLDEN} (write it with --update)")
        return outcome
    wanted = golden.read_text(encoding="utf-8").splitlines()
    if lines != wanted:
        outcome.problems.append(_diff(wanted, lines, golden))
    return outcome


def _legacy_problems(folder: Path, lines: list[str]) -> list[str]:
    """expected.json lists the finding lines of each page; every page must be listed."""
    expected = json.loads((folder / LEGACY).read_text(encoding="utf-8"))
    pages = {page.name for page in fixture_pages(folder)}
    problems = []
    if set(expected) != pages:
        problems.append(f"{folder}: pages and {LEGACY} disagree: "
                        f"{sorted(set(expected) ^ pages)}")
    found: dict[str, list[int]] = {}
    for line in lines:
        page, number = line.split(":")[:2]
        found.setdefault(page, []).append(int(number))
    for page in sorted(pages & set(expected)):
        if sorted(found.get(page, [])) != sorted(expected[page]):
            problems.append(f"{folder / page}: findings on lines {sorted(found.get(page, []))}, "
                            f"expected {sorted(expected[page])}")
    return problems


def _diff(wanted: list[str], got: list[str], golden: Path) -> str:
    import difflib

    diff = difflib.unified_diff(wanted, got, f"{golden} (expected)", "found now", lineterm="")
    return "\n".join(diff)


def check_example(spec: RuleSpec, config: Config) -> Outcome:
    """The catalogue example of `spec`, checked with `config` (whose registry has the rule):
    its bad text must be reported by the rule, its good text not. Each is a page named
    example.md (example.html) at the root of the config's project: project path `example.md`,
    so its page kind never depends on the working directory."""
    outcome = Outcome(f"example {spec.id}")
    if spec.example is None:
        return outcome
    name = EXAMPLE_NAMES.get(spec.example.format, "example.md")
    if spec.example.options:
        config = dataclasses.replace(config, rule_options={
            **config.rule_options, spec.id: {**config.rule_options.get(spec.id, {}),
                                             **spec.example.options}})
    # A page at the project's root, whatever the cwd (a site-wide example's pages link to
    # each other by their bare names).
    rooted = str(config.root / name) if config.path is not None else name
    # With the other rules on, as a user runs it (unused-suppression needs the rule it names).
    selection = Selection(select=("all",), today=FIXTURE_TODAY)
    for label, text, wanted in (("bad", spec.example.bad, True), ("good", spec.example.good, False)):
        if spec.site_wide:
            diagnostics = _site_example(name, text, config, selection)
        else:
            diagnostics = lint_bytes(rooted, text.encode(), config, selection)
        crashes = _crashes(diagnostics, f"{spec.source}: example.{label}")
        if crashes:  # was: a crash on `good` counted as "not reported", a pass
            outcome.problems += crashes
            continue
        found = [d for d in diagnostics if d.rule == spec.id]
        if bool(found) != wanted:
            what = "is not reported" if wanted else f"is reported: {found[0].message}"
            outcome.problems.append(f"{spec.source}: example.{label} {what}")
    return outcome


# A site-wide rule's example may hold several pages: a line `<!-- file: NAME -->` starts the
# next one (the first is example.md, or example.html).
_NEXT_PAGE = re.compile(r"^<!-- file: (\S+) -->\n", re.M)


def example_pages(name: str, text: str) -> list[tuple[str, str]]:
    """The pages of an example: (name, text) pairs, the first named `name`."""
    pieces = _NEXT_PAGE.split(text.lstrip("\n"))
    pages = [(name, pieces[0])]
    pages += [(pieces[i], pieces[i + 1]) for i in range(1, len(pieces) - 1, 2)]
    return pages


def _site_example(name: str, text: str, config: Config, selection: Selection) -> list:
    """The findings of every rule, site-wide ones included, on an example's pages."""
    from citewise.engine.runner import check_bytes
    from citewise.engine.crosspage import RunPage, site_diagnostics

    found, pages = [], []
    for page_name, page_text in example_pages(name, text):
        result = check_bytes(page_name, page_text.encode(), config, selection)
        found += result.diagnostics
        if result.summary is not None:
            pages.append(RunPage(result.summary, config, lambda page_text=page_text: page_text))
    return found + site_diagnostics(pages, selection)
