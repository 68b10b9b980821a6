"""Arrow batches (issue 14): ``UrlFilter.classify_arrow`` on a million URLs, in URLs/s.

The URLs are those of ``scripts/gen-log`` (JSON lines, seed 1): ordinary school traffic,
blocked sites, searches and a few lines that are not URLs. Also timed, on the same URLs:
``check_many`` on a list, ``classify_arrow`` on a ``large_string`` array and on a chunked
array, and ``TermScanner.scan_arrow`` on the search terms of the log. Each figure is the best
of ``--runs`` calls. Run from the repository root with the binding installed (release build)::

    .venv/bin/python benches/python/bench_arrow.py [--lines 1000000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, urlsplit

import pyarrow as pa  # type: ignore[import-untyped]

import esafety

ROOT = Path(__file__).resolve().parents[2]


def best_of(runs: int, f: Callable[[], object]) -> float:
    """The smallest wall time of ``runs`` calls of ``f``, in seconds."""
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t)
    return best


def urls(lines: int) -> list[str]:
    """The URLs of a generated log of ``lines`` lines (a line that is not JSON is kept as is)."""
    log = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen-log"), "--lines", str(lines), "--format", "jsonl", "--seed", "1"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    out = []
    for line in log.splitlines():
        try:
            out.append(json.loads(line)["url"])
        except (ValueError, KeyError, TypeError):
            out.append(line)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = urls(args.lines)
    n = len(data)
    filt = esafety.UrlFilter.default()
    strings = pa.array(data, pa.string())
    print(f"{n} URLs, load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs")

    def report(name: str, seconds: float, count: int = n) -> None:
        print(f"{name:<44} {seconds:7.3f} s  {count / seconds / 1000:8.1f} k/s  {seconds / count * 1e6:6.2f} us each")

    report("classify_arrow(string)", best_of(args.runs, lambda: filt.classify_arrow(strings, audience="ks2")))
    large = strings.cast(pa.large_string())
    report("classify_arrow(large_string)", best_of(args.runs, lambda: filt.classify_arrow(large, audience="ks2")))
    chunked = pa.chunked_array([strings.slice(i, 65_536) for i in range(0, n, 65_536)])
    report("classify_arrow(chunked, 64k chunks)", best_of(args.runs, lambda: filt.classify_arrow(chunked, audience="ks2")))
    report("check_many(list)", best_of(1, lambda: filt.check_many(data, audience="ks2")))

    searches = [q for u in data for q in parse_qs(urlsplit(u).query).get("q", [])]
    texts = pa.array(searches * max(1, 100_000 // max(1, len(searches))), pa.string())
    scanner = esafety.TermScanner.default()
    report("scan_arrow(search terms)", best_of(args.runs, lambda: scanner.scan_arrow(texts, audience="ks3")), len(texts))
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
