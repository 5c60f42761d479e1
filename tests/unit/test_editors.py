"""The editors' pure parts: where a sign-in may lead, which callback requests
write, the sign-in key file, the CSRF token, and a dashboard of one folder."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest
from flask import Flask, session

from components import ids
from editors import EXTENSION, csrf
from editors.auth import local_path, secret_key, secret_key_file
from editors.guard import writes
from i18n import LANGUAGES, catalog, t

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", ["/", "/review", "/review?report=a&lang=en#x"])
def test_a_local_path_is_kept(path):
    assert local_path(path) == path


@pytest.mark.parametrize(
    "path",
    [
        "",
        "review",
        "//evil.example",
        "/\\evil.example",
        "/a\\b",
        "https://evil.example/",
        "javascript:alert(1)",
        "/\x00x",
        "/\nx",
    ],
)
def test_a_path_elsewhere_is_refused(path):
    assert local_path(path) is None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"output": "save.children", "outputs": {"id": "save"}}, True),
        ({"output": "view.children", "outputs": {"id": "view"}}, False),
        ({"output": "..view.children...save.data..", "outputs": []}, True),
        (
            {"output": "view.children", "outputs": [{"id": "view"}, {"id": "save"}]},
            True,
        ),
        ({"output": '{"index":["ALL"],"type":"save"}.children'}, True),
        ({"output": "x.y", "outputs": [[{"id": {"type": "save", "i": 1}}]]}, True),
        ({"output": "x.y", "outputs": [[{"id": {"kind": "save"}}]]}, False),
        ({"output": ["save.children"], "outputs": "save"}, False),
        ({"output": '{"type":[[[[.children'}, False),
    ],
)
def test_which_callback_requests_write(body, expected):
    assert writes(body, {"save"}) is expected


def test_the_sign_in_key_is_made_once_owner_only_and_kept(tmp_path):
    environ = {"SECRET_KEY_FILE": str(tmp_path / "keys" / "secret_key")}
    first = secret_key(environ)
    path = secret_key_file(environ)
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert secret_key(environ) == first
    assert list(path.parent.iterdir()) == [path]  # nothing left aside
    assert secret_key({**environ, "SECRET_KEY": "given"}) == "given"


def test_the_sign_in_key_lives_beside_the_sqlite_library(tmp_path):
    environ = {"LIBRARY_PATH": str(tmp_path / "lib" / "library.sqlite3")}
    assert secret_key_file(environ) == tmp_path / "lib" / "secret_key"
    secret_key(environ)
    assert (tmp_path / "lib" / "secret_key").exists()


def test_the_csrf_token_is_one_per_session_and_checked():
    server = Flask(__name__)
    server.secret_key = "test"
    with server.test_request_context():
        assert not csrf.valid(None) and not csrf.valid("")
        token = csrf.token()
        assert csrf.token() == token and len(token) >= 32
        assert csrf.valid(token)
        assert not csrf.valid(token + "x") and not csrf.valid(["x"])
        csrf.renew()  # at sign-in: a new token, there before any callback asks
        renewed = session[csrf.SESSION_KEY]
        assert not csrf.valid(token) and csrf.token() == renewed != token
        csrf.forget()  # at sign-out: none
        assert not csrf.valid(renewed) and csrf.SESSION_KEY not in session


def test_every_account_string_the_code_uses_is_in_both_catalogs():
    code = "\n".join(p.read_text("utf-8") for p in (ROOT / "editors").glob("*.py"))
    used = set(re.findall(r"""["'](account\.[a-z_]+)["']""", code))
    assert len(used) >= 10, "found few catalog lookups: the scan is broken"
    for lang in LANGUAGES:
        assert sorted(used - set(catalog(lang))) == []


def test_a_dashboard_of_one_folder_has_no_editors(app):
    client = app.server.test_client()
    page = client.get("/sign-in?lang=en")
    assert page.status_code == 404
    assert t("account.single_folder", "en") in page.text
    assert "<form" not in page.text
    assert app.server.extensions[EXTENSION].engine is None
    app.server.extensions[EXTENSION].write_outputs.add("save")
    answer = client.post(
        "/_dash-update-component",
        json={
            "output": "save.children",
            "outputs": {"id": "save", "property": "children"},
            "inputs": [],
            "state": [{"id": ids.CSRF, "property": "data", "value": "x"}],
        },
    )
    assert answer.status_code == 403
