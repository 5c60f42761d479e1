"""Routing and the page callback's logic, called directly (no browser)."""

import json

from components.kpi import HEADLINE_CARDS, make_kpi_card
from components.pages import parse_language, render
from i18n import t
from i18n.format import format_quantity


def text_of(component) -> str:
    """All text in a component tree."""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(text_of(c) for c in component)
    children = getattr(component, "children", None)
    return "" if children is None else text_of(children)


def test_language_from_the_query_string():
    assert parse_language("?lang=en") == ("en", None)
    assert parse_language("") == ("zh", None)
    assert parse_language(None) == ("zh", None)
    assert parse_language("?lang=fr") == ("zh", "fr")
    assert parse_language("?lang=en&lang=xx") == ("zh", "xx")


def test_overview_in_chinese_by_default(dataset):
    rendered = render("/", "", dataset)
    page = text_of(rendered.page)
    assert t("app.title", "zh") in page
    assert rendered.notice is None
    assert rendered.page.lang == "zh-CN"


def test_overview_in_english(dataset):
    rendered = render("/", "?lang=en", dataset)
    assert t("overview.kpi_heading", "en") in text_of(rendered.page)
    assert rendered.page.lang == "en"


def test_unknown_language_gives_a_notice_not_an_error(dataset):
    rendered = render("/", "?lang=%3Cscript%3E", dataset)
    assert "<script>" in text_of(rendered.notice)
    assert t("app.title", "zh") in text_of(rendered.page)


def test_unknown_path_gives_a_not_found_page(dataset):
    rendered = render("/nowhere", "?lang=en", dataset)
    assert t("app.not_found", "en", path="/nowhere") in text_of(rendered.page)


def test_malformed_callback_values_are_tolerated(dataset):
    for pathname, search in [(None, None), (42, ["x"]), ("", "?lang")]:
        rendered = render(pathname, search, dataset)
        assert t("app.title", "zh") in text_of(rendered.page)


def test_every_kpi_number_comes_from_the_facts(dataset):
    for spec in HEADLINE_CARDS:
        card = make_kpi_card(dataset, spec, "zh")
        text = text_of(card)
        for fact_id in filter(None, (spec.main, spec.companion)):
            fact = dataset.fact(fact_id)
            assert (
                format_quantity(fact["value"], fact["unit"], fact["qualifier"], "zh")
                in text
            )
            assert fact["excerpt"] in text
        assert card.id == {"type": "kpi-card", "card": spec.name}


def test_headline_cards_keep_the_qualifier(dataset):
    spec = next(s for s in HEADLINE_CARDS if s.main == "satisfaction")
    assert "≥97%" in text_of(make_kpi_card(dataset, spec, "zh"))


def test_page_callback_through_the_server(app):
    client = app.server.test_client()
    payload = {
        "output": "..navbar.children...page.children...notice.children..",
        "outputs": [
            {"id": "navbar", "property": "children"},
            {"id": "page", "property": "children"},
            {"id": "notice", "property": "children"},
        ],
        "inputs": [
            {"id": "url", "property": "pathname", "value": "/"},
            {"id": "url", "property": "search", "value": "?lang=xx"},
        ],
        "changedPropIds": ["url.search"],
    }
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 200
    body = json.loads(response.data)["response"]
    assert "xx" in json.dumps(body["notice"], ensure_ascii=False)
