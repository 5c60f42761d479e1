"""Addresses of services as they may be shown: in a log line, a message or an
answer, a URL never carries its password."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def redacted(url: str) -> str:
    """``url`` with any user name and password replaced by ``***``."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:  # not a URL we can take apart: show none of it
        return "<unreadable URL>"
    if parts.username is None and parts.password is None:
        return url
    if ":" in host:
        host = f"[{host}]"
    where = f"***@{host}" + (f":{port}" if port is not None else "")
    return urlunsplit((parts.scheme, where, parts.path, parts.query, parts.fragment))


UNREADABLE = "the URL cannot be read; write it as scheme://[user:password@]host:port/…"


def scrubbed(text: str, url: str) -> str:
    """``text`` (an error's message, say) with ``url`` and its password hidden. For
    a URL that cannot be taken apart, none of ``text``: it may quote any piece of
    the URL, the password's among them."""
    try:
        parts = urlsplit(url)
        password, _ = parts.password, parts.port
    except ValueError:
        return UNREADABLE
    text = text.replace(url, redacted(url))
    return text.replace(password, "***") if password else text
