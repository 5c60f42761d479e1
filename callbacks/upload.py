"""The library page's upload: show the form to a signed-in editor (the sign-in
link to a viewer), and the route the form posts to.

The page itself is cached for everyone; the callback here is not, and runs for
each visit. The route refuses anyone but a signed-in editor with the session's
CSRF token, caps the upload's size on its own (callbacks keep their smaller
cap), and brings the file in as the ingest command does (library.upload)."""

from __future__ import annotations

import logging

from dash import Dash, Input, Output, no_update
from flask import jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from components import ids
from components.library import LIBRARY_PATH, UPLOAD_PATH
from components.review import review_link
from components.urlstate import ViewState
from data import DataError
from editors.csrf import FIELD, token
from editors.guard import editor_name, upload_allowed
from i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from library import LibraryError
from library.shelf import Shelf
from library.upload import UPLOAD_MAX_BYTES, UploadRefused, bring_in

LOG = logging.getLogger(__name__)
# The form's other fields (token, language, title) around the file.
FORM_OVERHEAD = 64 * 2**10
# Requests for Dash's own routes and static files, not for a page.
SERVED_FILES = ("/_", "/assets/")


def upload_controls(editable: bool, editor: str | None) -> tuple[bool, bool]:
    """(form hidden, sign-in link hidden): the form for an editor, the link for
    a viewer, neither on a dashboard nobody edits."""
    if not editable:
        return True, True
    return editor is None, editor is not None


def language(asked: object) -> str:
    """The language asked for, when the catalog has it; else the default."""
    return asked if asked in LANGUAGES else DEFAULT_LANGUAGE


def refusal(error: UploadRefused, lang: str) -> str:
    """The message of a file refused by its kind, in ``lang``."""
    values = dict(error.values)
    if "kind" in values:
        values["kind"] = t(f"upload.kind.{values['kind']}", lang)
    return t(error.key, lang, **values)


def _answer(status: int, message: str):
    answer = jsonify(error=message)
    answer.status_code = status
    answer.headers["Cache-Control"] = "no-store"
    return answer


def register(app: Dash, shelf: Shelf) -> None:
    library = shelf.library

    @app.callback(
        Output(ids.UPLOAD_FORM, "hidden"),
        Output(ids.UPLOAD_SIGN_IN, "hidden"),
        Output(ids.UPLOAD_TOKEN, "value"),
        Input(ids.URL, "pathname"),
    )
    def reveal(pathname):
        if pathname != LIBRARY_PATH:
            return no_update, no_update, no_update
        editor = editor_name()
        form_hidden, link_hidden = upload_controls(library is not None, editor)
        return form_hidden, link_hidden, token() if editor else ""

    def upload():
        lang = language(request.args.get("lang"))
        megabytes = UPLOAD_MAX_BYTES // 2**20
        # Before the body is read: a viewer's file is never parsed.
        editor = editor_name()
        if library is None or editor is None:
            return _answer(403, t("upload.not_signed_in", lang))
        request.max_content_length = UPLOAD_MAX_BYTES + FORM_OVERHEAD
        try:
            form, files = request.form, request.files
        except RequestEntityTooLarge:
            return _answer(413, t("upload.too_large", lang, mb=megabytes))
        if not upload_allowed(form.get(FIELD)):
            LOG.warning(
                "refused an upload by %r from %s: no valid CSRF token",
                editor,
                request.remote_addr,
            )
            return _answer(403, t("upload.bad_token", lang))
        sent = files.get("file")
        if sent is None or not sent.filename:
            return _answer(400, t("upload.no_file", lang))
        data = sent.stream.read(UPLOAD_MAX_BYTES + 1)
        if len(data) > UPLOAD_MAX_BYTES:
            return _answer(413, t("upload.too_large", lang, mb=megabytes))
        try:
            uploaded = bring_in(
                library, sent.filename, data, form.get("title", ""), editor
            )
        except UploadRefused as error:
            return _answer(400, refusal(error, lang))
        except DataError as error:  # the proposed tables break a rule
            return _answer(422, str(error))
        except LibraryError as error:
            return _answer(400, str(error))
        slug = uploaded.meta.slug
        LOG.info(
            "upload of %s by %r as report %r, version %s",
            ascii(sent.filename[:200]),
            editor,
            slug,
            uploaded.version,
        )
        answer = jsonify(
            review=review_link(slug, ViewState(lang=lang, report=slug)),
            message=t(
                "upload.done",
                lang,
                name=uploaded.meta.title_zh,
                slug=slug,
                facts=len(uploaded.dataset.facts),
            ),
        )
        answer.headers["Cache-Control"] = "no-store"
        return answer

    app.server.add_url_rule(UPLOAD_PATH, "library_upload", upload, methods=["POST"])
