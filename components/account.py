"""The signed-in editor's corner of the navigation bar: their name, the review
page of the report shown, and sign-out (a form: it carries the CSRF token).
Viewers see nothing there."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.review import review_link
from components.urlstate import ViewState
from i18n import t

SIGN_OUT_PATH = "/sign-out"
CSRF_FIELD = "csrf_token"  # the form field editors/auth.py reads


def make_account(
    name: str | None, slug: str, state: ViewState, csrf: str, here: str = "/"
):
    """The corner for editor ``name`` on report ``slug``; None for a viewer.
    Signing out comes back to ``here`` (the review page comes back as a
    viewer sees it: the way to sign in)."""
    if name is None:
        return None
    lang = state.lang
    return dbc.Nav(
        [
            dbc.NavItem(
                dbc.NavLink(t("review.link", lang), href=review_link(slug, state))
            ),
            dbc.NavItem(
                html.Form(
                    [
                        html.Span(
                            name,
                            title=t("account.signed_in", lang, name=name),
                            className="navbar-text me-2 account-name",
                        ),
                        dcc.Input(type="hidden", name=CSRF_FIELD, value=csrf),
                        dcc.Input(type="hidden", name="next", value=here),
                        html.Button(
                            t("account.sign_out", lang),
                            type="submit",
                            className="btn btn-outline-light btn-sm",
                        ),
                    ],
                    method="post",
                    action=SIGN_OUT_PATH,
                    className="d-flex align-items-center account-form",
                )
            ),
        ],
        navbar=True,
        className="account ms-lg-2",
    )
