"""Chart and table downloads: images drawn by the system Chromium, a standalone HTML chart, lazy buttons."""

from __future__ import annotations

import csv
import html
import io
import re
import struct

import openpyxl
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from app_pages.shared import downloads
from app_pages.shared.plain import chart_text
from tests.conftest import CHROMIUM

HOSTILE = "</script><script>alert(1)</script>"
needs_chromium = pytest.mark.skipif(not CHROMIUM.is_file(), reason=f"{CHROMIUM} is not installed")


def figure(title: str = "Cost by unit", height: int = 300) -> go.Figure:
    return go.Figure(go.Bar(x=["Albany", "Buffalo"], y=[120_000, 95_000]),
                     layout={"title": {"text": title}, "height": height})


def png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", png[16:24])


@needs_chromium
def test_images_are_drawn_in_the_system_chromium_at_the_export_size():
    png = downloads.image_bytes(figure(height=300), "png")
    svg = downloads.image_bytes(figure(chart_text("<b>Unit</b> & co")), "svg").decode("utf-8")

    assert png_size(png) == (downloads.IMAGE_WIDTH * downloads.IMAGE_SCALE, 300 * downloads.IMAGE_SCALE)
    assert svg.startswith("<svg") and 'width="1200"' in svg
    texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    assert "<b>Unit</b> & co" in texts  # the title as text, never markup
    assert "<b>" not in svg


@needs_chromium
def test_several_figures_are_drawn_in_one_session_in_order():
    svgs = [s.decode("utf-8") for s in downloads.images_bytes([figure("First"), figure("Second")], "svg")]

    assert ["First" in s for s in svgs] == [True, False]
    assert ["Second" in s for s in svgs] == [False, True]


def test_without_chromium_an_image_is_refused_with_one_clear_line(monkeypatch):
    monkeypatch.setattr(downloads, "chromium_path", lambda: None)

    with pytest.raises(RuntimeError, match="no Chromium to draw the image with"):
        downloads.image_bytes(figure(), "png")


def test_an_unknown_image_format_is_refused():
    with pytest.raises(ValueError, match="'jpeg' is not one of png, svg"):
        downloads.image_bytes(figure(), "jpeg")


def test_the_chromium_is_the_one_browser_path_names(monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "chrome"))
    assert downloads.chromium_path() == str(tmp_path / "chrome")
    monkeypatch.delenv("BROWSER_PATH")
    monkeypatch.setattr(downloads, "SYSTEM_CHROMIUM", tmp_path / "none")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert downloads.chromium_path() is None


def test_the_html_chart_embeds_plotly_and_asks_no_host_for_anything():
    page = downloads.html_bytes(figure(HOSTILE)).decode("utf-8")

    assert "<html" in page[:200] and page.rstrip().endswith("</html>")
    assert len(page) > 1_000_000  # plotly.js itself is inside
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=", page)
    assert HOSTILE not in page  # a title cannot close the script that holds the figure
    assert '"displaylogo": false' in page.replace("\\", "")


def run_buttons() -> AppTest:
    def script():
        import plotly.graph_objects as go
        import polars as pl

        from app_pages.shared.downloads import chart_downloads, table_downloads

        chart_downloads(go.Figure(go.Bar(y=[1, 2])), stem="pay-bands", key="t.chart")
        one = {"Trajectory": pl.DataFrame({"unit": ["=HYPERLINK(\"x\")"], "salary": [1.5]})}
        table_downloads(one, stem="pay-title", key="t.one")
        two = {"By unit": pl.DataFrame({"unit": ["A"]}), "By grade": pl.DataFrame({"grade": ["18"]})}
        table_downloads(two, stem="costs-1", key="t.two")

    return AppTest.from_function(script, default_timeout=30).run()


def buttons(at: AppTest) -> dict[str, object]:
    return {b.proto.label: b.proto for b in at.get("download_button")}


def test_buttons_offer_each_file_lazily_under_its_name(offered_files):
    at = run_buttons()

    assert not at.exception
    assert list(buttons(at)) == ["Chart (PNG)", "Chart (SVG)", "Chart (HTML)", "Trajectory (CSV)",
                                 "Trajectory (Excel)", "By unit (CSV)", "By grade (CSV)", "All tables (Excel)"]
    assert set(offered_files) == {"pay-bands.png", "pay-bands.svg", "pay-bands.html", "pay-title.csv",
                                  "pay-title.xlsx", "costs-1-by-unit.csv", "costs-1-by-grade.csv", "costs-1.xlsx"}
    rows = list(csv.reader(io.StringIO(offered_files["pay-title.csv"]().decode("utf-8"))))
    assert rows == [["unit", "salary"], ["'=HYPERLINK(\"x\")", "1.5"]]
    book = openpyxl.load_workbook(io.BytesIO(offered_files["costs-1.xlsx"]()))
    assert book.sheetnames == ["By unit", "By grade"]


def test_without_chromium_the_image_buttons_are_disabled_and_say_why(monkeypatch):
    monkeypatch.setattr(downloads, "chromium_path", lambda: None)

    shown = buttons(run_buttons())

    assert shown["Chart (PNG)"].disabled and shown["Chart (SVG)"].disabled
    assert "Needs Chromium" in shown["Chart (PNG)"].help
    assert not shown["Chart (HTML)"].disabled


@pytest.mark.parametrize(("parts", "stem"), [
    (("Pay bands", "NYS_PST_PEF", "2025-04-01"), "pay-bands-nys-pst-pef-2025-04-01"),
    (("<script>", ""), "script"),
    (("../..",), "export"),
])
def test_file_stems_are_lowercase_words_joined_by_dashes(parts, stem):
    assert downloads.file_stem(*parts) == stem


def test_a_frame_with_no_rows_still_downloads_its_header(offered_files):
    def script():
        import polars as pl

        from app_pages.shared.downloads import table_downloads

        table_downloads({"Empty": pl.DataFrame(schema={"a": pl.String})}, stem="empty", key="e")

    at = AppTest.from_function(script, default_timeout=30).run()

    assert not at.exception
    assert offered_files["empty.csv"]() == b"a\n"
    sheet = openpyxl.load_workbook(io.BytesIO(offered_files["empty.xlsx"]()))["Empty"]
    assert [c.value for c in sheet[1]] == ["a"]
