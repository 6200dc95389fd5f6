"""The Workforce projection page's figures and display tables on tiny inline frames: states told apart beyond
colour, cells flagged in words, titles shown as text."""

from __future__ import annotations

import polars as pl

from app_pages.workforce import figures as figs

STATES = ["18", "23"]
MATRIX = pl.DataFrame({"from": ["18", "18", "18", "23", "23", "23"], "to": ["18", "23", "exit", "18", "23", "exit"],
                       "p": [0.8, 0.1, 0.1, 0.0, 0.9, 0.1]})
YEARS = pl.DataFrame({"year": [0, 0, 1, 1], "state": ["18", "23", "18", "23"], "mean": [10.0, 5.0, 9.0, 6.0],
                      "p05": [10.0, 5.0, 7.0, 4.0], "p95": [10.0, 5.0, 11.0, 8.0]})


def test_each_state_has_a_line_and_a_band_sharing_one_legend_entry():
    fig = figs.stock_figure(YEARS, STATES, by="grade", first_year=2025)

    lines = [t for t in fig.data if t.showlegend is not False]
    assert [t.name for t in lines] == ["Grade 18", "Grade 23"]
    assert {t.legendgroup for t in fig.data} == {"18", "23"}
    assert lines[0].marker.symbol != lines[1].marker.symbol  # told apart by marker, not colour alone
    assert list(lines[0].x) == [2025, 2026]


def test_matrix_cells_say_in_words_which_rest_on_few_observations_and_which_were_edited():
    fig = figs.matrix_figure(MATRIX, STATES, by="grade", few=frozenset({("23", "exit")}),
                             edited=frozenset({("18", "23")}))

    heat = fig.data[0]
    assert list(heat.x) == ["Grade 18", "Grade 23", "Leaves"]
    assert list(heat.text[0]) == ["80.0%", "10.0%<br>edited", "10.0%"]
    assert list(heat.text[1]) == ["", "90.0%", "10.0%<br>few obs."]  # an empty 0 cell, a flagged one
    assert heat.customdata[1][2] == " (too few observations)"


def test_titles_are_chart_text_not_markup():
    matrix = MATRIX.with_columns(pl.col("from", "to").replace({"18": "<b>A</b>", "23": "B"}))

    fig = figs.matrix_figure(matrix, ["<b>A</b>", "B"], by="title")

    assert list(fig.data[0].y) == ["&lt;b&gt;A&lt;/b&gt;", "B"]


def test_the_estimate_table_names_too_few_observations_in_words():
    estimated = pl.DataFrame({"from": ["18", "18"], "to": ["18", "exit"], "n": [3, 1], "n_from": [4, 4],
                              "p": [0.75, 0.25], "p_low": [0.3, 0.05], "p_high": [0.95, 0.7], "too_few": [True, True]})

    table = figs.estimate_table(estimated, by="grade", min_observations=20)

    assert table["To"].to_list() == ["Grade 18", "Leaves"]
    assert table["Note"].to_list() == ["too few observations (fewer than 20 people in the state)"] * 2


def test_flows_add_up_the_states_of_each_year():
    flows = pl.DataFrame({"year": [1, 1, 1, 1], "kind": ["hires", "hires", "exits", "promotions"],
                          "state": ["18", "23", "18", "23"], "count": [2.0, 3.0, 4.0, 1.0]})

    fig = figs.flows_figure(flows, first_year=2025)

    assert {t.name: list(t.y) for t in fig.data} == {"Hires": [5.0], "Promotions": [1.0], "Exits": [4.0]}


def test_the_stock_table_shows_the_expected_value_and_the_band():
    table = figs.stock_table(YEARS, STATES, by="grade", first_year=2025)

    assert table.row(0) == ("Grade 18", "10 (10–10)", "9 (7–11)")
