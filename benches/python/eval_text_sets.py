"""How often the default term scanner flags labelled hate-speech sets (issue 13), read by path.

A text counts as flagged when ``scan`` returns a match with ``confidence >= 0.5``. The sets
are never copied into the repository; give the files of their public releases:

* ``--hatecheck``: HateCheck's ``test_suite_cases.csv`` (Röttger et al. 2021, CC BY 4.0),
  split by template: even ``templ_id`` (half A) and odd (half B), so that list work chosen
  on one half can be measured on the other;
* ``--davidson``: ``labeled_data.csv`` of Davidson et al. 2017 (MIT): class 0 hate speech,
  1 offensive language, 2 neither;
* ``--ethos``: ``Ethos_Dataset_Binary.csv`` (GPL-3.0, evaluation only): every third comment
  (0-based index 2, 5, 8, ...) is the test split, as in ``scripts/eval-scanner``.

``--tsv FILE`` scans with a list file instead of the embedded default (the same list
format, so a change to the list can be measured before it is built in). Run from the
repository root with the binding installed::

    .venv/bin/python benches/python/eval_text_sets.py --hatecheck PATH --davidson PATH \\
        --ethos PATH [--audience ks3] [--by-function]
"""

from __future__ import annotations

import argparse
import collections
import csv
import sys
from pathlib import Path

import esafety


def rate(flagged: int, total: int) -> str:
    return f"{100 * flagged / total:.1f}% ({flagged}/{total})" if total else "n/a"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hatecheck", type=Path)
    parser.add_argument("--davidson", type=Path)
    parser.add_argument("--ethos", type=Path)
    parser.add_argument("--tsv", type=Path)
    parser.add_argument("--audience", default="ks3")
    parser.add_argument("--by-function", action="store_true")
    args = parser.parse_args()
    if not (args.hatecheck or args.davidson or args.ethos):
        print("nothing to measure: give --hatecheck, --davidson or --ethos", file=sys.stderr)
        return 2
    scanner = (
        esafety.TermScanner.from_tsv(args.tsv.read_text(), args.tsv.name)
        if args.tsv
        else esafety.TermScanner.default()
    )

    def flagged(text: str) -> bool:
        return any(m.confidence >= 0.5 for m in scanner.scan(text, audience=args.audience))

    if args.hatecheck:
        total, hits = collections.Counter(), collections.Counter()
        functions: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        with args.hatecheck.open(newline="") as f:
            for row in csv.DictReader(f):
                half = "A" if int(row["templ_id"]) % 2 == 0 else "B"
                key = (half, row["label_gold"])
                hit = flagged(row["test_case"])
                total[key] += 1
                hits[key] += hit
                functions[row["functionality"]][half] += hit
                functions[row["functionality"]][half + "n"] += 1
        for half in "AB":
            print(
                f"HateCheck half {half}: hateful {rate(hits[(half, 'hateful')], total[(half, 'hateful')])}, "
                f"non-hateful {rate(hits[(half, 'non-hateful')], total[(half, 'non-hateful')])}"
            )
        if args.by_function:
            for name, c in sorted(functions.items()):
                print(f"  {name:24} A {c['A']}/{c['An']}  B {c['B']}/{c['Bn']}")
    if args.davidson:
        total, hits = collections.Counter(), collections.Counter()
        with args.davidson.open(newline="") as f:
            for row in csv.DictReader(f):
                total[row["class"]] += 1
                hits[row["class"]] += flagged(row["tweet"])
        print(
            f"Davidson: hate speech {rate(hits['0'], total['0'])}, offensive "
            f"{rate(hits['1'], total['1'])}, neither {rate(hits['2'], total['2'])}"
        )
    if args.ethos:
        total, hits = collections.Counter(), collections.Counter()
        with args.ethos.open(newline="") as f:
            for index, row in enumerate(csv.DictReader(f, delimiter=";")):
                split = "test" if index % 3 == 2 else "train"
                label = "hateful" if float(row["isHate"]) >= 0.5 else "non-hateful"
                total[(split, label)] += 1
                hits[(split, label)] += flagged(row["comment"])
        for split in ("train", "test"):
            print(
                f"ETHOS {split}: hateful {rate(hits[(split, 'hateful')], total[(split, 'hateful')])}, "
                f"non-hateful {rate(hits[(split, 'non-hateful')], total[(split, 'non-hateful')])}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
