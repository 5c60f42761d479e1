"""The library page: every report, with its numbers and how many are reviewed,
each title a link to its dashboard; and the form an editor uploads a report with.

The page is the same for everyone (its answer is cached): the form and the
sign-in link are drawn hidden, and callbacks/upload.py shows the one that fits
whoever asks."""

from __future__ import annotations

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from components.page import make_page_header
from components.urlstate import ViewState, to_search
from editors.csrf import FIELD
from i18n import DEFAULT_LANGUAGE, catalog, t
from library.reports import NAME_MAX
from library.upload import UPLOAD_MAX_BYTES

LIBRARY_PATH = "/library"
UPLOAD_PATH = "/library/upload"  # where the upload form posts (callbacks/upload.py)
SIGN_IN_PATH = "/sign-in"
ACCEPTED = ".txt,.docx,.pdf"
COLUMNS = ("title", "organisation", "kind", "period", "facts", "reviewed")


def kind_name(kind: str, lang: str) -> str:
    """A report's kind as a reader names it (the catalog's name for a kind it
    knows, else the kind as the library holds it)."""
    return catalog(lang).get(f"report_kind.{kind}", kind)


def entry_title(entry, lang: str) -> str:
    return entry.title_en if lang == "en" else entry.title_zh


def report_link(entry, state: ViewState, path: str = "/") -> str:
    """The address of ``entry``'s dashboard, keeping the language and scheme."""
    return path + to_search(
        ViewState(lang=state.lang, mode=state.mode, report=entry.slug)
    )


def make_library_page(entries: tuple, state: ViewState) -> html.Div:
    """The table of the library's reports (or why there is none)."""
    lang = state.lang
    header = make_page_header(t("library.title", lang), t("library.intro", lang))
    if not entries:
        return html.Div(
            [
                header,
                html.P(t("library.single", lang), className="text-muted"),
            ],
            className="library",
        )
    none = t("library.none", lang)
    rows = [
        html.Tr(
            [
                html.Td(
                    dcc.Link(entry_title(entry, lang), href=report_link(entry, state))
                ),
                html.Td(entry.organisation or none),
                html.Td(kind_name(entry.kind, lang) if entry.kind else none),
                html.Td(entry.period or none),
                html.Td(f"{entry.facts:,}", className="text-end"),
                html.Td(f"{entry.reviewed:,}", className="text-end"),
            ]
        )
        for entry in entries
    ]
    head = html.Thead(
        html.Tr(
            [
                html.Th(
                    t(f"library.column.{name}", lang),
                    scope="col",
                    className="text-end" if name in ("facts", "reviewed") else None,
                )
                for name in COLUMNS
            ]
        )
    )
    return html.Div(
        [
            header,
            dbc.Table(
                [head, html.Tbody(rows)],
                striped=True,
                hover=True,
                responsive=True,
                className="library-table",
            ),
            make_upload_form(lang),
        ],
        className="library",
    )


def sign_in_link(lang: str) -> str:
    """The sign-in page, coming back to the library in ``lang``."""
    back = LIBRARY_PATH + (f"?lang={lang}" if lang != DEFAULT_LANGUAGE else "")
    return SIGN_IN_PATH + "?" + urlencode({"lang": lang, "next": back})


def make_upload_form(lang: str) -> html.Section:
    """The upload form (hidden until an editor is seen) and the sign-in link
    (hidden until a viewer is). assets/upload.js makes its file input, posts it
    to UPLOAD_PATH and shows the upload's progress and any refusal, whose texts
    it reads from the form's data attributes."""
    megabytes = UPLOAD_MAX_BYTES // 2**20
    file_field = html.Div(
        [
            html.Label(t("upload.file", lang), htmlFor=ids.UPLOAD_FILE),
            # No Dash component is a file input that a form posts: the slot is
            # filled with the browser's own <input type="file"> by
            # assets/upload.js (made as an element, never from markup).
            html.Div(
                id=ids.UPLOAD_FILE_SLOT,
                className="upload-file-slot",
                **{"data-accept": ACCEPTED},
            ),
        ],
        className="mb-2",
    )
    title_field = html.Div(
        [
            html.Label(t("upload.title", lang), htmlFor=ids.UPLOAD_TITLE),
            dbc.Input(
                id=ids.UPLOAD_TITLE,
                type="text",
                name="title",
                maxLength=NAME_MAX,
            ),
            html.Div(t("upload.title_help", lang), className="form-text"),
        ],
        className="mb-3",
    )
    progress = html.Div(
        html.Div(
            id=ids.UPLOAD_BAR,
            className="progress-bar",
            role="progressbar",
            style={"width": "0%"},
            **{
                "aria-valuemin": "0",
                "aria-valuemax": "100",
                "aria-valuenow": "0",
                "aria-label": t("upload.sending", lang),
            },
        ),
        id=ids.UPLOAD_PROGRESS,
        className="progress mt-3",
        hidden=True,
    )
    form = html.Form(
        [
            html.H2(t("upload.heading", lang), className="h5"),
            html.P(t("upload.intro", lang, mb=megabytes), className="text-muted"),
            dbc.Input(id=ids.UPLOAD_TOKEN, type="hidden", name=FIELD, value=""),
            file_field,
            title_field,
            html.Button(
                t("upload.submit", lang),
                id=ids.UPLOAD_SUBMIT,
                type="submit",
                className="btn btn-primary",
            ),
            progress,
            html.Div(
                id=ids.UPLOAD_STATUS,
                className="form-text",
                hidden=True,
                **{"aria-live": "polite"},
            ),
            html.Div(
                id=ids.UPLOAD_MESSAGE,
                role="alert",
                className="alert alert-danger mt-3",
                hidden=True,
            ),
        ],
        id=ids.UPLOAD_FORM,
        action=UPLOAD_PATH + "?" + urlencode({"lang": lang}),
        method="post",
        encType="multipart/form-data",
        hidden=True,
        **{
            "data-max-bytes": str(UPLOAD_MAX_BYTES),
            "data-too-large": t("upload.too_large", lang, mb=megabytes),
            "data-working": t("upload.working", lang),
            "data-network": t("upload.failed_network", lang),
            "data-failed": t("upload.failed", lang),
        },
    )
    link = html.A(
        t("account.title", lang),
        id=ids.UPLOAD_SIGN_IN,
        href=sign_in_link(lang),
        className="small",
        hidden=True,
    )
    return html.Section([link, form], id=ids.UPLOAD, className="upload mt-4")
