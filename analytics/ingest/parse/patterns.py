"""The extractor's closed label sets and its patterns and synonyms, kept as data in one place."""

from __future__ import annotations

import re

# Words that make a sentence a substitution ("a master's degree may substitute for one year").
SUBSTITUTION_WORDS = r"substitut|in lieu of|may be used|\bequall?ing|\bcredited|may replace"

# (level, pattern). Order matters only for readability; every match is collected with its span.
EDUCATION_PATTERNS: tuple[tuple[str, str], ...] = (
    ("doctorate", r"\bdoctora(?:te|l)\b|\bph\.?\s?d\b|\bD\.?V\.?M\.?(?=\W)|\bdoctor\s+of\s+veterinary\s+medicine\b"),
    ("law", r"\blaw degree\b|\bjuris doctor\b|\bj\.\s?d\.?(?=\W)"),
    ("master", r"\bmaster(?:[’']s|s)\b|\bmaster\s+(?:degree|of\s+[A-Z])|\bgraduate degree\b"),
    ("bachelor", r"\bbachelor(?:[’']?s)?\b|\bbaccalaureate\b|\bfour[- ]year (?:college|degree|university)\b"
                 r"|\bcollege degree\b|\bB\.A\.|\bB\.S\.|\bundergraduate\s+degree\b"
                 r"|\bgraduation\s+from\s+(?:an?\s+)?(?:recognized\s+|accredited\s+)?(?:college|university)\b"),
    ("associate", r"\bassociate(?:[’']?s)?\s+(?:degree|of)\b|\btwo[- ]year (?:college|degree)\b|\bA\.A\.|\bA\.S\."),
    ("high_school", r"\bhigh school\b|\b12th grade\b|\btwelfth grade\b|\bG\.?E\.?D\.?\b|\bequivalency diploma\b"
                    r"|\bGeneral Educational Development\b"),
    ("coursework", r"\beducation above the (?:twelfth|12th) grade\b|\b(?:semester|quarter)\s+(?:units|hours|credits)\b|\bcollege (?:courses|coursework|training)\b"
                   r"|\bcourses? in\b|\byears? of college\b"
                   r"|\b(?:one|two|1|2)[- ]year\s+(?:program|course)\b|\b(?:trade|technical|vocational)\s+school\b"
                   r"|\bundergraduate\s+(?:core\s+)?(?:program|courses|coursework)\b|\bcertificate\s+program\b"
                   r"|\bcompletion\s+of\s+(?:an?\s+)?program\s+in\b"),
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

# Section kinds by keyword: (kind, pattern on the heading's words, lower case). The first rule that matches
# a heading names its kind; a heading no rule knows is an "unknown" heading (sections.heading_kind says which
# unknown headings still end a section). Keywords, not exact phrases: "Minimum Qualifications", "Required
# Qualifications", "Education/Experience" and "REQUIREMENT/MINIMUM QUALIFICATION" are all qualifications.
HEADING_KINDS: tuple[tuple[str, str], ...] = (
    ("questionnaire", r"supplemental questions?|questionnaire"),
    # Read first: these headings carry requirement words but are not minimum qualifications.
    ("other", r"^(?:knowledge|skills?\b|abilities|(?:core |technical |behavioral )?competenc|special (?:requirement|"
              r"personal|physical)|physical (?:demand|requirement|characteristic)|working conditions|work environment|"
              r"conditions of employment|licen[cs]e|certificat|background|selecti(?:on|ve)|exam(?:ination)?s?\b|how to apply|to apply|"
              r"where to apply|application|benefits|notes?\b|process notes?|equal|eeo\b|veteran|class history|"
              r"effective date|acknowledg|cancellation|scope\b|definition of series|factors affecting|guidelines|"
              r"purpose of job class|brief description|occupational group|bargaining unit|agency\b|employer\b|"
              r"qualifications review|alternate range|supervision exercised|full performance|job class designation|"
              r"compensation guidelines|(?:other|additional|pre-?employment|post-?employment|cover letter|application|"
              r"submission|travel|residency|vaccination|licen[cs]ing|medical|drug) requirements?|proof of\b"
              r"|work authorization|(?:education|degree) verification|transcripts?\b)"),
    ("preferred", r"\bprefer|\bdesir(?:ed|able)\b|\bideal\b|nice[- ]to[- ]have|\bbonus\b"),
    ("substitutions", r"\bsubstitut"),
    ("related", r"\brelated (?:class|title|position|job)"),
    ("distinguishing", r"distinguishing|definition of levels"),
    ("supervision", r"^supervision(?: received)?$"),
    ("salary", r"salar(?:y|ies)|\bcompensation\b|^pay\b|\bpay (?:range|rate|scale)|\bwages?\b|hourly rate"),
    # Stand-alone "Experience" / "Education" headings (NEOGOV postings, DGS Markdown): see sections.STANDALONE_ONLY.
    ("education", r"^(?:and )?(?:education|training|education and training)$"),
    ("experience", r"^(?:and )?(?:experience|alternate (?:education and )?experience)$"),
    ("qualifications", r"qualif|requirement|\beligib|\bentrance\b|employment standards|education|experience|"
                       r"what you(?:'ll)? (?:need|bring)|who (?:may|can|should) apply|what we'?re looking for"
                       r"|^(?:this|the)\s+(?:position|job|role)\s+requires\b"),
    ("duties", r"dut(?:y|ies)\b|responsibilit|\btasks\b|\bfunctions\b|what you'?ll (?:do|be doing)|work performed|"
               r"examples? of (?:the )?work|nature of (?:the )?work|description of work|typical work|role summary|"
               r"about the (?:role|job|position)|position (?:summary|overview|description)|job summary|"
               r"key objectives|your role|job description"),
)
# Words that headings are made of. A line is read as a heading only when at least half of its words (small
# words aside) are heading words, so that a title such as "Customer Experience Analyst" is not taken for an
# "Experience" heading.
HEADING_WORDS = frozenset("""
minimum qualification qualifications qualifying requirement requirements required education educational experience training employment standards eligibility general specialized
special alternate substitution substitutions allowed preferred desired desirable ideal nice have bonus salary compensation pay range
rate scale wage wages hourly annual information duties duty responsibilities responsibility examples example typical illustrative essential
functions tasks work performed description job position summary role key objectives nature overview knowledge knowledges skills
skill abilities ability competencies competency related class classes title distinguishing characteristics features definition levels level supervision
received exercised benefits apply application process selection notes note conditions physical demands environment working license licenses
certification certifications background questions supplemental questionnaire agency history effective date scope series purpose guidelines exam examination
full performance personal must looking bring do additional
proof authorization verification transcript transcripts requires factors affecting allocation annualsalary deadline opportunity equal employer
veterans preference how where eeo acknowledgement cancellation clause designation brief occupational group bargaining unit review
criteria certificate certificates pre post tasks include primary
""".split())
# Small words a heading may hold that count neither for nor against it ("What You'll Do", "About the Role").
HEADING_STOP_WORDS = frozenset("""
what who may can should you your we our us will about the a an of and or to for in on with be is are this that
all both other i ii iii
""".split())
# Heading lines of the NEOGOV export that open its two halves.
POSTING_HEADINGS = ("job details", "job description")

# Where the text names its jurisdiction: (pattern, jurisdiction name). First match in document order wins.
JURISDICTION_PATTERNS: tuple[tuple[str, str | None], ...] = (
    (r"New York State Department of Civil Service", "New York State"),
    (r"State of Connecticut", "State of Connecticut"),
    (r"California State Personnel Board|California state service",
     "State of California"),
    (r"City of Los Angeles", "City of Los Angeles"),
    # Federal employers, by the agency's name or its initials in parentheses after it.
    (r"General Services Administration|\bGSA's\b|\(GSA\)", "U.S. General Services Administration"),
    (r"Office of Personnel Management|\(OPM\)", "U.S. Office of Personnel Management"),
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

# Head nouns that make a phrase read as a job title (a title candidate ending in one scores higher).
TITLE_HEAD_NOUNS = (
    JOB_NOUNS + "|Designer|Developer|Lead|Strategist|Architect|Fellow|Advisor|Adviser|Consultant|Writer|Editor"
    "|Researcher|Veterinarian|Registrar|Deputy|Coach|Expert|Partner|Recruiter|Tester|Modeler|Steward|Trainee"
    "|Intern|Apprentice|Helper|Attendant|Agent|Examiner|Nurse|Counsel|Commissioner|Controller"
    "|Comptroller|Ranger|Painter|Electrician|Plumber|Carpenter|Chemist|Dispatcher|Appraiser|Assessor"
    "|Head|President|Professional|Liaison|Educator|Instructor|Therapist|Guard"
    "|Driver|Custodian|Aide|Judge|Marshal|Receptionist|Bookkeeper|Paralegal|Economist"
    "|Librarian|Curator|Translator|Machinist|Mechanic|Officer"
)
# Labels of a line that states the title ("Title:", "Official title in USAJOBS:", "Civil Service Title:").
TITLE_LABELS = (
    r"Official\s+title(?:\s+in\s+USAJOBS)?|Civil\s+Service\s+Title|Class(?:ification)?\s+Title|Job\s+Title"
    r"|Position\s+Title|Working\s+Title|Business\s+Title|Title|Performance\s+Profile"
)
_WORD = r"[\w'&/+-]*(?:\.\w[\w'&/+-]*)*"  # a dot only inside a word ("Login.gov"), never the sentence's full stop
_TITLE_WORDS = r"[A-Z]" + _WORD + r"(?:[ \t]+(?:(?:of|and|the|for|in|&|to|-)[ \t]+)?[A-Z0-9]" + _WORD + r"){0,7}"
_TITLE_ADJECTIVES = (r"(?:(?:an?|the|our|next|new|experienced|talented|qualified|dynamic|motivated|highly|skilled|"
                     r"full-time|part-time|permanent|temporary|seasonal)\s+)*")
# Prose that names the post: "is hiring for X", "join us as our X", "The X is responsible for".
TITLE_PROSE = (
    r"\b(?:(?:is|are)\s+(?:now\s+|currently\s+)?(?:hiring|recruiting|seeking|looking)|seeks)\s+(?:for\s+)?"
    r"(?:the\s+(?:role|position)\s+of\s+)?(?:an?\s+)?(?:\(Term\)\s+)?(?:GS-\d{1,2}\s*(?:-\s*)?)?" + _TITLE_ADJECTIVES + r"(?P<t>" + _TITLE_WORDS + ")",
    r"\b[Jj]oin\s+(?:us|our\s+team|the\s+team)\s+as\s+(?:an?|our|the)\s+(?P<t>" + _TITLE_WORDS + ")",
    r"\b(?:[Tt]he|Our)\s+(?P<t>" + _TITLE_WORDS + r")\s+(?:is\s+responsible|will\s+be\s+responsible|"
    r"serves\s+as|performs|provides|oversees|manages|leads|coordinates|reports\s+to|assists|supports|plans|directs|"
    r"administers|supervises|conducts|maintains|works\s+under|is\s+a)\b",
    r"\b(?:[Aa]pplications?|[Cc]andidates)\s+(?:are\s+)?(?:now\s+)?(?:being\s+)?(?:accepted|sought)\s+for\s+"
    r"(?:the\s+(?:position|role)\s+of\s+)?" + _TITLE_ADJECTIVES + r"(?P<t>" + _TITLE_WORDS + ")",
    r"\bfor\s+the\s+(?:position|role)\s+of\s+" + _TITLE_ADJECTIVES + r"(?P<t>" + _TITLE_WORDS + ")",
    r"\bhas\s+(?:an?\s+)?(?:opening|vacancy|opportunity)\s+for\s+" + _TITLE_ADJECTIVES + r"(?P<t>" + _TITLE_WORDS + ")",
    r"\bto\s+fill\s+(?:one|an?|the|two|three|\d+)\s+(?:(?:career\s+service|full-time|part-time|temporary|permanent|"
    r"regular|term-limited|vacant)\s+)*(?P<t>" + _TITLE_WORDS + r")\s+(?:positions?|vacanc(?:y|ies))\b",
)
# Words that mark a line as page chrome or a unit of the employer, not a title (read when no head noun ends it).
NOT_A_TITLE_WORDS = (
    r"join|skip|menu|home|careers?|jobs|search|welcome|back|page|site|website|closed|official|opportunit(?:y|ies)"
    r"|board|office|department|division|county|city|state|team|program|agency|commission|organi[sz]ation|company"
    r"|university|college|center|services|government|transformation"
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
