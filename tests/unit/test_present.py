"""The presentation deck's content, built without a browser."""

from components.present import DECK, deck_slides, make_deck
from components.urlstate import ViewState, parse_state
from data.filters import Filters, apply_filters
from figures.charts import CHARTS
from figures.theme import PRESENT_BACKGROUND, for_presentation
from tests.unit.test_pages import text_of


def test_deck_follows_the_report_order_and_names_real_facts(dataset):
    order = ["study", "research", "consultation", "outcomes", "work"]
    pages = [spec.name.split("-")[0] for spec in DECK]
    assert pages == sorted(pages, key=order.index)
    for spec in DECK:
        assert dataset.fact(spec.key)["theme"] in spec.themes
        assert spec.chart in CHARTS


def test_filters_drop_slides_with_nothing_to_show(dataset):
    everything = deck_slides(dataset, dataset.facts)
    assert [spec for spec, _ in everything] == list(DECK)
    derived = apply_filters(dataset.facts, Filters(kind=("derived",)))
    for spec, rows in deck_slides(dataset, derived):
        assert set(rows["kind"]) == {"derived"}, spec.name


def test_slide_shows_key_number_and_citation(dataset):
    deck = make_deck(dataset, ViewState(slide=5), dataset.facts)
    assert deck.to_plotly_json()["props"]["data-start"] == "5"
    text = text_of(deck)
    assert "236份" in text and "发放调查问卷236份" in text


def test_slide_beyond_the_deck_opens_the_last(dataset):
    deck = make_deck(dataset, ViewState(slide=999), dataset.facts)
    assert deck.to_plotly_json()["props"]["data-start"] == str(len(DECK))


def test_no_slide_left_says_so(dataset):
    deck = make_deck(dataset, ViewState(), dataset.facts.iloc[0:0])
    assert "deck-empty" in deck.className


def test_presenter_theme_keeps_panels_apart(dataset):
    rows = CHARTS["consultation"].rows(dataset, dataset.facts)
    slide = for_presentation(CHARTS["consultation"].build(rows, "zh", frozenset()))
    assert slide.layout.paper_bgcolor == PRESENT_BACKGROUND
    assert slide.layout.height is None
    domains = sorted(
        tuple(slide.layout[name].domain)
        for name in slide.layout
        if name.startswith("yaxis")
    )
    for (_, top), (bottom, _) in zip(domains, domains[1:]):
        assert bottom - top > 0.1


def test_slide_and_kiosk_parameters_are_bounded(dataset):
    assert parse_state("?slide=3&kiosk=30", dataset)[0] == ViewState(slide=3, kiosk=30)
    state, rejected = parse_state("?slide=0&kiosk=1&slide=x", dataset)
    assert state == ViewState() and len(rejected) == 3
