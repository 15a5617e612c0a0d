"""The result cache: each file's whole diagnostic list, reused while nothing that decides it changed.

An entry is found by the file's name and content hash (never its mtime: CI checkouts reset
mtimes), inside a store whose key covers everything else that can change a result: the
effective config (`Config.fingerprint`), the command line's rule selection, the date the run
counts from, the citewise version, the code and catalogue of citewise and of every rule pack,
and the versions of the libraries the parsers and rules use.

Stores live in `.citewise_cache/` in the project root (the folder of the config file, else the
current directory), one folder per store key holding up to 256 shards: marshal files, each of
the entries whose key hashes to it, so that a run over one file of a large site reads (and
rewrites) one shard, not the whole site's results. Each shard is written atomically and guarded
by a checksum keyed with a secret of this user's (outside the project), so that a store
committed to the repository (`git add -f`) never passes: a shard that cannot be read, or that
fails its checksum, is a miss for its entries alone, never a crash or a changed result. An entry
is validated when it is read as well (known rule and severity, a span inside the file, the path
of the entry). A symlinked cache folder, store folder or shard is never followed, and only files
citewise wrote are ever deleted. Results with an internal error are not stored, so a crash is
retried next run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import marshal
import os
import re
import secrets
import stat
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from citewise import __version__
from citewise.diagnostic import INTERNAL_ERROR, SEVERITIES, Diagnostic
from citewise.parsers.sitefiles import site_file_format

CACHE_DIR = ".citewise_cache"
FORMAT = 5  # bump when the layout of a store changes (5: a folder of shards per store key)
MAGIC = b"citewise-cache\0"
KEEP_STORES = 16  # per cache folder: older stores (another day, another config) are removed
SHARD_BYTES = 1  # a store is split into 256 ** SHARD_BYTES shards by a hash of the entry key
_CHECKSUM_SIZE = 32
_ROW_LENGTH = len(Diagnostic.FIELDS) + 3  # Diagnostic.as_row(): fields, source_line, fix, suggestion
_STORE_FOLDER = re.compile(r"[0-9a-f]{40}")  # what store_key names a store
_SHARD_NAME = re.compile(r"(?:\.tmp-[\w-]+|[0-9a-f]{%d})\.cache" % (2 * SHARD_BYTES))
_OLD_STORE_NAME = re.compile(r"(?:\.tmp-[\w-]+|[0-9a-f]{40})\.cache")  # format 4: one file a store
_GITIGNORE_TEXT = "# Created by citewise: its result cache, never to be committed.\n*\n"
_KEY_ENV = "CITEWISE_CACHE_KEY_DIR"  # where the user's checksum key lives (tests set it)


def cache_dir_for(config) -> Path:
    """Where results checked under `config` are cached: beside its config file, else in cwd."""
    root = config.path.parent if config.path is not None else Path.cwd()
    return root / CACHE_DIR


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_key(config, selection) -> str:
    """Everything but the file itself that decides a file's diagnostics, hashed."""
    today = selection.today or config.today or dt.date.today()
    parts = [
        FORMAT,
        __version__,
        list(sys.version_info[:2]),
        code_fingerprint(_rule_sources(config)),
        library_versions(config.nlp_model),
        config.fingerprint,
        str(config.path) if config.path else "",
        str(config.root),
        None if selection.select is None else list(selection.select),
        list(selection.extend_select),
        list(selection.ignore),
        today.isoformat(),
    ]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:40]


def _rule_sources(config) -> tuple[str, ...]:
    """The folders of every catalogue file in use (built-in, rule packs, config rule-paths) and
    the file of every check that lives elsewhere (`../lib/impl.py:check`, an importable module),
    so that editing a rule's code is a new store key."""
    sources = set()
    for spec in config.registry.rules.values():
        sources.add(str(spec.source.parent))
        check_file = _check_file(spec)
        if check_file:
            sources.add(check_file)
    return tuple(sorted(sources))


def _check_file(spec) -> str:
    module_ref = spec.check_ref.partition(":")[0]
    if not module_ref or module_ref.startswith("citewise."):
        return ""  # engine-made, or part of citewise (hashed as the package)
    if module_ref.endswith(".py"):
        return str((spec.source.parent / module_ref).resolve())
    import importlib.util

    try:
        found = importlib.util.find_spec(module_ref)
    except (ImportError, ValueError):
        return ""
    return found.origin if found and found.origin and os.path.isfile(found.origin) else ""


@cache
def code_fingerprint(folders: tuple[str, ...]) -> str:
    """A hash of the source of citewise itself and of the rule folders (contents, not mtimes)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for folder in (str(package), *folders):
        for path in _source_files(Path(folder)):
            digest.update(str(path).encode() + b"\0")
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"<unreadable>")
    return digest.hexdigest()


def _source_files(folder: Path) -> list[Path]:
    if folder.is_file():
        return [folder]
    found = []
    for directory, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and not d.startswith("."))
        found += [Path(directory, name) for name in sorted(filenames)
                  if not name.endswith((".pyc", ".pyo"))]
    return found


@cache
def library_versions(nlp_model: str | None) -> list[str]:
    """Versions of the installed libraries citewise depends on (and of a configured model)."""
    from importlib import metadata

    names = []
    try:
        for requirement in metadata.requires("citewise") or ():
            if "extra ==" in requirement:
                continue
            name = requirement.split(";")[0].strip()
            for stop in "<>=!~[ (":
                name = name.split(stop)[0]
            names.append(name)
    except metadata.PackageNotFoundError:
        pass
    if nlp_model:
        names.append(nlp_model)
    versions = []
    for name in names:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}==absent")
    return versions


class Store:
    """One store: a folder of shards, each {entry key: (content hash, diagnostics as tuples, page
    summary as data or None)}. The summary (citewise.model.PageSummary) is what the site-wide
    rules read of the page: a warm run does the site-wide pass from the cache, without parsing a
    page.

    A shard is read when an entry in it is first asked for, and an entry is validated when it
    is read. `rules`: the rule ids a valid entry may name (the registry of the store's config);
    an entry naming another, or otherwise malformed, is a miss."""

    def __init__(self, folder: Path, rules: frozenset[str] | None = None):
        self.folder = folder
        self.rules = rules
        self._shards: dict[str, dict] = {}  # shard name -> its entries as read (not validated)
        self.added: dict[str, dict[str, tuple[str, list[tuple], tuple | None]]] = {}

    def _shard(self, name: str) -> dict:
        entries = self._shards.get(name)
        if entries is None:
            entries = self._shards[name] = _read(self._shard_path(name))
        return entries

    def _shard_path(self, name: str) -> Path:
        return self.folder / f"{name}.cache"

    def get(self, key: str, digest: str):
        """The entry's PageResult, or None (not there, another content, invalid, unreadable)."""
        from citewise.engine.runner import PageResult
        from citewise.model import PageSummary

        entry = self._shard(shard_of(key)).get(key)
        if entry is None or not _valid_entry(key, entry, self.rules) or entry[0] != digest:
            return None
        try:
            summary = None if entry[2] is None else PageSummary.from_data(entry[2])
            return PageResult([Diagnostic.from_row(row) for row in entry[1]], summary)
        except (TypeError, ValueError):  # a store written by an incompatible layout: a miss
            return None

    def put(self, key: str, digest: str, result) -> None:
        if any(d.rule == INTERNAL_ERROR for d in result.diagnostics):
            return
        summary = None if result.summary is None else result.summary.as_data()
        self.added.setdefault(shard_of(key), {})[key] = (
            digest, [d.as_row() for d in result.diagnostics], summary)

    def save(self) -> None:
        """Merge what this run added into each shard it touched, as that shard is now on disk,
        atomically; then prune the cache folder's old stores."""
        if not self.added:
            return
        for name, added in sorted(self.added.items()):
            entries = _read(self._shard_path(name))  # another run may have written since we read
            entries.update(added)
            _write(self._shard_path(name), entries)
            self._shards[name] = entries
        self.added = {}
        if _usable_folders(self.folder):
            _prune(self.folder.parent, keep=self.folder)


def shard_of(key: str) -> str:
    """The name of the shard an entry key lives in: a stable hash (not Python's `hash`, which
    changes from process to process). Names may hold lone surrogates (undecodable bytes)."""
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"),
                           digest_size=SHARD_BYTES).hexdigest()


def _checksum(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=_CHECKSUM_SIZE, key=_user_key()).digest()


@cache
def _user_key() -> bytes:
    """This user's secret for store checksums, kept outside any project (0600). When it cannot
    be kept, a key for this process alone: the cache then lasts one run, and is never trusted
    from a file someone else wrote."""
    base = os.environ.get(_KEY_ENV) or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "citewise")
    path = os.path.join(base, "cache-key")
    try:
        os.makedirs(base, mode=0o700, exist_ok=True)
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(handle, "wb") as stream:
                stream.write(secrets.token_bytes(32))
        key = _read_regular(path, 64)
        if key is not None and len(key) == 32:
            return key
    except OSError:
        pass
    return secrets.token_bytes(32)


def _read_regular(path, limit: int | None = None) -> bytes | None:
    """The bytes of a regular file reached without following a symbolic link, else None."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            return None
        return stream.read() if limit is None else stream.read(limit)


def _read(path: Path) -> dict:
    """The entries of a shard, or {} when it is absent, unreadable, not ours or damaged."""
    if not _usable_folders(path.parent):
        return {}
    blob = _read_regular(path)
    head = len(MAGIC) + _CHECKSUM_SIZE
    if blob is None or not blob.startswith(MAGIC) or len(blob) < head:
        return {}
    payload = blob[head:]
    if not secrets.compare_digest(_checksum(payload), blob[len(MAGIC):head]):
        return {}
    try:
        entries = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def _valid_entry(key, value, rules: frozenset[str] | None) -> bool:
    if not (isinstance(key, str) and isinstance(value, tuple) and len(value) == 3
            and isinstance(value[0], str) and isinstance(value[1], list)
            and (value[2] is None or isinstance(value[2], tuple))):
        return False
    name = key.partition("\0")[0]
    return (all(_valid_row(row, name, rules) for row in value[1])
            and (value[2] is None or value[2][:1] == (name,)))


def _valid_row(row, name: str, rules: frozenset[str] | None) -> bool:
    """A stored diagnostic as the engine makes them: this file's, a known rule and severity,
    a span that starts at line 1 or later and does not end before it starts."""
    if not (isinstance(row, tuple) and len(row) == _ROW_LENGTH):
        return False
    path, line, column, end_line, end_column, rule, category, severity, message, help_ = row[:10]
    texts = (path, rule, category, severity, message, help_)
    numbers = (line, column, end_line, end_column)
    return (all(type(text) is str for text in texts)
            and all(type(number) is int and number >= 1 for number in numbers)
            and (row[10] is None or type(row[10]) is str)  # source line
            and (row[12] is None or type(row[12]) is str)  # suggestion (row[11]: the fix, data)
            and path == name and end_line >= line
            and severity in SEVERITIES and rule != INTERNAL_ERROR
            and (rules is None or rule in rules))


def _usable_folder(folder: Path) -> bool:
    """A cache folder citewise may use: absent, or a real folder (a symbolic link would send
    its writes and deletions somewhere else)."""
    try:
        return stat.S_ISDIR(os.lstat(folder).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _usable_folders(store: Path) -> bool:
    """A store folder and the cache folder above it are both usable."""
    return _usable_folder(store.parent) and _usable_folder(store)


def _write(path: Path, entries: dict) -> None:
    """Write one shard atomically (a temporary file in the store folder, then a rename)."""
    payload = marshal.dumps(entries)
    blob = MAGIC + _checksum(payload) + payload
    try:
        if not _usable_folders(path.parent):
            return
        _prepare(path.parent.parent)
        path.parent.mkdir(exist_ok=True)
        if not _usable_folder(path.parent):
            return  # it appeared as a symbolic link meanwhile
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".cache")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(blob)
            os.replace(temporary, path)
        except BaseException:
            _unlink(Path(temporary))
            raise
    except OSError:
        pass  # a read-only or full disk: the cache is an optimisation, never a failure


def _prepare(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists() and not ignore.is_symlink():
        ignore.write_text(_GITIGNORE_TEXT)


def _ours(path: Path, names: re.Pattern = _SHARD_NAME) -> bool:
    """A cache file citewise wrote (a shard, or a store of the older one-file layout): its name
    and its first bytes say so."""
    if not names.fullmatch(path.name):
        return False
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    with os.fdopen(handle, "rb") as stream:
        return (stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
                and stream.read(len(MAGIC)) == MAGIC)


def _is_store_folder(path: Path) -> bool:
    """A folder named as store_key names a store (a symbolic link is never one)."""
    if not _STORE_FOLDER.fullmatch(path.name):
        return False
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _stores(folder: Path) -> list[Path]:
    """The stores in a cache folder: store folders, and files of the older one-file layout
    (never read again: their key holds the format)."""
    try:
        paths = list(folder.iterdir())
    except OSError:
        return []
    return [path for path in paths
            if _is_store_folder(path) or _ours(path, _OLD_STORE_NAME)]


def _remove_store(path: Path) -> int:
    """Delete a store: its shards (and leftover temporary files) and then its folder, which
    stays if it holds anything citewise did not write. Returns how many files were deleted."""
    if not path.is_dir() or path.is_symlink():
        _unlink(path)  # a file of the older layout
        return 1
    removed = 0
    try:
        shards = list(path.iterdir())
    except OSError:
        return 0
    for shard in shards:
        if _ours(shard) or (shard.name.startswith(".tmp-") and _SHARD_NAME.fullmatch(shard.name)
                            and not shard.is_symlink()):
            _unlink(shard)
            removed += 1
    try:
        path.rmdir()
    except OSError:
        pass
    return removed


def _prune(folder: Path, keep: Path) -> None:
    stores = [path for path in _stores(folder) if path != keep]
    if len(stores) < KEEP_STORES:
        return
    stores.sort(key=lambda path: _mtime(path), reverse=True)
    for path in stores[KEEP_STORES - 1:]:
        _remove_store(path)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


class ResultCache:
    """The stores a run uses (one per cache folder and store key), opened on first use."""

    def __init__(self, selection):
        self.selection = selection
        self._stores: dict[tuple[Path, str], Store] = {}
        self._keys: dict[int, tuple[Path, str]] = {}

    def store_for(self, config) -> Store:
        where = self._keys.get(id(config))
        if where is None:
            where = (cache_dir_for(config), store_key(config, self.selection))
            self._keys[id(config)] = where
        store = self._stores.get(where)
        if store is None:
            folder, key = where
            store = self._stores[where] = Store(folder / key, frozenset(config.registry.rules))
        return store

    def save(self) -> None:
        for store in self._stores.values():
            store.save()

    def entry(self, page, config) -> CacheEntry | None:
        """The cache entry of a file on disk, read once (its bytes are kept on the entry);
        None for stdin and URLs, and for files lint_path must report (not regular, too big,
        unreadable)."""
        from citewise.engine.runner import pseudo_filesystem, read_file_capped
        from citewise.parsers import detect_format

        if page.path is None or site_file_format(page.name) == "llms":
            return None  # an llms.txt's findings depend on other files (links into the tree)
        try:
            status = os.stat(page.path)
            if (not stat.S_ISREG(status.st_mode) or status.st_size > config.max_file_size
                    or pseudo_filesystem(page.path)):
                return None  # a FIFO or /proc/kmsg would block the read; lint_path reports it
            data = read_file_capped(page.path, config.max_file_size + 1)
            if len(data) > config.max_file_size:
                return None  # it grew: lint_path reports it
        except OSError:
            return None  # lint_path reports it
        digest = content_hash(data)
        if config.site is not None and detect_format(page.name, data) == "sitemap":
            from citewise.engine.site import layout_digest

            digest = content_hash(f"{digest}\0{layout_digest(config)}".encode())  # other files
        return CacheEntry(self.store_for(config), entry_key(page.name), digest, data)


@dataclass
class CacheEntry:
    """One file's place in a store: its earlier result (`hit`), or where to put the new one."""

    store: Store
    key: str
    digest: str
    data: bytes

    @property
    def hit(self):
        """The earlier PageResult (findings and summary), or None."""
        return self.store.get(self.key, self.digest)

    def store_result(self, result) -> None:
        self.store.put(self.key, self.digest, result)


def entry_key(name: str) -> str:
    """A file's entry: its name as reported, and where that name points from here."""
    return f"{name}\0{os.path.abspath(name)}"


def clear(folder: Path) -> str | None:
    """Remove what citewise wrote in a cache folder, and the folder when that empties it.

    Returns what was done, for the user ("removed ...", or why nothing was), or None when there
    is no cache folder. A symbolic link is never followed: its target is not ours."""
    folder = folder / CACHE_DIR if folder.name != CACHE_DIR else folder
    if folder.is_symlink():
        return f"{folder} is a symbolic link: not removed (citewise never writes through one)"
    if not folder.is_dir():
        return None
    removed = 0
    for path in folder.iterdir():
        if _is_store_folder(path) or _ours(path, _OLD_STORE_NAME) or (
                path.name.startswith(".tmp-") and _OLD_STORE_NAME.fullmatch(path.name)
                and not path.is_symlink()):
            removed += _remove_store(path)
    ignore = folder / ".gitignore"
    if not ignore.is_symlink() and _read_regular(ignore, 4096) == _GITIGNORE_TEXT.encode():
        _unlink(ignore)
    try:
        folder.rmdir()
    except OSError:
        left = sum(1 for _ in folder.iterdir())
        return f"removed {removed} cache file(s) from {folder}; kept {left} file(s) citewise did not write"
    return f"removed {folder}"
