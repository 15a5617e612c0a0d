"""--jobs: worker processes change the speed, never the output."""

from __future__ import annotations

import shutil

import pytest

import citewise.engine.parallel as parallel
from citewise.engine.parallel import MIN_FILES, chunk_size, worker_count
from conftest import CORPUS, FIXTURES, check_json, needs_corpus


def fixture_pages() -> list[str]:
    pages = sorted(str(p) for p in FIXTURES.rglob("*") if p.suffix in (".md", ".html"))
    assert len(pages) >= 2 * MIN_FILES  # enough for workers to start
    return pages


def json_run(*args: str):
    return check_json("--no-cache", *args)


@pytest.fixture
def spy_workers(monkeypatch):
    """How many workers each parallel run started (an empty list: no run used workers)."""
    started: list[int] = []
    real = parallel.lint_parallel

    def spy(linter, targets, workers, done):
        started.append(workers)
        return real(linter, targets, workers, done)

    monkeypatch.setattr(parallel, "lint_parallel", spy)
    return started


def test_output_is_identical_for_any_number_of_jobs(spy_workers):
    pages = fixture_pages()
    one = json_run("--jobs", "1", *pages)
    assert one.diagnostics and spy_workers == []
    for jobs in ("2", "3"):
        many = json_run("--jobs", jobs, *pages)
        assert many.stdout == one.stdout
        assert many.exit_code == one.exit_code
    assert spy_workers == [2, 3]


@needs_corpus
def test_corpus_sample_is_identical_in_parallel(spy_workers):
    sample = [str(p) for p in sorted((CORPUS / "extruct").rglob("*.html"))[:40]]
    sample += [str(p) for p in sorted((CORPUS / "nodejs-blog").rglob("*.md"))[:40]]
    one = json_run("--jobs", "1", *sample)
    two = json_run("--jobs", "2", *sample)
    assert two.stdout == one.stdout and len(one.diagnostics) > 10
    assert spy_workers == [2]


def test_a_handful_of_files_starts_no_workers(spy_workers):
    pages = fixture_pages()[: MIN_FILES - 1]
    run = json_run("--jobs", "4", *pages)
    assert run.exit_code in (0, 1) and spy_workers == []


def test_missing_paths_are_errors_in_parallel_too(spy_workers):
    pages = fixture_pages()
    one = json_run("--jobs", "1", "no-such-page.md", *pages)
    two = json_run("--jobs", "2", "no-such-page.md", *pages)
    assert one.exit_code == two.exit_code == 2
    assert "no-such-page.md: no such file or directory" in two.stderr
    assert two.stdout == one.stdout
    assert spy_workers == [2]


def _pack(folder, body: str) -> None:
    folder.mkdir()
    (folder / "odd.py").write_text(body)
    (folder / "odd.toml").write_text(
        'id = "odd"\ncode = "X003"\ncategory = "structure"\nseverity = "warning"\n'
        'check = "odd.py:check"\nsummary = "s"\ndescription = "d"\nrationale = "r"\nhelp = "h"\n')


def _project(tmp_path, monkeypatch, body: str) -> list[str]:
    monkeypatch.chdir(tmp_path)
    _pack(tmp_path / "pack", body)
    (tmp_path / "citewise.toml").write_text('rule-paths = ["pack"]\n')
    pages = tmp_path / "pages"
    pages.mkdir()
    for n, page in enumerate(fixture_pages()):
        shutil.copy(page, pages / f"{n:03}{page[page.rfind('.'):]}")
    return [str(p.relative_to(tmp_path)) for p in sorted(pages.iterdir())]


def test_internal_errors_come_back_from_workers(tmp_path, monkeypatch, spy_workers):
    pages = _project(tmp_path, monkeypatch, (
        "def check(doc, options, context):\n"
        "    if doc.path.endswith('.html'):\n"
        "        raise RuntimeError('boom in ' + doc.path)\n"
        "    return []\n"))
    one = json_run("--select", "odd", "--jobs", "1", *pages)
    two = json_run("--select", "odd", "--jobs", "2", *pages)
    assert one.exit_code == two.exit_code == 2
    assert two.stdout == one.stdout
    html = [page for page in pages if page.endswith(".html")]
    assert [d["path"] for d in two.diagnostics if d["rule"] == "internal-error"] == html
    assert spy_workers == [2]


def test_a_dying_worker_costs_nothing_but_time(tmp_path, monkeypatch, spy_workers):
    """A worker killed mid-run (a crash in C code, the OOM killer): the files it had not
    returned are checked in the main process, with the same output."""
    # The worker dies on a Markdown page some way into the list (which one depends on the
    # fixtures there are: the 6th or a later one).
    victim = next(f"{n:03}.md" for n, page in enumerate(fixture_pages())
                  if n >= 5 and page.endswith(".md"))
    pages = _project(tmp_path, monkeypatch, (
        "import multiprocessing, os\n"
        "from citewise.diagnostic import Problem\n"
        "def check(doc, options, context):\n"
        f"    if multiprocessing.parent_process() is not None and doc.path.endswith('{victim}'):\n"
        "        os._exit(3)\n"
        "    if doc.blocks:\n"
        "        yield Problem(doc.blocks[0].span, 'first block')\n"))
    assert any(page.endswith(victim) for page in pages)
    one = json_run("--select", "odd", "--jobs", "1", *pages)
    two = json_run("--select", "odd", "--jobs", "2", *pages)
    assert two.stdout == one.stdout and len(one.diagnostics) > 10
    assert spy_workers == [2]


def test_worker_count_and_chunks():
    assert worker_count(1, 10_000) == 1
    assert worker_count(8, MIN_FILES - 1) == 1
    assert worker_count(8, MIN_FILES) == 2  # not more workers than the files feed
    assert worker_count(2, 1000) == 2
    assert chunk_size(2000, 2) == parallel.MAX_CHUNK
    assert chunk_size(20, 2) == 1


def test_diagnostics_from_workers_keep_their_source_line():
    from citewise.engine import Linter
    from citewise.engine.runner import Selection

    pages = fixture_pages()
    runs = [[d.as_row() for d in Linter(Selection(), jobs=jobs).run(pages).diagnostics]
            for jobs in (1, 2)]
    assert runs[0] == runs[1]
    assert any(row[-1] for row in runs[0])  # source lines are there to compare
