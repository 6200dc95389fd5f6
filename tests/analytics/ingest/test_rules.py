"""Every rule of the extractor's tables carries over: it fires on at least two documents of the development corpus
and pool (tests/golden/rule_hits.json, made by `python -m analytics.ingest rules ... --json`), or it comes with a
test case in a second wording here (SECOND_WORDING: a sentence or heading it fires on that is not the wording
of the one document it was written for)."""

from __future__ import annotations

import json

import pytest

from analytics.ingest.parse.clean import clean
from analytics.ingest.rules import HEADING, alternatives, fired, heading_text, rules
from tests.paths import GOLDEN

SNAPSHOT = json.loads((GOLDEN / "rule_hits.json").read_text(encoding="utf-8"))["rules"]
MINIMUM = 2

SECOND_WORDING = {
    "CLASSIFICATION_PATTERNS: pattern 2": "These positions are classified in the competitive class.",
    "CLASSIFICATION_PATTERNS: pattern 3": "The position is in the exempt jurisdictional class.",
    "CLASSIFICATION_PATTERNS: pattern 4": "Job Class Designation: Classified/Non-Competitive",
    "CLASS_REFERENCE: (?<=exp\\.\\s)as(?=\\s+[A-Z])": "12 mos. exp. as Clerk 3",
    "DATE_RULES: pattern 10: ^\\s*Effective(?: Date)?:\\s*(\\d{1,2}/\\d{1": "Effective Date: 3/15/2021",
    "DATE_RULES: pattern 11: APPROVED:\\W*([A-Z][a-zA-Z]+ \\d{1,2}, \\d{": "APPROVED: June 3, 2019",
    "DATE_RULES: pattern 12: Published:\\s*([A-Z][a-z]{2} \\d{1,2}, \\d{": "Published: Feb 11, 2020",
    "DATE_RULES: pattern 13: ^\\s*Date:\\s*(\\d{1,2}/\\d{4})\\s*$": "Date: 11/2019",
    "DATE_RULES: pattern 14: ^\\s*Date:\\s*(\\d{1,2}/\\d{2})\\s*$": "Date: 4/21",
    "DATE_RULES: pattern 3: ^\\s*(?:Posting|Posted|Post)\\s+Date:\\s*(\\": "Posting Date: 09/30/2021",
    "DATE_RULES: pattern 4: Opening and closing period[^:\\n]*:\\s*(\\d": "Opening and closing period: 06/01/2020 to 06/15/2020",
    "DATE_RULES: pattern 9: EFFECTIVE DATE\\s*\\n\\s*(\\d{1,2}/\\d{1,2}/\\": "EFFECTIVE DATE\n07/01/2018",
    "EDUCATION_PATTERNS[associate]: \\bA\\.A\\.": "An A.A. in business administration",
    "EDUCATION_PATTERNS[associate]: \\bA\\.S\\.": "An A.S. in electronics technology",
    "EDUCATION_PATTERNS[associate]: \\btwo[- ]year (?:college|degree)\\b": "completion of a two-year degree",
    "EDUCATION_PATTERNS[bachelor]: \\bB\\.A\\.": "a B.A. in public administration",
    "EDUCATION_PATTERNS[bachelor]: \\bB\\.S\\.": "a B.S. in civil engineering",
    "EDUCATION_PATTERNS[coursework]: \\bundergraduate\\s+(?:core\\s+)?(?:program|courses|coursework)\\b":
        "completion of undergraduate coursework in accounting",
    "EDUCATION_PATTERNS[doctorate]: \\bD\\.?V\\.?M\\.?(?=\\W)": "Must hold a D.V.M. degree.",
    "EDUCATION_PATTERNS[high_school]: \\b12th grade\\b": "completion of the 12th grade",
    "EDUCATION_PATTERNS[law]: \\bj\\.\\s?d\\.?(?=\\W)": "a J.D. from an accredited law school",
    "EDUCATION_PATTERNS[law]: \\bjuris doctor\\b": "possession of a Juris Doctor degree",
    "EDUCATION_PATTERNS[master]: \\bmaster\\s+(?:degree|of\\s+[A-Z])": "a Master of Public Administration",
    "GRADE_PATTERNS: pattern 3: ^SALARY INFORMATION\\s*\\n\\s*(?P<grade>[A-": "SALARY INFORMATION\nMP 62",
    "GRADE_PATTERNS: pattern 5: ^\\s*(?:Salary|Pay)\\s+Range(?:\\s+Number)?": "Pay Range Number: 47",
    "HEADING_KINDS[duties]: work performed": "EXAMPLES OF WORK PERFORMED",
    "HEADING_KINDS[qualifications]: \\bentrance\\b": "ENTRANCE REQUIREMENTS",
    "HEADING_KINDS[qualifications]: employment standards": "EMPLOYMENT STANDARDS:",
    "HEADING_KINDS[qualifications]: what you(?:'ll)? (?:need|bring)": "## What You'll Need",
    "HEADING_KINDS[questionnaire]: questionnaire": "QUESTIONNAIRE",
    "HEADING_KINDS[questionnaire]: supplemental questions?": "Supplemental Questions:",
    "HEADING_KINDS[salary]: \\bpay (?:range|rate|scale)": "PAY RANGE",
    "HEADING_KINDS[salary]: \\bwages?\\b": "Wage:",
    "HEADING_WORDS: annualsalary": "ANNUALSALARY",
    "HEADING_WORDS: bargaining": "BARGAINING UNIT",
    "HEADING_WORDS: bring": "What You Bring",
    "HEADING_WORDS: cancellation": "CANCELLATION CLAUSE",
    "HEADING_WORDS: clause": "Cancellation Clause:",
    "HEADING_WORDS: date": "EFFECTIVE DATE",
    "HEADING_WORDS: designation": "Job Class Designation:",
    "HEADING_WORDS: effective": "Effective Date:",
    "HEADING_WORDS: example": "EXAMPLE OF DUTIES",
    "HEADING_WORDS: level": "Entry Level Requirements:",
    "HEADING_WORDS: performed": "Work Performed:",
    "HEADING_WORDS: questionnaire": "Supplemental Questionnaire",
    "HEADING_WORDS: questions": "AGENCY QUESTIONS",
    "HEADING_WORDS: scale": "SALARY SCALE",
    "HEADING_WORDS: title": "Related Title:",
    "HEADING_WORDS: unit": "Bargaining Unit:",
    "HEADING_WORDS: wage": "WAGE",
    "HEADING_WORDS: wages": "Wages and Benefits",
    "HEADING_WORDS: proof": "PROOF OF DEGREE",
    "HEADING_WORDS: standards": "Employment Standards",
    "HEADING_WORDS: transcript": "Transcript Requirement:",
    "HEADING_WORDS: transcripts": "TRANSCRIPTS:",
    "HEADING_WORDS: verification": "DEGREE VERIFICATION",
    "EDUCATION_PATTERNS[coursework]: \\bcompletion\\s+of\\s+(?:an?\\s+)?program\\s+in\\b":
        "Completion of a program in court reporting may be substituted for one year of the experience.",
    "SUBSTITUTION_WORDS: may replace": "A master's degree may replace one year of the experience.",
    "TITLE_HEAD_NOUNS: Adviser": "Benefits Adviser",
    "TITLE_HEAD_NOUNS: Appraiser": "Senior Real Property Appraiser",
    "TITLE_HEAD_NOUNS: Bookkeeper": "Account Bookkeeper",
    "TITLE_HEAD_NOUNS: Editor": "Web Content Editor",
    "TITLE_HEAD_NOUNS: Modeler": "Senior Data Modeler",
    "TITLE_HEAD_NOUNS: Receptionist": "Front Desk Receptionist",
    "TITLE_HEAD_NOUNS: Researcher": "User Experience Researcher",
    "TITLE_HEAD_NOUNS: Translator": "Spanish Translator",
    "TITLE_HEAD_NOUNS: Writer": "Grant Writer",
    "TITLE_LABELS: Working\\s+Title": "Working Title: Voter Outreach Coordinator",
    "TITLE_PROSE: pattern 2": "Join our team as a Senior Elections Analyst and help voters.",
    "TITLE_PROSE: pattern 4": "Applications are now being accepted for Deputy Registrar of Voters.",
    "UNIT_SYNONYMS: an hour": "$22.50 an hour",
    "UNIT_SYNONYMS: annum": "$61,000 per annum",
    "UNIT_SYNONYMS: bi weekly": "$2,450.00 bi weekly",
    "UNIT_SYNONYMS: bi-weekly": "$2,450.00 - $3,100.00 bi-weekly",
    "UNIT_SYNONYMS: hr": "$31.05/hr",
    "UNIT_SYNONYMS: mo": "$5,210/mo",
    "UNIT_SYNONYMS: per annum": "$48,500 per annum",
    "UNIT_SYNONYMS: semi monthly": "$2,900.00 semi monthly",
    "UNIT_SYNONYMS: semi-monthly": "$2,900.00 semi-monthly",
    "UNIT_SYNONYMS: semimonthly": "$2,900.00 semimonthly",
    "UNIT_SYNONYMS: yearly": "$72,000 yearly",
}
RULES = {rule.rule_id: rule for rule in rules()}


def test_every_rule_fires_on_two_documents_or_has_a_second_wording():
    weak = [rule_id for rule_id in RULES
            if SNAPSHOT.get(rule_id, 0) < MINIMUM and rule_id not in SECOND_WORDING]

    assert weak == [], "fire on fewer than 2 documents (rule_hits.json) and have no second wording here"


def test_the_snapshot_names_only_rules_the_tables_have():
    # a rule taken out of the tables is taken out of the snapshot too (run the rules command again)
    assert sorted(set(SNAPSHOT) - set(RULES)) == []


@pytest.mark.parametrize("rule_id", sorted(SECOND_WORDING))
def test_a_second_wording_fires_on_its_rule(rule_id):
    rule = RULES[rule_id]
    text = clean(SECOND_WORDING[rule_id]).text

    assert fired([rule], [("example", text)])[rule_id] == ["example"], (rule.scope, heading_text(text))


def test_a_heading_rule_reads_heading_labels_not_sentences():
    [rule] = [r for r in rules() if r.scope == HEADING and r.literal == "employment standards"]
    sentence = clean("The employment standards of the class are listed below and apply to every level.").text

    assert fired([rule], [("sentence", sentence)])[rule.rule_id] == []


@pytest.mark.parametrize(("regex", "expected"), [
    (r"(?:as\s+an?|in\s+the\s+class\s+of|at\s+(?:or\s+above\s+)?the\s+level\s+of)",
     [r"as\s+an?", r"in\s+the\s+class\s+of", r"at\s+(?:or\s+above\s+)?the\s+level\s+of"]),
    (r"\bsalar|[|]pay|wage", [r"\bsalar", r"[|]pay", "wage"]),
    (r"a\|b|c", [r"a\|b", "c"]),
    (r"(?:a|b)c", [r"(?:a|b)c"]),
])
def test_a_table_pattern_splits_at_its_top_level_alternatives(regex, expected):
    assert alternatives(regex) == expected
