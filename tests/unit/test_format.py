import pytest

from i18n.format import format_number, format_quantity, quoted, section_name


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "zh", "en"),
    [
        (236, "copies", "exact", "236份", "236 copies"),
        (10, "organisations", "about", "近10家", "about 10 organisations"),
        (97, "percent", "at_least", "≥97%", "≥97%"),
        (30_000, "characters", "more_than", "3万多字", "30,000+ characters"),
        (
            13.375,
            "person_times_per_meeting",
            "exact",
            "13.4人次/场",
            "13.4 person-times per session",
        ),
        (0.5, "years", "exact", "半年", "half a year"),
    ],
)
def test_quantities_read_as_each_language_expects(value, unit, qualifier, zh, en):
    assert format_quantity(value, unit, qualifier, "zh") == zh
    assert format_quantity(value, unit, qualifier, "en") == en


def test_large_numbers_group_in_english_and_compact_in_chinese():
    assert format_number(30_000, "en") == "30,000"
    assert format_number(30_000, "zh") == "3万"
    assert format_number(236, "zh") == "236"


@pytest.mark.parametrize(
    ("section", "zh", "en"),
    [
        ("1.4", "一、4", "1.4"),
        ("3", "三", "3"),
        ("0", "导语", "Introduction"),
        ("2.lessons", "二、体会", "2 (lessons)"),
    ],
)
def test_sections_are_cited_as_each_language_expects(section, zh, en):
    assert section_name(section, "zh") == zh
    assert section_name(section, "en") == en


def test_quotes_are_not_doubled():
    assert quoted("发放调查问卷236份") == "“发放调查问卷236份”"
    assert quoted("“三对照三查找”") == "“三对照三查找”"


def test_a_calendar_month_reads_as_month_nine_in_english():
    assert format_quantity(9, "calendar_month", "exact", "en") == "September"
    assert format_quantity(9, "calendar_month", "exact", "zh") == "9月"


def test_a_section_is_cited_with_its_title_and_the_introduction_once():
    from i18n.format import section_heading

    assert section_heading("0", "Introduction", "en") == "Introduction"
    assert section_heading("0", "总述", "zh") == "总述"
    assert section_heading("1.2", "Study", "en") == "1.2 Study"
    assert section_heading("1.2", "坚持理论学习", "zh") == "一、2 坚持理论学习"


def test_a_citation_names_a_section_or_the_introduction():
    from i18n.format import section_cited

    assert section_cited("1.2", "en") == "section 1.2"
    assert section_cited("0", "en") == "Introduction"
    assert section_cited("1.2", "zh") == "一、2"
    assert section_cited("0", "zh") == "导语"


@pytest.mark.parametrize(
    ("value", "unit", "english", "chinese"),
    [
        (3.35, "yuan_1t", "3.35 trillion yuan", "3.35万亿元"),
        (123.4, "yuan_100m", "12.34 billion yuan", "123.4亿元"),
        (8000, "yuan_10k", "80 million yuan", "8,000万元"),
        (1.5, "people_10k", "15,000 people", "1.5万人"),
        (0.5, "yuan_100m", "50 million yuan", "0.5亿元"),
    ],
)
def test_a_scaled_unit_is_written_in_english_scale_words(value, unit, english, chinese):
    """English counts in millions and billions, Chinese in 万 and 亿: every stated
    digit is kept, only the point moves."""
    assert format_quantity(value, unit, "exact", "en", digits=2) == english
    assert format_quantity(value, unit, "exact", "zh", digits=2) == chinese
    assert format_quantity(value, unit, "about", "en", digits=2) == f"about {english}"


@pytest.mark.parametrize(
    ("excerpt", "value", "measure", "zh"),
    [
        ("参加座谈会20余次", 20, "次", "20余次"),
        ("新增企业超过300家", 300, "家", "超过300家"),
        ("引进人才逾千人", 1000, "人", "逾1,000人"),
        ("撰写3万多字的文史资料", 30_000, "字", "3万多字"),
    ],
)
def test_more_than_is_worded_as_the_report_words_it(excerpt, value, measure, zh):
    from i18n.format import fact_quantity

    fact = {
        "value": value, "unit": "count", "qualifier": "more_than",
        "excerpt": excerpt, "measure": measure, "kind": "stated",
    }  # fmt: skip
    assert fact_quantity(fact, "zh") == zh
