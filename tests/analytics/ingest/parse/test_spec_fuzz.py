"""parse_spec never crashes, and every evidence span lies within the text: arbitrary text and mixes of real lines."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.ingest.parse.spec import parse_spec
from tests.paths import REPO_ROOT

SPECS = REPO_ROOT / "data" / "demo" / "specs"
REAL_LINES = sorted({
    line
    for path in SPECS.rglob("*.txt")
    for line in path.read_text(encoding="utf-8").splitlines()
    if line.strip()
})
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_well_formed(record: dict, text: str) -> None:
    for key, span in record["evidence"].items():
        assert len(span) == 2, key
        assert 0 <= span[0] <= span[1] <= len(text), (key, span, len(text))
    for title in record["titles"]:
        assert title["title"], record["titles"]
        for rng in title["salary_ranges"]:
            assert rng["min"] is not None and rng["max"] is not None


@FUZZ
@given(st.text(max_size=3000))
def test_arbitrary_text(text):
    record = parse_spec(text, file_name="fuzz.txt")

    assert_well_formed(record, text)


@FUZZ
@given(
    st.lists(st.sampled_from(REAL_LINES), min_size=1, max_size=80),
    st.sampled_from(["\n", "\n\n", "\r\n", " "]),
)
def test_mixes_of_real_spec_lines(lines, separator):
    text = separator.join(lines)

    record = parse_spec(text, file_name="mix.txt")

    assert_well_formed(record, text)


@FUZZ
@given(st.lists(st.sampled_from(REAL_LINES), min_size=1, max_size=40), st.text(max_size=200))
def test_real_lines_with_noise_inserted(lines, noise):
    middle = len(lines) // 2
    text = "\n".join([*lines[:middle], noise, *lines[middle:]])

    record = parse_spec(text, file_name="noise.txt")

    assert_well_formed(record, text)
