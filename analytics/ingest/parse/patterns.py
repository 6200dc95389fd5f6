"""The extractor's closed label sets and its patterns and synonyms, kept as data in one place."""

from __future__ import annotations

import re

# Words that make a sentence a substitution ("a master's degree may substitute for one year").
SUBSTITUTION_WORDS = r"substitut|in lieu of|may be used|\bequall?ing|\bcredited|may replace"

# (level, pattern). Order matters only for readability; every match is collected with its span.
EDUCATION_PATTERNS: tuple[tuple[str, str], ...] = (
    ("doctorate", r"\bdoctora(?:te|l)\b|\bph\.?\s?d\b"),
    ("law", r"\blaw degree\b|\bjuris doctor\b|\bj\.\s?d\.?(?=\W)"),
    ("master", r"\bmaster(?:[’']s|s)\b|\bmaster\s+(?:degree|of\s+[A-Z])|\bgraduate degree\b"),
    ("bachelor", r"\bbachelor(?:[’']?s)?\b|\bbaccalaureate\b|\bfour[- ]year (?:college|degree|university)\b"
                 r"|\bcollege degree\b|\bB\.A\.|\bB\.S\."
                 r"|\bgraduation\s+from\s+(?:an?\s+)?(?:recognized\s+|accredited\s+)?(?:college|university)\b"),
    ("associate", r"\bassociate(?:[’']?s)?\s+(?:degree|of)\b|\btwo[- ]year (?:college|degree)\b|\bA\.A\.|\bA\.S\."),
    ("high_school", r"\bhigh school\b|\b12th grade\b|\btwelfth grade\b|\bG\.?E\.?D\.?\b|\bequivalency diploma\b"
                    r"|\bGeneral Educational Development\b"),
    ("coursework", r"\beducation above the (?:twelfth|12th) grade\b|\b(?:semester|quarter)\s+(?:units|hours|credits)\b|\bcollege (?:courses|coursework|training)\b"
                   r"|\bcourses? in\b|\byears? of college\b|\bcollege-level\b"
                   r"|\b(?:one|two|1|2)[- ]year\s+(?:program|course)\b|\b(?:trade|technical|vocational)\s+school\b"
                   r"|\bundergraduate\s+(?:core\s+)?(?:program|courses|coursework)\b"),
)

# Pay units as stated -> canonical unit, and the standard number of periods in a year for each.
UNIT_SYNONYMS: dict[str, str] = {
    "hourly": "hourly", "hour": "hourly", "hr": "hourly", "per hour": "hourly", "an hour": "hourly",
    "biweekly": "biweekly", "bi-weekly": "biweekly", "bi weekly": "biweekly",
    "semi-monthly": "semi-monthly", "semimonthly": "semi-monthly", "semi monthly": "semi-monthly",
    "monthly": "monthly", "month": "monthly", "per month": "monthly", "mo": "monthly",
    "yearly": "yearly", "year": "yearly", "annually": "yearly", "annual": "yearly", "per year": "yearly",
    "per annum": "yearly", "annum": "yearly", "yr": "yearly",
}

# Canonical section -> heading phrases (lower case, matched at the start of a heading line).
SECTION_HEADINGS: dict[str, tuple[str, ...]] = {
    "qualifications": (
        "minimum qualifications", "requirements/minimum qualifications", "requirement/minimum qualification",
        "requirements", "minimum requirements", "qualifications", "education and experience",
        "experience and education", "education/experience", "training and experience",
        "experience and training", "minimum education and experience", "required qualifications",
        "minimum qualification", "min quals", "required education and experience", "education, training and experience",
        "minimum education, training and experience", "qualification requirements", "entrance requirements",
        "minimum entrance requirements", "employment standards", "entrance qualifications",
        "desired education and experience", "minimum experience and training", "minimum training and experience",
    ),
    "substitutions": ("substitution", "substitutions", "minimum qualifications - substitutions"),
    "related": ("related classes", "related class", "related titles"),
    "duties": (
        "illustrative duties", "illustrative tasks", "examples of duties", "typical work activities",
        "duties", "typical tasks", "essential functions", "essential duties", "description of work",
        "examples of work", "typical duties", "duties and responsibilities", "job duties",
        "what you'll do", "responsibilities", "typical work", "examples of essential duties", "example of duties",
        "work performed", "nature of work",
    ),
    "supervision": ("supervision received", "supervision"),
    # Stand-alone "Experience:" / "Education:" headings (NEOGOV postings); see sections.STANDALONE_ONLY.
    "experience": ("experience", "alternate education and experience", "alternate experience"),
    "posting": ("=== job description ===", "=== job details ==="),
    "education": ("education", "training", "education and training"),
    "salary": ("annual salary", "annualsalary", "salary", "salary information", "salary range", "compensation"),
    "distinguishing": ("distinguishing characteristics", "distinguishing features", "definition of levels"),
    "other": (
        "knowledge and abilities", "knowledge, skill", "knowledge, skills", "knowledges", "special requirements",
        "process notes", "where to apply", "selection process", "notes", "note", "application deadline",
        "class history", "special personal characteristics", "compensation guidelines", "acknowledgement",
        "cancellation clause", "effective date", "job class designation", "brief description",
        "purpose of job class", "guidelines for job class use", "scope", "factors affecting",
        "definition of series", "supplemental questions", "supplemental information", "benefits",
        "full performance knowledges", "occupational group", "bargaining unit", "eeo",
        "supervision exercised", "selective certification", "qualifications review", "additional desirable",
        "preferred qualifications", "desirable qualifications", "special physical characteristics",
        "alternate range criteria", "preferred", "desirable", "ideal candidate", "while not required", "special requirement", "agency", "employer", "physical demands",
        "working conditions", "examination", "how to apply", "about the position",
        "veterans preference", "equal opportunity", "licenses", "license", "certification",
    ),
}

# Where the text names its jurisdiction: (pattern, jurisdiction name). First match in document order wins.
JURISDICTION_PATTERNS: tuple[tuple[str, str | None], ...] = (
    (r"New York State Department of Civil Service|New York State Civil Service", "New York State"),
    (r"State of Connecticut", "State of Connecticut"),
    (r"California State Personnel Board|California state service|CalHR|California Department of Human Resources",
     "State of California"),
    (r"City of Los Angeles", "City of Los Angeles"),
)

# Phrases that name a class inside a requirement: "as a X", "performing the duties of a X", ...
CLASS_REFERENCE = (
    r"(?:as\s+an?|as\s+the|in\s+the\s+class\s+of|(?:at\s+a\s+level\s+of\s+responsibility\s+)?not\s+less\s+than"
    r"(?:\s+that\s+of)?(?:\s+an?)?|in\s+the\s+title\s+of|performing\s+the\s+duties\s+of\s+an?"
    r"|(?:equivalent|comparable)\s+to\s+(?:that\s+of\s+|those\s+of\s+)?an?|at\s+(?:or\s+above\s+)?the\s+level\s+of"
    r"(?:\s+an?)?|status\s+as\s+an?"
    # Ohio: "24 mos. exp. as Administrative Professional 1, 63121" (no article before the class)
    r"|(?<=exp\.\s)as(?=\s+[A-Z]))"
)

# Small words that may sit inside a title ("Director of Field Operations", "Programs and Services").
TITLE_CONNECTORS = frozenset({"of", "and", "the", "in", "for", "&", "to", "de", "on"})
LOWER_IN_TITLE = frozenset({"of", "and", "the", "in", "for", "to", "on", "a", "an", "at", "by", "or"})
ROMAN = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"})
# Words ending in "s" that are not plurals at the end of a title.
SINGULAR_ENDINGS_KEEP = ("ss", "us", "ics", "ices", "ations", "affairs", "works", "operations", "resources")
# Generic words that are not a class when they follow "supervision of" or "reports to".
GENERIC_SUPERVISORS = frozenset({
    "supervisor", "manager", "director", "higher-level", "employee", "staff", "person", "department",
    "division", "unit", "administrator", "designee", "superior",
})

QUESTION_LINE = re.compile(r"\?\s*$|^\s*(?:yes|no|none|less than|over \d|\d+\s*(?:-|to)\s*\d+ years)\b", re.I)

# Head nouns of class titles, for the weaker "two years of <Title> level experience" pattern.
JOB_NOUNS = (
    "Supervisor|Manager|Specialist|Analyst|Technician|Officer|Assistant|Clerk|Inspector|Engineer|Director"
    "|Worker|Associate|Administrator|Coordinator|Representative|Mechanic|Operator|Superintendent|Auditor"
    "|Accountant|Investigator|Scientist|Programmer|Secretary|Librarian|Attorney|Planner|Counselor|Aide|Chief"
)

# Jurisdictional classification (civil-service class) of the positions a document describes. The
# patterns run on the lower-cased text and each starts with a literal, which lets the regex engine
# skip ahead fast; each `value` group is the stated class, and CLASSIFICATION_VALUES maps its
# space-joined words to the stored value (competitive, non-competitive, exempt, labor, unclassified).
_CLASS_NAME = r"(?P<value>(?:non|open)?[\s-]?competitive|exempt|labor|unclassified)"
CLASSIFICATION_PATTERNS = (
    # "CLASSIFICATION: COMPETITIVE", "Jurisdictional Classification - Non-competitive"
    re.compile(r"classification\W{0,4}[:\-–]\W{0,4}" + _CLASS_NAME + r"\b"),
    # "The positions are classified in the non-competitive class"
    re.compile(r"classified\s+in\s+the\s+" + _CLASS_NAME + r"\s+(?:jurisdictional\s+)?class\b"),
    # "All positions are in the non-competitive jurisdictional class"
    re.compile(r"positions?\s+(?:are|is)\s+in\s+the\s+" + _CLASS_NAME + r"\s+(?:jurisdictional\s+)?class\b"),
    # Connecticut's job class designation line: "Classified/Competitive"
    re.compile(r"classified\s*/\s*(?P<value>(?:non[\s-]?)?competitive)[ \t]*$", re.M),
)
CLASSIFICATION_VALUES = {
    "competitive": "competitive", "open-competitive": "competitive", "open competitive": "competitive",
    "non-competitive": "non-competitive", "non competitive": "non-competitive", "noncompetitive": "non-competitive",
    "exempt": "exempt", "labor": "labor", "unclassified": "unclassified",
}
# Bargaining unit (on the lower-cased text; a match must start its line): "Bargaining Unit: 06" on one
# line, or a BARGAINING UNIT heading over its value line. The value is read back from the original text.
BARGAINING_UNIT_PATTERNS = (
    re.compile(r"bargaining unit[ \t]*:[ \t]*(?P<value>\S[^\n]{0,79}?)[ \t]*$", re.M),
    re.compile(r"bargaining unit[ \t]*\n(?:[ \t]*\n)*[ \t]*(?P<value>\S[^\n]{0,79}?)[ \t]*$", re.M),
)

# Lines that name the kind of document or its issuer, never the class: "California State Personnel
# Board Specification", "Class Specification", "Job Description", "Job Bulletin".
DOCUMENT_HEADER_LINE = re.compile(
    r"^\s*(?:.*\b(?:personnel board|civil service commission|human resources|personnel department)\b.*"
    r"|(?:.*\b)?(?:class(?:ification)?|job|position)?\s*(?:specifications?|descriptions?|bulletins?|announcements?))\s*$",
    re.I,
)

# The fifty states, for headers such as "Washington State Human Resources" -> State of Washington.
US_STATES = frozenset({
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida",
    "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine",
    "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska",
    "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio",
    "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas",
    "Utah", "Vermont", "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming",
})
