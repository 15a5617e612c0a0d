"""`--format junit`: JUnit XML, one testcase per checked page, one failure per finding.

Findings of the engine's own rules (a file that cannot be read, a rule that crashed) are
<error> elements instead: the page could not be judged.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from citewise.diagnostic import FILE_LEVEL_RULES
from citewise.reporters import Report, clean_text, repo_path

ENGINE_ERRORS = FILE_LEVEL_RULES


def render(report: Report) -> str:
    by_page = defaultdict(list)
    for d in report.diagnostics:
        by_page[d.path].append(d)
    pages = list(dict.fromkeys([*report.checked, *by_page]))
    suites = ET.Element("testsuites", name="citewise")
    suite = ET.SubElement(suites, "testsuite", name="citewise")
    failures = errors = 0
    for page in pages:
        name = clean_text(repo_path(page))
        case = ET.SubElement(suite, "testcase", classname="citewise", name=name, file=name)
        for d in by_page.get(page, []):
            kind = "error" if d.rule in ENGINE_ERRORS else "failure"
            if kind == "error":
                errors += 1
            else:
                failures += 1
            element = ET.SubElement(case, kind, type=d.rule, message=clean_text(d.message))
            element.text = clean_text(f"{repo_path(d.path)}:{d.line}:{d.column}: {d.severity} "
                                 f"{d.rule} {d.message}\n{d.help}".rstrip())
    for element in (suites, suite):
        element.set("tests", str(len(pages)))
        element.set("failures", str(failures))
        element.set("errors", str(errors))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
