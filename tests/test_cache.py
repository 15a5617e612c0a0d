"""The result cache: hits only when nothing that decides a file's diagnostics changed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import citewise.engine as engine
from citewise.diagnostic import Diagnostic
from citewise.engine.cache import CACHE_DIR, MAGIC, code_fingerprint
from citewise.engine.registry import load_registry
from conftest import check_json, citewise

LONG = " ".join(["word"] * 40)
PAGE = f"# Backups\n\nShort intro.\n\n{LONG}\n\n{LONG} {LONG}\n"


@pytest.fixture(autouse=True)
def cache_on(monkeypatch):
    monkeypatch.delenv("CITEWISE_NO_CACHE", raising=False)  # conftest turns it off for tests


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project with a config (so the cache lives beside it) and two pages."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "citewise.toml").write_text('[rules.long-paragraph]\nmax-words = 50\n')
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(PAGE)
    (tmp_path / "docs" / "b.md").write_text("# Plain\n\nShort page.\n")
    return tmp_path


@pytest.fixture
def lint_calls(monkeypatch):
    """The files actually checked (not answered from the cache) in this process."""
    calls: list[str] = []
    real = engine.Linter.check

    def counting(linter, target):
        calls.append(Path(target.name).name)
        return real(linter, target)

    monkeypatch.setattr(engine.Linter, "check", counting)
    return calls


def run(*args: str):
    return check_json("--select", "long-paragraph", "--jobs", "1", *args)


def stores(root: Path) -> list[Path]:
    """The store folders of the project's cache (one per store key)."""
    return sorted(path for path in (root / CACHE_DIR).glob("*") if path.is_dir())


def shards(root: Path) -> list[Path]:
    """Every shard file of every store."""
    return sorted((root / CACHE_DIR).glob("*/*.cache"))


def test_warm_run_gives_the_same_results_without_checking_again(project, lint_calls):
    cold = run("docs")
    assert cold.found() == [("long-paragraph", 7)]
    assert sorted(lint_calls) == ["a.md", "b.md"]
    warm = run("docs")
    assert warm.stdout == cold.stdout and warm.exit_code == cold.exit_code
    assert sorted(lint_calls) == ["a.md", "b.md"]  # nothing checked the second time


def test_cache_lives_beside_the_config_and_is_ignored_by_git(project):
    run("docs")
    folder = project / CACHE_DIR
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert len(stores(project)) == 1
    assert not (project / "docs" / CACHE_DIR).exists()


def test_without_config_the_cache_is_in_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.md").write_text(PAGE)
    run("page.md")
    assert len(stores(tmp_path)) == 1


def test_changed_content_is_checked_again(project, lint_calls):
    run("docs")
    (project / "docs" / "b.md").write_text(f"# Plain\n\n{LONG} {LONG}\n")
    again = run("docs")
    assert again.found() == [("long-paragraph", 7), ("long-paragraph", 3)]
    assert sorted(lint_calls) == ["a.md", "b.md", "b.md"]


def test_a_new_mtime_alone_is_still_a_hit(project, lint_calls):
    run("docs")
    os.utime(project / "docs" / "a.md", (1, 1))  # as a fresh CI checkout would
    run("docs")
    assert sorted(lint_calls) == ["a.md", "b.md"]


def test_a_changed_rule_option_invalidates(project, lint_calls):
    assert run("docs").found() == [("long-paragraph", 7)]
    (project / "citewise.toml").write_text('[rules.long-paragraph]\nmax-words = 30\n')
    assert run("docs").found() == [("long-paragraph", 5), ("long-paragraph", 7)]
    assert len(lint_calls) == 4


def test_today_is_part_of_the_key(project, lint_calls):
    run("docs")
    citewise("check", "--format", "json", "--select", "long-paragraph", "--jobs", "1",
             "--today", "2027-01-01", "docs")
    assert len(lint_calls) == 4
    assert len(stores(project)) == 2


def test_selection_is_part_of_the_key(project, lint_calls):
    run("docs")
    wider = check_json("--select", "long-paragraph,frontmatter-missing", "--jobs", "1", "docs")
    assert ("frontmatter-missing", 1) in wider.found()
    assert len(lint_calls) == 4


def test_a_changed_rule_pack_invalidates(project, lint_calls):
    pack = project / "pack"
    pack.mkdir()
    (pack / "shout.py").write_text(
        "from citewise.diagnostic import Problem\n"
        "def check(doc, options, context):\n"
        "    for block in doc.blocks:\n"
        "        if options['word'] in block.text:\n"
        "            yield Problem(block.span, 'found ' + options['word'])\n")
    rule = ('id = "shout"\ncode = "X001"\ncategory = "structure"\nseverity = "warning"\n'
            'check = "shout.py:check"\nsummary = "s"\ndescription = "d"\nrationale = "r"\n'
            'help = "h"\n[options.word]\ndefault = "{}"\ndoc = "w"\n')
    (pack / "shout.toml").write_text(rule.format("Plain"))
    (project / "citewise.toml").write_text('rule-paths = ["pack"]\n')
    first = check_json("--select", "shout", "--jobs", "1", "docs")
    assert first.found() == [("shout", 1)]
    (pack / "shout.toml").write_text(rule.format("Backups"))  # only the catalogue changed
    load_registry.cache_clear()  # as a new process would
    code_fingerprint.cache_clear()
    second = check_json("--select", "shout", "--jobs", "1", "docs")
    assert [d["path"] for d in second.diagnostics] == [os.path.join("docs", "a.md")]
    assert len(lint_calls) == 4


def _damage(shard: Path, damage: str) -> None:
    blob = shard.read_bytes()
    if damage == "garbage":
        shard.write_bytes(b"\x00not a cache at all" * 10)
    elif damage == "flipped byte":
        middle = len(MAGIC) + 32 + (len(blob) - len(MAGIC) - 32) // 2
        shard.write_bytes(blob[:middle] + bytes([blob[middle] ^ 0x55]) + blob[middle + 1:])
    elif damage == "truncated":
        shard.write_bytes(blob[: len(blob) // 2])
    else:
        shard.write_bytes(b"")


@pytest.mark.parametrize("damage", ["garbage", "flipped byte", "truncated", "empty"])
def test_a_damaged_cache_is_a_miss_never_a_crash(project, lint_calls, damage):
    cold = run("docs")
    for shard in shards(project):
        _damage(shard, damage)
    again = run("docs")
    assert again.stdout == cold.stdout
    assert len(lint_calls) == 4  # everything checked again
    assert run("docs").stdout == cold.stdout  # and the cache was rewritten whole
    assert len(lint_calls) == 4


def test_no_cache_neither_reads_nor_writes(project, lint_calls, monkeypatch):
    run("--no-cache", "docs")
    assert not (project / CACHE_DIR).exists()
    run("docs")
    run("--no-cache", "docs")
    assert len(lint_calls) == 6
    monkeypatch.setenv("CITEWISE_NO_CACHE", "1")  # the environment variable does the same
    run("docs")
    assert len(lint_calls) == 8


def test_internal_errors_are_not_cached(project, lint_calls):
    pack = project / "pack"
    pack.mkdir()
    (pack / "boom.py").write_text("def check(doc, options, context):\n    raise ValueError('x')\n")
    (pack / "boom.toml").write_text(
        'id = "boom"\ncode = "X002"\ncategory = "structure"\nseverity = "warning"\n'
        'check = "boom.py:check"\nsummary = "s"\ndescription = "d"\nrationale = "r"\nhelp = "h"\n')
    (project / "citewise.toml").write_text('rule-paths = ["pack"]\n')
    for _ in range(2):
        failed = check_json("--select", "boom", "--jobs", "1", "docs")
        assert failed.exit_code == 2
        assert {d["rule"] for d in failed.diagnostics} == {"internal-error"}
    assert len(lint_calls) == 4


def test_clean_removes_the_cache(project):
    run("docs")
    assert (project / CACHE_DIR).is_dir()
    cleaned = citewise("clean")
    assert cleaned.exit_code == 0 and CACHE_DIR in cleaned.stdout
    assert not (project / CACHE_DIR).exists()
    assert citewise("clean").stdout == ""  # nothing left to remove


def test_the_store_is_compact(project):
    run("docs")
    assert len(stores(project)) == 1
    assert all(shard.read_bytes().startswith(MAGIC) for shard in shards(project))
    assert sum(shard.stat().st_size for shard in shards(project)) < 2000
    assert json.loads(run("docs").stdout)  # and reads back


def test_cached_diagnostics_keep_their_source_line(project):
    from citewise.engine import Linter
    from citewise.engine.runner import Selection

    def rows():
        linter = Linter(Selection(select=("long-paragraph",)), jobs=1, use_cache=True)
        return [d.as_row() for d in linter.run(["docs"]).diagnostics]

    cold = rows()
    assert cold[0][len(Diagnostic.FIELDS)] == PAGE.splitlines()[6]  # the line the finding is on
    assert len(stores(project)) == 1
    assert rows() == cold


# Hardening (issue 19): a cache a pull request or a symbolic link controls must not decide results.

def _forge(store: Path, entries: dict, key: bytes | None) -> None:
    """Write `entries` as a store with a checksum keyed by `key` (None: the old, unkeyed one)."""
    import hashlib
    import marshal

    payload = marshal.dumps(entries)
    digest = hashlib.blake2b(payload, digest_size=32, **({"key": key} if key else {})).digest()
    store.write_bytes(MAGIC + digest + payload)


def test_a_forged_store_with_an_unkeyed_checksum_is_a_miss(project, lint_calls):
    """A store committed with `git add -f` that empties every entry: it fails the keyed checksum,
    so the files are checked again and the finding stays."""
    import marshal

    run("docs")
    for shard in shards(project):
        entries = marshal.loads(shard.read_bytes()[len(MAGIC) + 32:])
        _forge(shard, {key: (digest, [], summary) for key, (digest, _, summary) in entries.items()},
               key=None)
    lint_calls.clear()
    assert run("docs").found() == [("long-paragraph", 7)]
    assert sorted(lint_calls) == ["a.md", "b.md"]


def test_entries_are_validated_when_read(project, lint_calls):
    """Even with the right key, an entry naming an unknown rule or another path is dropped."""
    import marshal

    from citewise.engine.cache import _user_key

    run("docs")
    for shard in shards(project):
        entries = marshal.loads(shard.read_bytes()[len(MAGIC) + 32:])
        forged = {}
        for key, (digest, rows, summary) in entries.items():
            name = key.partition("\0")[0]
            row = (name, 1, 1, 1, 2, "no-such-rule", "structure", "warning", "m", "h", None)
            forged[key] = (digest, [row] if name.endswith("a.md") else
                           [("elsewhere.md", *row[1:])], summary)
        _forge(shard, forged, key=_user_key())
    lint_calls.clear()
    assert run("docs").found() == [("long-paragraph", 7)]
    assert sorted(lint_calls) == ["a.md", "b.md"]


def test_a_symlinked_cache_folder_is_never_written_or_pruned(project, tmp_path_factory):
    """`.citewise_cache -> elsewhere`: nothing is written there, nothing of it is deleted, and
    `citewise clean` says it removed nothing."""
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    precious = [elsewhere / f"{index:040x}.cache" for index in range(20)]
    for path in precious:
        path.write_bytes(b"not citewise's")
    (project / CACHE_DIR).symlink_to(elsewhere, target_is_directory=True)
    assert run("docs").found() == [("long-paragraph", 7)]
    assert sorted(elsewhere.iterdir()) == precious  # nothing added, nothing pruned
    said = citewise("clean")
    assert "symbolic link: not removed" in said.stdout
    assert sorted(elsewhere.iterdir()) == precious
    assert (project / CACHE_DIR).is_symlink()


def test_clean_removes_only_what_citewise_wrote(project):
    run("docs")
    foreign = project / CACHE_DIR / "notes.txt"
    foreign.write_text("mine")
    said = citewise("clean")
    assert "kept 1 file(s) citewise did not write" in said.stdout
    assert stores(project) == [] and foreign.read_text() == "mine"


def test_a_check_outside_its_pack_folder_is_part_of_the_key(project, lint_calls):
    """`check = "../lib/impl.py:check"`: editing that file (not the pack folder) must not
    leave yesterday's results in the cache."""
    pack, lib = project / "pack", project / "lib"
    pack.mkdir()
    lib.mkdir()
    impl = ("from citewise.diagnostic import Problem\n"
            "def check(doc, options, context):\n"
            "    for block in doc.blocks:\n"
            "        if {word!r} in block.text:\n"
            "            yield Problem(block.span, 'found')\n")
    (lib / "impl.py").write_text(impl.format(word="Plain"))
    (pack / "shout.toml").write_text(
        'id = "shout"\ncode = "X001"\ncategory = "structure"\nseverity = "warning"\n'
        'check = "../lib/impl.py:check"\nsummary = "s"\ndescription = "d"\nrationale = "r"\n'
        'help = "h"\n')
    (project / "citewise.toml").write_text('rule-paths = ["pack"]\n')
    assert [d["path"] for d in check_json("--select", "shout", "--jobs", "1", "docs").diagnostics] \
        == [os.path.join("docs", "b.md")]
    (lib / "impl.py").write_text(impl.format(word="Backups"))
    import sys

    code_fingerprint.cache_clear()  # as a new process would
    load_registry.cache_clear()
    for name in [name for name in sys.modules if name.startswith("citewise_rulepack_")]:
        del sys.modules[name]
    second = check_json("--select", "shout", "--jobs", "1", "docs")
    assert [d["path"] for d in second.diagnostics] == [os.path.join("docs", "a.md")]


# Shards: a run's cost follows the files it checks, not the size of the site.

_OPENED: list[str] = []
_RECORDING = False


def _record_open(event: str, args: tuple) -> None:
    if _RECORDING and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        _OPENED.append(os.fsdecode(args[0]))


@pytest.fixture
def cache_files_opened():
    """Every cache file (shard or temporary) this process opens, seen by a real audit hook
    (`open` events of the interpreter), so nothing in citewise is patched."""
    global _RECORDING
    import sys

    if not getattr(_record_open, "installed", False):
        sys.addaudithook(_record_open)  # cannot be removed: it records only while _RECORDING
        _record_open.installed = True
    _OPENED.clear()
    _RECORDING = True
    yield lambda: sorted({path for path in _OPENED if CACHE_DIR in path and path.endswith(".cache")})
    _RECORDING = False


@pytest.fixture
def site(project):
    """The project with 40 more pages, so that their entries spread over many shards."""
    for index in range(40):
        (project / "docs" / f"p{index:02}.md").write_text(f"# Page {index}\n\n{LONG} {LONG}\n")
    return project


def _entries(shard: Path) -> dict:
    import marshal

    return marshal.loads(shard.read_bytes()[len(MAGIC) + 32:])


def _names(shard: Path) -> list[str]:
    """The files whose entries a shard holds (by base name, as lint_calls records them)."""
    return sorted(Path(key.partition("\0")[0]).name for key in _entries(shard))


def test_a_run_over_one_file_reads_only_its_shard(site, lint_calls, cache_files_opened):
    run("docs")
    [store] = stores(site)
    assert len(shards(site)) > 20  # 42 files spread over the shards
    lint_calls.clear()
    _OPENED.clear()
    one = run(os.path.join("docs", "p07.md"))
    assert one.found() == [("long-paragraph", 3)] and lint_calls == []  # a hit
    [opened] = cache_files_opened()
    assert Path(opened).parent == store and "p07.md" in _names(Path(opened))


def test_a_changed_file_rewrites_only_its_shard(site, lint_calls):
    run("docs")
    before = {shard: (shard.read_bytes(), shard.stat().st_mtime_ns) for shard in shards(site)}
    (site / "docs" / "p07.md").write_text("# Page 7\n\nShort now.\n")
    assert run(os.path.join("docs", "p07.md")).found() == []
    after = {shard: (shard.read_bytes(), shard.stat().st_mtime_ns) for shard in shards(site)}
    assert after.keys() == before.keys()
    [rewritten] = [shard for shard in after if after[shard] != before[shard]]
    assert "p07.md" in _names(rewritten)
    lint_calls.clear()
    assert run("docs").found().count(("long-paragraph", 3)) == 39  # the merge kept the others
    assert lint_calls == []


def test_a_damaged_shard_costs_only_its_entries(site, lint_calls):
    cold = run("docs")
    victim = shards(site)[len(shards(site)) // 2]
    in_victim = _names(victim)
    _damage(victim, "flipped byte")
    lint_calls.clear()
    assert run("docs").stdout == cold.stdout
    assert sorted(lint_calls) == in_victim  # the other shards still answered
    lint_calls.clear()
    assert run("docs").stdout == cold.stdout and lint_calls == []  # and it was rewritten


def test_a_symlinked_store_folder_is_never_read_or_written(project, lint_calls, tmp_path_factory):
    """`.citewise_cache/<store> -> elsewhere`, elsewhere holding shards with this user's key
    that empty every entry: they are not read, nothing is written there, `clean` keeps them."""
    from citewise.engine.cache import _user_key

    run("docs")
    [store] = stores(project)
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    for shard in shards(project):
        _forge(elsewhere / shard.name,
               {key: (digest, [], summary) for key, (digest, _, summary) in _entries(shard).items()},
               key=_user_key())
        shard.unlink()
    store.rmdir()
    store.symlink_to(elsewhere, target_is_directory=True)
    planted = {path: path.read_bytes() for path in elsewhere.iterdir()}
    lint_calls.clear()
    assert run("docs").found() == [("long-paragraph", 7)]
    assert sorted(lint_calls) == ["a.md", "b.md"]
    citewise("clean")
    assert {path: path.read_bytes() for path in elsewhere.iterdir()} == planted
    assert store.is_symlink()


def test_old_stores_of_either_layout_are_pruned_and_foreign_files_kept(project):
    """Format 4 wrote one file per store: such a file is never read (its key holds the format)
    and is pruned by age like a store folder; of a store folder only citewise's shards go."""
    from citewise.engine.cache import KEEP_STORES

    folder = project / CACHE_DIR
    folder.mkdir()
    old = []
    for index in range(KEEP_STORES + 4):  # alternately a one-file store and a store folder
        path = folder / (f"{index:040x}.cache" if index % 2 else f"{index:040x}")
        if index % 2:
            path.write_bytes(MAGIC + bytes(40))
        else:
            path.mkdir()
            (path / "00.cache").write_bytes(MAGIC + bytes(40))
        os.utime(path, (1_000 + index, 1_000 + index))  # index 0 is the oldest
        old.append(path)
    foreign = old[0] / "notes.txt"
    foreign.write_text("mine")
    os.utime(old[0], (1_000, 1_000))
    assert run("docs").found() == [("long-paragraph", 7)]
    kept = [path for path in old if path.exists()]
    assert kept == [old[0], *old[-(KEEP_STORES - 1):]]  # the newest 15, and a folder with notes
    assert sorted(old[0].iterdir()) == [foreign]
    assert len([path for path in stores(project) if path not in old]) == 1  # this run's store
