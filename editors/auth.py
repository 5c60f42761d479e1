"""Signing editors in and out: Flask-Login sessions in a signed cookie, the
sign-in page, and a rate limit on sign-in attempts.

The cookie is signed with SECRET_KEY; without it, a key is made once and kept in
SECRET_KEY_FILE (default: ``secret_key`` beside the SQLite library, in the folder
of LIBRARY_PATH), readable by its owner only, so every worker of a machine shares
it and sessions survive a restart.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import tempfile
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from dash import Dash
from flask import Response, redirect, request
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from markupsafe import escape
from sqlalchemy.engine import Engine

from editors import csrf
from editors.accounts import (
    NAME_MAX,
    Account,
    account_by_id,
    authenticate,
    end_sessions,
)
from i18n import DEFAULT_LANGUAGE, HTML_LANG, LANGUAGES, t
from library.database import DEFAULT_PATH, LibraryError

LOG = logging.getLogger("editors")
SIGN_IN = "/sign-in"
SIGN_OUT = "/sign-out"
SIGN_IN_LIMIT = "10 per minute"  # per remote address
SECRET_KEY_NAME = "secret_key"


class Editor(UserMixin):
    """A signed-in editor. The session keeps the row id and a digest of the
    password hash: a removed editor, or one whose password was replaced, is
    signed out at their next request."""

    def __init__(self, account: Account) -> None:
        self.account = account

    @property
    def name(self) -> str:
        return self.account.name

    def get_id(self) -> str:
        return f"{self.account.id}.{_digest(self.account)}"


def _digest(account: Account) -> str:
    """What a session must match: the password hash and the sign-outs so far."""
    held = f"{account.password_hash}:{account.sign_outs}"
    return hashlib.sha256(held.encode()).hexdigest()[:32]


def secret_key_file(environ: dict[str, str] | None = None) -> Path:
    """Where the made-up key is kept: SECRET_KEY_FILE, else beside the library."""
    environ = os.environ if environ is None else environ
    if given := environ.get("SECRET_KEY_FILE", "").strip():
        return Path(given)
    library = environ.get("LIBRARY_PATH", "").strip()
    return (Path(library) if library else DEFAULT_PATH).parent / SECRET_KEY_NAME


def secret_key(environ: dict[str, str] | None = None) -> str:
    """SECRET_KEY, else the key kept in ``secret_key_file()`` (made at first use)."""
    environ = os.environ if environ is None else environ
    if given := environ.get("SECRET_KEY", "").strip():
        return given
    path = secret_key_file(environ)
    try:
        if not path.exists():
            _write_once(path, secrets.token_hex(32))
        key = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or type(error).__name__
        raise LibraryError(
            f"cannot keep the sign-in key in {path} ({reason}): set SECRET_KEY, or "
            "SECRET_KEY_FILE to a file in a writable folder"
        ) from None
    if not key:
        raise LibraryError(
            f"the sign-in key file {path} is empty: delete it (a new key is made; "
            "editors sign in again) or set SECRET_KEY"
        )
    return key


def _write_once(path: Path, key: str) -> None:
    """Write ``key`` to a new ``path`` (owner only). Written aside and linked in:
    workers starting together all read the one key the first of them wrote."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret_key-")
    try:
        with os.fdopen(handle, "w", encoding="ascii") as stream:  # mode 0600
            stream.write(key + "\n")
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
    finally:
        os.unlink(temporary)


def local_path(value: str) -> str | None:
    """``value`` when it is a path of this site ("/…", not "//host" or "/\\host"),
    else None: a sign-in link can never send an editor to another site."""
    if (
        not value.startswith("/")
        or value.startswith(("//", "/\\"))
        or "\\" in value
        or any(ord(char) < 32 or ord(char) == 127 for char in value)
    ):
        return None
    parts = urlsplit(value)
    return value if not parts.scheme and not parts.netloc else None


def _lang() -> str:
    lang = request.values.get("lang", "")
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def _lang_query(lang: str, **more: str) -> str:
    values = {"lang": lang} if lang != DEFAULT_LANGUAGE else {}
    values.update({k: v for k, v in more.items() if v})
    return "?" + urlencode(values) if values else ""


def sign_in_page(
    lang: str,
    stylesheet: str,
    *,
    token: str = "",
    next_path: str = "",
    message: str = "",
    editor: str | None = None,
    editable: bool = True,
) -> str:
    """The sign-in page: the form (or, signed in, who you are and a sign-out
    button), one message when there is one. No script: nothing inline."""

    def text(key: str, **values: object) -> str:
        return str(escape(t(key, lang, **values)))

    hidden = (
        f'<input type="hidden" name="{csrf.FIELD}" value="{escape(token)}">'
        f'<input type="hidden" name="lang" value="{escape(lang)}">'
    )
    if not editable:
        body = f'<p class="alert alert-info">{text("account.single_folder")}</p>'
    elif editor is not None:
        body = (
            f"<p>{text('account.signed_in', name=editor)}</p>"
            f'<form method="post" action="{SIGN_OUT}">{hidden}'
            '<button type="submit" class="btn btn-outline-secondary">'
            f"{text('account.sign_out')}</button></form>"
        )
    else:
        alert = (
            f'<div class="alert alert-danger" role="alert">{escape(message)}</div>'
            if message
            else ""
        )
        body = (
            f'<p class="text-body-secondary">{text("account.intro")}</p>{alert}'
            f'<form method="post" action="{SIGN_IN}">{hidden}'
            f'<input type="hidden" name="next" value="{escape(next_path)}">'
            '<div class="mb-3"><label class="form-label" for="name">'
            f"{text('account.name')}</label>"
            '<input class="form-control" id="name" name="name" required '
            f'maxlength="{NAME_MAX}" autocomplete="username" autofocus></div>'
            '<div class="mb-3"><label class="form-label" for="password">'
            f"{text('account.password')}</label>"
            '<input class="form-control" id="password" name="password" '
            'type="password" required autocomplete="current-password"></div>'
            '<button type="submit" class="btn btn-primary w-100">'
            f"{text('account.submit')}</button></form>"
        )
    other = next(code for code in LANGUAGES if code != lang)
    links = (
        f'<p class="mt-4"><a href="/{_lang_query(lang)}">{text("account.back")}</a>'
        f' · <a href="{SIGN_IN}{_lang_query(other, next=next_path)}" '
        f'lang="{HTML_LANG[other]}">{escape(t("account.language", other))}</a></p>'
    )
    return (
        f'<!DOCTYPE html><html lang="{HTML_LANG[lang]}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{text('account.title')}</title>"
        f'<link rel="stylesheet" href="{escape(stylesheet)}"></head>'
        '<body><main class="container py-5"><div class="row justify-content-center">'
        '<div class="col-sm-10 col-md-6 col-lg-4">'
        f'<h1 class="h3 mb-3">{text("account.title")}</h1>{body}{links}'
        "</div></div></main></body></html>"
    )


def _shown(name: str) -> str:
    """A name as the log may show it: escaped, cut short."""
    return repr(name[:NAME_MAX])


def install_sessions(app: Dash, engine: Engine | None) -> None:
    """The sign-in routes on ``app``; with no library (``engine`` None) they
    answer 404 with a page that says this dashboard is not edited."""
    server = app.server
    stylesheet = app.get_asset_url("bootstrap.min.css")

    def page(status: int, **values) -> Response:
        html = sign_in_page(_lang(), stylesheet, **values)
        answer = Response(html, status=status, mimetype="text/html")
        answer.headers["Cache-Control"] = "no-store"
        return answer

    if engine is None:

        def not_edited():
            return page(404, editable=False)

        server.add_url_rule(SIGN_IN, "editors_sign_in", not_edited, methods=["GET"])
        return

    server.config["SECRET_KEY"] = server.config.get("SECRET_KEY") or secret_key()
    server.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
    manager = LoginManager()
    manager.init_app(server)

    @manager.user_loader
    def load_editor(user_id: str) -> Editor | None:
        number, _, digest = user_id.partition(".")
        if not (number.isascii() and number.isdigit()):
            return None
        try:
            account = account_by_id(engine, int(number))
        except LibraryError as error:  # refused, never let in, while it is down
            LOG.error("cannot check who is signed in: %s", error)
            return None
        if account is None or not hmac.compare_digest(digest, _digest(account)):
            return None
        return Editor(account)

    def form(status: int = 200, message: str = "") -> Response:
        editor = current_user.name if current_user.is_authenticated else None
        next_path = local_path(request.values.get("next", "")) or ""
        return page(
            status,
            token=csrf.token(),
            next_path=next_path,
            message=message,
            editor=editor,
        )

    def sign_in():
        if request.method == "GET":
            return form()
        lang = _lang()
        if not csrf.valid(request.form.get(csrf.FIELD)):
            return form(400, t("account.expired", lang))
        name = request.form.get("name", "")
        try:
            account = authenticate(engine, name, request.form.get("password", ""))
        except LibraryError as error:
            LOG.error("sign-in failed: %s", error)
            return form(503, t("account.unavailable", lang))
        if account is None:
            LOG.warning(
                "failed sign-in as %s from %s", _shown(name), request.remote_addr
            )
            return form(401, t("account.failed", lang))
        csrf.renew()
        login_user(Editor(account))
        LOG.info("sign-in as %s from %s", _shown(account.name), request.remote_addr)
        return redirect(local_path(request.form.get("next", "")) or "/", 303)

    def sign_out():
        if not csrf.valid(request.form.get(csrf.FIELD)):
            return form(400, t("account.expired", _lang()))
        if current_user.is_authenticated:
            LOG.info(
                "sign-out of %s from %s", _shown(current_user.name), request.remote_addr
            )
            try:  # a copy of this session's cookie is refused from now on
                end_sessions(engine, current_user.account.id)
            except LibraryError as error:
                LOG.error("sign-out could not end the sessions: %s", error)
        logout_user()
        csrf.forget()
        # Back to the page the editor signed out from (a path of this site).
        return redirect(local_path(request.form.get("next", "")) or "/", 303)

    storage = os.environ.get("REDIS_URL", "").strip() or "memory://"
    limiter = Limiter(
        get_remote_address,
        app=server,
        storage_uri=storage,
        # A Redis that is down never stops sign-in: each worker counts alone.
        in_memory_fallback_enabled=True,
        swallow_errors=True,
        key_prefix="campaign-dashboard-sign-in",
    )
    server.add_url_rule(
        SIGN_IN,
        "editors_sign_in",
        limiter.limit(SIGN_IN_LIMIT, methods=["POST"])(sign_in),
        methods=["GET", "POST"],
    )
    server.add_url_rule(SIGN_OUT, "editors_sign_out", sign_out, methods=["POST"])

    def too_many(_error: RateLimitExceeded) -> Response:
        LOG.warning("sign-in attempts limited from %s", request.remote_addr)
        answer = form(429, t("account.too_many", _lang()))
        answer.headers["Retry-After"] = "60"
        return answer

    server.register_error_handler(RateLimitExceeded, too_many)
