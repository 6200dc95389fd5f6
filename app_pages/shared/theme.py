"""The look every page shares: the palette, the chart font and number formats.

Colours are the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies), and
nothing is told by colour alone: charts state status in words and tell series apart by dash and marker.
"""

from __future__ import annotations

import math

BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILION, GREY, BLACK = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#7F7F7F", "#000000",
)
FONT = "Source Sans Pro, Arial, sans-serif"
NBSP = "\u00a0"
MINUS = "−"  # a real minus sign: "−$1,234", never "$-1,234"


def money(value: float | None, *, cents: bool = False) -> str:
    """Return "$251,918,977" (or "$251,918,977.33" with `cents`; "−$5" when negative); "" for None or NaN."""
    if value is None or math.isnan(float(value)):
        return ""
    return f"{MINUS if value < 0 else ''}${abs(float(value)):,.{2 if cents else 0}f}"


def money_short(value: float | None, *, digits: int = 1, signed: bool = False) -> str:
    """Return "$251.9M", "$84.2K", "−$1.3M" ("+" too when `signed`), or "" for None."""
    if value is None:
        return ""
    value = float(value)
    sign = MINUS if value < 0 else ("+" if signed and value > 0 else "")
    size = abs(value)
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if size >= limit:
            return f"{sign}${size / limit:,.{digits}f}{suffix}"
    return f"{sign}${size:,.0f}"


def years_text(years: float) -> str:
    """Return "1 year" or "N years" without a needless decimal."""
    return f"{years:g} year" if years == 1 else f"{years:g} years"
