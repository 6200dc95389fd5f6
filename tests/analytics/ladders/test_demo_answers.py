"""Career answers on the bundled demo data, as the `ladder` command gives them (issue 9's examples)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analytics.cli.ladder import ladder_report, load_frames
from analytics.ladders.view import Profile

AS_OF = dt.date(2026, 12, 4)
ISA = "Information Systems Analyst"


@pytest.fixture(scope="module")
def frames(demo_db_template: Path):
    return {name: frame.collect().lazy() for name, frame in load_frames(str(demo_db_template)).items()}


def _targets(frames, title: str, years: float, education: str = "bachelor") -> dict[str, dict]:
    report = ladder_report(frames, Profile(title, years, years, education, AS_OF))
    return {t["title"]: t for t in report["targets"]}


@pytest.mark.parametrize("years", [0.0, 2.0, 5.0])
def test_two_parallel_classes_with_the_same_requirements_get_the_same_answer(frames, years):
    # Item 5: Associate ISA (Specialist) and (Supervisor) share a level and their requirements.
    got = _targets(frames, f"Assistant {ISA}", years)
    specialist, supervisor = (got[f"Associate {ISA} ({track})"] for track in ("Specialist", "Supervisor"))

    fields = ("status", "years_to_eligible", "required_years")
    assert [specialist[f] for f in fields] == [supervisor[f] for f in fields]


def test_parallel_classes_are_sideways_not_a_promotion(frames):
    # Item 6: from Associate ISA (Specialist) the Supervisor track is a same-level move, never a title up.
    report = ladder_report(frames, Profile(f"Associate {ISA} (Specialist)", 2.0, 2.0, "bachelor", AS_OF))

    assert f"Associate {ISA} (Supervisor)" not in {t["title"] for t in report["targets"]}
    assert {m["title"]: m["kind"] for m in report["lateral"]}[f"Associate {ISA} (Supervisor)"] == "same_level"


def test_staff_isa_is_not_eligible_now_on_a_bachelors_alone(frames):
    # Item 3: Staff ISA's only route without experience is 30 graduate semester units.
    got = _targets(frames, f"Assistant {ISA}", 0.0)

    assert got[f"Staff {ISA} (Supervisor)"]["status"] == "later"
    assert got[f"Staff {ISA} (Supervisor)"]["years_to_eligible"] == 2.0
