"""How often the default term scanner flags pupil messages it was not written from.

``benches/data/pupil_scenarios.tsv`` holds 240 messages (TAB: text, label) written the way
pupils aged 11 to 16 type, each labelled with a concern (``suicide``, ``self_harm``,
``abuse``, ``grooming``, ``sextortion``, ``criminal_exploitation``, ``bullying``,
``hate_speech``, ``extremism``, ``violence``, ``weapons``, ``drugs``) or ``none``
(ordinary school life with risky-looking words). They were written from the national
guidance by a writer who did not see the default list. Odd lines (1, 3, ...) are the
*dev* half: list work may look at them. Even lines are the *test* half: report it, never
tune on it.

A message counts as flagged when ``scan`` returns a match with ``confidence >= 0.5``, and
as flagged *fittingly* when one of those matches has a category that fits its label.
Run from the repository root with the binding installed::

    .venv/bin/python benches/python/eval_scenarios.py [--half dev|test] [--show] [--tsv FILE]

``--tsv FILE`` scans with a list file instead of the embedded default (to try a list
change before it is compiled in; a scanner built from a list has no text model, so this
also measures the list alone). ``--data FILE`` reads another scenario file of the same
form: ``pupil_scenarios_b.tsv`` holds 264 more, written later by another writer who saw
neither the list nor the first file (the same odd/even halves); ``pupil_scenarios_c.tsv``
holds 214 by a third writer who saw neither the list nor the other files (written
2026-12-05; the same halves); ``pupil_scenarios_d.tsv`` holds 240 by a fourth writer who
saw none of them (written 2026-12-07; the same halves).
"""

from __future__ import annotations

import argparse
import collections
from pathlib import Path

import esafety

FITS = {
    "suicide": {"suicide"},
    "self_harm": {"self_harm"},
    "abuse": {"abuse"},
    "grooming": {"grooming"},
    "sextortion": {"sextortion", "grooming", "abuse", "sexual_content"},
    "criminal_exploitation": {"criminal_exploitation", "abuse", "drugs"},
    "bullying": {"bullying"},
    "hate_speech": {"hate_speech", "discrimination"},
    "extremism": {"extremism"},
    "violence": {"violence", "weapons"},
    "weapons": {"weapons", "violence"},
    "drugs": {"drugs"},
}
DATA = Path(__file__).resolve().parents[1] / "data" / "pupil_scenarios.tsv"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=["dev", "test"], default="test")
    parser.add_argument("--audience", default="ks3")
    parser.add_argument("--show", action="store_true", help="print misses and false flags")
    parser.add_argument("--tsv", type=Path, help="a term list file instead of the default")
    parser.add_argument("--data", type=Path, default=DATA, help="a scenario file (TAB: text, label)")
    args = parser.parse_args()
    scanner = (
        esafety.TermScanner.from_tsv(args.tsv.read_text(encoding="utf-8"), args.tsv.name)
        if args.tsv
        else esafety.TermScanner.default()
    )
    total, flagged, fitting = collections.Counter(), collections.Counter(), collections.Counter()
    for number, line in enumerate(args.data.read_text(encoding="utf-8").splitlines(), 1):
        if (number % 2 == 1) != (args.half == "dev"):
            continue
        text, label = line.split("\t")
        hits = [m for m in scanner.scan(text, audience=args.audience) if m.confidence >= 0.5]
        categories = {str(m.category).split(".")[0] for m in hits}
        total[label] += 1
        if hits:
            flagged[label] += 1
            if categories & FITS.get(label, set()):
                fitting[label] += 1
        if args.show and (label == "none") == bool(hits):
            print(f"  {'false flag' if hits else 'missed'} [{label}] {text}")
    concerns = sorted(label for label in total if label != "none")
    n = sum(total[label] for label in concerns)
    caught = sum(flagged[label] for label in concerns)
    right = sum(fitting[label] for label in concerns)
    print(
        f"{args.half} half, {args.audience}: concerns flagged {caught}/{n} ({100 * caught / n:.1f}%), "
        f"with a fitting category {right}/{n} ({100 * right / n:.1f}%); "
        f"none flagged {flagged['none']}/{total['none']} "
        f"({100 * flagged['none'] / max(total['none'], 1):.1f}%)"
    )
    for label in concerns:
        print(f"  {label:22s} {flagged[label]:3d}/{total[label]:3d} flagged, {fitting[label]:3d} fitting")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
