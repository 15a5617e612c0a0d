"""How often citewise's page kind agrees with corpus2's ground truth.

    python bench/kinds_accuracy.py                 # ../shared/corpus2, prints Markdown tables
    python bench/kinds_accuracy.py --errors        # and every disagreement

Each Markdown source of corpus2 has a `ground_truth.json` whose `kind` (blog_post, changelog,
docs, tutorial, reference, landing, section_index, blog_index, site_page, partial,
redirect_stub, repo_readme) and `dated_record` (true, "entries", false) were derived from the
repository's folders. Two figures per source:

- dated record vs evergreen: a page is a dated record when citewise says `article`; the truth
  is `dated_record` true or "entries" (a changelog page of dated releases);
- kind: the ground-truth kind mapped to citewise's (blog_post/changelog -> article,
  docs/tutorial -> guide, reference -> reference, landing -> landing; section_index,
  blog_index, partial, redirect_stub, repo_readme -> other; site_page -> landing or other,
  both counted right: "about", "team" and "sponsor" pages are the site's own pages).

The Zyte benchmark pages have no kind in their ground truth; they are news and blog articles,
so the share citewise calls `article` is reported beside the table.

Pages are parsed as `citewise inspect` parses them, paths relative to the source folder (as a
config at the repository root sees them). No config is used.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from citewise.parsers import ParseOptions, parse

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus2"
KIND_MAP = {
    "blog_post": {"article"}, "changelog": {"article"}, "docs": {"guide"},
    "tutorial": {"guide"}, "reference": {"reference"}, "landing": {"landing"},
    "section_index": {"other"}, "blog_index": {"other"}, "partial": {"other"},
    "redirect_stub": {"other"}, "repo_readme": {"other"}, "site_page": {"landing", "other"},
}


def kind_of(root: Path, relative: str) -> tuple[str, str]:
    path = root / relative
    doc = parse(relative, path.read_bytes(), options=ParseOptions(project_path=relative))
    decided = doc.kind_evidence[0] if doc.kind_evidence else None
    return doc.kind, f"{decided.source}: {decided.detail}" if decided else "no evidence"


def measure(corpus: Path, show_errors: bool) -> tuple[list[str], list[str]]:
    rows, errors = [], []
    totals = Counter()
    for truth_file in sorted(corpus.glob("*/ground_truth.json")):
        root = truth_file.parent
        files = json.loads(truth_file.read_text())["files"]
        count = Counter()
        for relative, record in sorted(files.items()):
            kind, why = kind_of(root, relative)
            dated = record.get("dated_record") in (True, "entries")
            right_dated = (kind == "article") == dated
            right_kind = kind in KIND_MAP.get(record["kind"], {"other"})
            count.update(pages=1, dated=right_dated, kind=right_kind)
            if show_errors and not (right_dated and right_kind):
                errors.append(f"{root.name}/{relative}: truth {record['kind']} "
                              f"(dated {record.get('dated_record')}), citewise {kind} ({why})")
        totals.update(count)
        rows.append(_row(root.name, count))
    rows.append(_row("**all**", totals))
    return rows, errors


def _row(name: str, count: Counter) -> str:
    pages = count["pages"]
    return (f"| {name} | {pages} | {count['dated']} ({count['dated'] / pages:.1%}) | "
            f"{count['kind']} ({count['kind'] / pages:.1%}) |")


def zyte_articles(corpus: Path) -> str:
    pages = sorted((corpus / "zyte-article-benchmark" / "html").glob("*.html"))
    if not pages:
        return ""
    kinds = Counter(parse(page.name, page.read_bytes(), embedded=False).kind for page in pages)
    share = kinds["article"] / len(pages)
    listed = ", ".join(f"{kind} {n}" for kind, n in kinds.most_common())
    return f"Zyte benchmark (news/blog articles): {kinds['article']} of {len(pages)} pages " \
           f"are `article` ({share:.1%}); {listed}."


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    rows, errors = measure(args.corpus, args.errors)
    print("| source | pages | dated record vs evergreen | kind |")
    print("|---|---|---|---|")
    print("\n".join(rows))
    print()
    print(zyte_articles(args.corpus))
    for error in errors:
        print(error)
    return 0


if __name__ == "__main__":
    sys.exit(main())
