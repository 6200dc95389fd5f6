"""The one problem-report shape of tabular uploads: one row per problem (row, column, problem, value).

Warnings (what a file states that is accepted but looks wrong, such as a roster salary far from its
step's table amount) have the same shape, in a frame of their own: a problem refuses a file, a warning never.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from analytics.ingest.extract import TableError

# row: as a spreadsheet numbers it (the header is row 1), null for a file-level problem; column: null when
# the problem is not one column's; value: the offending value (or the file), when there is one.
REPORT_SCHEMA = {"row": pl.Int64, "column": pl.String, "problem": pl.String, "value": pl.String}
FIRST_DATA_ROW = 2


def problem_report(problems: Sequence[tuple[int | None, str | None, str, str | None]]) -> pl.DataFrame:
    """Return a report (REPORT_SCHEMA) of (row, column, problem, value) tuples."""
    return pl.DataFrame(list(problems), schema=REPORT_SCHEMA, orient="row")


def file_problem_report(error: TableError) -> pl.DataFrame:
    """Return the one-row report of a file that could not be read as a table."""
    return problem_report([(None, None, error.problem, error.value)])
