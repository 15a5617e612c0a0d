"""Shared test helpers: run citewise for real (CLI or engine) on files in fixtures/."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from citewise.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"

# Tests check their files for real, whatever ran before them: no result cache (a test that
# patches code in-process would otherwise get the results stored by an earlier test).
# tests/test_cache.py turns it back on for its own tests.
os.environ.setdefault("CITEWISE_NO_CACHE", "1")

def line_count(data: bytes) -> int:
    """Lines of a file as an editor counts them: CRLF, LF and a lone CR each end one."""
    return len(re.split(rb"\r\n|\r|\n", data))


needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")


class Run:
    def __init__(self, result):
        self.exit_code = result.exit_code
        self.output = result.output
        self.stdout = result.stdout
        self.stderr = result.stderr

    @property
    def diagnostics(self) -> list[dict]:
        return json.loads(self.stdout)

    def found(self, rule: str | None = None) -> list[tuple[str, int]]:
        """(rule, line) pairs, optionally of one rule only."""
        return [(d["rule"], d["line"]) for d in self.diagnostics if rule in (None, d["rule"])]


def citewise(*args: str, input: str | bytes | None = None) -> Run:
    """Run the real CLI in-process and return its exit code and output."""
    runner = CliRunner()
    result = runner.invoke(main, [str(arg) for arg in args], input=input, catch_exceptions=False)
    return Run(result)


def check_json(*args: str, input: str | bytes | None = None) -> Run:
    """`citewise check --format json --today 2026-11-25 ARGS` (a fixed today keeps dates stable)."""
    return citewise("check", "--format", "json", "--today", "2026-11-25", *args, input=input)


def read_pty(master: int) -> bytes:
    """Everything written to a pseudo-terminal, once its other end is closed."""
    import os

    data = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # Linux: EIO once the other end is closed and drained
            break
        if not chunk:
            break
        data += chunk
    os.close(master)
    return data


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the fixtures' expected.txt from what the rules find now "
                          "(and convert expected.json folders whose lines agree)")


def route_public_host(monkeypatch, host: str = "site.example", public: str = "93.184.216.34"):
    """Make citewise believe `host` is a public address while its connections go to loopback:
    the address check sees `public`, the socket reaches 127.0.0.1. A connection to any other
    host fails the test (nothing may leave the machine)."""
    import socket

    import citewise.engine.fetch as fetch_module

    real_resolve, real_getaddrinfo = fetch_module._addresses, socket.getaddrinfo

    def addresses(name):
        return [public] if name == host else real_resolve(name)

    def getaddrinfo(name, *args, **kwargs):
        if name == host:
            name = "127.0.0.1"
        elif name not in ("127.0.0.1", "localhost"):
            raise AssertionError(f"a connection to {name} was attempted")
        return real_getaddrinfo(name, *args, **kwargs)

    monkeypatch.setattr(fetch_module, "_addresses", addresses)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
