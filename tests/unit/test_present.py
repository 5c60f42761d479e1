"""The presentation deck's content, built without a browser."""

import math
import re

import pandas as pd
import pytest
from dash import html

from components.overview import report_title
from components.present import (
    DECK,
    deck_slides,
    flow_shares,
    make_deck,
    placeholders,
    slide_citation,
    title_text,
)
from components.urlstate import ViewState, parse_state
from data.filters import Filters, apply_filters
from figures.charts import CHARTS
from i18n import LANGUAGES, catalog, t
from i18n.format import fact_quantity, quoted, sentence_quantity

# What the deck's slides used to be called: a chart's name is not a statement.
GENERIC_TITLES = {t(f"chart.{key}.title", lang) for key in CHARTS for lang in LANGUAGES}


def text_of(component) -> str:
    """The text of a component tree as it reads on screen (pieces run together)."""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return "".join(text_of(c) for c in component if c is not None)
    children = getattr(component, "children", None)
    return "" if children is None else text_of(children)


def find_all(component, predicate):
    """Every component in the tree for which ``predicate`` holds."""
    found = [component] if predicate(component) else []
    children = getattr(component, "children", None)
    if children is None or isinstance(children, str):
        return found
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            found += find_all(child, predicate)
    return found


def has_class(name):
    return lambda c: name in (getattr(c, "className", None) or "").split()


def test_the_deck_tells_the_campaign_in_a_presenters_order(dataset):
    names = [slide.spec.name for slide in deck_slides(dataset, dataset.facts)]
    assert names == [spec.name for spec in DECK]
    assert names[0] == "cover"
    assert names.index("study-days") < names.index("research")
    assert names.index("consultation") < names.index("rectification")
    assert names.index("rectification") < names.index("appraisal")
    assert names[-2:] == ["tasks-ahead", "anniversaries"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_statement_is_filled_from_its_facts_and_types_no_number(dataset, lang):
    for spec in DECK:
        for statement in spec.statements:
            template = catalog(lang)[f"present.say.{statement.key}"]
            assert not re.search(r"\d", template), statement.key
            assert placeholders(statement.key, lang) == set(statement.facts)
            assert set(statement.facts) <= set(spec.facts), statement.key
            title = title_text(dataset, statement, lang)
            for fid in statement.facts:
                assert sentence_quantity(dataset.fact(fid), lang) in title
            assert "{" not in title and title not in GENERIC_TITLES


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_slide_title_is_a_statement_with_the_facts_numbers(dataset, lang):
    deck = make_deck(dataset, ViewState(lang=lang), dataset.facts)
    titles = [text_of(h) for h in find_all(deck, has_class("slide-title"))]
    slides = deck_slides(dataset, dataset.facts)
    assert len(titles) == len(slides)
    assert titles[0] == report_title(dataset)
    for title, slide in zip(titles[1:], slides[1:]):
        assert title == title_text(dataset, slide.statement, lang)
        assert title not in GENERIC_TITLES
        for fid in slide.statement.facts:  # its numbers, read from the facts
            assert sentence_quantity(dataset.fact(fid), lang) in title
    if lang == "zh":
        assert "发放问卷236份，征求全体委员意见" in titles
        assert "15条意见建议，梳理出6个方面问题，提出22条具体措施" in titles


def test_the_numbers_shown_are_the_facts_numbers(dataset):
    for lang in LANGUAGES:
        deck = make_deck(dataset, ViewState(lang=lang), dataset.facts)
        shown = find_all(deck, lambda c: getattr(c, "data-fact", None) is not None)
        assert len(shown) >= 15
        for component in shown:
            fact = dataset.fact(getattr(component, "data-fact"))
            number = find_all(
                component,
                lambda c: (
                    has_class("slide-number")(c)
                    or has_class("flow-number")(c)
                    or has_class("slide-list-fact")(c)
                ),
            )
            figure = text_of(number[0])
            assert figure.startswith(fact_quantity(fact, lang)), (figure, fact["id"])


def test_flow_circle_areas_are_in_proportion_to_the_numbers(dataset):
    deck = make_deck(dataset, ViewState(), dataset.facts)
    stages = find_all(deck, has_class("flow-stage"))
    assert [getattr(s, "data-fact") for s in stages] == [
        "opinions",
        "problem_areas",
        "measures",
    ]
    values = [dataset.fact(getattr(s, "data-fact"))["value"] for s in stages]
    shares = [float(s.style["--share"]) for s in stages]
    assert max(shares) == 1.0
    for share, value in zip(shares, values):
        # area ∝ diameter²: the circle's share of the largest area is its value's
        assert share**2 == pytest.approx(value / max(values), abs=1e-3)
    flow = find_all(deck, has_class("flow-stages"))[0]
    assert float(flow.style["--flow-sum"]) == pytest.approx(sum(shares), abs=1e-3)
    assert flow_shares([1, 4, 16]) == [0.25, 0.5, 1.0]
    numbers = [text_of(n) for n in find_all(deck, has_class("flow-number"))]
    assert numbers == ["15条", "6个", "22条"]


def test_a_single_percentage_is_a_band_not_a_one_bar_chart(dataset):
    deck = make_deck(dataset, ViewState(), dataset.facts)
    (band,) = find_all(deck, has_class("slide-band"))
    assert getattr(band, "data-fact") == "satisfaction"
    assert text_of(find_all(band, has_class("slide-number"))[0]) == "≥97%"
    fill = find_all(band, lambda c: getattr(c, "className", "") == "band-fill")[0]
    opening = find_all(band, lambda c: getattr(c, "className", "") == "band-open")[0]
    assert fill.style == {"width": "97%"} and opening.style == {"left": "97%"}
    assert not find_all(deck, lambda c: type(c).__name__ == "Graph")


def test_numbers_in_a_members_words_stand_beside_it(dataset):
    deck = make_deck(dataset, ViewState(), dataset.facts)
    beside = {
        getattr(c, "data-fact"): c for c in find_all(deck, has_class("slide-list-fact"))
    }
    assert set(beside) == {"sectors", "historical_characters", "liaison_events"}
    lists = find_all(deck, has_class("slide-list"))
    work = next(ol for ol in lists if "加强界别工作" in text_of(ol))
    rows = [text_of(li) for li in work.children]
    assert rows[1].startswith("加强界别工作15个")
    assert rows[3].startswith("文史资料征集3万多字")


def test_a_slide_stays_while_any_of_its_facts_does(dataset):
    for spec in DECK:
        for fid in spec.facts:
            only = dataset.facts[dataset.facts["id"] == fid]
            names = [slide.spec.name for slide in deck_slides(dataset, only)]
            assert names == ["cover", spec.name], fid


def test_filters_choose_the_title_and_drop_slides_with_nothing_to_say(dataset):
    derived = apply_filters(dataset.facts, Filters(kind=("derived",)))
    shown = set(derived["id"])
    for slide in deck_slides(dataset, derived)[1:]:
        assert set(slide.statement.facts) <= shown and set(slide.facts) <= shown
    research = apply_filters(dataset.facts, Filters(theme=("research",)))
    assert [s.spec.name for s in deck_slides(dataset, research)] == [
        "cover",
        "research",
    ]
    people = apply_filters(dataset.facts, Filters(unit=("people",)))
    consultation = next(
        s for s in deck_slides(dataset, people) if s.spec.name == "consultation"
    )
    assert consultation.facts == ("member_consultations",)
    assert title_text(dataset, consultation.statement, "zh") == (
        "召开座谈会征求85人次政协委员意见"
    )


def test_slide_shows_its_statement_and_citation(dataset):
    slides = deck_slides(dataset, dataset.facts)
    number = 1 + [s.spec.name for s in slides].index("consultation")
    deck = make_deck(dataset, ViewState(slide=number), dataset.facts)
    assert deck.to_plotly_json()["props"]["data-start"] == str(number)
    text = text_of(deck)
    assert "236份" in text and "“发放调查问卷236份”" in text


def test_every_number_on_a_slide_is_cited(dataset):
    """Not only the number the title names: each figure a slide shows has its
    excerpt in the slide's citation."""
    slides = deck_slides(dataset, dataset.facts)
    citations = []

    def collect(node):
        if isinstance(node, html.Footer) and "slide-citation" in node.className:
            citations.append(text_of(node))
        children = getattr(node, "children", None)
        for child in children if isinstance(children, list) else [children]:
            if child is not None and not isinstance(child, str | int | float):
                collect(child)

    collect(make_deck(dataset, ViewState(), dataset.facts))
    stated = [slide for slide in slides if slide.statement is not None]
    assert len(citations) == len(stated)
    for slide, citation in zip(stated, citations, strict=True):
        for fid in (*slide.statement.facts, *slide.facts):
            excerpt = quoted(dataset.fact(fid)["excerpt"])
            assert excerpt in citation, (slide.spec.name, fid)


def test_a_citation_names_a_section_once_and_quotes_each_excerpt(dataset):
    flow = ("opinions", "problem_areas", "measures")
    zh = text_of(slide_citation(dataset, flow, "zh"))
    assert zh == "出处：一、3 “15条意见和建议”；“6个方面问题”；二、2 “22条具体措施”"
    en = text_of(slide_citation(dataset, flow, "en"))
    assert en.startswith("Source: section 1.3, “15条意见和建议”; “6个方面问题”; ")
    assert en.endswith("section 2.2, “22条具体措施”")


def test_a_quotation_inside_an_excerpt_is_not_quoted_twice(dataset):
    assert quoted("“五个一天”活动") == "“‘五个一天’活动”"
    assert quoted("“四个一次”。") == "“‘四个一次’。”"
    assert quoted("“二集中”、“五突出”") == "“‘二集中’、‘五突出’”"
    assert quoted("“三对照三查找”") == "“三对照三查找”"
    assert quoted("发放调查问卷236份") == "“发放调查问卷236份”"
    for lang in LANGUAGES:
        text = text_of(make_deck(dataset, ViewState(lang=lang), dataset.facts))
        assert "““" not in text and "””" not in text
        assert "“‘五个一天’活动”" in text


def test_slide_beyond_the_deck_opens_the_last(dataset):
    deck = make_deck(dataset, ViewState(slide=999), dataset.facts)
    assert deck.to_plotly_json()["props"]["data-start"] == str(len(DECK))


def test_no_slide_left_says_so(dataset):
    deck = make_deck(dataset, ViewState(), dataset.facts.iloc[0:0])
    assert "deck-empty" in deck.className


def test_key_hints_are_whole_pieces(dataset):
    for lang in LANGUAGES:
        deck = make_deck(dataset, ViewState(lang=lang), dataset.facts)
        keys = find_all(deck, has_class("deck-key"))
        assert len(keys) == 5 and all(isinstance(k.children, str) for k in keys)


def test_slide_and_kiosk_parameters_are_bounded(dataset):
    assert parse_state("?slide=3&kiosk=30", dataset)[0] == ViewState(slide=3, kiosk=30)
    state, rejected = parse_state("?slide=0&kiosk=1&slide=x", dataset)
    assert state == ViewState() and len(rejected) == 3


def test_shares_are_square_roots():
    assert flow_shares([15, 6, 22])[1] == pytest.approx(math.sqrt(6 / 22))


def test_a_slide_lists_at_most_slide_members_and_says_how_many_more(
    dataset, monkeypatch
):
    from components.present import SLIDE_MEMBERS

    slides = deck_slides(dataset, dataset.facts)
    number, slide = next(
        (n, s) for n, s in enumerate(slides, start=1) if s.spec.visual == "list"
    )
    real = type(dataset).members
    members = real(dataset, slide.spec.facts[0])
    many = pd.concat([members] * 10, ignore_index=True)
    monkeypatch.setattr(type(dataset), "members", lambda self, list_id: many)
    text = text_of(make_deck(dataset, ViewState(slide=number), dataset.facts))
    hidden = len(many) - SLIDE_MEMBERS
    assert t("present.members_more", "zh", count=hidden) in text
