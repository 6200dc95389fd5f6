"""Numbers and durations as written in class specs: digits, words ("Five (5)", "two"), halves, months."""

from __future__ import annotations

import re
from functools import lru_cache

from text_to_num import text2num

_UNITS = ("zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
          "|sixteen|seventeen|eighteen|nineteen")
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
NUMBER_WORD = rf"(?:(?:{_TENS})(?:[- ](?:{_UNITS}))?|{_UNITS}|a|an)"
_HALF = r"(?:one[- ]half|a[- ]half|half)(?:\s*\(\s*1/2\s*\))?"
# A number as written: "5", "2.5", "five", "Five (5)", "twenty-four", "one-half (1/2)", "1/2".
NUMBER = (
    rf"(?:{_HALF}|1/2|(?:\d+(?:\.\d+)?|{NUMBER_WORD})(?:\s*\(\s*\d+(?:\.\d+)?\s*\))?"
    rf"(?:\s+and\s+(?:{_HALF}|1/2))?)"
)
# A duration: "two years", "Five (5) years", "six months", "one and one-half years", "18 months".
# A hyphen after the number ("four-year college") is an adjective, not a duration.
DURATION = re.compile(
    rf"(?<![\w-])(?:(?P<low>\d+)\s*(?:to|-|–)\s*|(?P<lowword>{NUMBER_WORD})\s+to\s+)?(?P<number>{NUMBER})\+?(?:\s+(?:full[- ]time|calendar|consecutive|additional|more))?"
    rf"\s+(?P<unit>years?\b|months?\b|yrs?\b\.?|mos?\b\.?)(?!-)",
    re.IGNORECASE,
)


@lru_cache(maxsize=512)
def number_value(text: str) -> float | None:
    """Return the value of a number as written, or None when it is not a number."""
    t = text.strip().lower()
    paren = re.search(r"\(\s*(\d+(?:\.\d+)?)\s*\)", t)
    half = 0.5 if re.search(r"and\s+(?:one[- ]half|a[- ]half|half|1/2)", t) else 0.0
    if paren and not re.match(r"one[- ]half|a[- ]half|half", t):
        return float(paren.group(1)) + half
    head = re.split(r"\s+and\s+|\s*\(", t)[0].strip()
    if re.fullmatch(r"(?:one[- ]half|a[- ]half|half|1/2)", head):
        return 0.5
    if re.fullmatch(r"\d+(?:\.\d+)?", head):
        return float(head) + half
    if head in ("a", "an"):
        return 1.0 + half
    try:
        return float(text2num(head.replace(" ", "-") if " " in head else head, "en")) + half
    except ValueError:
        return None


def duration_years(match: re.Match[str]) -> float | None:
    """Return the years a DURATION match states (months become fractions of a year)."""
    value = number_value(match.group("low") or match.group("lowword") or match.group("number"))
    if value is None:
        return None
    if match.group("unit").lower().startswith("mo"):
        return round(value / 12.0, 4)
    return value
