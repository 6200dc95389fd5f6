"""Every URL parameter of every page, fed odd, extreme and hostile values: never a traceback, always a notice."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.app_pages.apptest import open_page

# page script -> the parameters it owns (README "Pages")
PAGES: dict[str, tuple[str, ...]] = {
    "app_pages/home.py": (),
    "app_pages/catalog.py": ("q", "jurisdiction", "series", "grade", "title"),
    "app_pages/ingest.py": (),
    "app_pages/ladder/page.py": ("title", "years", "years_in_title", "years_supervisory", "education", "as_of"),
    "app_pages/pay/page.py": ("title", "start", "years", "cola", "experience", "education", "target", "promote",
                              "schedule", "salary"),
    "app_pages/costs/page.py": ("scenario", "compare", "fy"),
    "app_pages/workforce/page.py": ("projection", "by", "years", "runs", "seed", "recruit"),
}
# One value per parameter that no page can accept (wrong type, out of range, unknown name, far-off date).
REFUSED: dict[str, str] = {
    "q": "x" * 101, "jurisdiction": "[x](https://evil.example)", "series": "No Such Series", "grade": "99999",
    "title": "![x](https://tracker.example/p.png)", "years": "1e308", "years_in_title": "-1", "years_supervisory": "81",
    "education": "wizardry", "as_of": "9999-12-31", "start": "2040-13-45", "cola": "nan", "experience": "inf",
    "target": "<script>alert(1)</script>", "promote": "0001-01-01", "schedule": "`rm -rf`", "salary": "-5",
    "scenario": "../../etc/passwd", "compare": "x" * 300, "fy": "99999999999999999999",
    "projection": "0123456789ABCDEF", "by": "rank", "runs": "0", "seed": "-7", "recruit": "hire everyone",
}
EXTREMES = ["", " ", "0", "-0", "1e308", "-1e308", "nan", "9" * 40, "2040-01-01", "9999-12-31", "0001-01-01",
            "1950-01-01", "2100-12-31", "2101-01-01", "3", "3.5", "true", "null", "%00", "\u202e\u0000", "a,b,,c",
            "[a](javascript:alert(1))", "<img src=x onerror=alert(1)>", "x" * 5000]
URL_VALUE = st.one_of(st.sampled_from(EXTREMES), st.text(max_size=40),
                      st.integers(min_value=-(10**30), max_value=10**30).map(str),
                      st.floats(allow_nan=True, allow_infinity=True).map(str),
                      st.dates().map(lambda d: d.isoformat()))


def _notices(at) -> str:
    return "\n".join(w.value for w in at.warning)


@pytest.mark.parametrize("script", list(PAGES))
def test_every_refused_value_gets_a_notice_and_no_traceback(ladder_db, script):
    params = {name: REFUSED[name] for name in PAGES[script]} | {"nonsense": "1"}

    at = open_page(script, timeout=120, **params)

    assert not at.exception, at.exception
    shown = _notices(at)
    for name in params:
        assert f"`{name}`" in shown, (name, shown)


@pytest.mark.parametrize("script", [s for s, names in PAGES.items() if names])
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_values_in_the_url_never_break_a_page(ladder_db, script, data):
    names = data.draw(st.lists(st.sampled_from(PAGES[script]), min_size=1, max_size=4, unique=True))
    params = {name: data.draw(URL_VALUE, label=name) for name in names}

    at = open_page(script, timeout=120, **params)

    assert not at.exception, (params, at.exception)
