"""A page's current view as one self-contained HTML file laid out for print: link, data version, inputs, charts, tables.

Every text is escaped; the charts are inline SVG drawn by kaleido in one Chromium session; nothing is fetched
from any host (a Content-Security-Policy forbids it). The layout fits A4 and Letter portrait with 12 mm margins:
table headers repeat on each page, a table row or a chart never splits across pages.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections.abc import Callable, Sequence
from decimal import Decimal

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from app_pages.shared.downloads import chromium_path, images_bytes
from app_pages.shared.theme import money

# Charts are drawn this wide and shrunk to the 186 mm column: their 13 px text prints at about 7.5 pt.
CHART_WIDTH = 900
MAX_ROWS = 300  # rows of a table printed; the CSV and Excel downloads have them all
# Columns whose numbers are dollars, by the column vocabulary (salary, earnings, cost, pay, *_annual, ...).
MONEY_COLUMN = re.compile(r"(?i)salary|earning|cost|amount|\bpay\b|annual|hourly|midpoint|\$")
# Inline SVG needs no namespace declarations in HTML (the parser supplies them); dropping them keeps the
# file free of any other host's address.
_SVG_NAMESPACES = re.compile(r'\s+xmlns(?::xlink)?="[^"]*"')
STYLE = """
@page { margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 10pt; color: #111; margin: 0 auto; padding: 8mm 0;
       max-width: 186mm; }  /* A4 210mm and Letter 8.5in wide, less 12mm each side */
@media print { body { padding: 0; } }
h1 { font-size: 17pt; margin: 0 0 3mm; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm; break-after: avoid; page-break-after: avoid; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 4mm; margin: 0 0 4mm; }
dl.meta dt { font-weight: bold; } dl.meta dd { margin: 0; overflow-wrap: anywhere; }
p.note { margin: 2mm 0; }
figure { margin: 4mm 0; break-inside: avoid; page-break-inside: avoid; }
figure figcaption { font-size: 12.5pt; font-weight: bold; margin: 6mm 0 1mm; }
figure svg, figure img { display: block; width: 100%; max-width: 100%; height: auto; max-height: 230mm; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 1mm 0 3mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.3mm solid #BBB; padding: 0.8mm 1.5mm; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
th { background: #EEE; } td.number { text-align: right; white-space: nowrap; }
p.missing { border: 0.3mm dashed #999; padding: 3mm; }
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def cell_text(value: object, *, is_money: bool) -> str:
    """Return a table cell as printed: money as "−$7,543,764" (whole dollars), numbers with separators, dates ISO."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal | float | int) and is_money:
        return money(float(value))
    if isinstance(value, Decimal):
        return f"{value:,}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) >= 1 else f"{value:.3g}"
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _table(frame: pl.DataFrame) -> str:
    numeric = [frame.schema[c].is_numeric() for c in frame.columns]
    is_money = [n and bool(MONEY_COLUMN.search(c)) for c, n in zip(frame.columns, numeric, strict=True)]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in frame.columns)
    rows = []
    for values in frame.head(MAX_ROWS).iter_rows():
        cells = (f"<td{' class=number' if n else ''}>{html.escape(cell_text(v, is_money=m))}</td>"
                 for v, n, m in zip(values, numeric, is_money, strict=True))
        rows.append(f"<tr>{''.join(cells)}</tr>")
    more = (f"<p class=note>The first {MAX_ROWS:,} of {frame.height:,} rows; the CSV and Excel downloads have them "
            "all.</p>") if frame.height > MAX_ROWS else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"


def _charts(figures: Sequence[tuple[str, go.Figure]]) -> list[str]:
    """Each figure as a <figure> named `name` and its inline SVG (or a line saying why it is missing); a figure
    with no title of its own is headed by its name."""
    if not figures:
        return []
    if chromium_path() is None:
        drawn: list[str | None] = [None] * len(figures)
        why = "This chart is not drawn: no Chromium is installed to draw it (install the chromium package)."
    else:
        drawn = [_SVG_NAMESPACES.sub("", svg.decode("utf-8"), count=2)
                 for svg in images_bytes([f for _, f in figures], "svg", width=CHART_WIDTH)]
        why = ""
    parts = []
    for (name, fig), svg in zip(figures, drawn, strict=True):
        caption = "" if fig.layout.title.text and svg is not None else f"<figcaption>{html.escape(name)}</figcaption>"
        body = svg if svg is not None else f"<p class=missing>{html.escape(why)}</p>"
        parts.append(f'<figure aria-label="{html.escape(name)}">{caption}{body}</figure>')
    return parts


def report_html(*, title: str, url: str, data_version: str, inputs: Sequence[tuple[str, str]],
                figures: Sequence[tuple[str, go.Figure]], tables: Sequence[tuple[str, pl.DataFrame]],
                note: str = "") -> bytes:
    """Return one self-contained HTML page (UTF-8) of a view laid out for print: title, the view's link as text, the
    data version, when it was made, the inputs as a table, each chart and each table (at most MAX_ROWS rows)."""
    made = dt.datetime.now().astimezone()
    meta = (("View", url), ("Data version", data_version), ("Generated", f"{made:%Y-%m-%d %H:%M %Z}"))
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1><dl class=meta>",
        *(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in meta), "</dl>",
    ]
    if note:
        parts.append(f"<p class=note>{html.escape(note)}</p>")
    if inputs:
        parts += ["<h2>Inputs</h2>", _table(pl.DataFrame(list(inputs), schema=["Input", "Value"], orient="row"))]
    parts += _charts(figures)
    for name, frame in tables:
        parts += [f"<h2>{html.escape(name)}</h2>", _table(frame)]
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")


def report_button(label: str, build: Callable[[], bytes], *, stem: str, key: str) -> None:
    """A download button whose file, `stem`.html, is built by `build` (report_html) only when it is clicked."""
    st.download_button(label, build, file_name=f"{stem}.html", mime="text/html", on_click="ignore", key=key,
                       icon=":material/print:",
                       help="The view as one HTML page laid out for print (A4 or Letter): open it, then print or save "
                            "as PDF. Drawn when you click (a few seconds).")

