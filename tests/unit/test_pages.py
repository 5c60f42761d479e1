"""Routing, page rendering and the navigation callback, without a browser."""

import pytest

from components.interaction import related
from components.kpi import HEADLINE_CARDS, make_kpi_card
from components.pages import chart_rows, render_screen
from components.urlstate import parse_state
from devtools.requests import callback_payload
from i18n import t
from i18n.format import fact_quantity
from tests.conftest import post_callback
from tests.pages import PAGES


def text_of(component) -> str:
    """All text in a component tree."""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(text_of(c) for c in component)
    children = getattr(component, "children", None)
    return "" if children is None else text_of(children)


def screen(dataset, path="/", search=""):
    state, rejected = parse_state(search, dataset)
    return render_screen(path, state, rejected, dataset, related(dataset, state.fact))


def test_overview_in_chinese_by_default(dataset):
    shown = screen(dataset)
    assert t("app.title", "zh") in text_of(shown.page)
    assert shown.notice is None
    assert shown.page.lang == "zh-CN"
    assert not shown.detail_open


def test_overview_in_english(dataset):
    shown = screen(dataset, "/", "?lang=en")
    assert t("overview.kpi_heading", "en") in text_of(shown.page)
    assert shown.page.lang == "en"
    assert shown.filter_placeholders["theme"] == t("filter.theme", "en")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_page_renders_in_both_languages(dataset, page):
    for lang in ("zh", "en"):
        shown = screen(dataset, page.path, f"?lang={lang}")
        assert text_of(shown.page).strip()
        assert t("app.not_found", lang, path=page.path) not in text_of(shown.page)


def test_unknown_values_give_a_notice_not_an_error(dataset):
    shown = screen(dataset, "/", "?lang=%3Cscript%3E&theme=sports&x=1")
    notice = text_of(shown.notice)
    assert "lang=<script>" in notice and "theme=sports" in notice and "x=1" in notice
    assert t("app.title", "zh") in text_of(shown.page)


def test_unknown_path_gives_a_not_found_page(dataset):
    shown = screen(dataset, "/nowhere", "?lang=en")
    assert t("app.not_found", "en", path="/nowhere") in text_of(shown.page)


def test_malformed_pathname_and_search_are_tolerated(dataset):
    for pathname, search in [
        (None, None),
        (42, ["x"]),
        ("", "?lang"),
        ("/", "?" * 5000),
    ]:
        state, rejected = parse_state(search, dataset)
        shown = render_screen(pathname, state, rejected, dataset, frozenset())
        assert t("app.title", "zh") in text_of(shown.page)


def test_filters_narrow_the_cards(dataset):
    everything = text_of(screen(dataset, "/consultation").page)
    people = text_of(screen(dataset, "/consultation", "?unit=people").page)
    assert "236份" in everything and "236份" not in people
    assert "85人次" in people


def test_filters_that_match_nothing_say_so(dataset):
    shown = screen(dataset, "/research", "?theme=work")
    assert t("page.no_facts", "zh") in text_of(shown.page)


def test_selected_fact_opens_the_detail_panel(dataset):
    shown = screen(dataset, "/", "?fact=questionnaires")
    assert shown.detail_open
    assert shown.detail_title == dataset.fact("questionnaires")["label_zh"]
    assert "发放调查问卷236份" in text_of(shown.detail_body)


def test_every_kpi_number_comes_from_the_facts(dataset):
    for spec in HEADLINE_CARDS:
        card = make_kpi_card(dataset, spec, "zh")
        text = text_of(card)
        for fact_id in spec.fact_ids:
            fact = dataset.fact(fact_id)
            assert fact_quantity(fact, "zh") in text
            assert fact["excerpt"] in text


def test_headline_cards_keep_the_qualifier(dataset):
    spec = next(s for s in HEADLINE_CARDS if s.main == "satisfaction")
    assert "≥97%" in text_of(make_kpi_card(dataset, spec, "zh"))


def test_chart_rows_follow_page_and_filters(dataset):
    state, _ = parse_state("?kind=derived", dataset)
    rows = chart_rows(dataset, "/study", state, "lists")
    assert set(rows["kind"]) == {"derived"}
    assert set(rows["theme"]) <= {"campaign", "organisation", "study"}
    assert chart_rows(dataset, "/nowhere", state, "lists") is None
    assert chart_rows(dataset, "/study", state, "no-such-chart") is None


def test_navigation_callback_through_the_server(app):
    client = app.server.test_client()
    payload = callback_payload(
        app,
        "url.search",
        {"url.pathname": "/", "url.search": "?lang=xx"},
        changed="url.search",
    )
    status, body = post_callback(client, payload)
    assert status == 200
    assert "lang=xx" in str(body["response"]["notice"])


def test_filter_change_writes_the_url(app):
    client = app.server.test_client()
    payload = callback_payload(
        app,
        "url.search",
        {
            "url.pathname": "/study",
            "url.search": "?lang=en",
            "filter-theme.value": ["study"],
        },
        changed="filter-theme.value",
    )
    status, body = post_callback(client, payload)
    assert status == 200
    assert body["response"]["url"]["search"] == "?lang=en&theme=study"


def _nested_children(component, path="page") -> list[str]:
    """Paths where ``children`` holds a list inside a list (React cannot draw it)."""
    found = []
    children = getattr(component, "children", None)
    items = children if isinstance(children, list | tuple) else [children]
    for n, child in enumerate(items):
        if isinstance(child, list | tuple):
            found.append(f"{path}[{n}]")
        elif hasattr(child, "to_plotly_json"):
            found += _nested_children(child, f"{path}/{type(child).__name__}")
    return found


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.name)
def test_no_page_nests_a_list_of_children_in_a_list(dataset, spec):
    state = parse_state("?lang=en", dataset)[0]
    screen = render_screen(spec.path, state, [], dataset, frozenset())
    assert _nested_children(screen.page) == []
