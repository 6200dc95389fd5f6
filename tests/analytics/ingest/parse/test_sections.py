"""Sections of a class spec: lines with offsets, heading lines and their kinds, section spans.

Every heading line and passage below is copied from a real document of ../shared (corpus/, corpus2/,
seeds/); the comment over each group names the file. Long paragraphs are shortened: cut after a clause,
with a full stop where the cut needs one."""

from __future__ import annotations

import pytest

from analytics.ingest.parse.sections import Span, heading_kind, lines, sections_of, split_sections

# CalHR series specification (corpus/calhr_class_specs/calhr_1277_legal_support_supervisor_series.txt)
CALHR_1277 = """Legal Support Supervisor Series
California State Personnel Board Specification
Series established December 3, 1975
Scope
This series specification describes two classes in the California state service which supervise the performance of legal secretarial support work of varying difficulty.
Legal Support Supervisor Series Specification - Class Titles and Codes
Schem Code | Class Code | Class
CE42 | 1277 | Legal Support Supervisor I
CE44 | 1278 | Legal Support Supervisor II
Definition of Series
Legal Support Supervisors perform a wide variety of supervisory and administrative duties necessary to maintain the support functions of a large legal office.
Definition of Levels
Legal Support Supervisor I
This is the first supervisory level in the Legal Support Supervisor series.
Minimum Qualifications
Legal Support Supervisor I
Either I
One year of experience in the California state service performing the duties of a Senior Stenographer, Legal, Range B or Senior Typist, Legal, Range B.
Or II
Three years of experience in legal stenographic and/or clerical work.
Knowledge and Abilities
Both Levels:
Knowledge of: Technical legal terms and various legal forms and documents and their processing.
"""

# City of Los Angeles job bulletin (corpus/la_city_job_bulletins/senior_real_estate_officer_1961_0413018_2.txt);
# \x20 keeps the spaces of the original's whitespace-only line (and of "Experience " in NEOGOV_MI).
LA_1961 = """SENIOR REAL ESTATE OFFICER

Class Code:       1961
Open Date:  04-13-18
(Exam Open to All, Including Current City Employees)

ANNUALSALARY

$83,352 to $121,876

      NOTES:
\x20\x20\x20\x20\x20\x20
2. Annual salary is at the start of the pay range. The current salary range is subject to change.

DUTIES

A Senior Real Estate Officer personally performs complex tasks involving real property rights.

REQUIREMENTS/MINIMUM QUALIFICATIONS

1.\tTwo years of full-time paid real estate experience with the City of Los Angeles as a Real Estate Officer; or
"""

# NEOGOV posting, NC State Board of Elections (corpus/neogov_election_postings/2020_3_dec_03_network_engineer.txt)
NEOGOV_NC = """=== JOB DETAILS ===

SALARY: $74,987.00 - $121,857.00 Annually
LOCATION: Wake County, NC
JOB TYPE: Time-Limited Full-Time
"""

# NEOGOV posting, State of Michigan (corpus/neogov_election_postings/2025_5_jun_01_campaign_finance_manager.txt)
NEOGOV_MI = """=== JOB DESCRIPTION ===

Education
Possession of a bachelor's degree in any major.

Experience\x20
Four years of professional experience, including two years equivalent to the experienced (P11) level or one year equivalent to the advanced (12) level.

Alternate Education and Experience

High School diploma or GED AND 4 years of Dept of State Branch Supervisor 11 level or above experience.
"""

PASSAGES = {"calhr_1277": CALHR_1277, "la_1961": LA_1961, "neogov_nc": NEOGOV_NC, "neogov_mi": NEOGOV_MI}


def test_lines_keep_their_offsets_into_the_text():
    # City of Los Angeles job bulletin (corpus/la_city_job_bulletins/senior_real_estate_officer_1961_0413018_2.txt)
    text = "SENIOR REAL ESTATE OFFICER\n\nClass Code:       1961\n"

    spans = lines(text)

    assert spans == [Span(0, 26, "SENIOR REAL ESTATE OFFICER"), Span(27, 27, ""),
                     Span(28, 50, "Class Code:       1961"), Span(51, 51, "")]
    assert all(text[s.start:s.end] == s.text for s in spans)
    assert lines("") == [Span(0, 0, "")]


@pytest.mark.parametrize("expected", [
    # CalHR series specification (corpus/calhr_class_specs/calhr_1277_legal_support_supervisor_series.txt,
    # calhr_1155_case_records_technician_series.txt)
    pytest.param({"Scope": ("other", 5), "Definition of Series": ("other", 20),
                  "Definition of Levels": ("distinguishing", 20), "Minimum Qualifications": ("qualifications", 22),
                  "Knowledge and Abilities": ("other", 23), "Class History": ("other", 13),
                  "Typical Tasks": ("duties", 13)}, id="calhr"),
    # City of Los Angeles job bulletin (corpus/la_city_job_bulletins/senior_real_estate_officer_1961_0413018_2.txt,
    # elevator_mechanic_3866_012717_rev_080718.txt): the heading length counts the indent of "      NOTES:"
    pytest.param({"ANNUALSALARY": ("salary", 12), "ANNUAL SALARY": ("salary", 13), "DUTIES": ("duties", 6),
                  "REQUIREMENTS/MINIMUM QUALIFICATIONS": ("qualifications", 35), "PROCESS NOTES": ("other", 13),
                  "      NOTES:": ("other", 12), "SELECTIVE CERTIFICATION": ("other", 23)}, id="la_city"),
    # NEOGOV postings (corpus/neogov_election_postings/2020_3_dec_03_network_engineer.txt,
    # 2025_5_jun_01_campaign_finance_manager.txt): a capitalised "SALARY:" label is a heading with its body after it
    pytest.param({"=== JOB DETAILS ===": ("posting", 19), "=== JOB DESCRIPTION ===": ("posting", 23),
                  "SALARY: $74,987.00 - $121,857.00 Annually": ("salary", 8), "Education": ("education", 9),
                  "Experience ": ("experience", 11),
                  "Alternate Education and Experience": ("experience", 34)}, id="neogov"),
    # Connecticut job class spec (seeds/ct_labor_dept_community_services_representative.txt)
    pytest.param({"PURPOSE OF JOB CLASS (NATURE OF WORK)": ("other", 37), "SUPERVISION RECEIVED": ("supervision", 20),
                  "EXAMPLES OF DUTIES": ("duties", 18), "KNOWLEDGE, SKILL AND ABILITY": ("other", 28),
                  "MINIMUM QUALIFICATIONS - GENERAL EXPERIENCE": ("qualifications", 43),
                  "SALARY INFORMATION": ("salary", 18)}, id="connecticut"),
    # New York State classification standards (seeds/nys_immigrant_workers_specialist.txt,
    # seeds/nys_immigrant_community_specialist.txt)
    pytest.param({"DISTINGUISHING CHARACTERISTICS": ("distinguishing", 30), "RELATED CLASSES": ("related", 15),
                  "ILLUSTRATIVE DUTIES": ("duties", 19), "MINIMUM QUALIFICATIONS*": ("qualifications", 23),
                  "Related Classes": ("related", 15)}, id="nys"),
    # County civil-service spec in Markdown (seeds/county_employment_case_manager.txt); DGS classification
    # (corpus2/ca_dgs_it_msa_classifications/agile-coach.md)
    pytest.param({"**TYPICAL WORK ACTIVITIES:**": ("duties", 28), "### MINIMUM QUALIFICATIONS:": ("qualifications", 27),
                  "## Experience": ("experience", 13)}, id="markdown"),
])
def test_heading_lines_of_each_layout(expected):
    found = {line: heading_kind(line) for line in expected}

    assert found == expected


@pytest.mark.parametrize("line_texts", [
    # CalHR series specification (corpus/calhr_class_specs/calhr_1277_legal_support_supervisor_series.txt,
    # calhr_9662_correctional_officer.txt): level labels, title lines, an "Education:" line with its text
    pytest.param(["Both Levels:", "Legal Support Supervisor I", "Either I",
                  "Education equivalent to completion of the twelfth grade.",
                  "Education: Equivalent to completion of the twelfth grade."], id="calhr"),
    # City of Los Angeles job bulletin (corpus/la_city_job_bulletins/senior_real_estate_officer_1961_0413018_2.txt)
    pytest.param(["SENIOR REAL ESTATE OFFICER", "Class Code:       1961",
                  "(Exam Open to All, Including Current City Employees)"], id="la_city"),
    # NEOGOV postings (corpus/neogov_election_postings/2022_26_may_07_election_specialist_lead.txt,
    # 2022_26_may_05_county_clerk.txt): header fields in mixed case start with a heading phrase but carry a value
    pytest.param(["Title: Election Specialist Lead", "Salary: $3,819.00 - $5,079.00 MONTH",
                  "Bargaining Unit: AFSCME CO",
                  "Experience organizing, directing, and implementing comprehensive programs."], id="neogov"),
    # Connecticut job class spec and NYS standard (seeds/ct_labor_dept_community_services_representative.txt,
    # seeds/nys_immigrant_community_specialist.txt); county spec (seeds/county_employment_case_manager.txt)
    pytest.param(["CENTRAL UNIT:",
                  "Substitution: a bachelor's degree may substitute for four years of the required experience.",
                  "**CLASSIFICATION:** COMPETITIVE", "**EMPLOYMENT CASE MANAGER**"], id="seeds"),
])
def test_lines_that_look_like_headings_but_are_not(line_texts):
    found = {line: heading_kind(line) for line in line_texts}

    assert found == dict.fromkeys(line_texts)


@pytest.mark.parametrize(("line", "expected"), [
    # Headings an exact phrase list missed, read by their keywords (patterns.HEADING_KINDS).
    # City of Los Angeles job bulletin (corpus/la_city_job_bulletins/elevator_mechanic_3866_012717_rev_080718.txt)
    pytest.param("REQUIREMENT/MINIMUM QUALIFICATIONS", ("qualifications", 34), id="la_requirement_singular"),
    # CalHR series specification (corpus/calhr_class_specs/calhr_1155_case_records_technician_series.txt)
    pytest.param("Factors Affecting Position Allocation", ("other", 37), id="calhr_factors_affecting"),
    # County civil-service spec (seeds/county_employment_case_manager.txt)
    pytest.param("**FULL PERFORMANCE KNOWLEDGES, SKILLS, ABILITIES AND PERSONAL CHARACTERISTICS:**", ("other", 80),
                 id="county_full_performance_knowledges"),
    # Connecticut job class spec (seeds/ct_labor_dept_community_services_representative.txt)
    pytest.param("MINIMUM QUALIFICATIONS - SUBSTITUTIONS ALLOWED", ("substitutions", 46), id="ct_substitutions_allowed"),
    # UW position description (corpus2/uw_wanprc_job_descriptions/training-specialist.md); election-office
    # posting (pool/bpc): preferred blocks are their own kind and never requirements
    pytest.param("## Preferred Qualifications", ("preferred", 27), id="uw_preferred"),
    pytest.param("DESIRED QUALIFICATIONS:", ("preferred", 23), id="bpc_desired"),
    # GSA TTS posting (corpus2/gsa_tts_job_postings_html): an HTML heading no rule knows still ends a section
    pytest.param("## Here's how it will work", ("other", 26), id="gsa_unknown_marked_heading"),
])
def test_headings_read_by_keywords(line, expected):
    assert heading_kind(line) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("calhr_1277", [("preamble", ""), ("other", "Scope"), ("other", "Definition of Series"),
                    ("distinguishing", "Definition of Levels"), ("qualifications", "Minimum Qualifications"),
                    ("other", "Knowledge and Abilities")]),
    ("la_1961", [("preamble", ""), ("salary", "ANNUALSALARY"), ("other", "NOTES:"), ("duties", "DUTIES"),
                 ("qualifications", "REQUIREMENTS/MINIMUM QUALIFICATIONS")]),
    # an empty preamble before the first heading is dropped
    ("neogov_nc", [("posting", "=== JOB DETAILS ==="), ("salary", "SALARY:")]),
    ("neogov_mi", [("posting", "=== JOB DESCRIPTION ==="), ("education", "Education"), ("experience", "Experience"),
                   ("experience", "Alternate Education and Experience")]),
])
def test_split_sections_kinds_headings_and_spans(name, expected):
    text = PASSAGES[name]

    sections = split_sections(text)

    assert [(s.kind, s.heading) for s in sections] == expected
    # Each body span indexes the text; the heading sits between the previous body's end and this body's start.
    assert all(text[s.body.start:s.body.end] == s.body.text for s in sections)
    assert all(text[:s.body.start].rstrip().endswith(s.heading) for s in sections)
    assert all(text[a.body.end:b.body.start].strip() == b.heading for a, b in zip(sections, sections[1:], strict=False))
    assert sections[-1].body.end == len(text)


def test_a_heading_with_its_body_on_the_same_line():
    # NEOGOV posting, NC State Board of Elections (corpus/neogov_election_postings/2020_3_dec_03_network_engineer.txt)
    text = NEOGOV_NC

    salary = sections_of(split_sections(text), "salary")

    [section] = salary
    assert section.body.text.startswith("$74,987.00 - $121,857.00 Annually\nLOCATION: Wake County, NC")
    assert text[section.body.start - len("SALARY: "):section.body.start] == "SALARY: "


def test_a_title_line_inside_a_section_does_not_open_one():
    # CalHR series specification (corpus/calhr_class_specs/calhr_1277_legal_support_supervisor_series.txt)
    sections = split_sections(CALHR_1277)

    [quals] = sections_of(sections, "qualifications")
    assert quals.body.text.lstrip().startswith("Legal Support Supervisor I\nEither I\nOne year of experience")
    assert "Or II\nThree years of experience" in quals.body.text
    assert [s.heading for s in sections_of(sections, "other")] == ["Scope", "Definition of Series",
                                                                    "Knowledge and Abilities"]
    assert sections_of(sections, "salary") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("", []),
    ("\n   \n", []),
    # CalHR heading with nothing under it: a headed section is kept even when its body is empty
    ("Minimum Qualifications", [("qualifications", "Minimum Qualifications", Span(22, 22, ""))]),
])
def test_split_sections_of_empty_or_heading_only_text(text, expected):
    sections = split_sections(text)

    assert [(s.kind, s.heading, s.body) for s in sections] == expected
