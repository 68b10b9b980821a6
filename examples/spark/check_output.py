"""Checks the Spark job's output against ``UrlFilter.check_many`` on the same lines.

    python check_output.py LOG OUT [--audience ks2]

Every line of LOG must come out exactly once (the multiset of URLs is compared), and every
row's verdict, category, rule and error must equal what ``check_many`` says for its URL.
Exits 1 on the first difference, naming it.
"""

from __future__ import annotations

import argparse
import collections
import sys

import pyarrow.parquet as pq

import esafety


def url_of(line: str) -> str | None:
    """The 7th whitespace-separated field, as the Spark job takes it (None when absent)."""
    fields = line.split()
    return fields[6] if len(fields) > 6 else None


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("log")
    p.add_argument("out")
    p.add_argument("--audience", default="ks2")
    a = p.parse_args()
    with open(a.log, encoding="utf-8") as f:
        log_urls = collections.Counter(url_of(line) for line in f)
    table = pq.read_table(a.out, columns=["url", "verdict", "category", "rule", "error"])
    rows = table.to_pydict()
    out_urls = collections.Counter(rows["url"])
    if out_urls != log_urls:
        missing = (log_urls - out_urls).most_common(3)
        extra = (out_urls - log_urls).most_common(3)
        print(f"FAIL: the rows are not the log's lines; missing {missing}, extra {extra}")
        return 1
    unique = [u for u in log_urls if u is not None]
    f = esafety.UrlFilter.default()
    expected: dict[str | None, tuple[str | None, ...]] = {None: (None, None, None, "input_null")}
    for url, d in zip(unique, f.check_many(unique, audience=a.audience)):
        if isinstance(d, esafety.ItemError):
            expected[url] = (None, None, None, d.code)
        else:
            expected[url] = (d.verdict, d.categories[0] if d.categories else None, d.rule, None)
    verdicts: collections.Counter[str | None] = collections.Counter()
    for i, url in enumerate(rows["url"]):
        got = (rows["verdict"][i], rows["category"][i], rows["rule"][i], rows["error"][i])
        if got != expected[url]:
            print(f"FAIL: row {i} ({url!r}): Spark {got}, check_many {expected[url]}")
            return 1
        verdicts[got[0] or got[3]] += 1
    print(f"ok: {table.num_rows} rows equal check_many ({len(unique)} distinct URLs); {dict(verdicts)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
