"""Where citewise meets the outside: checking URLs (a local server), --diff-base on a real git
repository, and the pre-commit hook run by the real pre-commit tool."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from citewise.engine.fetch import MAX_REDIRECTS, FetchError, fetch
from citewise.engine.gitdiff import changed_lines

from conftest import FIXTURES, ROOT, check_json, route_public_host

FILLER = FIXTURES / "answer-first" / "filler-intro.md"  # answer-first at line 8
DIRECT = FIXTURES / "answer-first" / "direct-answer.md"  # clean
LONG = FIXTURES / "long-paragraph" / "long.md"  # long-paragraph at line 5

GOOD_HTML = """<!DOCTYPE html>
<html lang="en">
<head><title>Passport renewal times</title></head>
<body><main>
<h1>Passport renewal times</h1>
<p>Welcome to our blog! Before we dive in, grab a coffee.</p>
</main></body>
</html>
"""  # answer-first at line 6


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep the test output clean
        pass

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
              headers: dict | None = None, length: bool = True):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        else:
            self.send_header("Connection", "close")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
        if not length:
            self.close_connection = True

    def do_GET(self):
        path = self.path
        if path == "/good":
            self._send(200, GOOD_HTML.encode())
        elif path == "/latin1":
            body = GOOD_HTML.replace("grab a coffee", "grab a café au lait").encode("latin-1")
            self._send(200, body, "text/html; charset=iso-8859-1")
        elif path == "/missing":
            self._send(404, b"<h1>gone</h1>")
        elif path == "/data.json":
            self._send(200, b'{"a": 1}', "application/json")
        elif path == "/big":
            self._send(200, b"<p>" + b"x" * 5000 + b"</p>")
        elif path == "/big-unannounced":
            self._send(200, b"<p>" + b"x" * 5000 + b"</p>", length=False)
        elif path == "/loop":
            self._send(302, b"", headers={"Location": "/loop"})
        elif path.startswith("/chain/"):
            left = int(path.rsplit("/", 1)[1])
            target = "/good" if left == 0 else f"/chain/{left - 1}"
            self._send(302, b"", headers={"Location": target})
        elif path == "/forged-reason":  # a lone CR in the reason phrase, then a command
            self.send_response(404, "Not Found\r::warning file=x.md::forged \x1b[31m")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/to-file":
            self._send(302, b"", headers={"Location": "file:///etc/passwd"})
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b"<p>x</p>\n")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
            self.close_connection = True
        else:
            self._send(404, b"")


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


# --- URLs -----------------------------------------------------------------------------------

def test_check_url_reports_the_url_as_the_path(server):
    url = f"{server}/good"
    run = check_json("--select", "answer-first", url)
    assert run.exit_code == 1
    assert [(d["path"], d["rule"], d["line"]) for d in run.diagnostics] == \
        [(url, "answer-first", 6)]


def test_check_url_with_a_declared_charset(server):
    data = fetch(f"{server}/latin1")
    assert "café au lait".encode("utf-8") in data
    run = check_json("--select", "answer-first", f"{server}/latin1")
    assert [d["line"] for d in run.diagnostics] == [6]


@pytest.mark.parametrize("path, error", [
    ("/missing", "HTTP 404 Not Found"),
    ("/data.json", "not an HTML page (Content-Type: application/json)"),
    ("/loop", "too many redirects"),
    (f"/chain/{MAX_REDIRECTS + 1}", "too many redirects"),
    ("/to-file", "redirected to a non-http(s) URL: file:///etc/passwd"),
])
def test_failed_fetch_is_an_error_and_other_targets_still_run(server, path, error):
    url = server + path
    run = check_json("--select", "answer-first", url, FILLER)
    assert run.exit_code == 2
    assert f"citewise: error: {url}: {error}" in run.stderr
    assert [(d["path"], d["line"]) for d in run.diagnostics] == [(str(FILLER), 8)]


def test_a_server_reason_phrase_cannot_forge_a_log_line(server):
    run = check_json("--select", "answer-first", f"{server}/forged-reason")
    assert run.exit_code == 2
    [line] = [line for line in run.stderr.splitlines() if "forged-reason" in line]
    assert "\r" not in run.stderr and "\x1b" not in run.stderr
    assert line.endswith("HTTP 404 Not Found ::warning file=x.md::forged \ufffd[31m")


def test_redirects_within_the_limit_are_followed(server):
    assert fetch(f"{server}/chain/{MAX_REDIRECTS - 1}") == GOOD_HTML.encode()


def test_size_cap_with_and_without_content_length(server):
    assert fetch(f"{server}/big", max_bytes=6000).startswith(b"<p>xxx")
    for path in ("/big", "/big-unannounced"):
        with pytest.raises(FetchError, match="larger than 1,000 bytes"):
            fetch(server + path, max_bytes=1000)


def test_timeout_bounds_the_whole_fetch(server):
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetch(f"{server}/drip", timeout=0.5)
    assert time.monotonic() - started < 2.5  # the server would drip for 4 s


def test_only_http_and_https():
    for url in ("ftp://example.com/x", "file:///etc/passwd", "javascript:alert(1)"):
        with pytest.raises(FetchError, match="only http and https"):
            fetch(url)
    with pytest.raises(FetchError, match="cannot fetch"):
        fetch("http://127.0.0.1:9/", timeout=2)  # the discard port: connection refused


# --- --diff-base ----------------------------------------------------------------------------

def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git repo with two long paragraphs (long-paragraph findings at 5 and 17) committed."""
    _git(tmp_path, "init", "-q", "-b", "main")
    long_text = LONG.read_text(encoding="utf-8")
    paragraph = long_text.split("\n\n")[2]  # the long one
    page = tmp_path / "docs" / "page.md"
    page.parent.mkdir()
    page.write_text(f"# Acme Cloud backups\n\nAcme Cloud keeps backups for 90 days.\n\n"
                    f"{paragraph}\n\n## More\n\n{paragraph}\n", encoding="utf-8")
    (tmp_path / "docs" / "other.md").write_text(long_text, encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "pages")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _found(*args: str) -> list[tuple[str, int]]:
    run = check_json("--select", "long-paragraph", *args)
    return [(d["path"], d["line"]) for d in run.diagnostics]


def test_diff_base_keeps_findings_on_changed_lines_only(repo):
    page = repo / "docs" / "page.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    second = lines.index("## More") + 2
    assert _found("docs") == [("docs/other.md", 5), ("docs/page.md", 5),
                              ("docs/page.md", second + 1)]
    assert _found("--diff-base", "HEAD", "docs") == []  # nothing changed yet
    lines[second + 2] = lines[second + 2].replace("customer", "client")  # inside paragraph 2
    page.write_text("\n".join(lines), encoding="utf-8")
    assert _found("--diff-base", "HEAD", "docs") == [("docs/page.md", second + 1)]
    # committed changes count too, and a new untracked page is new in every line
    _git(repo, "commit", "-q", "-am", "edit")
    (repo / "docs" / "new.md").write_text(LONG.read_text(encoding="utf-8"), encoding="utf-8")
    assert _found("--diff-base", "HEAD~1", "docs") == [("docs/new.md", 5),
                                                         ("docs/page.md", second + 1)]


def test_diff_base_counts_added_lines_not_deletions(repo):
    page = repo / "docs" / "page.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("Acme Cloud keeps backups for 90 days.\n\n", ""),
                    encoding="utf-8")  # a pure deletion above paragraph 1: it moves, unchanged
    changed = changed_lines("HEAD", repo)
    assert changed[(repo / "docs" / "page.md").resolve()] == set()
    assert _found("--diff-base", "HEAD", "docs") == []
    page.write_text("# Acme Cloud backups\n\nIntro.\n\n" + text.split("\n\n", 2)[2],
                    encoding="utf-8")  # replaces line 3: a modified line
    assert changed_lines("HEAD", repo)[(repo / "docs" / "page.md").resolve()] == {3}


def test_diff_base_with_a_path_git_quotes(repo):
    odd = repo / "docs" / 'tab\tand "quote" é.md'
    odd.write_text("# T\n\nshort\n", encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "odd")
    odd.write_text("# T\n\nshort\n\n" + LONG.read_text(encoding="utf-8").split("\n\n")[2] + "\n",
                   encoding="utf-8")
    assert _found("--diff-base", "HEAD", str(odd)) == [(str(odd), 5)]


def test_diff_base_errors(repo, tmp_path_factory):
    run = check_json("--diff-base", "no-such-rev", "docs")
    assert run.exit_code == 2
    assert ("citewise: error: --diff-base no-such-rev: unknown revision 'no-such-rev'"
            in run.stderr)
    outside = tmp_path_factory.mktemp("not-a-repo")
    os.chdir(outside)
    (outside / "a.md").write_text("# A\n\nText.\n")
    run = check_json("--diff-base", "HEAD", "a.md")
    assert run.exit_code == 2 and "git rev-parse failed" in run.stderr


def test_diff_base_is_never_an_option_to_git(repo):
    """`--diff-base=--output=FILE` made git write FILE, then "All clear", exit 0."""
    target = repo / "written-by-git.txt"
    for rev in (f"--output={target}", "-p"):
        run = check_json(f"--diff-base={rev}", "docs")
        assert run.exit_code == 2 and "not a revision" in run.stderr
    assert not target.exists()


@pytest.mark.parametrize("setting", ["diff.noprefix=true", "diff.mnemonicPrefix=true",
                                     "diff.relative=true"])
def test_diff_base_reads_the_diff_whatever_git_config_says(repo, setting):
    key, value = setting.split("=")
    _git(repo, "config", key, value)
    page = repo / "docs" / "page.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    second = lines.index("## More") + 2
    lines[second + 2] = lines[second + 2].replace("customer", "client")
    page.write_text("\n".join(lines), encoding="utf-8")
    assert _found("--diff-base", "HEAD", "docs") == [("docs/page.md", second + 1)]


def test_diff_base_compares_with_the_merge_base(repo):
    """main fixed other.md after the branch left it: the branch is blamed only for its own
    lines, as `git diff main...` has it."""
    _git(repo, "checkout", "-q", "-b", "feature")
    _git(repo, "checkout", "-q", "main")
    other = repo / "docs" / "other.md"
    other.write_text("# Other\n\nShort now.\n", encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "main shortens other.md")
    _git(repo, "checkout", "-q", "feature")
    page = repo / "docs" / "page.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    inside = next(index for index in range(4, len(lines)) if "customer" in lines[index])
    assert inside < lines.index("## More")  # inside paragraph 1
    lines[inside] = lines[inside].replace("customer", "client")
    page.write_text("\n".join(lines), encoding="utf-8")
    assert _found("--diff-base", "main", "docs") == [("docs/page.md", 5)]


def test_diff_base_counts_lines_as_citewise_does_with_lone_crs(repo):
    """Lone CRs end lines for citewise and editors, not for git: a finding that starts on the
    changed line below them is still on a changed line (git calls it two lines earlier)."""
    page = repo / "docs" / "page.md"
    old_mac = page.read_text(encoding="utf-8").replace("# Acme Cloud backups\n",
                                                        "# Acme\rCloud\rbackups\n", 1)
    page.write_text(old_mac, encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "old Mac line ends in the title")
    lines = old_mac.split("\n")
    first = lines.index("## More") + 2  # git's index of paragraph 2's first line
    lines[first] = "Today, " + lines[first]
    page.write_text("\n".join(lines), encoding="utf-8")
    assert _found("--diff-base", "HEAD", "docs") == [("docs/page.md", first + 3)]


# --- pre-commit -----------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pre-commit") is None, reason="pre-commit is not installed")
def test_pre_commit_hook_with_the_real_tool(tmp_path):
    """`pre-commit try-repo` builds the hook's environment from this repository at HEAD (so it
    tests committed code) and passes the staged pages to `citewise check`."""
    head = _git(ROOT, "rev-parse", "HEAD").strip()
    project = tmp_path / "site"
    project.mkdir()
    _git(project, "init", "-q", "-b", "main")
    shutil.copy(FILLER, project / "weak.md")
    shutil.copy(DIRECT, project / "good.md")
    (project / "notes.txt").write_text("In today's world, not a page.\n")
    (project / "citewise.toml").write_text('select = ["answer-first"]\n')  # found by the hook
    _git(project, "add", ".")
    env = {**os.environ, "PRE_COMMIT_COLOR": "never"}

    def try_repo(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run(["pre-commit", "try-repo", str(ROOT), "citewise", "--ref", head,
                               "--verbose", "--files", *files],
                              cwd=project, env=env, capture_output=True, text=True, timeout=1200)

    good = try_repo("good.md", "notes.txt")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "citewise" in good.stdout and "Passed" in good.stdout
    weak = try_repo("weak.md", "good.md", "notes.txt")
    assert weak.returncode == 1, weak.stdout + weak.stderr
    assert "weak.md:8:1: warning answer-first" in weak.stdout
    assert "good.md:" not in weak.stdout and "notes.txt" not in weak.stdout
    assert "2 files checked" in weak.stdout or "in 1 of 2 files" in weak.stdout


# --- the GitHub Action ----------------------------------------------------------------------

def test_action_steps_annotate_and_write_sarif(tmp_path):
    """Run the composite action's own shell steps (all but the install: citewise is installed
    here) the way the runner would, with its inputs substituted."""
    yaml = pytest.importorskip("yaml")
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    inputs = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    shutil.copy(FILLER, tmp_path / "weak.md")
    shutil.copy(DIRECT, tmp_path / "good.md")
    inputs.update({"args": "weak.md good.md --select answer-first", "sarif-file": "out.sarif"})

    def substitute(text: str) -> str:
        for name, value in inputs.items():
            text = text.replace("${{ inputs.%s }}" % name, value)
        return text.replace("${{ steps.install.outputs.citewise }}", "")  # citewise on PATH

    outputs = []
    for step in action["runs"]["steps"]:
        if "run" not in step or "pip install" in step["run"]:
            continue
        if "if" in step and step["if"] == "inputs.sarif-file != ''" and not inputs["sarif-file"]:
            continue
        env = {**os.environ, "GITHUB_ACTION_PATH": str(ROOT),
               **{key: substitute(str(value)) for key, value in step.get("env", {}).items()}}
        run = subprocess.run(["bash", "-e", "-c", substitute(step["run"])], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=300)
        outputs.append((step["name"], run.returncode, run.stdout))
    assert [(name, code) for name, code, _ in outputs] == [("Write SARIF", 0), ("Check pages", 1)]
    annotations = outputs[1][2].splitlines()
    assert len(annotations) == 1
    assert annotations[0].startswith("::warning file=weak.md,line=8,endLine=8,col=1,")
    sarif = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    [result] = sarif["runs"][0]["results"]
    assert result["ruleId"] == "answer-first"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "weak.md"


# --- hostile servers (issue 19) --------------------------------------------------------------

class _SlowHandler(BaseHTTPRequestHandler):
    """Sends its status line and headers a few bytes at a time, each gap under any socket
    timeout, so only a deadline on the whole fetch stops it."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"x" * 200
        try:
            for index in range(0, len(head), 4):
                self.wfile.write(head[index:index + 4])
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass
        self.close_connection = True


def _serve(handler):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def test_one_deadline_bounds_slow_headers():
    httpd = _serve(_SlowHandler)
    try:
        started = time.monotonic()
        with pytest.raises(FetchError, match="timed out after 1 s"):
            fetch(f"http://127.0.0.1:{httpd.server_address[1]}/", timeout=1)
        assert time.monotonic() - started < 2.0  # the headers alone would take 10 s
    finally:
        httpd.shutdown()
        httpd.server_close()


class _RedirectHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        targets = {"/metadata": "http://169.254.169.254/latest/meta-data/",
                   "/loopback": "http://127.0.0.1:9/admin", "/public": "/page"}
        if self.path in targets:
            self.send_response(302)
            self.send_header("Location", targets[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = GOOD_HTML.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def public_site(monkeypatch):
    """A local server that citewise believes is the public host site.example (93.184.216.34):
    the address check sees the public address, the connection goes to loopback. Nothing is ever
    sent to another address: a refused redirect is refused before any connection."""
    httpd = _serve(_RedirectHandler)
    port = httpd.server_address[1]
    route_public_host(monkeypatch)
    yield f"http://site.example:{port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("path, address", [("/metadata", "169.254.169.254"),
                                           ("/loopback", "127.0.0.1")])
def test_redirects_into_internal_addresses_are_refused(public_site, path, address):
    with pytest.raises(FetchError, match=rf"an internal address \({re.escape(address)}\)"):
        fetch(public_site + path, timeout=5)


def test_redirects_on_the_public_host_are_followed(public_site):
    assert fetch(public_site + "/public", timeout=5) == GOOD_HTML.encode()


def test_allow_private_urls_follows_internal_redirects(public_site):
    """Followed: the fake resolver stops the connection attempt, so nothing is sent there."""
    with pytest.raises(AssertionError, match="a connection to 169.254.169.254 was attempted"):
        fetch(public_site + "/metadata", timeout=5, allow_private=True)


def test_a_charset_that_is_no_text_encoding_is_not_a_crash():
    from citewise.engine.fetch import _as_utf8

    for charset in ("punycode", "base64", "rot13", "idna", "no-such-charset"):
        assert _as_utf8(b"<p>caf\xe9</p>", charset) in (b"<p>caf\xe9</p>", b"<p>caf\xc3\xa9</p>")
