"""The catalogs: both languages complete, every key the code uses present."""

import re
from pathlib import Path

import pytest

from data.schemas import KINDS, QUALIFIERS, THEMES, UNITS
from figures.builders import CONSULTATION_UNITS
from i18n import LANGUAGES, catalog, t

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ("components", "callbacks", "figures", "i18n", "dashboard.py")


def test_languages_have_the_same_keys():
    zh, en = catalog("zh"), catalog("en")
    assert sorted(set(zh) ^ set(en)) == []


def test_no_entry_is_empty():
    for lang in LANGUAGES:
        assert [k for k, v in catalog(lang).items() if not v.strip()] == []


def _sources():
    for name in CODE_DIRS:
        path = ROOT / name
        yield from ([path] if path.is_file() else sorted(path.rglob("*.py")))


def test_every_literal_key_used_in_code_exists():
    used = set()
    for path in _sources():
        used |= set(
            re.findall(r'\bt\(\s*"([a-z_.]+)"', path.read_text(encoding="utf-8"))
        )
    assert used, "found no catalog lookups: the scan is broken"
    missing = sorted(used - set(catalog("zh")))
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_value_set_has_names(lang):
    for prefix, values in (
        ("theme", THEMES),
        ("unit", UNITS),
        ("kind", KINDS),
        ("qualifier", QUALIFIERS),
        ("unit_axis", CONSULTATION_UNITS),
    ):
        for value in values:
            assert t(f"{prefix}.{value}", lang)


def test_placeholders_are_filled():
    assert (
        t("app.lang_notice", "en", value="fr")
        == "Unknown language “fr”: showing Chinese."
    )


def test_unknown_key_and_language_fail_clearly():
    with pytest.raises(KeyError, match="no entry 'nope'"):
        t("nope", "zh")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        t("app.title", "fr")
