"""One catalog per language; every user-visible string is looked up here.

``t("chart.themes.title", "en")`` returns the English entry; placeholders in
braces are filled from keyword arguments. Chinese is the default language.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from string import Formatter

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
HTML_LANG = {"zh": "zh-CN", "en": "en"}
BABEL_LOCALE = {"zh": "zh_Hans_CN", "en": "en"}
CATALOG_DIR = Path(__file__).resolve().parent


@cache
def catalog(lang: str) -> dict[str, str]:
    """The whole catalog of ``lang`` (read once per process, never mutated)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGUAGES}")
    with open(CATALOG_DIR / f"{lang}.json", encoding="utf-8") as handle:
        return json.load(handle)


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The string ``key`` in ``lang``, ``{placeholders}`` filled from ``values``."""
    try:
        text = catalog(lang)[key]
    except KeyError:
        raise KeyError(f"catalog {lang}.json has no entry {key!r}") from None
    return text.format(**values) if values else text


def t_parts(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> list[object]:
    """Like ``t``, but placeholders may be components (a quotation marked with its own
    language, say): returns the pieces in order, for a component's children."""
    try:
        text = catalog(lang)[key]
    except KeyError:
        raise KeyError(f"catalog {lang}.json has no entry {key!r}") from None
    parts: list[object] = []
    for literal, field, _, _ in Formatter().parse(text):
        if literal:
            parts.append(literal)
        if field is not None:
            parts.append(values[field])
    return parts
