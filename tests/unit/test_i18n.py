"""The catalogs: both languages complete, every key the code uses present, and no
figure typed into a string."""

import re
from pathlib import Path

import pytest

from components.filterbar import DROPDOWN_LABELS
from data.filters import Filters
from data.schemas import KINDS, QUALIFIERS
from figures.charts import CHARTS
from i18n import LANGUAGES, catalog, t
from tests.pages import PAGES

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
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'\bt\(\s*"([a-z_.]+)"', text))
    assert len(used) > 20, "found few catalog lookups: the scan is broken"
    assert sorted(used - set(catalog("zh"))) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_value_set_has_names(lang):
    for prefix, values in (
        ("kind", KINDS),
        ("qualifier", QUALIFIERS),
        ("detail.qualifier", QUALIFIERS),
        ("detail", KINDS),
        ("filter", Filters.names()),
        ("dropdown", DROPDOWN_LABELS),
    ):
        for value in values:
            assert t(f"{prefix}.{value}", lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_chart_and_page_has_its_strings(lang):
    for key in CHARTS:
        assert t(f"chart.{key}.title", lang) and t(f"chart.{key}.caption", lang)
    for page in PAGES:
        assert t(f"nav.{page.name}", lang)
        if page.name != "overview":
            assert t(f"page.{page.name}.title", lang)
            assert t(f"page.{page.name}.intro", lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_figure_is_typed_into_a_string(lang):
    """Numbers on screen come from data/: the only digits allowed in a catalog are
    the 0–100% scale named in the percentage chart's caption."""
    allowed = {"chart.percentages.caption"}
    typed = {
        key: text
        for key, text in catalog(lang).items()
        if re.search(r"\d", text) and key not in allowed
    }
    assert typed == {}


def test_placeholders_are_filled():
    assert t("app.param_notice", "en", params="lang=fr").endswith("lang=fr")


def test_unknown_key_and_language_fail_clearly():
    with pytest.raises(KeyError, match="no entry 'nope'"):
        t("nope", "zh")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        t("app.title", "fr")
