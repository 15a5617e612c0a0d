"""Fetch a page named by URL for `citewise check URL`: http(s) only, capped in time and size.

This is the only network access citewise makes, and only for a URL the user typed: nothing a
page points to (scripts, JSON-LD contexts, images) is ever fetched. One deadline bounds the
whole fetch (connection, headers, redirects, body), however slowly the server answers. A
redirect into a loopback, private, link-local or reserved address is refused (the resolved
address is checked at each hop) unless the URL named is itself such an address or
`allow_private` is set: in a shared service, a page's redirect must not reach internal hosts.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

TIMEOUT_SECONDS = 15
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
# A sitemap (`--sitemap URL`): XML, or gzipped XML (sitemap.xml.gz), which servers label many ways.
XML_TYPES = ("application/xml", "text/xml", "application/gzip", "application/x-gzip",
             "application/octet-stream")


class FetchError(Exception):
    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status  # the HTTP status of an error response


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def __init__(self, allow_private: bool):
        super().__init__()
        self.allow_private = allow_private

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
            raise FetchError(f"redirected to a non-http(s) URL: {newurl}")
        if not self.allow_private:
            internal = _internal_address(urllib.parse.urlsplit(newurl).hostname or "")
            if internal:
                raise FetchError(f"redirected to {newurl}, an internal address ({internal}): "
                                 "not followed (--allow-private-urls follows it)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _addresses(host: str) -> list[str]:
    """The IP addresses `host` resolves to (a literal address is itself)."""
    try:
        return [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        pass
    try:
        return sorted({info[4][0] for info in socket.getaddrinfo(host, None)})
    except (OSError, UnicodeError):
        return []  # unresolvable: the connection itself will fail and say so


def _internal_address(host: str) -> str:
    """The first loopback / private / link-local / reserved address `host` resolves to, or ""."""
    for address in _addresses(host):
        ip = ipaddress.ip_address(address.split("%")[0])
        if getattr(ip, "ipv4_mapped", None):
            ip = ip.ipv4_mapped
        if (ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_reserved
                or ip.is_multicast or ip.is_unspecified):
            return address
    return ""


def fetch(url: str, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES,
          allow_private: bool = False, types: tuple[str, ...] | None = HTML_TYPES) -> bytes:
    """The page's bytes, as UTF-8 when the response declared another charset. `timeout` bounds
    the whole fetch, not just each socket operation: a server that sends its headers a byte at
    a time is cut off at the deadline too. `types`: the Content-Types accepted (None: any, for
    a robots.txt, whose content decides)."""
    try:
        parts = urllib.parse.urlsplit(url)
        scheme, host = parts.scheme, parts.hostname or ""
    except ValueError as error:
        raise FetchError(f"invalid URL: {error}") from None
    if scheme not in ("http", "https"):
        raise FetchError("only http and https URLs can be checked")
    # A URL that names an internal host was asked for: its redirects may stay inside.
    allow_private = allow_private or bool(_internal_address(host))
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["data"] = _fetch(url, timeout, max_bytes, allow_private, types)
        except BaseException as error:  # handed to the caller's thread
            outcome["error"] = error

    worker = threading.Thread(target=run, name="citewise-fetch", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():  # left to die with its socket timeout; nothing waits for it
        raise FetchError(f"timed out after {timeout:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["data"]


def _fetch(url: str, timeout: float, max_bytes: int, allow_private: bool,
           types: tuple[str, ...] | None) -> bytes:
    opener = urllib.request.build_opener(_LimitedRedirects(allow_private))
    if types is None:
        accept = "text/plain, */*;q=0.5"
    else:
        accept = "text/html" if types == HTML_TYPES else ", ".join(types[:2])
    request = urllib.request.Request(url, headers={"User-Agent": "citewise", "Accept": accept})
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            content_type = response.headers.get_content_type()
            if types is not None and content_type not in types:
                what = "an HTML page" if types == HTML_TYPES else "an XML file"
                raise FetchError(f"not {what} (Content-Type: {content_type})")
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"page is larger than {max_bytes:,} bytes")
            data = _read(response, deadline, timeout, max_bytes)
            charset = response.headers.get_content_charset()
    except urllib.error.HTTPError as error:
        raise FetchError(_http_error(error), error.code) from None
    except urllib.error.URLError as error:
        raise FetchError(f"cannot fetch: {error.reason}") from None
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise FetchError(f"cannot fetch: {error or type(error).__name__}") from None
    return _as_utf8(data, charset)


def _http_error(error: urllib.error.HTTPError) -> str:
    location = error.headers.get("Location") if error.headers else None
    if 300 <= error.code < 400 and location:
        target = urllib.parse.urljoin(error.url or "", location)
        if urllib.parse.urlsplit(target).scheme not in ("http", "https"):
            return f"redirected to a non-http(s) URL: {target}"
        return f"too many redirects (a redirect loop, or more than {MAX_REDIRECTS})"
    return f"HTTP {error.code} {error.reason}"


def _read(response, deadline: float, timeout: float, max_bytes: int) -> bytes:
    chunks, size = [], 0
    while chunk := response.read1(64 * 1024):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"page is larger than {max_bytes:,} bytes")
        if time.monotonic() > deadline:
            raise FetchError(f"timed out after {timeout:g} s")
        chunks.append(chunk)
    return b"".join(chunks)


def _as_utf8(data: bytes, charset: str | None) -> bytes:
    """The HTTP header's charset outranks a <meta charset> (HTML spec): apply it here, since
    the parser only sees the bytes. Bytes that do not decode with it are left as they are."""
    if not charset or charset.lower().replace("_", "-") in ("utf-8", "utf8"):
        return data
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):  # a BOM outranks it
        return data
    try:
        return data.decode(charset).encode("utf-8")
    except (LookupError, UnicodeError, ValueError):  # punycode raises a bare UnicodeError
        return data
