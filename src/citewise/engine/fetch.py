"""Fetch a page named by URL for `citewise check URL`: http(s) only, capped in time and size.

This is the only network access citewise makes, and only for a URL the user typed: nothing a
page points to (scripts, JSON-LD contexts, images) is ever fetched.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

TIMEOUT_SECONDS = 15
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")


class FetchError(Exception):
    pass


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
            raise FetchError(f"redirected to a non-http(s) URL: {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES) -> bytes:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise FetchError("only http and https URLs can be checked")
    opener = urllib.request.build_opener(_LimitedRedirects())
    request = urllib.request.Request(url, headers={"User-Agent": "citewise", "Accept": "text/html"})
    try:
        with opener.open(request, timeout=timeout) as response:
            content_type = response.headers.get_content_type()
            if content_type not in HTML_TYPES:
                raise FetchError(f"not an HTML page (Content-Type: {content_type})")
            data = response.read(max_bytes + 1)
    except urllib.error.HTTPError as error:
        raise FetchError(f"HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise FetchError(f"cannot fetch: {error.reason}") from None
    except (TimeoutError, OSError) as error:
        raise FetchError(f"cannot fetch: {error}") from None
    if len(data) > max_bytes:
        raise FetchError(f"page is larger than {max_bytes:,} bytes")
    return data
