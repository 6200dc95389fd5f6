"""parse_spec on small documents: real excerpts of each layout family, cut to the lines that matter (long
requirement sentences are shortened after a clause).

The comment over each document names its source under ../shared. Only the public parse_spec is used."""

from __future__ import annotations

import pytest

from analytics.ingest.parse.spec import parse_spec

# New York State classification standard, one level (seeds/nys_immigrant_community_specialist.txt)
NYS_ONE_LEVEL = """New York State Department of Civil Service
Classification Standard
Occ. Code 8160100
Immigrant Community Specialist 1, Grade 18 8160100
Brief Description of Class Series
Immigrant Community Specialists provide information and guidance to immigrants in applying for citizenship and accessing social services.
Minimum Qualifications
Non-Competitive: Six years of experience in providing assistance to or helping constituents, clients or citizens understand and participate in public and private programs.
Substitution: a bachelor's degree may substitute for four years of the required experience. A master's degree may substitute for five years of the required experience.
"""

# New York State classification standard, three levels on one header line (seeds/nys_immigrant_community_specialist.txt)
NYS_SERIES = """New York State Department of Civil Service
Classification Standard
Occ. Code 8160100
Immigrant Community Specialist 1, Grade 18 8160100 Immigrant Community Specialist 2, Grade 23 8160200 Immigrant Community Specialist 3, Grade 27 8160300
Minimum Qualifications
Immigrant Community Specialist 1
Non-Competitive: Six years of experience in providing assistance to or helping constituents, clients or citizens understand and participate in public and private programs.
Immigrant Community Specialist 2
Non-Competitive: Seven years of experience in providing assistance to or helping constituents, clients or citizens understand and participate in public and private programs.
Immigrant Community Specialist 3
Non-Competitive: Eight years of experience in providing assistance to or helping constituents, clients or citizens understand and participate in public and private programs.
"""

# CalHR series specification with a class table (corpus/calhr_class_specs/calhr_1277_legal_support_supervisor_series.txt)
CALHR_SERIES = """Legal Support Supervisor Series
California State Personnel Board Specification
Series established December 3, 1975
Schem Code | Class Code | Class
CE42 | 1277 | Legal Support Supervisor I
CE44 | 1278 | Legal Support Supervisor II
Minimum Qualifications
Legal Support Supervisor I
Either I
One year of experience in the California state service performing the duties of a Senior Stenographer, Legal, Range B or Senior Typist, Legal, Range B.
Or II
Three years of experience in legal stenographic and/or clerical work.
Legal Support Supervisor II
Either I
One year of experience performing the duties of a Legal Support Supervisor I; or two years of experience performing the duties of a Senior Stenographer, Legal, Range B or Senior Typist, Legal, Range B.
Or II
Four years of experience in legal stenographic and/or clerical work, at least two years of which shall have been in a supervisory capacity.
"""

# CalHR class table with parallel (Specialist)/(Supervisor) classes (corpus/calhr_class_specs/calhr_1579_programmer_analyst_series.txt)
CALHR_PARALLEL = """Programmer Analyst Series
California State Personnel Board Specification
Series established July 24, 1975
Schem Code | Class Code | Class
LM20 | 1579 | Associate Programmer Analyst (Specialist)
LM16 | 1581 | Staff Programmer Analyst (Specialist)
LM14 | 1582 | Staff Programmer Analyst (Supervisor)
LM12 | 1583 | Senior Programmer Analyst (Specialist)
LM10 | 1584 | Senior Programmer Analyst (Supervisor)
Definition of Series
Entry into this series is typically through the Programmer classification.
"""

# City of Los Angeles job bulletin (corpus/la_city_job_bulletins/senior_real_estate_officer_1961_0413018_2.txt)
LA_BULLETIN = """SENIOR REAL ESTATE OFFICER

Class Code:       1961
Open Date:  04-13-18

ANNUALSALARY

$83,352 to $121,876

REQUIREMENTS/MINIMUM QUALIFICATIONS

1.\tTwo years of full-time paid real estate experience with the City of Los Angeles as a Real Estate Officer; or
2.\tGraduation from an accredited four year college or university with a Bachelors degree in Economics; and
3.\tFive years of full-time paid real estate experience personally performing work which provides experience in one or more of the following areas:
"""

# County civil-service spec in Markdown (seeds/county_employment_case_manager.txt)
COUNTY_PROMOTIONAL = """**DEPARTMENT:** SOCIAL SERVICES
**CLASSIFICATION:** COMPETITIVE
**APPROVED:** JULY 23, 2015

**EMPLOYMENT CASE MANAGER**

### MINIMUM QUALIFICATIONS:

**SUGGESTED PROMOTIONAL QUALIFICATIONS:** One (1) year of permanent competitive status as a Senior Social Services Worker or three (3) years as a Social Services Worker immediately preceding the date of written examination.

**OPEN-COMPETITIVE:** Graduation from high school or possession of an equivalency diploma

**AND:** 1. Graduation from a regionally accredited college or university with a Bachelor's Degree in social work and one (1) year of full-time paid experience in social casework;

**OR:** 3. Five (5) years of full-time paid experience in social casework.
"""

# Connecticut job class spec (seeds/ct_labor_dept_community_services_representative.txt)
CT_SUBSTITUTION = """State of Connecticut Executive Branch
Labor Department Community Services Representative (5246SH)
MINIMUM QUALIFICATIONS - GENERAL EXPERIENCE
Five (5) years of technical level experience in counseling, employment placement, job service, unemployment insurance or employment and training functions.
MINIMUM QUALIFICATIONS - SUBSTITUTIONS ALLOWED
  \u2022 College training may be substituted for the General Experience on the basis of fifteen (15) hours equalling one-half (1/2) year of experience to a maximum four (4) years for a Bachelor's degree.
SALARY INFORMATION
SH 17
"""

# NEOGOV posting (corpus/neogov_election_postings/2022_26_may_07_election_specialist_lead.txt)
NEOGOV_POSTING = """=== JOB DETAILS ===

Title: Election Specialist Lead
Salary: $3,819.00 - $5,079.00 MONTH
Employer: Thurston County
Bargaining Unit: AFSCME CO

=== JOB DESCRIPTION ===

High School Diploma or GED and college courses in business, office management or public administration.  Additional experience may be substituted for education on a year for year basis.
Experience working in elections, the ability to earn a Washington State Certified Elections Administrator certification within two (2) years of employment, and three (3) years of office experience which included public interaction.
"""

DOCUMENTS = {
    "nys_one_level": NYS_ONE_LEVEL, "nys_series": NYS_SERIES, "calhr_series": CALHR_SERIES,
    "calhr_parallel": CALHR_PARALLEL, "la_bulletin": LA_BULLETIN, "county_promotional": COUNTY_PROMOTIONAL,
    "ct_substitution": CT_SUBSTITUTION, "neogov_posting": NEOGOV_POSTING,
}
RECORD_KEYS = ["file", "jurisdiction", "effective_date", "classification", "bargaining_unit", "titles",
               "promotions", "supervised_by", "related", "evidence"]


def _promotions(record: dict, kind: str) -> list[tuple[str, str, float | None]]:
    return [(p["from_title"], p["to_title"], p["years"]) for p in record["promotions"] if p["kind"] == kind]


def test_one_title_with_class_code_and_grade_read_from_the_header_line():
    text = NYS_ONE_LEVEL

    record = parse_spec(text, file_name="nys_immigrant_community_specialist.txt")

    assert (record["file"], record["jurisdiction"]) == ("nys_immigrant_community_specialist.txt", "New York State")
    [title] = record["titles"]
    assert (title["title"], title["class_code"], title["grade"]) == ("Immigrant Community Specialist 1", "8160100", "18")
    assert (title["series"], title["level"]) == (None, None)
    assert title["qualification_paths"] == [{"education": None, "experience_years": 6.0, "supervisory_years": None,
                                             "specialized_years": None, "field": None,
                                             "coursework_units": None, "coursework_level": None}]
    evidence = record["evidence"]
    assert text[slice(*evidence["titles[0].class_code"])] == "8160100"
    assert text[slice(*evidence["titles[0].grade"])] == "18"
    assert record["promotions"] == []


def test_a_three_level_series_gives_one_title_per_level_and_series_steps_between_them():
    text = NYS_SERIES

    record = parse_spec(text)

    assert [(t["title"], t["grade"], t["class_code"], t["series"], t["level"]) for t in record["titles"]] == [
        ("Immigrant Community Specialist 1", "18", "8160100", "Immigrant Community Specialist", 1),
        ("Immigrant Community Specialist 2", "23", "8160200", "Immigrant Community Specialist", 2),
        ("Immigrant Community Specialist 3", "27", "8160300", "Immigrant Community Specialist", 3),
    ]
    # each level's requirement goes to that level only
    assert [t["experience_years"] for t in record["titles"]] == [6.0, 7.0, 8.0]
    assert _promotions(record, "series") == [
        ("Immigrant Community Specialist 1", "Immigrant Community Specialist 2", None),
        ("Immigrant Community Specialist 2", "Immigrant Community Specialist 3", None),
    ]
    # a series step's span runs from the lower title to the higher one
    step = text[slice(*record["evidence"]["promotions[0]"])]
    assert step.startswith("Immigrant Community Specialist 1") and step.endswith("Immigrant Community Specialist 2")


def test_a_calhr_class_table_series_with_its_promotional_lines():
    record = parse_spec(CALHR_SERIES)

    assert [(t["title"], t["class_code"], t["grade"], t["series"], t["level"]) for t in record["titles"]] == [
        ("Legal Support Supervisor I", "1277", None, "Legal Support Supervisor", 1),
        ("Legal Support Supervisor II", "1278", None, "Legal Support Supervisor", 2),
    ]
    # one edge per pair: the stated line from Legal Support Supervisor I replaces the series step it restates
    assert _promotions(record, "series") == []
    # "Either I: one year ... performing the duties of a X" is a promotional line, not a qualification path
    assert _promotions(record, "promotional_line") == [
        ("Senior Stenographer, Legal", "Legal Support Supervisor I", 1.0),
        ("Senior Typist, Legal", "Legal Support Supervisor I", 1.0),
        ("Legal Support Supervisor I", "Legal Support Supervisor II", 1.0),
        ("Senior Stenographer, Legal", "Legal Support Supervisor II", 2.0),
        ("Senior Typist, Legal", "Legal Support Supervisor II", 2.0),
    ]
    assert [t["experience_years"] for t in record["titles"]] == [3.0, 4.0]


def test_parallel_classes_of_one_level_get_no_series_step_between_them():
    record = parse_spec(CALHR_PARALLEL)

    # classes side by side at one level share it (tests/golden/ANNOTATION.md): Specialist / Supervisor tracks
    assert [t["level"] for t in record["titles"]] == [1, 2, 2, 3, 3]
    assert {t["series"] for t in record["titles"]} == {"Programmer Analyst"}
    assert _promotions(record, "series") == [
        ("Associate Programmer Analyst (Specialist)", "Staff Programmer Analyst (Specialist)", None),
        ("Staff Programmer Analyst (Supervisor)", "Senior Programmer Analyst (Specialist)", None),
    ]


@pytest.mark.parametrize(("name", "title", "expected"), [
    # "Two years ... with the City of Los Angeles as a Real Estate Officer; or"
    ("la_bulletin", "Senior Real Estate Officer", [("Real Estate Officer", "Senior Real Estate Officer", 2.0)]),
    # "One (1) year of permanent competitive status as a Senior Social Services Worker or three (3) years as a ..."
    ("county_promotional", "Employment Case Manager", [
        ("Senior Social Services Worker", "Employment Case Manager", 1.0),
        ("Social Services Worker", "Employment Case Manager", 3.0),
    ]),
])
def test_time_in_a_named_class_becomes_a_promotional_line(name, title, expected):
    record = parse_spec(DOCUMENTS[name])

    assert [t["title"] for t in record["titles"]] == [title]
    assert _promotions(record, "promotional_line") == expected
    assert [p["kind"] for p in record["promotions"]] == ["promotional_line"] * len(expected)


def test_the_other_paths_of_a_block_with_a_promotional_line():
    la = parse_spec(LA_BULLETIN)["titles"][0]
    county = parse_spec(COUNTY_PROMOTIONAL)["titles"][0]

    assert (la["class_code"], la["salary_min"], la["salary_max"], la["salary_unit"]) == ("1961", 83352.0, 121876.0,
                                                                                         "yearly")
    assert [(p["education"], p["experience_years"]) for p in la["qualification_paths"]] == [("bachelor", 5.0)]
    assert [(p["education"], p["experience_years"]) for p in county["qualification_paths"]] == [
        ("bachelor", 1.0), ("high_school", 5.0)]


@pytest.mark.parametrize(("name", "expected"), [
    # "a bachelor's degree may substitute for four years ... A master's degree may substitute for five years"
    ("nys_one_level", [{"education": "bachelor", "years": 4.0}, {"education": "master", "years": 5.0}]),
    # "fifteen (15) hours equalling one-half (1/2) year ... to a maximum four (4) years for a Bachelor's degree"
    ("ct_substitution", [{"education": "bachelor", "years": 4.0}]),
    # "Additional experience may be substituted for education on a year for year basis": no stated years
    ("neogov_posting", []),
])
def test_substitutions(name, expected):
    text = DOCUMENTS[name]

    [title] = parse_spec(text)["titles"]

    assert title["substitutions"] == expected


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_record_shape_and_evidence_spans(name):
    text = DOCUMENTS[name]

    record = parse_spec(text, file_name=f"{name}.txt")

    assert list(record) == RECORD_KEYS
    assert record["titles"]
    for key, (start, end) in record["evidence"].items():
        assert 0 <= start < end <= len(text), key
    for i, title in enumerate(record["titles"]):
        start, end = record["evidence"][f"titles[{i}].title"]
        assert text[start:end].lower() == title["title"].lower()


@pytest.mark.parametrize("text", [
    "",
    "\n  \n\t\n",
    # headings alone (CalHR, LA City bulletin), no title and no requirement under them
    "Minimum Qualifications\n",
    "DUTIES\n\nREQUIREMENTS/MINIMUM QUALIFICATIONS\n\nNOTES:\n",
])
def test_an_empty_or_heading_only_text_gives_no_titles(text):
    record = parse_spec(text)

    assert list(record) == RECORD_KEYS
    assert (record["titles"], record["promotions"], record["supervised_by"], record["related"]) == ([], [], [], [])
    assert record["evidence"] == {}


# --- carried over to new layouts (issue 8's spot check of pool documents) -----------------------------------

def test_a_preferred_block_with_its_own_sub_heading_states_no_path():
    # election-office posting (pool/bpc/2025_5_jun_03_elections_coordinator_communications_compliance.txt), shortened
    text = ("Title: Elections Coordinator\n\nMINIMUM QUALIFICATIONS\n\nEducation and Experience:\n\nAssociate's Degree "
            "from an accredited college and three (3) years of experience in elections.\n\nPREFERRED QUALIFICATIONS\n\n"
            "Education and Experience:\n\nBachelor's Degree in Political Science and three (3) years of experience, "
            "preferably in a Board of Elections office\n")

    [title] = parse_spec(text)["titles"]

    assert [(p["education"], p["experience_years"]) for p in title["qualification_paths"]] == [("associate", 3.0)]


def test_a_lead_in_line_opens_the_requirements_and_a_wish_is_left_out():
    # election-office postings (pool/bpc/2025_17_apr_02_elections_division_manager.txt,
    # pool/bpc/2023_2_nov_05_registrar_of_voters.txt), shortened
    text = ("Title: Elections Division Manager\n\nThis position requires:\nBachelor's degree in political science;\n"
            "And five years of experience in elections administration, with one of those years in a supervisory role.\n")
    wish = ("Title: Registrar of Voters\n\nEducation: Graduation from an accredited college with a Bachelor's degree.\n\n"
            "Experience: Five years full-time managerial experience in a governmental agency, with at least two years "
            "desirable in administering a voter registration program.\n")

    [title] = parse_spec(text)["titles"]
    [registrar] = parse_spec(wish)["titles"]

    assert [(p["education"], p["experience_years"], p["supervisory_years"]) for p in title["qualification_paths"]] == [
        ("bachelor", 5.0, 1.0)]
    assert [(p["education"], p["experience_years"]) for p in registrar["qualification_paths"]] == [("bachelor", 5.0)]


def test_alternatives_after_a_semicolon_or_or_comma():
    # election-office posting (pool/bpc/2025_18_dec_05_voter_services_manager.txt), shortened
    text = ("Title: Voter Services Manager\n\nMINIMUM TRAINING AND EXPERIENCE:\n"
            "Bachelor's degree in public administration\nTwo years of experience in a public setting performing related "
            "duties; and 1 year of supervisory experience: or, High school diploma and five years of progressively "
            "responsible administrative experience in a voter registration or election office, or closely related "
            "field; and three years of supervisory experience.\n")

    [title] = parse_spec(text)["titles"]

    assert [(p["education"], p["experience_years"], p["supervisory_years"])
            for p in title["qualification_paths"]] == [("bachelor", 3.0, 1.0), ("high_school", 8.0, 3.0)]


def test_a_department_named_airports_and_supervision_of_a_group():
    # City of Los Angeles bulletin (pool/la/senior_window_cleaner_3174_013114_rev021314.txt), shortened
    text = ("SENIOR WINDOW CLEANER\nClass Code: 3174\nOpen Date: 01-31-14\n\nANNUAL SALARY\n\n$44,223 to $54,956\n"
            "The salary in the Los Angeles World Airports is $48,629 to $60,426.\n\nDUTIES\n\nA Senior Window Cleaner "
            "supervises and participates in the work of a group of Window Cleaners engaged in cleaning windows.\n")

    record = parse_spec(text)

    [title] = record["titles"]
    assert [r["department"] for r in title["salary_ranges"]] == [None, "Los Angeles World Airports"]
    assert [(s["title"], s["supervisor_title"]) for s in record["supervised_by"]] == [
        ("Window Cleaner", "Senior Window Cleaner")]


def test_a_class_code_after_a_named_class_is_no_class_of_its_own():
    # City of Los Angeles bulletin (pool/la/mechanical_engineer_7558_100617.txt), shortened
    text = ("MECHANICAL ENGINEER\nClass Code: 7558\n\nREQUIREMENTS/MINIMUM QUALIFICATIONS\n\nTwo years of full-time paid "
            "professional experience with the City of Los Angeles as a Mechanical Engineering Associate II, Class Code "
            "7554, performing mechanical engineering work.\n")

    assert [(p["from_title"], p["years"]) for p in parse_spec(text)["promotions"]] == [
        ("Mechanical Engineering Associate II", 2.0)]
