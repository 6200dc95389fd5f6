"""The one way a page shows an upload's problem report (row, column, problem, value), as plain text cells."""

from __future__ import annotations

import polars as pl
import streamlit as st


def show_problem_report(report: pl.DataFrame) -> None:
    """Show a problem report (analytics.ingest.tables.problems.REPORT_SCHEMA) as a table."""
    st.dataframe(report, hide_index=True, column_config={
        "row": st.column_config.NumberColumn("Row", help="As a spreadsheet shows it: the header is row 1.",
                                             format="%d"),
        "column": "Column",
        "problem": st.column_config.TextColumn("Problem", width="large"),
        "value": "Value",
    })
