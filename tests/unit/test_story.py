"""The overview's story: key points, the campaign's course and its context are
catalog words with every number taken from a fact, each a button."""

from __future__ import annotations

import pytest

from components import ids
from components.story import (
    CONTEXT,
    COURSE,
    KEY_POINTS,
    make_context,
    make_course,
    make_key_points,
    placeholders,
)
from data.filters import Filters, apply_filters
from i18n import LANGUAGES
from i18n.format import sentence_quantity
from tests.unit.test_pages import text_of


def buttons(component) -> list:
    """Every fact button in a component tree, in order."""
    found = []
    if isinstance(component, list | tuple):
        for child in component:
            found += buttons(child)
        return found
    identity = getattr(component, "id", None)
    if isinstance(identity, dict) and identity.get("type") == ids.FACT_LINK:
        found.append(component)
    children = getattr(component, "children", None)
    return found + (buttons(children) if children is not None else [])


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", KEY_POINTS + CONTEXT)
def test_every_placeholder_names_a_fact(dataset, key, lang):
    names = placeholders(key, lang)
    assert names and set(names) <= dataset.fact_ids
    other = "en" if lang == "zh" else "zh"
    assert sorted(names) == sorted(placeholders(key, other))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_key_points_fill_every_number_from_the_facts(dataset, lang):
    section = make_key_points(dataset, dataset.facts, lang)
    found = buttons(section)
    expected = [name for key in KEY_POINTS for name in placeholders(key, lang)]
    assert [b.id["fact"] for b in found] == expected
    for button in found:
        assert button.children == sentence_quantity(
            dataset.fact(button.id["fact"]), lang
        )
    assert 3 <= len(KEY_POINTS) <= 5


def test_key_points_use_the_reports_measure_words(dataset):
    text = text_of(make_key_points(dataset, dataset.facts, "zh"))
    for words in ("8场", "107人次", "236份", "15条", "6个", "22条", "半年"):
        assert words in text


def test_a_sentence_whose_fact_is_filtered_out_is_left_out(dataset):
    facts = apply_filters(dataset.facts, Filters(theme=("rectification",)))
    section = make_key_points(dataset, facts, "zh")
    shown = {b.id["fact"] for b in buttons(section)}
    assert shown <= set(facts["id"])
    assert make_key_points(dataset, dataset.facts.iloc[0:0], "zh") is None


def test_the_course_runs_in_order_with_each_steps_facts(dataset):
    course = make_course(dataset, dataset.facts, "en")
    shown = [b.id["fact"] for b in buttons(course)]
    assert shown == [fid for step in COURSE for fid in step.fact_ids]
    assert [step.name for step in COURSE] == [
        "study",
        "research",
        "consultation",
        "analysis",
        "rectification",
        "results",
    ]


def test_anniversaries_are_context_not_cards(dataset):
    context = make_context(dataset, dataset.facts, "zh")
    text = text_of(context)
    assert "60周年" in text and "30周年" in text
    for button in buttons(context):
        assert "fact-inline" in button.className
