"""`--format junit`: JUnit XML, one testcase per finding (Jenkins and Azure DevOps show only the
first failure of a testcase), plus one passing testcase per page without findings.

A warning or error is a <failure>; an info finding is a passing testcase whose <system-out>
says it (info never fails a run). Findings of the engine's own rules (a file that cannot be
read, a rule that crashed) are <error> elements instead: the page could not be judged.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from citewise.diagnostic import FILE_LEVEL_RULES
from citewise.reporters import Report, clean_text, repo_path

ENGINE_ERRORS = FILE_LEVEL_RULES


def render(report: Report) -> str:
    suites = ET.Element("testsuites", name="citewise")
    suite = ET.SubElement(suites, "testsuite", name="citewise")
    counts = {"tests": 0, "failures": 0, "errors": 0}
    by_page: dict[str, list] = {}
    for d in report.diagnostics:
        by_page.setdefault(d.path, []).append(d)
    for page in dict.fromkeys([*report.checked, *by_page]):
        path = clean_text(repo_path(page))
        counts["tests"] += max(1, len(by_page.get(page, ())))
        if page not in by_page:
            ET.SubElement(suite, "testcase", classname="citewise", name=path, file=path)
        for d in by_page.get(page, ()):
            _finding_case(suite, path, d, counts)
    for element in (suites, suite):
        for key, value in counts.items():
            element.set(key, str(value))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _finding_case(suite: ET.Element, path: str, d, counts: dict[str, int]) -> None:
    case = ET.SubElement(suite, "testcase", classname=path,
                         name=f"{path}:{d.line}:{d.column} {d.rule}", file=path,
                         line=str(d.line))
    text = clean_text(f"{path}:{d.line}:{d.column}: {d.severity} {d.rule} {d.message}\n"
                      f"{d.help}".rstrip())
    if d.severity == "info":  # reported, never a failure
        ET.SubElement(case, "system-out").text = text
        return
    kind = "error" if d.rule in ENGINE_ERRORS else "failure"
    counts["errors" if kind == "error" else "failures"] += 1
    ET.SubElement(case, kind, type=d.rule, message=clean_text(d.message)).text = text
