"""Downloads every page offers: a chart as PNG, SVG or interactive HTML, and its tables as CSV and Excel.

Images are drawn by kaleido in the system Chromium (never a downloaded browser) without MathJax, which
kaleido would otherwise fetch from a CDN; the HTML file embeds plotly.js, so it opens offline. Every
file is made only when its button is clicked.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from analytics.exports import csv_bytes, excel_bytes

SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
IMAGE_WIDTH, IMAGE_SCALE = 1200, 2
IMAGE_MIMES = {"png": "image/png", "svg": "image/svg+xml"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NO_CHROMIUM = "no Chromium to draw the image with: install the chromium package or set BROWSER_PATH"
_NOT_IN_NAME = re.compile(r"[^a-z0-9]+")


def chromium_path() -> str | None:
    """Return the browser kaleido draws images with ($BROWSER_PATH, else the system Chromium), or None."""
    chosen = os.environ.get("BROWSER_PATH")
    if chosen:
        return chosen
    if SYSTEM_CHROMIUM.is_file():
        return str(SYSTEM_CHROMIUM)
    return shutil.which("chromium")


def _framed(fig: go.Figure, fmt: str, width: int) -> tuple[go.Figure, dict]:
    """The figure with the margins of an image (a copy: cached figures are shared) and kaleido's options."""
    framed = go.Figure(fig).update_layout(margin={"l": 30, "r": 30, "t": 50, "b": 20}, title={"x": 0.01})
    options = {"format": fmt, "width": width, "height": fig.layout.height or 450,
               "scale": IMAGE_SCALE if fmt == "png" else 1}
    return framed, options


async def _draw(figs: Sequence[go.Figure], fmt: str, width: int, browser: str) -> list[bytes]:
    # One browser for all the figures: starting Chromium costs more than drawing a chart, and more tabs
    # than one are slower on a small machine (measured: 4 charts in 3.1 s with one tab, 7.4 s with four).
    import kaleido  # here, not at the top: about 0.15 s that a page pays only when an image is drawn

    async with kaleido.Kaleido(n=1, mathjax=False, path=browser) as session:
        jobs = [session.calc_fig(framed, opts=options) for framed, options in (_framed(f, fmt, width) for f in figs)]
        return list(await asyncio.gather(*jobs))


def images_bytes(figs: Sequence[go.Figure], fmt: str, *, width: int = IMAGE_WIDTH) -> list[bytes]:
    """Return each figure as a PNG or SVG image (`fmt`) `width` pixels wide, all drawn in one Chromium session.

    Raises RuntimeError when no Chromium is installed, ValueError for another format.
    """
    if fmt not in IMAGE_MIMES:
        raise ValueError(f"image format {fmt!r} is not one of {', '.join(IMAGE_MIMES)}")
    browser = chromium_path()
    if browser is None:
        raise RuntimeError(NO_CHROMIUM)
    if not figs:
        return []
    # A thread of its own: the caller may already run an event loop (a deferred download runs in Tornado's).
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _draw(figs, fmt, width, browser)).result()


def image_bytes(fig: go.Figure, fmt: str) -> bytes:
    """Return the figure as a PNG or SVG image (`fmt`), IMAGE_WIDTH wide, drawn by kaleido in the system Chromium.

    Raises RuntimeError when no Chromium is installed.
    """
    return images_bytes([fig], fmt)[0]


def html_bytes(fig: go.Figure) -> bytes:
    """Return the figure as one standalone HTML file of the interactive chart, plotly.js embedded (opens offline)."""
    page = fig.to_html(include_plotlyjs=True, full_html=True, include_mathjax=False,
                       config={"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}})
    return page.encode("utf-8")


def file_stem(*parts: object) -> str:
    """Return a file name stem from words: "Pay bands", "SG 18" -> "pay-bands-sg-18"."""
    return "-".join(filter(None, (_NOT_IN_NAME.sub("-", str(p).lower()).strip("-") for p in parts))) or "export"


def chart_downloads(fig: go.Figure, *, stem: str, key: str) -> None:
    """Three buttons in a row under a chart: Chart (PNG), Chart (SVG), Chart (HTML), files named `stem`.<format>.

    Each file is made when its button is clicked; PNG and SVG are disabled, saying why, without Chromium.
    """
    no_browser = chromium_path() is None
    drawn = "Drawn when you click (a few seconds)." if not no_browser else \
        "Needs Chromium (/usr/bin/chromium or $BROWSER_PATH) to draw images."
    with st.container(horizontal=True, gap="small"):
        for fmt, mime in IMAGE_MIMES.items():
            st.download_button(f"Chart ({fmt.upper()})", partial(image_bytes, fig, fmt), file_name=f"{stem}.{fmt}",
                               mime=mime, on_click="ignore", key=f"{key}.{fmt}", icon=":material/image:",
                               type="tertiary", disabled=no_browser, help=drawn)
        st.download_button("Chart (HTML)", partial(html_bytes, fig), file_name=f"{stem}.html", mime="text/html",
                           on_click="ignore", key=f"{key}.html", icon=":material/code:", type="tertiary",
                           help="The interactive chart in one file that opens in any browser, also offline.")


def table_downloads(frames: Mapping[str, pl.DataFrame], *, stem: str, key: str) -> None:
    """A CSV button per frame ("<name> (CSV)") and one Excel workbook with a sheet per frame, made when clicked.

    One frame: files `stem`.csv and `stem`.xlsx; several: `stem`-<name>.csv each and `stem`.xlsx. Text cells
    a spreadsheet would run as formulas are neutralised (analytics.exports).
    """
    several = len(frames) > 1
    with st.container(horizontal=True, gap="small"):
        for index, (name, frame) in enumerate(frames.items()):
            st.download_button(f"{name} (CSV)", partial(csv_bytes, frame), mime="text/csv", on_click="ignore",
                               file_name=f"{file_stem(stem, name) if several else stem}.csv",
                               key=f"{key}.csv.{index}", icon=":material/download:", type="tertiary")
        label = "All tables (Excel)" if several else f"{next(iter(frames), 'Table')} (Excel)"
        st.download_button(label, partial(excel_bytes, dict(frames)), mime=XLSX, on_click="ignore",
                           file_name=f"{stem}.xlsx", key=f"{key}.xlsx", icon=":material/table:", type="tertiary")
