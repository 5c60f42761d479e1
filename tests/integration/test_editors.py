"""Editors on SQLite and PostgreSQL: accounts, the ``user`` commands, signing in
and out, the rate limit, and the write guard on the callback endpoint."""

from __future__ import annotations

import io
import logging
import re
import sys

import pytest
from dash import Dash, Input, Output, State, html
from sqlalchemy import select

import dashboard
import editors
from components import ids
from editors import accounts
from editors.accounts import (
    AccountError,
    add_user,
    check_password,
    list_users,
    remove_user,
)
from editors.auth import SIGN_IN_LIMIT
from i18n import t
from library import models as m
from library.reports import Library

PASSWORD = "correct horse battery"
TOKEN_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def engine(library_url):
    library = Library.open(library_url)
    yield library.engine
    library.engine.dispose()


def test_a_password_is_kept_as_a_salted_argon2_hash(engine):
    add_user(engine, "ann", PASSWORD)
    add_user(engine, "bob", PASSWORD)
    with engine.connect() as connection:
        rows = connection.execute(select(m.users.c.name, m.users.c.password_hash))
        hashes = {row.name: row.password_hash for row in rows}
    assert all(
        h.startswith("$argon2id$") and PASSWORD not in h for h in hashes.values()
    )
    assert hashes["ann"] != hashes["bob"]  # salted
    assert check_password(engine, "ann", PASSWORD)
    assert not check_password(engine, "ann", PASSWORD + "!")
    assert not check_password(engine, "nobody", PASSWORD)


def test_editors_are_added_listed_and_removed(engine):
    add_user(engine, "ann", PASSWORD)
    add_user(engine, "bob.b-2_x", PASSWORD)
    assert [name for name, _ in list_users(engine)] == ["ann", "bob.b-2_x"]
    assert all(created is not None for _, created in list_users(engine))
    remove_user(engine, "ann")
    assert [name for name, _ in list_users(engine)] == ["bob.b-2_x"]
    assert not check_password(engine, "ann", PASSWORD)
    with pytest.raises(AccountError, match="no editor named 'ann'"):
        remove_user(engine, "ann")


def test_a_name_taken_is_refused_unless_replaced(engine):
    add_user(engine, "ann", PASSWORD)
    for name in ("ann", "ANN"):
        with pytest.raises(AccountError, match="already exists.*--replace"):
            add_user(engine, name, "another password")
    assert check_password(engine, "ann", PASSWORD)
    assert add_user(engine, "ann", "another password", replace=True) is True
    assert check_password(engine, "ann", "another password")
    assert not check_password(engine, "ann", PASSWORD)
    assert len(list_users(engine)) == 1


@pytest.mark.parametrize(
    "name", ["", "a b", "名字", "ann\n", "x" * 65, "a/b", "<script>", "ann;drop"]
)
def test_names_outside_the_rule_are_refused(engine, name):
    with pytest.raises(AccountError, match="is not allowed: use 1 to 64 letters"):
        add_user(engine, name, PASSWORD)
    assert list_users(engine) == []


@pytest.mark.parametrize(
    "password", ["short", "x" * 7, "x" * 1025, "long enough\x00", "tab\tinside it"]
)
def test_passwords_outside_the_rule_are_refused(engine, password):
    with pytest.raises(AccountError, match="password (is too|holds a control)"):
        add_user(engine, "ann", password)
    assert list_users(engine) == []


def test_an_unknown_name_costs_one_hash_check_like_a_known_one(engine, monkeypatch):
    add_user(engine, "ann", PASSWORD)
    calls = []
    hasher = accounts._hasher()
    real = type(hasher).verify
    monkeypatch.setattr(
        type(hasher), "verify", lambda self, h, p: calls.append(h) or real(self, h, p)
    )
    for name in ("ann", "nobody", "not a name!"):
        assert not check_password(engine, name, "wrong password")
    assert len(calls) == 3
    assert calls[1] == calls[2] == accounts._dummy_hash() != calls[0]


def test_an_outdated_hash_is_made_again_at_sign_in(engine, monkeypatch):
    add_user(engine, "ann", PASSWORD)
    monkeypatch.setattr(
        type(accounts._hasher()), "check_needs_rehash", lambda s, h: True
    )
    before = accounts.authenticate(engine, "ann", PASSWORD)
    with engine.connect() as connection:
        stored = connection.execute(select(m.users.c.password_hash)).scalar_one()
    assert stored == before.password_hash
    monkeypatch.undo()
    assert check_password(engine, "ann", PASSWORD)


# The command line.


def run_cli(monkeypatch, library_url, argv, stdin=""):
    monkeypatch.setenv("DATABASE_URL", library_url)
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return dashboard.main(argv)


def test_the_user_commands(monkeypatch, capsys, library_url):
    assert run_cli(monkeypatch, library_url, ["user", "list"]) == 0
    assert "No editors yet" in capsys.readouterr().out
    assert (
        run_cli(monkeypatch, library_url, ["user", "add", "ann"], PASSWORD + "\n") == 0
    )
    assert "'ann' may now sign in" in capsys.readouterr().out
    assert run_cli(monkeypatch, library_url, ["user", "list"]) == 0
    assert capsys.readouterr().out.startswith("ann  (added ")
    # Taken: refused, the password unchanged.
    assert (
        run_cli(monkeypatch, library_url, ["user", "add", "ann"], "other pass\n") == 2
    )
    err = capsys.readouterr().err
    assert "already exists" in err and err.count("\n") == 1
    assert check_password(Library.open(library_url).engine, "ann", PASSWORD)
    argv = ["user", "add", "ann", "--replace"]
    assert run_cli(monkeypatch, library_url, argv, "other pass\r\n") == 0
    assert check_password(Library.open(library_url).engine, "ann", "other pass")
    assert run_cli(monkeypatch, library_url, ["user", "remove", "ann"]) == 0
    assert run_cli(monkeypatch, library_url, ["user", "remove", "ann"]) == 2
    assert "no editor named 'ann'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["user", "add", "a b"], PASSWORD + "\n", "is not allowed"),
        (["user", "add", "ann"], "", "no password on standard input"),
        (["user", "add", "ann"], "short\n", "password is too short"),
    ],
)
def test_the_user_commands_refuse_in_one_line(
    monkeypatch, capsys, library_url, argv, stdin, message
):
    assert run_cli(monkeypatch, library_url, argv, stdin) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert list_users(Library.open(library_url).engine) == []


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_at_a_terminal_the_password_is_asked_twice(monkeypatch, capsys, library_url):
    monkeypatch.setenv("DATABASE_URL", library_url)
    monkeypatch.setattr(sys, "stdin", Terminal())
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    assert dashboard.main(["user", "add", "ann"]) == 2
    assert "the two passwords differ" in capsys.readouterr().err
    answers = iter([PASSWORD, PASSWORD])
    assert dashboard.main(["user", "add", "ann"]) == 0

    def interrupted(prompt):
        raise KeyboardInterrupt

    monkeypatch.setattr("getpass.getpass", interrupted)
    assert dashboard.main(["user", "add", "bob"]) == 130
    assert "Interrupted" in capsys.readouterr().err
    assert [name for name, _ in list_users(Library.open(library_url).engine)] == ["ann"]


# Signing in, on a small app with one write callback.


@pytest.fixture
def writer(engine, monkeypatch):
    """(app, calls): a Dash app whose callback writes to "save", for editors."""
    monkeypatch.setenv("SECRET_KEY", "test-secret")
    add_user(engine, "ann", PASSWORD)
    app = Dash(__name__)
    app.layout = html.Div(
        [html.Button(id="go"), html.Div(id="save"), html.Div(id="view")]
    )
    calls = []

    @app.callback(
        Output("save", "children"), Input("go", "n_clicks"), State(ids.CSRF, "data")
    )
    def save(clicks, _token):
        calls.append(clicks)
        return f"saved {clicks}"

    @app.callback(Output("view", "children"), Input("go", "n_clicks"))
    def view(clicks):
        return f"viewed {clicks}"

    editors.install(app, engine, write_outputs={"save"})
    return app, calls


def form_token(client, query="") -> str:
    page = client.get("/sign-in" + query)
    assert page.status_code == 200
    return TOKEN_FIELD.search(page.get_data(as_text=True)).group(1)


def sign_in(client, name="ann", password=PASSWORD, next_path=""):
    token = form_token(client)
    form = {"csrf_token": token, "name": name, "password": password}
    if next_path:
        form["next"] = next_path
    return client.post("/sign-in", data=form)


def test_sign_in_sets_an_httponly_lax_cookie_and_goes_to_next(writer):
    app, _ = writer
    client = app.server.test_client()
    answer = sign_in(client, next_path="/review?report=x")
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/review?report=x"
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/sign-in?lang=en").get_data(as_text=True)
    assert t("account.signed_in", "en", name="ann") in page


@pytest.mark.parametrize(
    "outside", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "x"]
)
def test_a_next_outside_the_site_is_ignored(writer, outside):
    answer = sign_in(writer[0].server.test_client(), next_path=outside)
    assert answer.status_code == 303 and answer.headers["Location"] == "/"


def test_a_failed_sign_in_says_the_same_for_a_wrong_name_or_password(writer):
    client = writer[0].server.test_client()
    wrong_name = sign_in(client, name="bob")
    wrong_password = sign_in(client, password=PASSWORD + "x")
    assert wrong_name.status_code == wrong_password.status_code == 401
    assert wrong_name.get_data() == wrong_password.get_data()
    assert t("account.failed") in wrong_name.get_data(as_text=True)
    assert t("account.signed_in", name="ann") not in client.get("/sign-in").text


def test_a_sign_in_without_the_form_token_is_refused(writer):
    client = writer[0].server.test_client()
    form_token(client)
    answer = client.post("/sign-in", data={"name": "ann", "password": PASSWORD})
    assert answer.status_code == 400
    assert t("account.expired") in answer.text
    assert t("account.signed_in", name="ann") not in client.get("/sign-in").text


def test_sign_in_attempts_are_limited(writer):
    client = writer[0].server.test_client()
    limit = int(SIGN_IN_LIMIT.split()[0])
    for _ in range(limit):
        assert sign_in(client, password="wrong password").status_code == 401
    limited = sign_in(client, password=PASSWORD)
    assert limited.status_code == 429
    assert t("account.too_many", "en") in client.post("/sign-in?lang=en").text
    assert t("account.signed_in", name="ann") not in client.get("/sign-in").text


def test_sign_ins_are_logged_without_the_password(writer, caplog):
    client = writer[0].server.test_client()
    with caplog.at_level(logging.INFO, logger="editors"):
        sign_in(client, name="bob\x1b[31m", password="secret-one-x")
        sign_in(client, password="secret-two-x")
        sign_in(client)
    messages = [r.getMessage() for r in caplog.records if r.name == "editors"]
    assert len(messages) == 3
    assert messages[0].startswith("failed sign-in as 'bob\\x1b[31m' from ")
    assert messages[1].startswith("failed sign-in as 'ann' from ")
    assert messages[2].startswith("sign-in as 'ann' from ")
    assert not any(
        secret in message
        for message in messages
        for secret in ("secret-one-x", "secret-two-x", PASSWORD)
    )


def test_sign_out_needs_the_form_token(writer):
    client = writer[0].server.test_client()
    sign_in(client)
    assert client.post("/sign-out").status_code == 400
    assert client.post("/sign-out", data={"csrf_token": "forged"}).status_code == 400
    assert t("account.signed_in", name="ann") in client.get("/sign-in").text
    answer = client.post("/sign-out", data={"csrf_token": form_token(client)})
    assert answer.status_code == 303 and answer.headers["Location"] == "/"
    assert t("account.signed_in", name="ann") not in client.get("/sign-in").text


def test_a_removed_editor_is_signed_out_at_the_next_request(writer, engine):
    client = writer[0].server.test_client()
    sign_in(client)
    remove_user(engine, "ann")
    add_user(engine, "ann", PASSWORD)  # the same name again is someone new
    assert t("account.signed_in", name="ann") not in client.get("/sign-in").text


def test_signing_out_ends_every_copy_of_the_session(writer):
    """A copy of the session's cookie (another tab, a stolen one) is refused
    once the editor has signed out."""
    app = writer[0]
    client = app.server.test_client()
    sign_in(client)
    copy = app.server.test_client()
    cookie = client.get_cookie("session")
    copy.set_cookie("session", cookie.value)
    assert t("account.signed_in", name="ann") in copy.get("/sign-in").text
    answer = client.post("/sign-out", data={"csrf_token": form_token(client)})
    assert answer.status_code == 303
    assert t("account.signed_in", name="ann") not in copy.get("/sign-in").text
    sign_in(client)  # signing in again works, with a new session
    assert t("account.signed_in", name="ann") in client.get("/sign-in").text


# The write guard.


def write_request(token=None, output="save.children"):
    state = (
        [] if token is None else [{"id": ids.CSRF, "property": "data", "value": token}]
    )
    return {
        "output": output,
        "outputs": {"id": output.split(".")[0], "property": "children"},
        "inputs": [{"id": "go", "property": "n_clicks", "value": 1}],
        "state": state,
        "changedPropIds": ["go.n_clicks"],
    }


def post(client, body):
    return client.post("/_dash-update-component", json=body)


def test_a_viewer_cannot_write(writer):
    app, calls = writer
    client = app.server.test_client()
    answer = post(client, write_request(form_token(client)))
    assert answer.status_code == 403
    assert "sign in" in answer.get_json()["error"]
    assert calls == []
    # A callback that writes nothing runs for anyone.
    assert post(client, write_request(output="view.children")).status_code == 200


def test_an_editor_writes_only_with_the_session_token(writer):
    app, calls = writer
    client = app.server.test_client()
    sign_in(client)
    for token in (None, "", "forged", form_token(app.server.test_client())):
        answer = post(client, write_request(token))
        assert answer.status_code == 403, token
        assert "token" in answer.get_json()["error"]
    assert calls == []
    answer = post(client, write_request(form_token(client)))
    assert answer.status_code == 200
    assert calls == [1] and "saved 1" in answer.text


def test_the_write_is_found_by_the_callback_key_as_well(writer):
    """A request naming the write callback's key with harmless ``outputs`` is
    still refused: Dash picks the callback by the key."""
    app, calls = writer
    client = app.server.test_client()
    body = write_request(form_token(client))
    body["outputs"] = {"id": "view", "property": "children"}
    assert post(client, body).status_code == 403
    body["outputs"] = []
    assert post(client, body).status_code == 403
    assert calls == []


def test_the_write_guard_leaves_malformed_requests_to_dash(writer):
    app, calls = writer
    client = app.server.test_client()
    answer = client.post(
        "/_dash-update-component", data="{not json", content_type="application/json"
    )
    assert answer.status_code == 400 and calls == []


def test_the_dashboard_with_a_library_has_a_sign_in_page(monkeypatch, library_url):
    monkeypatch.setenv("DATABASE_URL", library_url)
    monkeypatch.setenv("SECRET_KEY", "test-secret")
    app = dashboard.create_app()
    assert app.server.extensions[editors.EXTENSION].engine is not None
    page = app.server.test_client().get("/sign-in?lang=en")
    assert page.status_code == 200
    assert "form-action 'self'" in page.headers["Content-Security-Policy"]
    assert '<link rel="stylesheet" href="/assets/bootstrap.min.css">' in page.text
    assert "<script" not in page.text and "http" not in page.text
