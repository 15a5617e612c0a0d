"""sitemap-url: a <loc> that is not an absolute http(s) URL on the sitemap's one host, or that
the protocol would not take as it is (spaces, over 2,048 characters, listed twice), or that
no crawler can reach (localhost, a private address)."""

import ipaddress
import re
import urllib.parse

from citewise.checks._sitemap import locs, sitemap_root
from citewise.diagnostic import Problem

MAX_URL_LENGTH = 2048
_UNESCAPED = re.compile(r'[\s<>"{}|\\^`]')


def check(doc, options, context):
    root = sitemap_root(doc)
    if root is None:
        return
    reference = None  # (scheme, host, line) of the first absolute URL: the sitemap's host
    seen: dict[str, int] = {}
    served_from = _host(doc.path)  # `--sitemap URL`: a local build may list local URLs
    for loc in locs(root):
        url = loc.text
        problem = _malformed(url, served_from)
        if problem:
            yield Problem(loc.value_span, problem)
            continue
        parts = urllib.parse.urlsplit(url)
        scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
        if reference is None:
            reference = (scheme, host, loc.span.line)
        elif host != reference[1]:
            yield Problem(loc.value_span, f"host {host} differs from {reference[1]} (the host "
                                          f"of the first URL, line {reference[2]}): a sitemap "
                                          "lists the URLs of one host")
        elif scheme != reference[0]:
            yield Problem(loc.value_span, f"{scheme}: differs from {reference[0]}: (the first "
                                          f"URL's, line {reference[2]}): one scheme per sitemap")
        if url in seen:
            yield Problem(loc.value_span, f"listed twice (first on line {seen[url]})",
                          severity="warning")
        else:
            seen[url] = loc.span.line


def _host(path: str) -> str:
    if not path.startswith(("http://", "https://")):
        return ""
    try:
        return (urllib.parse.urlsplit(path).hostname or "").lower()
    except ValueError:
        return ""


def _malformed(url: str, served_from: str = "") -> str:
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as error:
        return f"not a valid URL ({error})"
    if not parts.scheme and parts.netloc:
        return (f"protocol-relative URL {_short(url)!r}: a sitemap lists absolute URLs "
                "(https://host/…)")
    if not parts.scheme or not parts.netloc:
        return f"relative URL {_short(url)!r}: a sitemap lists absolute URLs (https://host/…)"
    if parts.scheme.lower() not in ("http", "https"):
        return f"{parts.scheme}: URL {_short(url)!r}: a sitemap lists http(s) URLs"
    if len(url) > MAX_URL_LENGTH:
        return f"URL is {len(url):,} characters long; the protocol allows {MAX_URL_LENGTH:,}"
    bad = _UNESCAPED.search(url)
    if bad:
        what = "a space" if bad.group().isspace() else repr(bad.group())
        return f"URL has {what} that must be percent-escaped ({_short(url)!r})"
    if _local(parts.hostname or "") and parts.hostname != served_from:
        return (f"URL on {parts.hostname}, a local address no crawler can reach: the sitemap "
                "was made with a development base URL")
    return ""


def _local(host: str) -> bool:
    """localhost, a loopback, private or unspecified address, a .local or .localhost name."""
    if host == "localhost" or host.endswith((".localhost", ".local")):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_unspecified


def _short(url: str) -> str:
    return url if len(url) <= 80 else url[:79] + "…"
