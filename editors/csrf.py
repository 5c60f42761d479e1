"""A token per sign-in session that every form and write callback carries back:
a page of another site can send a request, but cannot read the token to put in it.
"""

from __future__ import annotations

import hmac
import secrets

from flask import session

SESSION_KEY = "csrf_token"
FIELD = "csrf_token"  # the hidden field of the sign-in and sign-out forms


def token() -> str:
    """This session's token, made at the first ask."""
    value = session.get(SESSION_KEY)
    if not isinstance(value, str) or not value:
        value = session[SESSION_KEY] = secrets.token_urlsafe(32)
    return value


def valid(value: object) -> bool:
    """Whether ``value`` is this session's token (compared in constant time)."""
    expected = session.get(SESSION_KEY)
    if not isinstance(value, str) or not isinstance(expected, str) or not expected:
        return False
    return hmac.compare_digest(value.encode(), expected.encode())


def renew() -> None:
    """A new token, made now (at sign-in): a page's callbacks run at once, and
    two of them making the first token each would leave the page holding the
    one the cookie did not keep."""
    session[SESSION_KEY] = secrets.token_urlsafe(32)


def forget() -> None:
    """No token (at sign-out)."""
    session.pop(SESSION_KEY, None)
