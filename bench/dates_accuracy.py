"""How often citewise finds a page's publication date, next to htmldate on the same pages.

Ground truth nobody here wrote: ../shared/corpus/htmldate (adbar/htmldate's evaluation set):
`tests/eval_default.json` maps 800 URLs to {file, date}; `realworld_assertions.json` holds the
upstream test assertions for the cache pages, some of which expect no date at all. Also the
Node.js and Rust blogs' `ground_truth.json` (Markdown; dates from the sites' own front matter)
and readability's `expected-metadata.json` (`publishedTime`, 33 HTML article pages).

Both tools see only the file's content, offline: citewise parses it and takes its `published`
date (what `citewise inspect` reports); htmldate gets the same decoded text through
`find_date(text, original_date=True, extensive_search=...)`, fast and extensive. Neither is given
the page's URL. htmldate's answer is the page's date: its original date, or failing that the
most likely one, which on a page that states only when it was edited is that date; citewise keeps
the two apart ("last edited 2019-11-10" is a modified date, not a published one). The row
`citewise` counts its published date only; `citewise, page date` counts what htmldate counts,
its published date or, on a page that states no other, its modified date. Times are CPU time of this process per page (steadier than wall time on a
shared machine).

Corpus 2 (`../shared/corpus2`): every source whose ground truth states a date, per source:
the Markdown sources' `ground_truth.json` (`date` against citewise's published date,
`last_updated` against its modified date) and the Zyte pages' `index.json`
(`article_published_time` / `article_modified_time` as the page's own meta states them, 84
pages), with htmldate fast and extensive beside citewise on the HTML pages.

eval_default has no modified dates; modified accuracy is measured on htmldate's upstream
assertions that ask for the latest date (`original_date=False`), and on corpus 2.

`--dateparser N` also times dateparser, the other candidate parser, on the first N pages: its
`search_dates` over the same text blocks citewise scans, and `parse` on sample strings.

    python bench/dates_accuracy.py [--corpus ../shared/corpus] [--no-htmldate] [--json]
                                   [--wrong] [--dateparser N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
MARKDOWN_SUFFIXES = (".md", ".mdx", ".markdown")


def eval_pages(corpus: Path) -> list[tuple[Path, str]]:
    """(file, known publication date) of each page in htmldate's evaluation set."""
    tests = corpus / "htmldate" / "tests"
    truth = json.loads((tests / "eval_default.json").read_text())
    pages = []
    for entry in truth.values():
        path = tests / "eval" / entry["file"]
        if not path.is_file():
            path = tests / "cache" / entry["file"]
        pages.append((path, entry["date"]))
    return pages


def assertion_pages(corpus: Path) -> list[tuple[Path, bool, str | None]]:
    """(file, original_date, expected date or None) of upstream assertions that use htmldate's
    default search; `original_date` False asks for the most recent date the page states."""
    base = corpus / "htmldate"
    seen: dict[tuple[Path, bool], str | None] = {}
    for item in json.loads((base / "realworld_assertions.json").read_text()):
        kwargs = dict(item["kwargs"])
        original = kwargs.pop("original_date", False)
        if kwargs or item["op"] not in ("Eq", "Is"):
            continue
        seen.setdefault((base / "tests" / "cache" / item["file"], original), item["expected"])
    return [(path, original, expected) for (path, original), expected in seen.items()]


def other_pages(corpus: Path) -> dict[str, list[tuple[Path, str]]]:
    """(file, known date) of the other sets with ground truth: the Node.js blog's front matter
    `date`, the Rust blog's date, found only in its front matter `path` (Markdown), and
    mozilla/readability's `publishedTime` for the article pages that have one (HTML)."""
    sets = {"readability": []}
    for expected in sorted((corpus / "readability").rglob("expected-metadata.json")):
        published = json.loads(expected.read_text()).get("publishedTime")
        if published:
            sets["readability"].append((expected.parent / "source.html", published[:10]))
    for blog, key in (("nodejs-blog", "date"), ("rust-blog", "date_from_path")):
        truth = json.loads((corpus / blog / "ground_truth.json").read_text())
        sets[blog] = [(corpus / blog / name, str(entry[key])[:10])
                      for name, entry in truth.items() if entry.get(key)]
    return sets


def citewise_dates(path: Path):
    """(Dates, seconds spent parsing, seconds spent finding dates) for one page."""
    from citewise.parsers import parse
    from citewise.services.dates import page_dates

    data = path.read_bytes()
    start = time.process_time()
    fmt = "markdown" if path.suffix in MARKDOWN_SUFFIXES else "html"
    doc = parse(str(path), data, fmt, embedded=False)
    parsed = time.process_time()
    dates = page_dates(doc)
    return dates, parsed - start, time.process_time() - parsed


def has_machine_date(dates) -> bool:
    """What date-missing asks: a date in JSON-LD, meta, <time> or front matter."""
    from citewise.services.dates import is_machine_readable

    return any(is_machine_readable(found) for found in dates.found)


def htmldate_date(path: Path, extensive: bool) -> tuple[str | None, float]:
    from htmldate import find_date

    from citewise.parsers.decode import decode

    text = decode(path.read_bytes(), True).text
    start = time.process_time()
    result = find_date(text, original_date=True, extensive_search=extensive)
    return result, time.process_time() - start


def measure(corpus: Path, with_htmldate: bool = True) -> dict:
    pages = eval_pages(corpus)
    tools = {"citewise": {"right": 0, "none": 0, "seconds": 0.0, "parse_seconds": 0.0},
             "citewise, page date": {"right": 0, "none": 0, "seconds": 0.0}}
    if with_htmldate:
        import htmldate

        tools[f"htmldate {htmldate.__version__} fast"] = {"right": 0, "none": 0, "seconds": 0.0}
        tools[f"htmldate {htmldate.__version__} extensive"] = {"right": 0, "none": 0,
                                                               "seconds": 0.0}
    wrong = []
    for path, known in pages:
        dates, parse_seconds, seconds = citewise_dates(path)
        row = tools["citewise"]
        row["right"] += dates.published == known
        row["none"] += dates.published is None
        row["seconds"] += seconds
        row["parse_seconds"] += parse_seconds
        page_date = dates.published or dates.modified
        tools["citewise, page date"]["right"] += page_date == known
        tools["citewise, page date"]["none"] += page_date is None
        tools["citewise, page date"]["seconds"] += seconds
        if dates.published != known:
            wrong.append({"file": path.name, "known": known, "citewise": dates.published})
        if with_htmldate:
            for name, extensive in zip(list(tools)[2:], (False, True)):
                result, seconds = htmldate_date(path, extensive)
                tools[name]["right"] += result == known
                tools[name]["none"] += result is None
                tools[name]["seconds"] += seconds
    for row in tools.values():
        row["pages"] = len(pages)
        row["accuracy"] = round(row["right"] / len(pages), 4)
        row["ms_per_page"] = round(1000 * row.pop("seconds") / len(pages), 2)
        if "parse_seconds" in row:
            row["parse_ms_per_page"] = round(1000 * row.pop("parse_seconds") / len(pages), 2)

    assertions = {"dated": 0, "dated_right": 0, "undated": 0, "undated_date_missing": 0,
                  "published": 0, "published_right": 0, "modified": 0, "modified_right": 0}
    if with_htmldate:
        assertions.update(htmldate_published_right={"fast": 0, "extensive": 0},
                          htmldate_modified_right={"fast": 0, "extensive": 0})
    for path, original, expected in assertion_pages(corpus):
        dates, _, _ = citewise_dates(path)
        if expected is None:
            assertions["undated"] += 1
            assertions["undated_date_missing"] += not has_machine_date(dates)
            continue
        assertions["dated"] += 1
        latest = dates.published if original else (dates.modified or dates.published)
        assertions["dated_right"] += latest == expected
        which = "published" if original else "modified"
        assertions[which] += 1
        assertions[f"{which}_right"] += latest == expected
        if with_htmldate:
            from htmldate import find_date

            from citewise.parsers.decode import decode

            text = decode(path.read_bytes(), True).text
            for mode, extensive in (("fast", False), ("extensive", True)):
                found = find_date(text, original_date=original, extensive_search=extensive)
                assertions[f"htmldate_{which}_right"][mode] += found == expected
    others = {}
    for name, known_pages in other_pages(corpus).items():
        right = sum(citewise_dates(path)[0].published == known for path, known in known_pages)
        others[name] = {"right": right, "pages": len(known_pages),
                        "accuracy": round(right / len(known_pages), 4)}
    return {"eval": tools, "assertions": assertions, "others": others,
            "corpus2": measure_corpus2(corpus.parent / "corpus2", with_htmldate), "wrong": wrong}


def corpus2_truth(corpus2: Path) -> dict[str, list[tuple[Path, str | None, str | None]]]:
    """Per source: (file, known published, known modified) of each page whose ground truth
    states a date."""
    sets: dict[str, list] = {}
    for truth_file in sorted(corpus2.glob("*/ground_truth.json")):
        files = json.loads(truth_file.read_text())["files"]
        rows = [(truth_file.parent / name, _day(entry.get("date")),
                 _day(entry.get("last_updated")))
                for name, entry in files.items() if entry.get("date") or entry.get("last_updated")]
        if rows:
            sets[truth_file.parent.name] = rows
    index = corpus2 / "zyte-article-benchmark" / "index.json"
    if index.is_file():
        files = json.loads(index.read_text())["files"].values()
        sets["zyte-article-benchmark"] = [
            (index.parent / entry["file"], _day(entry.get("article_published_time")),
             _day(entry.get("article_modified_time")))
            for entry in files
            if entry.get("article_published_time") or entry.get("article_modified_time")]
    return sets


def _day(value) -> str | None:
    return str(value)[:10] if value else None


def measure_corpus2(corpus2: Path, with_htmldate: bool) -> dict:
    """Published and modified dates right per corpus-2 source (citewise, and htmldate on HTML)."""
    result = {}
    if not corpus2.is_dir():
        return result
    for source, rows in corpus2_truth(corpus2).items():
        row = {"published": 0, "published_right": 0, "modified": 0, "modified_right": 0}
        html = with_htmldate and all(path.suffix == ".html" for path, _, _ in rows)
        if html:
            row["htmldate_published_right"] = {"fast": 0, "extensive": 0}
        for path, published, modified in rows:
            dates, _, _ = citewise_dates(path)
            if published:
                row["published"] += 1
                row["published_right"] += dates.published == published
                if html:
                    for mode in ("fast", "extensive"):
                        found, _ = htmldate_date(path, mode == "extensive")
                        row["htmldate_published_right"][mode] += found == published
            if modified:
                row["modified"] += 1
                row["modified_right"] += dates.modified == modified
        result[source] = row
    return result


SAMPLES = {  # written dates and what they mean, as a reader of the page takes them
    "Updated 3 November 2024": "2024-11-03", "Last reviewed: 2025-02-01": "2025-02-01",
    "Published on Jan 5, 2026": "2026-01-05", "3. November 2024": "2024-11-03",
    "03.11.2024": "2024-11-03", "Stand: 12.11.2021": "2021-11-12",
    "1er novembre 2024": "2024-11-01", "November 3rd, 2024": "2024-11-03",
    "Tue, 05 Mar 2024 10:00:00 GMT": "2024-03-05", "2024-03-05T23:30:00-05:00": "2024-03-05",
}


def measure_dateparser(corpus: Path, count: int) -> dict:
    """dateparser next to citewise's own parser: speed on page text and on single strings."""
    import dateparser
    from dateparser.search import search_dates

    from citewise.parsers import parse
    from citewise.services.dates import _vocabulary, parse_text_date

    vocabulary = _vocabulary()
    docs = [parse(path.name, path.read_bytes(), "html", embedded=False)
            for path, _ in eval_pages(corpus)[:count]]
    texts = [b.text for doc in docs for b in doc.blocks if vocabulary.hint.search(b.text)]
    start = time.process_time()
    ours = sum(1 for text in texts for _ in vocabulary.dates_in(text))
    middle = time.process_time()
    theirs = sum(len(search_dates(text, languages=["en", "de", "fr"]) or ()) for text in texts)
    end = time.process_time()
    right = {"citewise": 0, "dateparser": 0}
    for text, expected in SAMPLES.items():
        found = dateparser.parse(text, languages=["en", "de", "fr"])
        right["dateparser"] += bool(found) and found.date().isoformat() == expected
        right["citewise"] += parse_text_date(text) == expected
    one = time.process_time()
    for text in SAMPLES:
        dateparser.parse(text, languages=["en", "de", "fr"])
    two = time.process_time()
    return {
        "pages": len(docs),
        "citewise_ms_per_page": round(1000 * (middle - start) / len(docs), 2),
        "citewise_dates": ours,
        "dateparser_search_ms_per_page": round(1000 * (end - middle) / len(docs), 1),
        "dateparser_dates": theirs,
        "dateparser_parse_ms_per_string": round(1000 * (two - one) / len(SAMPLES), 2),
        "samples": len(SAMPLES),
        "samples_right": right,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--no-htmldate", action="store_true", help="measure citewise only")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--wrong", action="store_true", help="list the pages citewise gets wrong")
    parser.add_argument("--dateparser", type=int, default=0, metavar="N",
                        help="also time dateparser on the first N pages")
    args = parser.parse_args(argv)
    if not (args.corpus / "htmldate").is_dir():
        print(f"no htmldate corpus under {args.corpus}", file=sys.stderr)
        return 2
    result = measure(args.corpus, not args.no_htmldate)
    if not args.wrong:
        result.pop("wrong")
    if args.dateparser:
        result["dateparser"] = measure_dateparser(args.corpus, args.dateparser)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{'tool':32} {'right':>6} {'pages':>6} {'accuracy':>9} {'no date':>8} {'ms/page':>8}")
    for name, row in result["eval"].items():
        print(f"{name:32} {row['right']:6} {row['pages']:6} {row['accuracy']:9.1%} "
              f"{row['none']:8} {row['ms_per_page']:8.2f}")
    citewise = result["eval"]["citewise"]
    print(f"citewise parse (not counted above): {citewise['parse_ms_per_page']:.2f} ms/page")
    a = result["assertions"]
    print(f"realworld assertions: {a['dated_right']}/{a['dated']} dates right; "
          f"date-missing on {a['undated_date_missing']}/{a['undated']} pages that state no date")
    for which in ("published", "modified"):
        line = (f"  {which} (original_date={which == 'published'}): citewise "
                f"{a[f'{which}_right']}/{a[which]}")
        if f"htmldate_{which}_right" in a:
            hd = a[f"htmldate_{which}_right"]
            line += f", htmldate fast {hd['fast']}, extensive {hd['extensive']}"
        print(line)
    print("corpus2 (pages whose ground truth states a date):")
    for name, row in result["corpus2"].items():
        line = f"  {name:26}"
        if row["published"]:
            line += (f" published {row['published_right']}/{row['published']} "
                     f"({row['published_right'] / row['published']:.1%})")
            if "htmldate_published_right" in row:
                hd = row["htmldate_published_right"]
                line += f" [htmldate fast {hd['fast']}, extensive {hd['extensive']}]"
        if row["modified"]:
            line += f"; modified {row['modified_right']}/{row['modified']}"
        print(line)
    for name, row in result["others"].items():
        print(f"{name}: {row['right']}/{row['pages']} published dates right "
              f"({row['accuracy']:.1%})")
    if "dateparser" in result:
        d = result["dateparser"]
        print(f"on {d['pages']} pages' text: citewise {d['citewise_ms_per_page']} ms/page "
              f"({d['citewise_dates']} dates), dateparser search_dates "
              f"{d['dateparser_search_ms_per_page']} ms/page ({d['dateparser_dates']} matches); "
              f"dateparser.parse {d['dateparser_parse_ms_per_string']} ms/string, "
              f"{d['samples_right']['dateparser']}/{d['samples']} sample strings right "
              f"(citewise {d['samples_right']['citewise']})")
    for row in result.get("wrong", ()):
        print(f"  {row['file']}: known {row['known']}, citewise {row['citewise']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
