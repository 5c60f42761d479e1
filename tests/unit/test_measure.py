"""The report's own measure words: read from each excerpt, used wherever a number
is written in Chinese."""

import pytest

from data.measure import measure_word
from data.numerals import NUMBER_TOKEN
from i18n.format import fact_quantity, format_quantity


@pytest.mark.parametrize(
    ("excerpt", "value", "measure"),
    [
        ("22条具体措施", 22, "条"),
        ("召开了8个座谈会", 8, "个"),
        ("8场辅导报告会，参加党员达107人次", 107, "人次"),
        ("8场辅导报告会，参加党员达107人次", 8, "场"),
        ("3万多字的文史资料", 30000, "字"),
        ("改革开放三十周年", 30, "周年"),
        ("覆盖面达到了100％", 100, "%"),
        ("兵分四路", 4, "路"),
        ("“五突出”", 5, ""),  # a name with a numeral: no measure word
        ("8场辅导报告会，参加党员达107人次", 13.375, ""),  # derived: not stated
    ],
)
def test_measure_word_is_read_after_the_stated_number(excerpt, value, measure):
    assert measure_word(excerpt, value) == measure


def test_measure_word_replaces_the_generic_unit_in_chinese_only():
    assert format_quantity(22, "items", "exact", "zh", "条") == "22条"
    assert format_quantity(22, "items", "exact", "zh") == "22项"
    assert format_quantity(22, "items", "exact", "en", "条") == "22 items"


def test_every_fact_is_written_with_the_measure_word_of_its_excerpt(dataset):
    """Where an excerpt writes a measure word after the fact's number, the number
    as the dashboard writes it (cards, axes, slides, exports) ends with that word."""
    checked = 0
    for fact in dataset.facts.to_dict("records"):
        written = fact_quantity(fact, "zh")
        for match in NUMBER_TOKEN.finditer(fact["excerpt"]):
            after = fact["excerpt"][match.end() :].lstrip("多余来")
            if fact["measure"] and after.startswith(fact["measure"].replace("%", "")):
                assert written.endswith(fact["measure"]), (fact["id"], written)
                checked += 1
                break
    assert checked >= 20  # most of the bundled report's numbers carry a measure word
