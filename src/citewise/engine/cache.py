"""The result cache: each file's whole diagnostic list, reused while nothing that decides it changed.

An entry is found by the file's name and content hash (never its mtime: CI checkouts reset
mtimes), inside a store whose key covers everything else that can change a result: the
effective config (`Config.fingerprint`), the command line's rule selection, the date the run
counts from, the citewise version, the code and catalogue of citewise and of every rule pack,
and the versions of the libraries the parsers and rules use.

Stores live in `.citewise_cache/` in the project root (the folder of the config file, else the
current directory), one marshal file per store key, written atomically and guarded by a
checksum: a cache that cannot be read, or that fails its checksum, is a miss, never a crash or a
changed result. Results with an internal error are not stored, so a crash is retried next run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import marshal
import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from citewise import __version__
from citewise.diagnostic import INTERNAL_ERROR, Diagnostic

CACHE_DIR = ".citewise_cache"
FORMAT = 2  # bump when the layout of a store changes
MAGIC = b"citewise-cache\0"
KEEP_STORES = 16  # per cache folder: older stores (another day, another config) are removed
_CHECKSUM_SIZE = 32
_ROW_LENGTH = len(Diagnostic.FIELDS) + 1  # Diagnostic.as_row(): the fields and source_line


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
        code_fingerprint(_rule_folders(config)),
        library_versions(config.nlp_model),
        config.fingerprint,
        str(config.path) if config.path else "",
        str(config.root),
        None if selection.select is None else list(selection.select),
        list(selection.ignore),
        today.isoformat(),
    ]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:40]


def _rule_folders(config) -> tuple[str, ...]:
    """The folders of every catalogue file in use: built-in, rule packs, config rule-paths."""
    return tuple(sorted({str(spec.source.parent) for spec in config.registry.rules.values()}))


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
    """One store file: {entry key: (content hash, diagnostics as tuples)}."""

    def __init__(self, path: Path):
        self.path = path
        self.entries: dict[str, tuple[str, list[tuple]]] = _read(path)
        self.added: dict[str, tuple[str, list[tuple]]] = {}

    def get(self, key: str, digest: str) -> list[Diagnostic] | None:
        entry = self.entries.get(key)
        if entry is None or entry[0] != digest:
            return None
        try:
            return [Diagnostic.from_row(row) for row in entry[1]]
        except TypeError:  # a store written by an incompatible layout: a miss
            return None

    def put(self, key: str, digest: str, diagnostics: list[Diagnostic]) -> None:
        if any(d.rule == INTERNAL_ERROR for d in diagnostics):
            return
        self.added[key] = (digest, [d.as_row() for d in diagnostics])

    def save(self) -> None:
        """Merge what this run added into the file as it is now on disk, atomically."""
        if not self.added:
            return
        entries = _read(self.path)  # another run may have written since we read
        entries.update(self.added)
        _write(self.path, entries)
        self.entries = entries
        self.added = {}


def _read(path: Path) -> dict:
    try:
        blob = path.read_bytes()
    except OSError:
        return {}
    head = len(MAGIC) + _CHECKSUM_SIZE
    if not blob.startswith(MAGIC) or len(blob) < head:
        return {}
    payload = blob[head:]
    if hashlib.blake2b(payload, digest_size=_CHECKSUM_SIZE).digest() != blob[len(MAGIC):head]:
        return {}
    try:
        entries = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(entries, dict):
        return {}
    return {key: value for key, value in entries.items() if _valid(key, value)}


def _valid(key, value) -> bool:
    return (isinstance(key, str) and isinstance(value, tuple) and len(value) == 2
            and isinstance(value[0], str) and isinstance(value[1], list)
            and all(isinstance(item, tuple) and len(item) == _ROW_LENGTH for item in value[1]))


def _write(path: Path, entries: dict) -> None:
    payload = marshal.dumps(entries)
    blob = MAGIC + hashlib.blake2b(payload, digest_size=_CHECKSUM_SIZE).digest() + payload
    try:
        _prepare(path.parent)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".cache")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(blob)
            os.replace(temporary, path)
        except BaseException:
            _unlink(Path(temporary))
            raise
        _prune(path.parent, keep=path)
    except OSError:
        pass  # a read-only or full disk: the cache is an optimisation, never a failure


def _prepare(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Created by citewise: its result cache, never to be committed.\n*\n")


def _prune(folder: Path, keep: Path) -> None:
    stores = [path for path in folder.glob("*.cache") if path != keep]
    if len(stores) < KEEP_STORES:
        return
    stores.sort(key=lambda path: _mtime(path), reverse=True)
    for path in stores[KEEP_STORES - 1:]:
        _unlink(path)


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
            store = self._stores[where] = Store(folder / f"{key}.cache")
        return store

    def save(self) -> None:
        for store in self._stores.values():
            store.save()

    def entry(self, page, config) -> CacheEntry | None:
        """The cache entry of a file on disk, read once (its bytes are kept on the entry);
        None for stdin and URLs, and for files lint_path must report (not regular, too big,
        unreadable)."""
        if page.path is None:
            return None
        try:
            status = os.stat(page.path)
            if not stat.S_ISREG(status.st_mode) or status.st_size > config.max_file_size:
                return None  # a FIFO would block the read; lint_path reports it
            data = page.path.read_bytes()
        except OSError:
            return None  # lint_path reports it
        return CacheEntry(self.store_for(config), entry_key(page.name), content_hash(data), data)


@dataclass
class CacheEntry:
    """One file's place in a store: its earlier result (`hit`), or where to put the new one."""

    store: Store
    key: str
    digest: str
    data: bytes

    @property
    def hit(self) -> list[Diagnostic] | None:
        return self.store.get(self.key, self.digest)

    def store_result(self, diagnostics: list[Diagnostic]) -> None:
        self.store.put(self.key, self.digest, diagnostics)


def entry_key(name: str) -> str:
    """A file's entry: its name as reported, and where that name points from here."""
    return f"{name}\0{os.path.abspath(name)}"


def clear(folder: Path) -> bool:
    """Remove a cache folder made by citewise; True when there was one."""
    import shutil

    folder = folder / CACHE_DIR if folder.name != CACHE_DIR else folder
    if not folder.is_dir():
        return False
    shutil.rmtree(folder, ignore_errors=True)
    return True
