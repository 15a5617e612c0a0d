"""`citewise check --sitemap URL`: fetch a site's sitemap and the pages it lists, to check them.

The sitemap (and the sitemaps a sitemap index lists, to a bounded depth and number) is checked
by the sitemap rules like a sitemap file of the tree; each listed page is fetched exactly as
`citewise check URL` fetches one (same time, size and redirect limits, same refusal of
redirects into internal addresses) and checked like it. Only URLs on the sitemap's own host
are fetched: the protocol allows no other, sitemap-url reports them, and a sitemap cannot send
citewise to another host (an internal one least of all). Pages are fetched on a few threads,
no faster than `rate` requests a second per host. A page that cannot be fetched becomes an
`unreadable-file` finding on its URL, never a crash or a page lost; only the sitemap named on
the command line failing is an error, since then there is nothing to audit.
"""

from __future__ import annotations

import threading
import time
import urllib.parse
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable

from citewise.engine.fetch import MAX_BYTES, XML_TYPES, FetchError, fetch

MAX_SITEMAPS = 50  # files of one audit, index and children together
MAX_DEPTH = 2  # an index may list sitemaps; an index inside an index is followed once more
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class AuditLimits:
    concurrency: int = 4  # pages fetched at once
    rate: float = 2.0  # requests a second per host (0: no limit)
    max_pages: int = 1000  # pages fetched per audit; the rest are counted, not fetched


@dataclass
class Fetched:
    """One URL of the audit: its bytes and format, or why it could not be fetched."""

    url: str
    data: bytes | None = None
    fmt: str = "html"
    failure: str = ""


@dataclass
class Audit:
    sitemaps: list[Fetched] = field(default_factory=list)
    pages: list[Fetched] = field(default_factory=list)
    listed: int = 0  # URLs the sitemaps list (unique)
    other_hosts: int = 0  # listed URLs on another host: not fetched
    over_limit: int = 0  # listed URLs past max_pages: not fetched
    seconds: float = 0.0

    def summary(self, url: str) -> str:
        failed = sum(1 for page in self.pages if page.failure)
        files = len(self.sitemaps)
        parts = [f"sitemap {url}: {files} sitemap file{'s' if files != 1 else ''}, "
                 f"{self.listed} URLs listed, {len(self.pages) - failed} pages fetched, "
                 f"{failed} failed"]
        if self.other_hosts:
            parts.append(f"{self.other_hosts} on other hosts not fetched")
        if self.over_limit:
            parts.append(f"{self.over_limit} over --max-pages not fetched")
        return ", ".join(parts) + f" ({self.seconds:.1f} s)"


class RateLimiter:
    """At most `rate` starts a second per host, whatever the number of threads."""

    def __init__(self, rate: float):
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.next_start: dict[str, float] = {}
        self.lock = threading.Lock()

    def wait(self, host: str) -> None:
        if not self.interval:
            return
        with self.lock:
            now = time.monotonic()
            start = max(now, self.next_start.get(host, now))
            self.next_start[host] = start + self.interval
        if start > now:
            time.sleep(start - now)


def audit_sitemap(url: str, limits: AuditLimits = AuditLimits(), allow_private: bool = False,
                  progress: Callable[[int, int], None] | None = None,
                  fetcher: Callable[..., bytes] = fetch) -> Audit:
    """Fetch the sitemap at `url`, the sitemaps it lists and the pages they list. Raises
    FetchError when `url` itself cannot be fetched."""
    began = time.monotonic()
    host = _host(url)
    limiter = RateLimiter(limits.rate)
    result = Audit()

    def get(target: str, types: tuple[str, ...] | None = None) -> bytes:
        limiter.wait(_host(target))
        if types is None:
            return fetcher(target, allow_private=allow_private)
        return fetcher(target, allow_private=allow_private, types=types)

    pages: dict[str, None] = {}
    _read_sitemaps(url, host, get, result, pages)
    result.listed = len(pages) + result.other_hosts
    wanted = list(pages)[: limits.max_pages]
    result.over_limit = len(pages) - len(wanted)
    result.pages = _fetch_pages(wanted, get, limits.concurrency, progress)
    result.seconds = time.monotonic() - began
    return result


def _read_sitemaps(url: str, host: str, get, result: Audit, pages: dict) -> None:
    """Breadth first from `url`: each sitemap once, at most MAX_SITEMAPS, MAX_DEPTH deep."""
    queue, seen = [(url, 0)], {url}
    while queue and len(result.sitemaps) < MAX_SITEMAPS:
        current, depth = queue.pop(0)
        try:
            data = _xml(get(current, XML_TYPES))
        except FetchError as error:
            if current == url:
                raise
            result.sitemaps.append(Fetched(current, fmt="sitemap", failure=f"cannot fetch this "
                                           f"sitemap (listed in a sitemap index): {error}"))
            continue
        result.sitemaps.append(Fetched(current, data, "sitemap"))
        kind, locs = listed_urls(current, data)
        for loc in locs:
            if _host(loc) != host or urllib.parse.urlsplit(loc).scheme not in ("http", "https"):
                result.other_hosts += 1
            elif kind == "sitemapindex":
                if depth + 1 <= MAX_DEPTH and loc not in seen:
                    seen.add(loc)
                    queue.append((loc, depth + 1))
            else:
                pages.setdefault(loc, None)


def listed_urls(name: str, data: bytes) -> tuple[str, list[str]]:
    """The root element's name and the URLs of a sitemap's <loc>s (none when it does not parse:
    the sitemap rules say why)."""
    from citewise.checks._sitemap import locs
    from citewise.parsers import decode
    from citewise.parsers.decode import BinaryFile
    from citewise.parsers.sitemap import parse_sitemap

    try:
        doc = parse_sitemap(name, decode(data, False).text)
    except BinaryFile:
        return "", []
    root = doc.sitemap.root
    if root is None:
        return "", []
    return root.name, [loc.text for loc in locs(root)]


def _xml(data: bytes) -> bytes:
    """A gzipped sitemap, unpacked, no larger than a fetched page may be."""
    if not data.startswith(GZIP_MAGIC):
        return data
    unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = unpacker.decompress(data, MAX_BYTES + 1)
    except zlib.error as error:
        raise FetchError(f"gzip data that does not unpack: {error}") from None
    if len(out) > MAX_BYTES or unpacker.unconsumed_tail:
        raise FetchError(f"sitemap unpacks to more than {MAX_BYTES:,} bytes")
    return out


def _fetch_pages(urls: list[str], get, concurrency: int,
                 progress: Callable[[int, int], None] | None) -> list[Fetched]:
    done = 0
    lock = threading.Lock()

    def one(url: str) -> Fetched:
        nonlocal done
        try:
            page = Fetched(url, get(url))
        except FetchError as error:
            page = Fetched(url, failure=f"listed in the sitemap, but cannot fetch it: {error}")
        except Exception as error:  # noqa: BLE001 - a fetch bug costs one page, not the audit
            page = Fetched(url, failure=f"listed in the sitemap, but fetching it failed: "
                                        f"{type(error).__name__}: {error}")
        with lock:
            done += 1
            if progress is not None:
                progress(done, len(urls))
        return page

    if not urls:
        return []
    with ThreadPoolExecutor(max_workers=max(1, concurrency),
                            thread_name_prefix="citewise-sitemap") as pool:
        return list(pool.map(one, urls))


def _host(url: str) -> str:
    try:
        return (urllib.parse.urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
