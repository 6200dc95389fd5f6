"""Splitting a minimum-qualifications block into its alternatives, on real blocks by origin (plus one Ohio-style
block from the repository's synthetic fixtures).

split_alternatives(block) returns (alternatives, common education level). Each alternative's `start` indexes the
block it was given: block[start:start + len(text)] is its text, except that a shared "Education:" line is blanked
with spaces (same length) inside the alternative that holds it."""

from __future__ import annotations

import pytest

from analytics.ingest.parse.alternatives import split_alternatives

# City of Los Angeles job bulletin (corpus/la_city_job_bulletins/senior_real_estate_officer_1961_0413018_2.txt)
LA_NUMBERED = (
    "\n\n1.\tTwo years of full-time paid real estate experience with the City of Los Angeles as a Real Estate Officer; or\n"
    "2.\tGraduation from an accredited four year college or university with a Bachelors degree in Economics, "
    "Business Administration, Accounting, or Finance; and\n"
    "3.\tFive years of full-time paid real estate experience personally performing work which provides experience "
    "in one or more of the following areas:\n"
    "a. acquisition, divestiture, sale or rental of commercial, residential, residential income, agricultural and/or "
    "industrial real properties;\n\n"
)

# CalHR series specification (corpus/calhr_class_specs/calhr_1277_legal_support_supervisor_series.txt)
CALHR_EITHER_OR = (
    "\nLegal Support Supervisor I\nEither I\nOne year of experience in the California state service performing the "
    "duties of a Senior Stenographer, Legal, Range B or Senior Typist, Legal, Range B.\n"
    "Or II\nThree years of experience in legal stenographic and/or clerical work, at least one year of which shall "
    "have been in a responsible position performing a variety of difficult stenographic and/or clerical work or in a "
    "supervisory capacity.\n"
)

# CalHR series specification (corpus/calhr_class_specs/calhr_1579_programmer_analyst_series.txt)
CALHR_THREE_PATTERNS = (
    "Either I\nOne year of experience in the California state service performing duties comparable to a "
    "Programmer II.\n"
    "Or II\nEighteen months of progressively responsible experience in information technology systems study, "
    "design, and programming.\n"
    "Or III\nEquivalent to graduation from a recognized college or university with a minimum of 24 semester or 36 "
    "quarter units in information technology-related coursework.\n"
)

# CalHR series specification (corpus/calhr_class_specs/calhr_1155_case_records_technician_series.txt)
CALHR_SHARED_EDUCATION = (
    "Either I\nOne year of experience performing clerical duties in the processing and maintaining of office records.\n"
    "Or II\nTwo years of experience performing general clerical duties. and\n"
    "Education: Either equivalent to completion of the 12th grade or completion of a business school curriculum.\n"
)

# NEOGOV posting, State of Michigan (corpus/neogov_election_postings/2025_5_jun_01_campaign_finance_manager.txt)
MICHIGAN_BARE_OR = (
    "\n\nBachelor's Degree in any major AND 2 years of Dept of State Branch Supervisor 11 level or above experience OR "
    "2 years of Departmental Supervisor 11 level experience OR 1 year of Departmental Supervisor 12 or above "
    "experience.\n\nOR\n\n\n"
    "High School diploma or GED AND 4 years of Dept of State Branch Supervisor 11 level or above experience OR 4 "
    "years of Departmental Supervisor 11 experience OR 3 years of Departmental Supervisor 12 or above experience.\n"
)

# County civil-service spec (seeds/county_employment_case_manager.txt): promotional part, then an open-competitive
# part with an education line shared by its numbered AND:/OR: paths
COUNTY_PROMOTIONAL = (
    "\n\n**SUGGESTED PROMOTIONAL QUALIFICATIONS:** One (1) year of permanent competitive status as a Senior Social "
    "Services Worker or three (3) years as a Social Services Worker immediately preceding the date of written "
    "examination.\n\n"
    "**OPEN-COMPETITIVE:** Graduation from high school or possession of an equivalency diploma\n\n"
    "**AND:** 1. Graduation from a regionally accredited college or university with a Bachelor's Degree in social "
    "work and one (1) year of full-time paid experience in social casework;\n\n"
    "**OR:** 2. Graduation from a regionally accredited college or university with an Associate's Degree in social "
    "work and three (3) years of full-time paid experience in social casework.\n\n"
    "**OR:** 3. Five (5) years of full-time paid experience in social casework.\n\n"
)

# Ohio-style "-Or" lines: the repository's synthetic fixture written in that style (tests/golden/synthetic/oh_admin.txt)
OHIO_DASH_OR = (
    "\nCompletion of undergraduate core program in business administration; 12 mos. exp. in administrative support.\n"
    "-Or 24 mos. exp. as Administrative Professional 1, 63121.\n"
    "-Or equivalent of Minimum Class Qualifications For Employment noted above.\n"
)

# New York State classification standard (seeds/nys_immigrant_workers_specialist.txt): one path, no alternatives
NYS_SINGLE = (
    "\nBachelors degree and two years of experience in providing assistance, direction or support to improve, "
    "protect, and preserve the rights of workers and/or immigrants.\n"
)


@pytest.mark.parametrize(("block", "expected", "common"), [
    # "; or" starts a new alternative; "; and" joins item 3 to item 2
    pytest.param(LA_NUMBERED, [("Two years of full-time paid", False), ("Graduation from an accredited", False)],
                 None, id="la_numbered_or_and"),
    pytest.param(CALHR_EITHER_OR, [("One year of experience in the California", False),
                                   ("Three years of experience in legal", False)], None, id="calhr_either_or"),
    pytest.param(CALHR_THREE_PATTERNS, [("One year of experience", False), ("Eighteen months", False),
                                        ("Equivalent to graduation", False)], None, id="calhr_or_iii"),
    # the text before a bare "OR" line states years, so it is the first alternative; a capitalised OR between
    # parts that each state time splits a line into alternatives of their own (the education before AND goes
    # with each part: see test_an_education_before_and_goes_with_each_or_part)
    pytest.param(MICHIGAN_BARE_OR, [("Bachelor's Degree in any major AND 2 years", False),
                                    ("2 years of Departmental Supervisor 11", False),
                                    ("1 year of Departmental Supervisor 12", False),
                                    ("High School diploma or GED AND 4 years", False),
                                    ("4 years of Departmental Supervisor 11", False),
                                    ("3 years of Departmental Supervisor 12", False)], None, id="michigan_bare_or"),
    # the promotional part comes first; the high-school line before "AND: 1." is the shared education
    pytest.param(COUNTY_PROMOTIONAL, [("One (1) year of permanent competitive status", True),
                                      ("Graduation from a regionally accredited college", False),
                                      ("Graduation from a regionally accredited college", False),
                                      ("Five (5) years of full-time paid experience", False)],
                 "high_school", id="county_promotional_and_open"),
    pytest.param(OHIO_DASH_OR, [("Completion of undergraduate core program", False),
                                ("24 mos. exp. as Administrative Professional 1", False),
                                ("equivalent of Minimum Class Qualifications", False)], None, id="ohio_dash_or"),
    pytest.param(NYS_SINGLE, [("Bachelors degree and two years", False)], None, id="nys_single_path"),
])
def test_alternatives_of_real_blocks(block, expected, common):
    alternatives, shared = split_alternatives(block)

    assert len(alternatives) == len(expected), [a.text[:60] for a in alternatives]
    assert [(a.text.lstrip(" \t\n*")[:len(start)], a.is_promotional)
            for a, (start, _) in zip(alternatives, expected, strict=True)] == expected
    assert all(block[a.start:a.start + len(a.text)] == a.text for a in alternatives)
    assert [a.start for a in alternatives] == sorted(a.start for a in alternatives)
    assert shared == common


def test_the_second_la_alternative_runs_from_item_2_through_item_3():
    # City of Los Angeles job bulletin (corpus/la_city_job_bulletins/senior_real_estate_officer_1961_0413018_2.txt)
    block = LA_NUMBERED

    first, second = split_alternatives(block)[0]

    assert first.start == block.index("\tTwo years")
    assert first.text.rstrip().endswith("as a Real Estate Officer; or")
    assert second.start == block.index("\tGraduation")
    assert "3.\tFive years of full-time paid real estate experience" in second.text
    assert second.start + len(second.text) == len(block)


def test_a_shared_education_line_is_blanked_in_place_and_returned_as_the_common_level():
    # CalHR series specification (corpus/calhr_class_specs/calhr_1155_case_records_technician_series.txt)
    block = CALHR_SHARED_EDUCATION
    education = block.index("Education:")

    alternatives, common = split_alternatives(block)

    assert common == "high_school"
    first, second = alternatives
    assert block[first.start:first.start + len(first.text)] == first.text
    assert second.text.lstrip().startswith("Two years of experience performing general clerical duties. and")
    assert second.start + len(second.text) == len(block)
    assert "Education" not in second.text and "12th grade" not in second.text
    # same length as the block slice: every character is the block's own or a blank over the education line
    original = block[second.start:]
    assert len(second.text) == len(original)
    assert all(c == o or (c == " " and second.start + i >= education) for i, (c, o) in
               enumerate(zip(second.text, original, strict=True)))


def test_a_block_that_is_only_promotional_gives_one_promotional_alternative():
    # County civil-service spec (seeds/county_employment_case_manager.txt), promotional part alone
    block = ("**SUGGESTED PROMOTIONAL QUALIFICATIONS:** One (1) year of permanent competitive status as a Senior Social "
             "Services Worker or three (3) years as a Social Services Worker.")

    alternatives, common = split_alternatives(block)

    [promo] = alternatives
    assert promo.is_promotional
    assert promo.text.lstrip("* ").startswith("One (1) year of permanent competitive status")
    assert block[promo.start:promo.start + len(promo.text)] == promo.text
    assert common is None


@pytest.mark.parametrize("block", ["", "\n\n   \n"])
def test_an_empty_block_has_no_alternatives(block):
    assert split_alternatives(block) == ([], None)


def test_an_education_before_and_goes_with_each_or_part():
    alternatives, _ = split_alternatives(MICHIGAN_BARE_OR)

    assert [a.education for a in alternatives] == ["bachelor"] * 3 + ["high_school"] * 3


def test_items_numbered_inline_are_alternatives_of_their_own():
    # NYC Jobs record (corpus2/nyc_jobs_open_data/nyc_job_138531_associate_chemist.txt): items on one line
    block = ("1. A baccalaureate degree from an accredited college and two years of experience in community work; "
             "or  2. High school graduation or equivalent and six years of experience in community work; or  3. "
             "Education and/or experience which is equivalent to \"1\" or \"2\" above.")

    alternatives, _ = split_alternatives(block)

    assert [a.text.strip()[:22] for a in alternatives] == ["A baccalaureate degree", "High school graduation",
                                                           "Education and/or exper"]
    assert all(block[a.start:a.start + len(a.text)] == a.text.replace("\n", " ") for a in alternatives)


def test_bulleted_items_go_together_unless_one_ends_in_or():
    # election-office posting (pool/bpc/2023_19_oct_12_election_outreach_administrator_or_senior_...), one level
    block = ("• Any equivalent combination of education and work experience that satisfy the requirements of the job;\n"
             "• At least 1 year of relevant experience; and/or\n"
             "• A bachelor's degree in Public Administration, Communications or related field.\n")

    alternatives, _ = split_alternatives(block)

    assert [a.text.strip()[:20] for a in alternatives] == ["Any equivalent combi", "A bachelor's degree "]
    # UW position description (corpus2/uw_wanprc_job_descriptions): required bullets are one path
    uw = "- Associate's degree or higher in Veterinary Technology\n- Minimum of 1-2 years of experience\n"
    assert len(split_alternatives(uw)[0]) == 1
