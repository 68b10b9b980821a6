"""The monitoring term scanner from Python: vectors, the names issue 3 fixes, errors."""

import functools
import pathlib
from typing import Any

import pytest

import esafety
from vectors import cases, check

SCANNER_CASES = cases("scanner")


@functools.cache
def default_scanner() -> esafety.TermScanner:
    """Built once: most vectors scan with it, and the test wheel (a debug build) takes most
    of a second to compile its lists. A scanner is immutable, so sharing it is safe."""
    return esafety.TermScanner.default()


def build(spec: dict[str, Any], tmp: pathlib.Path) -> esafety.TermScanner:
    if spec.get("default"):
        scanner = default_scanner()
        if "extend" in spec:
            extra = spec["extend"]
            entries = [(e[0], e[1], e[2]) for e in extra.get("entries", [])]
            return scanner.extended(entries, allow=extra.get("allow", []))
        return scanner
    if "tsv" in spec:
        path = tmp / "vector.tsv"
        path.write_text(spec["tsv"], encoding="utf-8")
        return esafety.TermScanner.from_file(path)
    entries = [(e[0], e[1], e[2]) for e in spec["entries"]]
    return esafety.TermScanner.from_entries(entries, allow=spec.get("allow", []))


def run(input: dict[str, Any], tmp: pathlib.Path) -> Any:
    if "hash_name" in input:
        h = input["hash_name"]
        return {"hash": esafety.Roster.hash_name(h["salt"], h["name"])}
    if "search_terms" in input:
        return {"terms": esafety.search_terms(input["search_terms"]["url"])}
    scanner = build(input["scanner"], tmp)
    if "roster" in input:
        r = input["roster"]
        roster = (
            esafety.Roster.from_hashes(r["salt"], r["hashes"])
            if "salt" in r
            else esafety.Roster.from_names(r["names"])
        )
        scanner = scanner.with_roster(roster)
    text = input["text"]
    report = scanner.scan_report(text, audience=input["audience"])
    matches = scanner.scan(text, audience=input["audience"])
    out = []
    for m in matches:
        # Python str indices: the span slices the text to what was typed.
        assert text[m.start : m.end] == m.matched_text
        out.append(m.to_dict())
    assert [m.to_dict() for m in report.matches] == [m.to_dict() for m in matches]
    summary = {
        "highest_severity": report.highest_severity,
        "categories": report.categories,
        "match_count": report.match_count,
    }
    return {"matches": out, "summary": summary}


@pytest.mark.parametrize("input,expect", [c[1:] for c in SCANNER_CASES], ids=[c[0] for c in SCANNER_CASES])
def test_scanner_vectors(input: dict[str, Any], expect: dict[str, Any], tmp_path: pathlib.Path) -> None:
    check(lambda i: run(i, tmp_path), input, expect)


def test_issue_names_default_scan_and_match_attributes() -> None:
    scanner = esafety.TermScanner.default()
    text = "😀 honestly I want to k1lllll mys3lf"
    matches = scanner.scan(text)
    assert len(matches) == 1
    m = matches[0]
    assert (m.term, m.category, m.severity) == ("kill myself", "suicide", 5)
    assert text[m.start : m.end] == m.matched_text == "k1lllll mys3lf"
    assert isinstance(m.start, int) and isinstance(m.end, int)
    assert scanner.scan("Scunthorpe, Essex and a skilled player", audience="ks2") == []


def test_from_entries_with_allow_and_audience() -> None:
    scanner = esafety.TermScanner.from_entries(
        [("kill", "violence", 3), ("shit", "profanity", 2)], allow=["to kill a mockingbird"]
    )
    assert scanner.scan("We read To Kill a Mockingbird") == []
    found = scanner.scan("oh shit", audience="ks1")
    assert [(m.term, m.severity, m.list_severity) for m in found] == [("shit", 3, 2)]
    assert scanner.scan("oh shit", audience="staff")[0].severity == 1
    assert esafety.TermScanner.from_entries([("kill", "violence", 3)]).scan("k i l l")[0].term == "kill"
    assert len(esafety.TermScanner.from_entries([["kill", "violence", 3]]).scan("kill")) == 1
    with pytest.raises(TypeError):
        esafety.TermScanner.from_entries([("kill", "violence")])  # type: ignore[list-item]


def test_from_file_reads_the_tsv_format(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "school.tsv"
    path.write_text("# our list\nvape\tdrugs\t2\nself harm\tself_harm\t4\tphrase\n", encoding="utf-8")
    scanner = esafety.TermScanner.from_file(path)
    assert len(scanner) == 2
    found = scanner.scan("v@pe and selfharm")
    assert [(m.term, m.matched_text, m.source) for m in found] == [
        ("vape", "v@pe", "school.tsv:2"),
        ("self harm", "selfharm", "school.tsv:3"),
    ]
    assert esafety.TermScanner.from_file(str(path)).scan("vape")[0].category == "drugs"


def test_roster_names_and_hashes() -> None:
    scanner = esafety.TermScanner.from_entries([("jo", "profanity", 2)])
    assert len(scanner.scan("Jo is here")) == 1
    named = scanner.with_roster(esafety.Roster.from_names(["Jo Bloggs"]))
    assert named.scan("Jo is here") == []
    salt = "school-42"
    hashed = scanner.with_roster(esafety.Roster.from_hashes(salt, [esafety.Roster.hash_name(salt, "Jo")]))
    assert hashed.scan("JO is here") == []
    assert len(hashed.scan("j0 is here")) == 1


def test_errors_are_typed() -> None:
    scanner = esafety.TermScanner.default()
    with pytest.raises(esafety.ScannerError) as info:
        scanner.scan("hello", audience="year7")  # type: ignore[arg-type]
    assert info.value.code == "scanner_unknown_audience"
    assert info.value.domain == "scanner"
    assert isinstance(info.value, esafety.EsafetyError)
    with pytest.raises(esafety.ScannerError) as info:
        esafety.TermScanner.from_entries([("kill", "violence", 9)])
    assert info.value.code == "scanner_invalid_severity"
    with pytest.raises(esafety.IoError):
        esafety.TermScanner.from_file("/nonexistent/list.tsv")
    with pytest.raises(TypeError):
        scanner.scan(42)  # type: ignore[arg-type]


def test_report_summary() -> None:
    report = esafety.TermScanner.default().scan_report("i want to die. how to buy a gun", "ks3")
    assert report.highest_severity == 5
    assert report.categories == ["suicide", "weapons"]
    assert report.match_count == 2
    assert report.to_dict()["summary"]["categories"] == ["suicide", "weapons"]


def test_search_terms() -> None:
    assert esafety.search_terms("https://www.google.com/search?q=pro+ana") == ["pro ana"]


def test_extended_adds_a_school_list_and_allow_phrases(tmp_path: pathlib.Path) -> None:
    base = esafety.TermScanner.default()
    assert base.scan("you absolute skibidi") == []
    school = base.extended([("skibidi", "bullying", 2)], allow=["kill myself in minecraft"])
    assert isinstance(school, esafety.TermScanner) and len(school) == len(base) + 1
    [m] = school.scan("you absolute skibidi")
    assert (m.term, m.category) == ("skibidi", "bullying")
    assert "default" not in m.source
    assert school.scan("i'll kill myself in minecraft") == []
    assert len(base.scan("i'll kill myself in minecraft")) == 1
    assert base.scan("i want to kill myself")[0].source.startswith("default")
    # the default is unchanged
    assert base.scan("you absolute skibidi") == []

    tsv = tmp_path / "school.tsv"
    tsv.write_text("# a school list\ngrapefruit gang\tbullying\t3\n", encoding="utf-8")
    [g] = base.extended(tsv).scan("join the grapefruit gang")
    assert g.category == "bullying" and "school.tsv" in g.source
    assert len(base.extended(str(tsv)).scan("grapefruit gang")) == 1
    with pytest.raises(esafety.ScannerError):
        base.extended([("x", "Bad Cat!", 2)])
    with pytest.raises(esafety.IoError):
        base.extended(tmp_path / "missing.tsv")


def test_match_pattern_slots_context_confidence() -> None:
    [m] = esafety.TermScanner.default().scan("LGBTQ+ are mentally ill", audience="ks3")
    assert m.pattern == "identity_dehumanised"
    assert m.slots == {"identity": "lgbtq", "dehumanising": "mentally ill"}
    assert isinstance(m.context, list) and m.context == []
    assert isinstance(m.confidence, float) and m.confidence >= 0.5
    assert m.possible_name is False
    [plain] = esafety.TermScanner.default().scan("i want to kill myself")
    assert plain.pattern is None and plain.slots == {}
    negated = esafety.TermScanner.default().scan("I don't hate muslims", audience="ks3")
    assert negated and "negated" in negated[0].context and negated[0].confidence < 0.5
