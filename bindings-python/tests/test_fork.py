"""Batches keep working in a process forked after a batch ran (``multiprocessing`` with
``fork``, a pre-forking web server, Spark's Python daemon): the child builds its own threads
instead of waiting for ever on its parent's."""

from __future__ import annotations

import os
import time
from typing import Callable

import pyarrow as pa  # type: ignore[import-untyped]
import pytest

import esafety

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

# Long enough to be spread over several threads (core cuts batches of 2,048 or more).
URLS = [f"https://site{i}.example.co.uk/page?q={i}" for i in range(5_000)] + ["pornhub.com"]
TEXTS = [f"message {i} about homework" for i in range(5_000)] + ["i want to kill myself"]


def run_in_child(work: Callable[[], bool], timeout: float = 60.0) -> int:
    """Forks; the child runs ``work`` and exits 0 when it returns true. Returns the child's
    exit code, or -1 when it had to be killed because it did not finish in ``timeout``."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        try:
            os._exit(0 if work() else 1)
        except BaseException:
            os._exit(2)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    return -1


def verdicts(f: esafety.UrlFilter) -> list[str]:
    """``check_many``'s verdicts (every URL here can be checked)."""
    return [d.verdict for d in f.check_many(URLS) if isinstance(d, esafety.Decision)]


def test_check_many_after_fork() -> None:
    f = esafety.UrlFilter.default()
    before = verdicts(f)
    assert len(before) == len(URLS) and before[-1] == "block"
    assert run_in_child(lambda: verdicts(f) == before) == 0


def test_arrow_batches_after_fork() -> None:
    f = esafety.UrlFilter.default()
    s = esafety.TermScanner.default()
    urls, texts = pa.array(URLS), pa.array(TEXTS)
    classified = f.classify_arrow(urls, audience="ks2").field("verdict").to_pylist()
    flagged = s.scan_arrow(texts, audience="ks3").field("flagged").to_pylist()
    assert classified[-1] == "block" and flagged[-1] is True

    def child() -> bool:
        again = f.classify_arrow(urls, audience="ks2").field("verdict").to_pylist()
        scanned = s.scan_arrow(texts, audience="ks3").field("flagged").to_pylist()
        return bool(again == classified and scanned == flagged)

    assert run_in_child(child) == 0


def test_the_parent_keeps_its_threads_after_a_child_used_its_own() -> None:
    f = esafety.UrlFilter.default()
    assert run_in_child(lambda: len(f.check_many(URLS)) == len(URLS)) == 0
    assert len(f.check_many(URLS)) == len(URLS)
