"""The vocabulary lists (``esafety.ROLES``, ``esafety.CHANNELS``, ...) come from core, and
the ``Literal`` aliases of ``_esafety.pyi`` say the same ids.

The block between the ``vocabulary`` markers of the stub is generated from the runtime
lists: ``ESAFETY_BLESS=1 pytest bindings-python/tests/test_vocabulary.py`` rewrites it.
"""

import os
import pathlib
import re
import textwrap

import pytest

import esafety

STUB = pathlib.Path(__file__).resolve().parents[1] / "python" / "esafety" / "_esafety.pyi"
BEGIN = "# ---------------------------------------------------------------- vocabulary (generated)\n"
END = "# ---------------------------------------------------------------- end of vocabulary\n"

# (constant, stub alias, what the ids are)
VOCABULARY = [
    ("AUDIENCES", "_Audience", "Who browses or writes (the filter's and the scanner's audiences)."),
    ("ROLES", "_Role", "The role ids, one set for every module (aliases such as ``teacher`` are also read)."),
    ("ACTIONS", "_Action", "The actions ``Registry.decide`` decides."),
    ("CONTEXT_KEYS", "_ContextKey", "The context keys ``Registry.decide`` accepts as keywords."),
    ("AUP_AUDIENCES", "_AupAudience", "The AUP audiences (``Registry.publish_aup``, ``Registry.sign``)."),
    ("REVIEW_SUBJECTS", "_ReviewSubject", "What ``Registry.record_review`` and ``flag_review`` review."),
    ("SEARCH_RULES", "_SearchRule", "The school's rules for searching a pupil's device (``search_rule``)."),
    ("CHANNELS", "_ChannelBase", "The image-consent channels (a platform may follow ``school_social_media.``)."),
    ("SOCIAL_PLATFORMS", "_SocialPlatform", "The platforms of ``school_social_media.<platform>``."),
    ("CONSENT_STATES", "_ConsentState", "A pupil's consent state on a channel (``ConsentLedger.state``)."),
    ("EVENT_STATES", "_EventState", "What a carer's answer records (``ConsentLedger.record``)."),
    ("COLLECTION_METHODS", "_CollectionMethod", "How an answer reached the school (``method=``)."),
    ("RELATIONSHIPS", "_Relationship", "How a carer is related to the pupil (``relationship=``)."),
    ("RESTRICTION_REASONS", "_RestrictionReason", "Why images of a pupil are restricted (free text is also read)."),
    ("INCIDENT_CATEGORIES", "_IncidentCategory", "The incident categories (``procedure``, incident ``tags``)."),
    ("CONTEXT_TAGS", "_ContextTag", "Incident tags that say where an incident came from or what it involved."),
    ("FACTS", "_Fact", "The incident ``facts`` keys."),
    ("SCANNER_CATEGORIES", "_ScannerCategory", "The term scanner's built-in categories (a list may add its own)."),
    ("TERM_LIST_FORMATS", "_TermListFormat", "The term list formats ``TermScanner.from_file`` reads."),
    ("CATEGORIES", "_Category", "Every category id of the filter, the scanner and incidents (see ``categories()``)."),
    ("PRESET_IDS", "_PresetId", "The built-in school policy ids, ``national`` first."),
]


def _literal(alias: str, ids: list[str]) -> str:
    body = textwrap.fill(", ".join(f'"{i}"' for i in ids), 96, initial_indent="    ", subsequent_indent="    ")
    return f"{alias}: TypeAlias = Literal[\n{body}\n]\n"


def expected_block() -> str:
    parts = [BEGIN, "# Written by tests/test_vocabulary.py from the runtime lists (ESAFETY_BLESS=1 rewrites it).\n"]
    for name, alias, doc in VOCABULARY:
        parts += [_literal(alias, list(getattr(esafety, name))), f"{name}: tuple[{alias}, ...]\n", f'"""{doc}"""\n\n']
    platforms = [f"school_social_media.{p}" for p in esafety.SOCIAL_PLATFORMS]
    parts += ["# A channel id: a base channel, or the social-media one with its platform.\n"]
    parts += ["_Channel: TypeAlias = _ChannelBase | " + _literal("_", platforms).split(" = ", 1)[1]]
    parts += ["_Tag: TypeAlias = _IncidentCategory | _ContextTag\n"]
    parts += ["TAGS: tuple[_Tag, ...]\n", '"""The incident tags: the incident categories and the context tags."""\n', END]
    return "".join(parts)


def test_stub_vocabulary_block_is_the_runtime_lists() -> None:
    text = STUB.read_text()
    start, end = text.index(BEGIN), text.index(END) + len(END)
    if os.environ.get("ESAFETY_BLESS") == "1":
        STUB.write_text(text[:start] + expected_block() + text[end:])
        text = STUB.read_text()
        start, end = text.index(BEGIN), text.index(END) + len(END)
    assert text[start:end] == expected_block(), "run with ESAFETY_BLESS=1 to rewrite the stub's vocabulary"


@pytest.mark.parametrize("name", [v[0] for v in VOCABULARY] + ["TAGS"])
def test_list_is_exported_and_well_formed(name: str) -> None:
    ids = getattr(esafety, name)
    assert name in esafety.__all__
    assert isinstance(ids, tuple) and ids and all(isinstance(i, str) for i in ids)
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z0-9_.]+", i) for i in ids), ids


def test_lists_hold_the_ids_core_reads() -> None:
    assert "dsl" in esafety.ROLES and "search_pupil_device" in esafety.ACTIONS
    assert "school_website" in esafety.CHANNELS and "mother" in esafety.RELATIONSHIPS
    assert "nudes_u18" in esafety.TAGS and "monitoring_alert" in esafety.TAGS
    assert esafety.TAGS == esafety.INCIDENT_CATEGORIES + esafety.CONTEXT_TAGS
    assert "immediate_danger" in esafety.FACTS and "justification" in esafety.CONTEXT_KEYS
    assert "pupil_ks2" in esafety.AUP_AUDIENCES and "not_asked" in esafety.CONSENT_STATES
    assert set(esafety.CATEGORIES) >= {c["id"] for c in esafety.categories()}
    assert esafety.PRESET_IDS[0] == "national"


def _at() -> str:
    return "2025-09-01T09:00:00Z"


# Each call gives an unknown id; the error must list every valid id and the nearest one.
UNKNOWN = [
    ("ROLES", "headteachr", "headteacher", lambda v: esafety.Registry().assign("p1", v, "2025-09-01")),
    ("ACTIONS", "search_pupil_devices", "search_pupil_device", lambda v: esafety.Registry().decide("p1", v, _at())),
    ("AUP_AUDIENCES", "pupil_KS2", "pupil_ks2", lambda v: esafety.Registry().publish_aup(v, "v1", "2025-09-01")),
    ("CONTEXT_KEYS", "justificaton", "justification",
     lambda v: esafety.Registry().decide("p1", "search_pupil_device", _at(), **{v: True})),
    ("CHANNELS", "school_websit", "school_website",
     lambda v: esafety.ConsentLedger().record("p1", "c1", v, "given", _at())),
    ("RELATIONSHIPS", "mothr", "mother",
     lambda v: esafety.ConsentLedger().record("p1", "c1", "school_website", "given", _at(), relationship=v)),
    ("EVENT_STATES", "givn", "given", lambda v: esafety.ConsentLedger().record("p1", "c1", "school_website", v, _at())),
    ("AUDIENCES", "KS2", "ks2", lambda v: esafety.UrlFilter.default().check("https://example.com/", audience=v)),
    ("AUDIENCES", "KS2", "ks2", lambda v: esafety.TermScanner.default().scan("hello", audience=v)),
    ("PRESET_IDS", "whitwel", "whitwell", lambda v: esafety.SchoolPolicy.preset(v)),
    ("INCIDENT_CATEGORIES", "nudes", "nudes_u18", lambda v: esafety.procedure(v)),
]


@pytest.mark.parametrize("name,given,nearest,call", UNKNOWN, ids=[u[0] + ":" + u[1] for u in UNKNOWN])
def test_unknown_id_names_the_nearest_and_every_valid_id(name: str, given: str, nearest: str, call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(esafety.EsafetyError) as caught:
        call(given)
    message = str(caught.value)
    assert f"did you mean `{nearest}`?" in message
    missing = [i for i in getattr(esafety, name) if f"`{i}`" not in message]
    assert not missing, message


def test_registry_preset_error_names_the_nearest() -> None:
    with pytest.raises(esafety.RegistryError, match="did you mean `whitwell`"):
        esafety.Registry("whitwel")
