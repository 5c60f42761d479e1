"""The bundled tables: complete, traced to the report, qualifiers kept."""

import re

from data.numerals import states_value
from data.provenance import COUNT, RATIO, section_at
from data.schemas import FactSchema as F
from data.schemas import ItemSchema as I


def test_tables_load_and_are_not_empty(dataset):
    assert len(dataset.facts) >= 50
    assert len(dataset.items) >= 90
    assert set(dataset.outline["section"]) >= {"0", "1", "1.1", "1.5", "2", "3", "3.4"}
    assert dataset.facts[F.id].is_unique


def test_every_excerpt_is_the_reports_own_words(dataset):
    for table in (dataset.facts, dataset.items):
        for row in table.to_dict("records"):
            start = row["start"]
            assert dataset.report[start : start + len(row["excerpt"])] == row["excerpt"]


def test_every_stated_value_appears_in_its_excerpt(dataset):
    stated = dataset.facts[dataset.facts[F.kind] == "stated"]
    for row in stated.to_dict("records"):
        assert states_value(row[F.excerpt], row[F.value]), row[F.id]


def test_every_derived_value_follows_from_its_formula(dataset):
    derived = dataset.facts[dataset.facts[F.kind] == "derived"]
    counts = dataset.items.groupby(I.list_id).size()
    assert len(derived) > 0
    for row in derived.to_dict("records"):
        if match := COUNT.match(row[F.formula]):
            assert counts[match["list"]] == row[F.value]
        else:
            match = RATIO.match(row[F.formula])
            assert match, row[F.formula]
            ratio = (
                dataset.fact(match["num"])[F.value]
                / dataset.fact(match["den"])[F.value]
            )
            assert abs(ratio - row[F.value]) < 5e-4


def test_every_fact_sits_in_the_section_it_names(dataset):
    for row in dataset.facts.to_dict("records"):
        assert section_at(dataset.outline, row[F.start]) == row[F.section], row[F.id]


def test_every_arabic_number_of_the_report_is_captured(dataset):
    """Each Arabic numeral outside the "1、" headings lies in some fact's excerpt."""
    spans = [
        (row[F.start], row[F.start] + len(row[F.excerpt]))
        for row in dataset.facts.to_dict("records")
    ]
    uncaptured = []
    for match in re.finditer(r"\d+(?:\.\d+)?", dataset.report):
        heading = (
            match.end() < len(dataset.report)
            and dataset.report[match.end()] == "、"
            and (match.start() == 0 or dataset.report[match.start() - 1] == "\n")
        )
        inside = any(a <= match.start() and match.end() <= b for a, b in spans)
        if not heading and not inside:
            uncaptured.append((match.group(), match.start()))
    assert uncaptured == []


def test_qualifiers_follow_the_reports_words(dataset):
    qualifier = dict(zip(dataset.facts[F.id], dataset.facts[F.qualifier]))
    excerpts = dict(zip(dataset.facts[F.id], dataset.facts[F.excerpt]))
    for fact_id, text in excerpts.items():
        if "近" in text:
            assert qualifier[fact_id] == "about", fact_id
        if "以上" in text:
            assert qualifier[fact_id] == "at_least", fact_id
        if re.search(r"\d多", text):
            assert qualifier[fact_id] == "more_than", fact_id
    assert {"about", "at_least", "more_than"} <= set(qualifier.values())


def test_lists_have_members_in_order(dataset):
    for list_id, group in dataset.items.groupby(I.list_id):
        assert sorted(group[I.position]) == list(range(1, len(group) + 1)), list_id
        starts = group.sort_values(I.position)[I.start].tolist()
        assert starts == sorted(starts), f"{list_id} members out of report order"
