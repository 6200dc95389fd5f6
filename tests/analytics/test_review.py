"""The review queue on a copy of the demo database: what it lists, and that accepting an item takes it off."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from analytics import db
from analytics.audit import cli_user
from analytics.ingest.load.corrections import Change, correct
from analytics.ingest.load.documents import load_file
from analytics.review import accept, review_items, waiting_count
from tests.analytics.ingest.load.test_versions import CT_CODE, ct_variant
from tests.conftest import demo_db_copy

WHO = cli_user()
# A posting whose hourly range is not its yearly one: $20-$25 an hour is $41,600-$52,000 a year, not $60,000-$70,000.
DISAGREEING_UNITS = """CITY OF SPRINGFIELD
CLASS SPECIFICATION

Account Clerk II
Class Code: 1234

SALARY: $20.00 - $25.00 Hourly; $60,000.00 - $70,000.00 Annually

MINIMUM QUALIFICATIONS
Two years of clerical experience.
"""


@pytest.fixture()
def con(demo_db_template: Path, tmp_path: Path):
    connection = db.connect(demo_db_copy(demo_db_template, tmp_path))
    yield connection
    connection.close()


def test_a_title_read_with_low_confidence_is_listed_and_accepting_it_takes_it_off(con):
    items = review_items(con)
    low = items.filter(kind="title")
    assert low["title"].to_list() == ["Employment Case Manager"]
    assert low["confidence"].item() < 0.75 and low["char_end"].item() > low["char_start"].item()
    assert review_items(con, threshold=0.5).filter(kind="title").is_empty()

    assert accept(con, low["item_key"].to_list(), who=WHO) == 1

    after = review_items(con)
    assert after.filter(kind="title").is_empty()
    assert after.height == items.height - 1 == waiting_count(con)
    assert db.run(con, "audit_log", {"limit": 1})["action"].item() == "accept review items"


def test_the_queue_lists_each_kind_of_doubt(con, tmp_path):
    posting = tmp_path / "account_clerk.txt"
    posting.write_text(DISAGREEING_UNITS, encoding="utf-8")
    load_file(con, posting)
    ct = db.run(con, "ladder_classes").filter(class_code=CT_CODE)
    correct(con, ct["class_id"].item(), Change("grade", "SH 18", "re-graded"), who=WHO)
    load_file(con, ct_variant(tmp_path, "ct_2026.txt", [("SH 17", "SH 19"), ("12/15/2023", "06/01/2026")]))

    items = review_items(con)

    units = items.filter(kind="pay_units")
    assert units["title"].to_list() == ["Account Clerk II"]
    assert units["detail"].item() == ("the stated pay units disagree: $20.00–$25.00 hourly (× 2080 = $41,600–$52,000 a "
                                      "year); $60,000.00–$70,000.00 yearly")
    assert items.filter(kind="correction")["detail"].item().startswith("grade: corrected from SH 17 to SH 18")
    edges = items.filter(kind="edge")
    assert edges.height > 0 and (edges["confidence"] < 0.75).all()
    unresolved = items.filter(kind="unresolved")
    assert unresolved["detail"].str.contains("no loaded class is called").all()
    assert items.filter(kind="requirements").height > 0
    # every item names a current class to correct it on, except edges of documents whose class is not loaded
    assert items.filter(pl.col("kind") != "unresolved")["class_id"].null_count() == 0


def test_accepting_a_correction_item_is_not_a_decision_on_it(con):
    assert accept(con, ["correction|abc"], who=WHO) == 0
