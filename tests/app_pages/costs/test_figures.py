"""Chart images of the Staffing costs page: a PNG drawn by kaleido in the system Chromium."""

from __future__ import annotations

import io
import os
from pathlib import Path

import plotly.graph_objects as go
import pytest

from app_pages.costs.figures import chromium_path, png_bytes

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_a_waterfall_is_drawn_as_a_png_by_the_system_chromium():
    if chromium_path() is None or not Path(chromium_path()).is_file():
        if os.environ.get("CI") == "true":
            pytest.fail("chart images need Chromium on CI")
        pytest.skip("no Chromium installed")
    fig = go.Figure(go.Waterfall(x=["FY2026", "COLA", "steps", "FY2027"], y=[100, 3, 2, 105],
                                 measure=["absolute", "relative", "relative", "total"]))
    fig.update_layout(title="Why the cost changes", height=400)

    image = png_bytes(fig)

    assert image.startswith(PNG_SIGNATURE)
    # IHDR holds width and height (big-endian) right after the signature and chunk header: 1200 x 400 at scale 2.
    header = io.BytesIO(image[16:24])
    assert (int.from_bytes(header.read(4), "big"), int.from_bytes(header.read(4), "big")) == (2400, 800)
