"""The URL encode/decode pair: parsing with fallbacks and notices, canonical encoding, and st.query_params binding."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.shared import url_state as us

SPEC: us.Spec = {
    "years": (3, us.integer(0, 40)),
    "rate": (0.03, us.number(0, 1)),
    "mode": ("grade", us.one_of(["grade", "title"], what="mode")),
    "vacant": (False, us.boolean),
    "start": (dt.date(2027, 7, 1), us.iso_date),
    "grades": ((), us.list_of(us.text(10))),
    "title": ("", us.text(50)),
}
DEFAULTS = {key: default for key, (default, *_) in SPEC.items()}


def test_no_params_give_every_default_without_notices():
    assert us.decode_view({}, SPEC) == (DEFAULTS, [])


def test_valid_params_are_parsed_and_options_take_their_canonical_spelling():
    params = {"years": "5", "rate": "0.025", "mode": "TITLE", "vacant": "true", "start": "2028-01-15",
              "grades": "18, 23,M-3", "title": "  Immigrant Workers Specialist 2 "}

    values, notices = us.decode_view(params, SPEC)

    assert notices == []
    assert values == {"years": 5, "rate": 0.025, "mode": "title", "vacant": True, "start": dt.date(2028, 1, 15),
                      "grades": ("18", "23", "M-3"), "title": "Immigrant Workers Specialist 2"}


@pytest.mark.parametrize(("key", "raw", "reason"), [
    ("years", "three", "not a whole number"),
    ("years", "41", "above the maximum 40"),
    ("rate", "nan", "not a finite number"),
    ("mode", "ladder", "unknown mode"),
    ("vacant", "maybe", "not true or false"),
    ("start", "2027-13-01", "not a date"),
    ("title", "x" * 51, "longer than 50 characters"),
])
def test_a_malformed_value_falls_back_to_its_default_with_a_notice(key, raw, reason):
    values, notices = us.decode_view({key: raw}, SPEC)

    assert values == DEFAULTS
    assert len(notices) == 1
    assert f"`{key}`" in notices[0] and reason in notices[0]


def test_the_notice_quotes_the_refused_value_safely_and_names_the_default():
    _, notices = us.decode_view({"years": "`[x](http://evil)`" + "9" * 100}, SPEC)

    assert "`'[x](http://evil)'999" in notices[0]  # inside a code span: shown, never rendered as a link
    assert "…" in notices[0]
    assert "showing the default `3`" in notices[0]


def test_unknown_params_get_a_notice_unless_kept():
    _, notices = us.decode_view({"colour": "blue", "embed_mode": "x"}, SPEC, keep=["embed_mode"])

    assert notices == ["Unknown URL parameter `colour` ignored."]


def test_an_empty_value_means_the_default_and_a_repeated_one_counts_by_its_last():
    values, notices = us.decode_view({"years": "", "mode": ["grade", "title"]}, SPEC)

    assert notices == []
    assert values["years"] == 3 and values["mode"] == "title"


def test_encoding_keeps_only_values_that_differ_from_their_defaults():
    values = {**DEFAULTS, "years": 5.0, "vacant": True, "grades": ["18", "23"], "start": dt.date(2028, 1, 1)}

    assert us.encode_view(values, SPEC) == {"years": "5", "vacant": "true", "grades": "18,23", "start": "2028-01-01"}
    assert us.encode_view(DEFAULTS, SPEC) == {}


def test_a_custom_encoder_is_used_when_the_spec_gives_one():
    spec = {"title": ("", us.text(), str.upper)}

    assert us.encode_view({"title": "a b"}, spec) == {"title": "A B"}


@pytest.mark.parametrize("changes", [
    {"years": 0}, {"rate": 0.5}, {"mode": "title"}, {"vacant": True}, {"start": dt.date(2030, 2, 28)},
    {"grades": ("SH 17", "M-3")}, {"title": "Director, Immigrant Workers Services"},
])
def test_decode_inverts_encode(changes):
    values = {**DEFAULTS, **changes}

    assert us.decode_view(us.encode_view(values, SPEC), SPEC) == (values, [])


def test_view_url_links_to_a_page_with_the_encoded_view():
    assert us.view_url("catalog", {"title": "Immigrant Workers Specialist 2"}, SPEC) == \
        "./catalog?title=Immigrant+Workers+Specialist+2"
    assert us.view_url("catalog", {"title": ""}, SPEC) == "./catalog"


def test_every_page_has_a_unique_url_path_and_home_is_the_root():
    paths = [p.url_path for p in us.PAGES]

    assert len(set(paths)) == len(paths)
    assert paths[0] == "" and us.PAGES[0].title == "Home"
    assert {"app_pages/home.py", "app_pages/catalog.py", "app_pages/ingest.py"} <= {
        p.script for p in us.available_pages()}


def _url_app():
    import streamlit as st

    from app_pages.shared import url_state as us

    spec = {"years": (3, us.integer(0, 40)), "mode": ("grade", us.one_of(["grade", "title"], what="mode"))}
    values, _ = us.read_view(spec)
    us.init_widget("years", values["years"])
    years = st.number_input("Years", min_value=0, max_value=40, key="years")
    st.text(f"mode={values['mode']}")
    us.write_view({"years": years, "mode": values["mode"]})


def test_read_view_shows_notices_and_write_view_leaves_the_canonical_url():
    at = AppTest.from_function(_url_app)
    at.query_params.update({"years": "99", "mode": "TITLE", "junk": "1"})

    at.run()

    assert not at.exception
    notice = at.warning[0].value
    assert "`years`" in notice and "`junk`" in notice
    assert at.text[0].value == "mode=title"
    assert at.query_params == {"mode": "title"}


def test_a_widget_starts_from_the_url_then_its_changes_go_back_to_the_url():
    at = AppTest.from_function(_url_app)
    at.query_params["years"] = "7"
    at.run()
    assert at.number_input(key="years").value == 7

    at.number_input(key="years").set_value(3).run()
    assert "years" not in at.query_params
    at.number_input(key="years").set_value(12).run()

    assert at.query_params == {"years": "12"}
    assert not at.warning


def test_dates_outside_the_range_a_view_may_name_are_refused():
    parse = us.date_between(dt.date(1950, 1, 1), dt.date(2100, 12, 31))
    assert parse("2100-12-31") == dt.date(2100, 12, 31)
    for raw, why in (("9999-12-31", "outside 1950-01-01 to 2100-12-31"), ("0001-01-01", "outside"),
                     ("2040-13-45", "not a date")):
        with pytest.raises(ValueError, match=why):
            parse(raw)
    assert us.iso_date("2026-12-04") == dt.date(2026, 12, 4)
