"""Security headers on every response, a Content-Security-Policy that allows the
app's own origin only (no `unsafe-eval`, no other origin), and long cache lifetimes
for static files whose URLs change with their content."""

from __future__ import annotations

from dash import Dash
from flask_talisman import Talisman

ONE_YEAR = 365 * 24 * 3600
# The headers besides the policy, in one place: the app's answers carry them
# (through flask-talisman) and so do the error pages that gunicorn writes itself.
FRAME_OPTIONS = "DENY"
REFERRER_POLICY = "no-referrer"
PERMISSIONS = {"geolocation": "()", "camera": "()", "microphone": "()"}
# An error page runs nothing and loads nothing.
ERROR_PAGE_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"


def error_page_headers() -> dict[str, str]:
    """What every answer carries, for an answer written without Flask (gunicorn's
    own 400, 414, 431 and 500 pages)."""
    return {
        "Content-Security-Policy": ERROR_PAGE_POLICY,
        "X-Frame-Options": FRAME_OPTIONS,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": REFERRER_POLICY,
        "Permissions-Policy": ", ".join(f"{k}={v}" for k, v in PERMISSIONS.items()),
        "Cache-Control": "no-store",
    }


def content_security_policy(app: Dash) -> dict[str, str | list[str]]:
    """The policy: scripts from this origin, plus Dash's own inline scripts by hash.
    Call after every callback is registered (clientside callbacks are inline)."""
    return {
        "default-src": "'self'",
        "script-src": ["'self'", *app.csp_hashes()],
        # plotly.js and React set style attributes and inject <style> elements.
        "style-src": ["'self'", "'unsafe-inline'"],
        # Chart downloads are data: and blob: URLs made in the page.
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }


def secure(app: Dash) -> None:
    """Add the headers to ``app``'s server. Served over plain HTTP on a LAN as well
    as behind a TLS proxy, so HTTPS is not forced here (the proxy does that)."""
    Talisman(
        app.server,
        force_https=False,
        strict_transport_security=False,
        session_cookie_secure=False,
        content_security_policy=content_security_policy(app),
        frame_options=FRAME_OPTIONS,
        referrer_policy=REFERRER_POLICY,
        permissions_policy=PERMISSIONS,
    )
    # /assets/ URLs carry the file's modification time (?m=…) and Dash's component
    # bundles their version, so a browser may keep them for a year.
    app.server.config["SEND_FILE_MAX_AGE_DEFAULT"] = ONE_YEAR
