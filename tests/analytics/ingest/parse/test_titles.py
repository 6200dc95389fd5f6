"""Finding titles: title case, singular head nouns, title lines, header lines, exam specialties."""

import pytest

from analytics.ingest.parse.relations import (
    effective_date,
)
from analytics.ingest.parse.titles import find_titles, singular, title_case
from analytics.vocabulary import title_key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("SENIOR REAL ESTATE OFFICER", "Senior Real Estate Officer"),
        ("DIRECTOR IMMIGRANT WORKERS SERVICES", "Director Immigrant Workers Services"),
        ("DIRECTOR OF FIELD OPERATIONS", "Director of Field Operations"),
        ("LEGAL SUPPORT SUPERVISOR II", "Legal Support Supervisor II"),
        ("EQUIPMENT MECHANIC (Automotive Mechanic)", "Equipment Mechanic (Automotive Mechanic)"),
        ("Support Specialist - Elections", "Support Specialist - Elections"),
    ],
)
def test_title_case(raw, expected):
    assert title_case(raw) == expected


def test_singular_and_key():
    assert singular("Immigrant Workers Specialists 1") == "Immigrant Workers Specialist 1"
    assert singular("Immigrant Workers Services") == "Immigrant Workers Services"
    assert title_key("Sr. Immigration Specialist") == title_key("Senior Immigration Specialist")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "IMMIGRANT WORKERS SPECIALIST 1, GRADE 18\n\n8418100\n\nDIRECTOR IMMIGRANT WORKERS SERVICES, M-3\n\n8418300\n",
            [
                ("Immigrant Workers Specialist 1", "8418100", "18"),
                ("Director Immigrant Workers Services", "8418300", "M-3"),
            ],
        ),
        (
            "XS95 | 1155 | Case Records Technician\nXS90 | 1154 | Supervising Case Records Technician\n",
            [("Case Records Technician", "1155", None), ("Supervising Case Records Technician", "1154", None)],
        ),
        ("SENIOR PAINTER\nClass Code:       3424\nOpen Date:  04-13-18\n", [("Senior Painter", "3424", None)]),
        (
            "State of Connecticut Executive Branch\nLabor Department Community Services Representative (5246SH)\n",
            [("Labor Department Community Services Representative", "5246", None)],
        ),
        ("=== JOB DETAILS ===\nSalary: $21.68 - $29.02 Hourly\nEmployer: Marion County\n", []),
    ],
)
def test_find_titles(text, expected):
    assert [(h.title, h.class_code, h.grade) for h in find_titles(text)] == expected


def test_a_document_header_line_is_not_the_title_and_history_lines_date_the_spec():
    text = (
        "Correctional Officer\nCalifornia State Personnel Board Specification\nSchematic Code: WY50\n"
        "Class Code: 9662\nEstablished: 02/24/1945\nRevised: 05/02/1995\nTitle Changed: --\nDefinition\n"
    )
    assert [(h.title, h.class_code) for h in find_titles(text)] == [("Correctional Officer", "9662")]
    assert effective_date(text)[0] == "1995-05-02"


def test_an_exam_specialty_in_parentheses_is_not_part_of_the_title():
    text = "EQUIPMENT MECHANIC (Automotive Mechanic)\n\nClass Code: 3711\nOpen Date: 05-18-18\n"
    assert [h.title for h in find_titles(text)] == ["Equipment Mechanic"]


# --- scored candidates -------------------------------------------------------------------------------------

def test_the_official_class_title_wins_over_the_working_title_and_is_kept_beside_it():
    # GSA TTS posting, 2023 template (corpus2/gsa_tts_job_postings_html/login-dep-director-june-2023.html)
    text = ("# Login.gov: Deputy Director GS15\nSupervisory status: Supervisory\n"
            "Job title: Login.gov: Deputy Director GS15\n"
            "Official title in USAJOBS: 2210 Supervisory IT Specialist (PLCYPLN)\n"
            "Salary range: GS-15 ($136,908 to $183,500)\n")

    [hit] = find_titles(text)

    assert (hit.title, hit.class_code, hit.working_title) == ("Supervisory IT Specialist", "2210",
                                                             "Login.gov: Deputy Director")
    assert text[slice(*hit.span)] == "Supervisory IT Specialist"
    assert 0.9 <= hit.confidence <= 1


def test_a_civil_service_title_cut_off_in_the_source_is_kept_as_far_as_printed():
    # NYC Jobs record (corpus2/nyc_jobs_open_data/nyc_job_151131_cost_estimating_manager.txt)
    text = ("Job ID: 151131\nAgency: NYC HOUSING AUTHORITY\nBusiness Title: Cost Estimating Manager\n"
            "Civil Service Title: ADMINISTRATIVE STAFF ANALYST (\nTitle Code No: 1002D\n")

    [hit] = find_titles(text)

    assert (hit.title, hit.class_code, hit.working_title) == ("Administrative Staff Analyst", "1002D",
                                                             "Cost Estimating Manager")


def test_a_title_wrapped_onto_a_second_line_is_joined():
    # GSA performance profile, PDF (corpus2/gsa_tts_performance_profiles_pdf/open-innovation-engineering-lead-...)
    text = ("Open Innovation Program Engineering\nLead\nTTS is hiring for the role of a GS-14 engineer for the Open "
            "Innovation Program.\n")

    assert [h.title for h in find_titles(text)] == ["Open Innovation Program Engineering Lead"]


@pytest.mark.parametrize(("text", "title"), [
    # election-office postings in the NEOGOV export with no Title: line (pool/bpc)
    ("=== JOB DETAILS ===\n\nSalary: $3,550.00 - $4,438.00 Monthly\n\n=== JOB DESCRIPTION ===\n\nThe Elections Lead "
     "Specialist assists in the supervision and coordination of elections operations.\n", "Elections Lead Specialist"),
    ("=== JOB DETAILS ===\n\nSalary: $56,124.00 - $65,000.00 Annually\n\n=== JOB DESCRIPTION ===\n\nThe Boulder "
     "County Clerk and Recorder's Office, Elections Division, has an opening for an Elections Technology Specialist. "
     "This position will learn and perform a variety of tasks.\n", "Elections Technology Specialist"),
    ("=== JOB DETAILS ===\n\nSalary: Depends on Qualifications\n\n=== JOB DESCRIPTION ===\n\nHarris County seeks an "
     "Elections Administrator to plan, coordinate, lead, and manage the newly established office.\n",
     "Elections Administrator"),
])
def test_a_title_stated_only_in_prose(text, title):
    [hit] = find_titles(text)

    assert hit.title == title and hit.source == "prose"


@pytest.mark.parametrize("text", [
    # page chrome and units of the employer are not titles (pool/bpc, corpus2/gsa_tts_job_postings_html)
    "Skip to Main Content\nCareers\nThe State Board of Elections oversees the conduct of elections.\n",
    "Join the Technology Transformation Services\nBack to all jobs\n",
    "Oops! We're sorry, but there isn't a web page matching your entry.\n",
])
def test_no_title_where_nothing_reads_as_one(text):
    assert find_titles(text) == []


def test_a_title_line_naming_two_classes_with_blocks_of_their_own_is_split():
    # election-office posting (pool/bpc/2023_20_jul_02_elections_technician_or_specialist.txt), shortened
    text = ("=== JOB DETAILS ===\n\nTitle: Elections Technician or Elections Specialist\nSalary: $22.69 - $29.95 HOUR\n"
            "\n=== JOB DESCRIPTION ===\n\nElections Technician\nHigh school diploma and two years of office "
            "experience.\n\nElections Specialist\nTwo years as an Elections Technician.\n")

    hits = find_titles(text)

    assert [h.title for h in hits] == ["Elections Technician", "Elections Specialist"]
    assert [text[slice(*h.span)] for h in hits] == ["Elections Technician", "Elections Specialist"]


def test_a_title_line_naming_two_titles_of_one_post_stays_whole():
    text = "=== JOB DETAILS ===\n\nTitle: Director of Elections/General Registrar\nSalary: $148,293 - $182,393 YEAR\n"

    assert [h.title for h in find_titles(text)] == ["Director of Elections/General Registrar"]
