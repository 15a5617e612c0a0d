"""Growth benchmark: does any rule cost more than linear time in the size of its input?

    python bench/growth.py                    # every case, pages at 1x 2x 4x 8x
    python bench/growth.py --cases vague-claim,jsonld-graph --base 20000

Each case builds a page that feeds one rule's hot path (many question headings, one huge
paragraph dense with vague phrases, a big JSON-LD @graph, nested microdata...) at a base size
and at 2x, 4x and 8x, and checks it in this process with only that rule (one job, no cache),
timing the rule's CPU seconds. It prints seconds per MB at each size and the ratio of the
largest to the smallest: linear cost keeps it near 1; quadratic cost doubles it at each step
(8x the input: 8x the time per MB). The bar is a ratio within 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

SENTENCE = "Acme Cloud stores backups in three regions, encrypted with keys the customer holds. "
VAGUE = "Many experts say that a lot of teams use various tools in several places. "


def questions(size: int) -> tuple[str, str]:
    unit = "## How do backups work?\n\nAcme Cloud copies each volume every hour.\n\n"
    return "questions.md", "# Backups\n\n" + unit * max(1, size // len(unit))


def vague_paragraph(size: int) -> tuple[str, str]:
    return "vague.md", "# Claims\n\n" + VAGUE * max(1, size // len(VAGUE)) + "\n"


def dated_text(size: int) -> tuple[str, str]:
    unit = "On March 3, 2024 and 2024-03-04 the team shipped 12 fixes. "
    # a post (layout): date-missing judges dated records only
    return "dated.md", "---\nlayout: post\n---\n\n# Log\n\n" + unit * max(1, size // len(unit)) + "\n"


def _html(head: str, body: str) -> str:
    return f"<!DOCTYPE html><html lang=\"en\"><head><title>T</title>{head}</head><body><main>" \
           f"<h1>T</h1>{body}</main></body></html>"


def jsonld_graph(size: int) -> tuple[str, str]:
    node = {"@type": "Person", "name": "Ada", "jobTitle": "Engineer", "colour": "blue",
            "worksFor": {"@type": "Organization", "name": "Acme"}}
    count = max(1, size // len(json.dumps(node)))
    graph = {"@context": "https://schema.org", "@graph": [
        {**node, "@id": f"#p{index}", "name": f"Ada {index}"} for index in range(count)]}
    script = f'<script type="application/ld+json">{json.dumps(graph)}</script>'
    return "graph.html", _html(script, "<p>" + SENTENCE + "</p>")


def nested_microdata(size: int) -> tuple[str, str]:
    unit = ('<div itemscope itemtype="https://schema.org/Thing"><span itemprop="name">x</span>')
    depth = max(1, min(size // len(unit), 200))  # deep nesting, as in the fuzzed page
    rows = max(1, size // (len(unit) * depth + 6 * depth))
    block = unit * depth + "</div>" * depth
    return "microdata.html", _html("", block * rows)


def prose(size: int) -> tuple[str, str]:
    paragraph = (SENTENCE * 6).strip()
    return "prose.md", "# Acme Cloud backups\n\n" + (paragraph + "\n\n") * max(1, size // len(paragraph))


CASES = {  # case -> (page generator, rules to time on it)
    "questions": (questions, ["unanswered-question", "question-headings"]),
    "vague-claim": (vague_paragraph, ["vague-claim", "unsupported-superlative", "long-sentence"]),
    "dated-text": (dated_text, ["author-missing", "date-missing", "stale-content"]),
    "jsonld-graph": (jsonld_graph, ["sameas-missing", "jsonld-missing-property",
                                    "jsonld-unknown-property", "jsonld-unknown-type"]),
    "nested-microdata": (nested_microdata, ["jsonld-missing"]),
    "prose": (prose, ["dangling-reference", "no-specifics", "reading-ease", "wall-of-text",
                      "long-paragraph", "answer-first", "entity-missing"]),
}


def time_rule(rule: str, name: str, text: str) -> float:
    from citewise.engine.config import Config
    from citewise.engine.runner import Selection, lint_bytes

    config = Config(max_file_size=1 << 30)
    selection = Selection(select=(rule,))
    lint_bytes(name, text.encode(), config, selection)  # warm: imports, models, word lists
    started = time.process_time()
    lint_bytes(name, text.encode(), config, selection)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--base", type=int, default=25_000, help="bytes of the 1x page")
    parser.add_argument("--factors", default="1,2,4,8")
    args = parser.parse_args()
    factors = [int(f) for f in args.factors.split(",")]
    print(f"{'case':<17} {'rule':<25} " + " ".join(f"{f}x s/MB".rjust(10) for f in factors)
          + "   ratio")
    for case in args.cases.split(","):
        generate, rules = CASES[case]
        pages = [generate(args.base * factor) for factor in factors]
        for rule in rules:
            per_mb = []
            for name, text in pages:
                seconds = time_rule(rule, name, text)
                per_mb.append(seconds / (len(text.encode()) / 1e6))
            ratio = per_mb[-1] / per_mb[0] if per_mb[0] > 0 else float("nan")
            flag = "" if ratio <= 2 else "   <- grows faster than the input"
            print(f"{case:<17} {rule:<25} " + " ".join(f"{value:10.3f}" for value in per_mb)
                  + f"   {ratio:5.2f}{flag}", flush=True)


if __name__ == "__main__":
    main()
