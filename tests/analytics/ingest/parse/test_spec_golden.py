"""Golden tests: the extractor against the hand-made answer keys (seeds exact, annotated corpus by F1)."""

import json

import pytest

from analytics.ingest.evaluate import facts, score
from analytics.ingest.extract import read_document
from analytics.ingest.parse.spec import parse_spec
from tests.paths import REPO_ROOT

GOLDEN = REPO_ROOT / "tests" / "golden"
SHARED = REPO_ROOT.parent / "shared"
DEMO_SPECS = REPO_ROOT / "data" / "demo" / "specs"
SEEDS = json.loads((GOLDEN / "seeds_expected.json").read_text())
CORPUS_KEYS = ("corpus_la.json", "corpus_calhr.json", "corpus_neogov.json", "corpus_extra.json")
# Blind keys (tests/golden/BLIND.md): scored once each before any rule looked at them, then kept as a guard.
BLIND_KEYS = ("blind_corpus2.json", "blind_pool.json", "blind_round2.json")


def _document(file: str) -> str:
    """The text of a key's document: from shared/ when present, else the copy bundled as demo data."""
    name = file.split("/")[-1]
    for candidate in (SHARED / "seeds" / file, SHARED / "corpus" / file, SHARED / "corpus2" / file,
                      SHARED / "pool" / file, *DEMO_SPECS.rglob(name)):
        if candidate.is_file():
            return read_document(candidate).text
    pytest.skip(f"{file} is not available on this machine")


def _extract(entry: dict) -> dict:
    return parse_spec(_document(entry["file"]), file_name=entry["file"])


@pytest.mark.parametrize("expected", SEEDS, ids=[s["file"] for s in SEEDS])
def test_seed_document_matches_its_key_field_by_field(expected):
    got = _extract(expected)
    want, have = facts(expected), facts(got)
    for field in want:
        assert have[field] == want[field], field


@pytest.mark.parametrize("expected", SEEDS, ids=[s["file"] for s in SEEDS])
def test_seed_titles_carry_series_and_level_when_the_key_states_them(expected):
    got = {t["title"]: t for t in _extract(expected)["titles"]}
    for title in expected["titles"]:
        for field in ("series", "level", "class_code", "grade", "experience_years", "education"):
            if field in title:
                assert got[title["title"]][field] == title[field], (title["title"], field)


def test_annotated_corpus_macro_f1_is_at_least_097():
    key = [doc for name in CORPUS_KEYS for doc in json.loads((GOLDEN / name).read_text())]
    result = score([_extract(doc) for doc in key], key)
    assert len(key) >= 25
    assert result["macro"]["f1"] >= 0.97, {k: round(v["f1"], 3) for k, v in result.items()}


def test_the_blind_keys_still_score_what_they_scored():
    # 75 documents of corpus2 and the pool (BLIND.md): round 1 after its fixes 0.924, round 2 first scored 0.866
    key = [doc for name in BLIND_KEYS for doc in json.loads((GOLDEN / name).read_text())]
    result = score([_extract(doc) for doc in key], key)
    assert len(key) == 75
    assert result["macro"]["f1"] >= 0.88, {k: round(v["f1"], 3) for k, v in result.items()}


@pytest.mark.parametrize("name", CORPUS_KEYS)
def test_each_layout_family_scores_well_on_its_own(name):
    key = json.loads((GOLDEN / name).read_text())
    result = score([_extract(doc) for doc in key], key)
    assert result["macro"]["f1"] >= 0.9


def test_every_evidence_span_of_the_seeds_points_into_the_text():
    for entry in SEEDS:
        text = _document(entry["file"])
        record = parse_spec(text, file_name=entry["file"])
        for key, (start, end) in record["evidence"].items():
            assert 0 <= start < end <= len(text), key
        title_span = record["evidence"]["titles[0].title"]
        assert text[title_span[0]:title_span[1]].strip()
