"""Stage 5, the output conventions (tests/golden/ANNOTATION.md): what read clauses become in the record."""

from __future__ import annotations

from analytics.ingest.parse.conventions import alternative_facts, one_edge_per_pair, progressions
from analytics.ingest.parse.requirements import Edge
from analytics.ingest.parse.spec import parse_spec
from analytics.vocabulary import FEEDER, PROMOTIONAL_LINE, SERIES


def _facts(text: str, common: str | None = None, known: frozenset[str] = frozenset()):
    paths, edges = alternative_facts(text, 0, common_education=common, known_titles=known)
    return [(p.education, p.experience_years) for p in paths], [(e.from_title, e.years) for e in edges]


def test_time_in_a_named_class_only_is_a_line_not_a_path():
    # City of Los Angeles bulletin (corpus/la_city_job_bulletins/senior_real_estate_officer_1961_0413018_2.txt)
    assert _facts("Two years of full-time paid experience with the City of Los Angeles as a Real Estate Officer") == (
        [], [("Real Estate Officer", 2.0)])


def test_class_time_with_education_is_both_a_line_and_a_path():
    # City of Los Angeles bulletin (corpus/la_city_job_bulletins/payroll_analyst_1630_031816.txt)
    text = ("An associate's degree from an accredited college or university and six years of full-time paid experience "
            "in the administration of payroll operations, as a Payroll Supervisor with the City of Los Angeles.")

    assert _facts(text) == ([("associate", 6.0)], [("Payroll Supervisor", 6.0)])


def test_class_time_with_education_shared_by_all_alternatives_is_both():
    # CalHR series (corpus/calhr_class_specs/calhr_0762_environmental_scientist_series.txt): "All Levels: Education"
    text = ("Experience: Two years of experience in the California state civil service performing the duties of an "
            "Environmental Scientist, Range C.")

    assert _facts(text, common="bachelor") == ([("bachelor", 2.0)], [("Environmental Scientist", 2.0)])


def test_an_equivalence_is_not_a_path():
    # NYC Jobs records (corpus2/nyc_jobs_open_data)
    for text in ('Education and/or experience which is equivalent to "1" or "2" above. However, all candidates must '
                 'have at least one year of experience as described in "1" above.',
                 "A satisfactory equivalent combination of education and experience."):
        assert _facts(text) == ([], [])


def test_a_class_named_far_after_the_years_only_qualifies_the_experience():
    text = ("Three years of full-time paid professional experience in the administration, preparation, analysis and "
            "oversight of centralized or departmental payroll operations in a large public agency, preferably as a "
            "Payroll Analyst.")

    paths, lines = _facts(text)
    assert lines == [] and paths == [(None, 3.0)]


def test_one_edge_per_pair_keeps_the_stated_line_and_the_smaller_years():
    step = (Edge("Tree Surgeon", None, SERIES, (0, 5), 0.75), "Tree Surgeon Supervisor")
    with_degree = (Edge("Tree Surgeon", 3.0, PROMOTIONAL_LINE, (10, 20)), "Tree Surgeon Supervisor")
    without = (Edge("Tree Surgeon", 4.0, PROMOTIONAL_LINE, (30, 40)), "Tree Surgeon Supervisor")
    feeder = (Edge("Tree Trimmer", None, FEEDER, (50, 60)), "Tree Surgeon Supervisor")

    kept = one_edge_per_pair([step, without, with_degree, feeder])

    assert [(e.from_title, e.years, e.kind) for e, _ in kept] == [("Tree Surgeon", 3.0, PROMOTIONAL_LINE),
                                                                 ("Tree Trimmer", None, FEEDER)]


def test_a_stated_progression_out_of_a_class_is_a_line_from_it():
    text = "After twelve months of satisfactory service, the trainee will advance to Clerk II."

    [(edge, to_title)] = progressions(text, 0, "Clerk Trainee")

    assert (edge.from_title, to_title, edge.years, edge.kind) == ("Clerk Trainee", "Clerk II", 1.0, PROMOTIONAL_LINE)


def test_every_title_and_edge_carries_a_confidence_in_the_extract_json():
    text = ("CLERK TRAINEE\nClass Code: 1001\n\nDUTIES\nLearns office routines. After twelve months the trainee will "
            "advance to Clerk II.\nWorks under the supervision of the Office Manager.\n\nREQUIREMENTS\n"
            "1. Graduation from high school; or\n2. One year of experience as a Student Worker with the City.\n")

    record = parse_spec(text)

    [title] = record["titles"]
    assert 0 < title["confidence"] <= 1
    assert record["promotions"] and record["supervised_by"]
    assert all(0 < e["confidence"] <= 1 for key in ("promotions", "supervised_by", "related") for e in record[key])
    assert {(p["from_title"], p["to_title"]) for p in record["promotions"]} == {("Clerk Trainee", "Clerk II"),
                                                                             ("Student Worker", "Clerk Trainee")}
