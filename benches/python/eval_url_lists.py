"""Recall of the URL filter on another maker's domain lists (issue 12), read by path.

Loads the shared UT1 directory and the sinfonietta adult hosts through
``UrlFilter.from_sources`` (category model on), as the issue's measurement does, then checks
``http://<domain>/`` for every domain of each list given, for one audience. Prints per list:
how many are blocked, by which category, how many by a list and how many by the model, and
``--show N`` allowed domains. A list is split in two halves by a hash of each domain
(``--half 0`` or ``1``) so that words can be chosen on one half and measured on the other.
The lists are never copied into the repository. Run from the repository root with the
binding installed (release build)::

    .venv/bin/python benches/python/eval_url_lists.py --shared ../shared \\
        --list drugs=PATH/drugs.txt --list phishing=PATH/phishing.txt [--half 1] [--audience ks3]
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import sys
from pathlib import Path

import esafety


def read_domains(path: Path) -> list[str]:
    """Domains of a plain, hosts or adblock-style list (comments and addresses dropped)."""
    domains = []
    for raw in path.read_text(errors="replace").splitlines():
        line = raw.strip().lower()
        if not line or line[0] in "#!":
            continue
        line = line.split()[-1].removeprefix("||").removesuffix("^")
        if "." in line and line not in ("localhost", "0.0.0.0"):
            domains.append(line)
    return domains


def in_half(domain: str, half: int | None) -> bool:
    return half is None or hashlib.md5(domain.encode()).digest()[0] % 2 == half


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--list", action="append", default=[], metavar="NAME=PATH")
    parser.add_argument("--audience", default="ks3")
    parser.add_argument("--half", type=int, choices=(0, 1))
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    categories = args.shared / "data" / "url-categories"
    if not categories.is_dir():
        print(f"no shared data at {args.shared}: nothing to measure", file=sys.stderr)
        return 2
    sources = [
        {"path": str(categories / "ut1"), "format": "ut1"},
        {
            "path": str(categories / "sinfonietta" / "pornography-hosts"),
            "format": "hosts",
            "category": "pornography",
        },
    ]
    url_filter = esafety.UrlFilter.from_sources(sources, model=True)
    for spec in args.list:
        name, _, path = spec.partition("=")
        domains = [d for d in read_domains(Path(path)) if in_half(d, args.half)]
        results = url_filter.check_many([f"http://{d}/" for d in domains], args.audience)
        verdicts: collections.Counter[str] = collections.Counter()
        by_category: collections.Counter[str] = collections.Counter()
        by_source: collections.Counter[str] = collections.Counter()
        allowed = []
        for domain, result in zip(domains, results):
            if isinstance(result, esafety.ItemError):
                verdicts["invalid"] += 1
                continue
            verdicts[result.verdict] += 1
            if result.verdict == "block":
                by_category[",".join(result.categories)] += 1
                by_source["model" if result.predicted else "list"] += 1
                if result.predicted and result.evidence:
                    lure = result.evidence[0].partition(":")[0]
                    by_source["lure"] += lure in ("brand", "asking")
            else:
                allowed.append(domain)
        total = max(len(domains), 1)
        blocked = verdicts["block"]
        print(f"{name}: {len(domains)} domains, blocked {blocked} ({blocked / total:.1%}) for "
              f"{args.audience}; by list {by_source['list']}, by model {by_source['model']} "
              f"(of them by a brand or asking words {by_source['lure']}); "
              f"invalid {verdicts['invalid']}")
        print("  categories:", ", ".join(f"{c} {n}" for c, n in by_category.most_common(8)))
        if args.show:
            print("  allowed:", " ".join(allowed[: args.show]))
            lures = [
                f"{d} ({r.evidence[0]})"
                for d, r in zip(domains, results)
                if not isinstance(r, esafety.ItemError)
                and r.verdict == "block"
                and r.predicted
                and r.evidence
                and r.evidence[0].startswith(("brand:", "asking:"))
            ]
            print("  blocked by a lure:", "; ".join(lures[: args.show]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
