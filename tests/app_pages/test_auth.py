"""Login and roles in the real app (AppTest): a link asks for the login, then opens its view; each write checks
the role on the server."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics import db
from analytics.users import ANALYST, STEWARD, VIEWER, NotAllowed
from tests.analytics.test_users import PASSWORD, write_users
from tests.paths import REPO_ROOT

LADDER = "app_pages/ladder/page.py"
INGEST = "app_pages/ingest.py"
LINK = {"title": "Immigrant Workers Specialist 1", "years": "3", "education": "master"}


@pytest.fixture()
def private_users(tmp_path: Path, private_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = write_users(tmp_path / "users.toml", vera=VIEWER, anna=ANALYST)
    monkeypatch.setenv("LADDER_USERS", str(path))
    return private_db


@pytest.fixture()
def users(tmp_path: Path, ladder_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = write_users(tmp_path / "users.toml", vera=VIEWER, anna=ANALYST, stew=STEWARD)
    monkeypatch.setenv("LADDER_USERS", str(path))
    return path


def open_link(script: str, **query_params: str) -> AppTest:
    """A fresh session opening a link to `script` with these parameters (no login yet)."""
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(script)
    at.query_params.update(query_params)
    return at.run()


def sign_in(at: AppTest, login: str, password: str = PASSWORD) -> AppTest:
    at.text_input[0].input(login)
    at.text_input[1].input(password)
    return next(b for b in at.button if b.label == "Sign in").click().run()


def test_a_shared_link_asks_for_the_login_then_opens_the_linked_view(users):
    at = open_link(LADDER, **LINK)

    assert not at.exception
    assert [t.value for t in at.title] == ["Sign in"]
    assert not at.header  # nothing of the page before the login

    at = sign_in(at, "vera")

    assert not at.exception
    assert at.header[0].value == "Immigrant Workers Specialist 1"
    assert {k: at.query_params[k] for k in LINK} == LINK  # the link's view (the page adds its as_of date)
    assert any("Signed in as Vera" in c.value for c in at.sidebar.caption)


def test_a_wrong_password_is_refused_with_one_message(users):
    at = sign_in(open_link(LADDER, **LINK), "vera", "wrong password")

    assert not at.exception
    assert [e.value for e in at.error] == ["Unknown user name or wrong password."]
    assert [t.value for t in at.title] == ["Sign in"]


def test_a_viewer_sees_no_upload_and_a_steward_does(users):
    viewer = sign_in(open_link(INGEST), "vera")
    steward = sign_in(open_link(INGEST), "stew")

    assert not viewer.exception and not steward.exception
    assert any("needs the steward role" in i.value for i in viewer.info)
    assert not viewer.get("file_uploader")
    assert len(steward.get("file_uploader")) == 2


def test_writes_check_the_role_on_the_server_not_only_the_buttons(users):
    # Outside a signed-in session (a forged or replayed request) the loaders refuse before writing anything.
    from app_pages.costs import loaders as cost_loaders
    from app_pages.workforce import loaders as workforce_loaders

    with pytest.raises(NotAllowed, match="may not save a scenario: it needs the analyst role"):
        cost_loaders.save(None, None)  # type: ignore[arg-type]
    with pytest.raises(NotAllowed, match="may not load a roster: it needs the steward role"):
        cost_loaders.load_roster_upload("roster.csv", b"")
    with pytest.raises(NotAllowed, match="may not save a projection: it needs the analyst role"):
        workforce_loaders.save(None, {})  # type: ignore[arg-type]


def test_login_is_off_by_default(ladder_db, monkeypatch):
    monkeypatch.delenv("LADDER_USERS", raising=False)

    at = open_link(LADDER, **LINK)

    assert not at.exception
    assert at.header[0].value == "Immigrant Workers Specialist 1"
    assert not any("Signed in" in c.value for c in at.sidebar.caption)


def test_an_analysts_save_is_in_the_audit_log_with_the_user(private_users):
    analyst = sign_in(open_link("app_pages/costs/page.py"), "anna")
    next(b for b in analyst.button if b.label == "Save & share").click().run()
    viewer = sign_in(open_link("app_pages/costs/page.py"), "vera")
    next(b for b in viewer.button if b.label == "Save & share").click().run()

    assert not analyst.exception and not viewer.exception
    saved = analyst.query_params["scenario"]
    assert any("may not save a scenario: it needs the analyst role" in e.value for e in viewer.error)
    with db.connect(private_users) as con:  # read-write like the app's own connection in this process
        log = db.run(con, "audit_log", {"limit": 10})
    assert log.select("user_login", "user_role", "action", "detail").rows() == [
        ("anna", "analyst", "save a scenario", saved)]
