"""Fixtures of the page tests: the files a page's deferred download buttons offer."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager


@pytest.fixture()
def offered_files(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], bytes | str]]:
    """file name -> the callable a deferred download button runs when clicked (recorded as the page registers it)."""
    offered: dict[str, Callable[[], bytes | str]] = {}
    register = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        offered[file_name] = data_callable
        return register(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return offered
