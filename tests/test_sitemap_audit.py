"""`citewise check --sitemap URL` against local servers bound to 127.0.0.1 only: the sitemap,
nested sitemap indexes, the listed pages, failures as findings, limits, rate and concurrency."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import check_json
from citewise.engine.fetch import FetchError
from citewise.engine.sitemap_audit import AuditLimits, RateLimiter, audit_sitemap

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
PAGE = ("<!doctype html><html lang=\"en\"><head><title>Acme CRM pricing</title></head><body>"
        "<main><h1>Acme CRM pricing</h1><p>Acme CRM costs $12 per user and month.</p></main>"
        "</body></html>")


def _urlset(*urls: str) -> bytes:
    rows = "".join(f"<url><loc>{url}</loc></url>\n" for url in urls)
    return f'<?xml version="1.0"?>\n<urlset xmlns="{NS}">\n{rows}</urlset>\n'.encode()


def _index(*urls: str) -> bytes:
    rows = "".join(f"<sitemap><loc>{url}</loc></sitemap>\n" for url in urls)
    return f'<?xml version="1.0"?>\n<sitemapindex xmlns="{NS}">\n{rows}</sitemapindex>\n'.encode()


class Site:
    """A local site: path -> (status, content type, body); it counts requests and the most
    that were ever in flight at once."""

    def __init__(self):
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        self.requests: list[tuple[float, str]] = []
        self.in_flight = self.most_in_flight = 0
        self.delay = 0.0
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                with site.lock:
                    site.requests.append((time.monotonic(), self.path))
                    site.in_flight += 1
                    site.most_in_flight = max(site.most_in_flight, site.in_flight)
                try:
                    time.sleep(site.delay)
                    status, content_type, body = site.routes.get(
                        self.path, (404, "text/html", b"<h1>Not found</h1>"))
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                finally:
                    with site.lock:
                        site.in_flight -= 1

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def add(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8",
            status: int = 200) -> str:
        self.routes[path] = (status, content_type, body)
        return self.url + path

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def site():
    served = Site()
    yield served
    served.close()


def _rules_and_paths(run, base: str) -> list[tuple[str, str, int]]:
    return sorted((d["rule"], d["path"].removeprefix(base), d["line"]) for d in run.diagnostics)


def test_the_sitemap_and_every_page_it_lists_are_checked(site):
    pages = [site.add(f"/p{n}/", PAGE.encode()) for n in range(3)]
    sitemap = site.add("/sitemap.xml", _urlset(*pages, site.url + "/gone/"), "application/xml")
    run = check_json("--select", "sitemap-url,unreadable-file,meta-description",
                     "--sitemap", sitemap)
    assert _rules_and_paths(run, site.url) == [
        ("meta-description", "/p0/", 1), ("meta-description", "/p1/", 1),
        ("meta-description", "/p2/", 1),
        ("unreadable-file", "/gone/", 1)]
    gone = next(d for d in run.diagnostics if d["rule"] == "unreadable-file")
    assert gone["message"] == "listed in the sitemap, but cannot fetch it: HTTP 404 Not Found"
    assert run.exit_code == 1  # a finding, not an error
    assert (f"citewise: sitemap {sitemap}: 1 sitemap file, 4 URLs listed, 3 pages fetched, "
            "1 failed (") in run.stderr


def test_findings_on_the_sitemap_itself_have_its_lines(site):
    page = site.add("/a/", PAGE.encode())
    sitemap = site.add("/sitemap.xml", _urlset(page, "/relative/"), "text/xml")
    run = check_json("--select", "sitemap-url", "--sitemap", sitemap)
    assert [(d["path"], d["line"], d["column"]) for d in run.diagnostics] == [(sitemap, 4, 11)]


def test_nested_sitemap_indexes_are_followed_to_a_bounded_depth(site):
    deep = site.add("/deep.xml", _urlset(site.add("/deep/", PAGE.encode())), "application/xml")
    level3 = site.add("/level3.xml", _index(deep), "application/xml")  # three indexes down
    posts = site.add("/posts.xml", _urlset(site.add("/post/", PAGE.encode())), "application/xml")
    inner = site.add("/inner.xml", _index(posts, level3), "application/xml")
    pages = site.add("/pages.xml", _urlset(site.add("/page/", PAGE.encode())), "application/xml")
    top = site.add("/sitemap.xml", _index(pages, inner, site.url + "/missing.xml"),
                   "application/xml")
    run = check_json("--select", "unreadable-file,meta-description", "--sitemap", top)
    assert _rules_and_paths(run, site.url) == [
        ("meta-description", "/page/", 1), ("meta-description", "/post/", 1),
        ("unreadable-file", "/missing.xml", 1)]
    fetched = {path for _, path in site.requests}
    assert "/level3.xml" in fetched and "/deep.xml" not in fetched
    assert "sitemap file" in run.stderr and "6 sitemap files" in run.stderr


def test_a_gzipped_sitemap_is_unpacked(site):
    page = site.add("/a/", PAGE.encode())
    sitemap = site.add("/sitemap.xml.gz", gzip.compress(_urlset(page)), "application/x-gzip")
    audit = audit_sitemap(sitemap, AuditLimits(rate=0))
    assert [p.url for p in audit.pages] == [page] and audit.pages[0].data == PAGE.encode()


def test_a_sitemap_that_cannot_be_fetched_is_an_error(site):
    run = check_json("--sitemap", site.url + "/sitemap.xml")
    assert run.exit_code == 2
    assert f"{site.url}/sitemap.xml: HTTP 404 Not Found" in run.stderr
    html = site.add("/page.html", PAGE.encode())
    run = check_json("--sitemap", html)
    assert run.exit_code == 2 and "not an XML file (Content-Type: text/html)" in run.stderr


def test_urls_on_other_hosts_are_never_fetched(site, monkeypatch):
    attempted = []
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if host != "127.0.0.1":
            attempted.append(host)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    page = site.add("/a/", PAGE.encode())
    sitemap = site.add("/sitemap.xml", _urlset(
        page, "http://169.254.169.254/latest/meta-data/", "http://localhost:9/admin",
        "https://other.example/"), "application/xml")
    audit = audit_sitemap(sitemap, AuditLimits(rate=0))
    assert [p.url for p in audit.pages] == [page]
    assert audit.other_hosts == 3 and attempted == []
    assert "3 on other hosts not fetched" in audit.summary(sitemap)


def test_at_most_max_pages_are_fetched(site):
    pages = [site.add(f"/p{n}/", PAGE.encode()) for n in range(5)]
    sitemap = site.add("/sitemap.xml", _urlset(*pages, pages[0]), "application/xml")
    run = check_json("--select", "meta-description", "--max-pages", "2", "--rate", "0",
                     "--sitemap", sitemap)
    assert [d["path"] for d in run.diagnostics] == pages[:2]
    assert "5 URLs listed, 2 pages fetched, 0 failed, 3 over --max-pages not fetched" in run.stderr


def test_concurrency_bounds_the_fetches_in_flight(site):
    site.delay = 0.2
    pages = [site.add(f"/p{n}/", PAGE.encode()) for n in range(8)]
    sitemap = site.add("/sitemap.xml", _urlset(*pages), "application/xml")
    audit_sitemap(sitemap, AuditLimits(concurrency=3, rate=0))
    assert site.most_in_flight == 3
    site.most_in_flight = 0
    audit_sitemap(sitemap, AuditLimits(concurrency=1, rate=0))
    assert site.most_in_flight == 1


def test_the_rate_spaces_the_fetches_of_a_host(site):
    pages = [site.add(f"/p{n}/", PAGE.encode()) for n in range(4)]
    sitemap = site.add("/sitemap.xml", _urlset(*pages), "application/xml")
    audit_sitemap(sitemap, AuditLimits(concurrency=4, rate=10))
    starts = sorted(at for at, _ in site.requests)
    assert len(starts) == 5  # the sitemap, then the 4 pages
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:])]
    assert min(gaps) >= 0.08  # 10 a second: 0.1 s apart (less the clock's jitter)


def test_the_rate_limiter_is_per_host():
    limiter = RateLimiter(2)
    began = time.monotonic()
    for host in ("a.example", "b.example", "c.example"):
        limiter.wait(host)
    assert time.monotonic() - began < 0.2
    limiter.wait("a.example")
    assert time.monotonic() - began >= 0.45


def test_a_fetch_that_raises_costs_one_page_not_the_audit(site):
    pages = [site.add(f"/p{n}/", PAGE.encode()) for n in range(3)]
    sitemap = site.add("/sitemap.xml", _urlset(*pages), "application/xml")
    from citewise.engine.fetch import fetch

    def flaky(url, **options):
        if url.endswith("/p1/"):
            raise RuntimeError("a bug")
        return fetch(url, **options)

    audit = audit_sitemap(sitemap, AuditLimits(rate=0), fetcher=flaky)
    assert [(p.url, p.failure) for p in audit.pages] == [
        (pages[0], ""), (pages[1], "listed in the sitemap, but fetching it failed: RuntimeError: "
                                   "a bug"), (pages[2], "")]


def test_progress_is_reported_per_page(site):
    pages = [site.add(f"/p{n}/", PAGE.encode()) for n in range(3)]
    sitemap = site.add("/sitemap.xml", _urlset(*pages), "application/xml")
    calls = []
    audit_sitemap(sitemap, AuditLimits(rate=0), progress=lambda done, total: calls.append(
        (done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_no_progress_bar_when_stderr_is_not_a_terminal(site):
    pages = [site.add(f"/p{n}/", PAGE.encode()) for n in range(25)]
    sitemap = site.add("/sitemap.xml", _urlset(*pages), "application/xml")
    run = check_json("--select", "meta-description", "--rate", "0", "--sitemap", sitemap)
    assert "\r" not in run.stderr and "[#" not in run.stderr
    assert len(run.diagnostics) == 25


def test_a_sitemap_with_files_and_urls_too(site, tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Acme\n\nAcme CRM costs $12.\n")
    sitemap = site.add("/sitemap.xml", _urlset("/x"), "application/xml")
    run = check_json("--select", "sitemap-url,frontmatter-missing", "--sitemap", sitemap,
                     str(page))
    assert sorted(d["rule"] for d in run.diagnostics) == ["frontmatter-missing", "sitemap-url"]


def test_a_public_sitemap_cannot_redirect_a_page_fetch_inside(monkeypatch):
    """The listed page is on the sitemap's (public) host and redirects to the metadata
    address: refused, as for `citewise check URL`, and reported as a finding on the page."""
    import citewise.engine.fetch as fetch_module

    served = Site()
    try:
        port = served.httpd.server_address[1]
        base = f"http://site.example:{port}"
        served.add("/sitemap.xml", _urlset(base + "/moved/"), "application/xml")
        real_resolve, real_getaddrinfo = fetch_module._addresses, socket.getaddrinfo

        def addresses(host):
            return ["93.184.216.34"] if host == "site.example" else real_resolve(host)

        def getaddrinfo(host, *args, **kwargs):
            if host == "site.example":
                host = "127.0.0.1"
            elif host not in ("127.0.0.1", "localhost"):
                raise AssertionError(f"a connection to {host} was attempted")
            return real_getaddrinfo(host, *args, **kwargs)

        monkeypatch.setattr(fetch_module, "_addresses", addresses)
        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
        handler = served.httpd.RequestHandlerClass
        original = handler.do_GET

        def do_get(self):
            if self.path == "/moved/":
                self.send_response(302)
                self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            original(self)

        monkeypatch.setattr(handler, "do_GET", do_get)
        audit = audit_sitemap(base + "/sitemap.xml", AuditLimits(rate=0))
        (page,) = audit.pages
        assert page.url == base + "/moved/" and "an internal address (169.254.169.254)" in \
            page.failure
    finally:
        served.close()


def test_the_sitemap_url_itself_must_be_http():
    with pytest.raises(FetchError, match="only http and https"):
        audit_sitemap("file:///etc/passwd")
    run = check_json("--sitemap", "ftp://127.0.0.1/sitemap.xml")
    assert run.exit_code == 2 and "only http and https URLs can be checked" in run.stderr


def test_a_sitemap_named_as_a_url_is_checked_but_its_pages_are_not_fetched(site):
    page = site.add("/a/", PAGE.encode())
    sitemap = site.add("/sitemap.xml", _urlset(page, "/relative/"), "text/xml")
    run = check_json("--select", "sitemap-url,meta-description", sitemap)
    assert [(d["path"], d["rule"], d["line"]) for d in run.diagnostics] == [
        (sitemap, "sitemap-url", 4)]
    assert [path for _, path in site.requests] == ["/sitemap.xml"]
