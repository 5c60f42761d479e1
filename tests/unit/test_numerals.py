import pytest

from data.numerals import numbers_in, parse_chinese_integer, states_value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("两", 2),
        ("四", 4),
        ("十", 10),
        ("十七", 17),
        ("三十", 30),
        ("六十", 60),
        ("一百零七", 107),
        ("二百三十六", 236),
        ("三万", 30_000),
    ],
)
def test_chinese_integers(text, value):
    assert parse_chinese_integer(text) == value


def test_rejects_non_numerals():
    with pytest.raises(ValueError, match="not a Chinese numeral"):
        parse_chinese_integer("天河")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("发放调查问卷236份", [236]),
        ("兵分四路", [4]),
        ("3万多字的文史资料", [30_000]),
        ("为期半年", [0.5]),
        ("改革开放三十周年", [30]),
        ("评议满意率达97%以上", [97]),
        ("覆盖面达到了100％", [100]),
        ("“五个一天”活动", [5, 1]),
        ("8场辅导报告会，参加党员达107人次", [8, 107]),
    ],
)
def test_numbers_in_excerpts(text, expected):
    assert numbers_in(text) == expected


def test_states_value_needs_the_whole_number():
    assert states_value("参加党员达107人次", 107)
    assert not states_value("参加党员达107人次", 10)
    assert not states_value("参加党员达107人次", 7)


@pytest.mark.parametrize(
    ("text", "value"),
    [("两千六", 2600), ("一万二", 12_000), ("三百五", 350), ("一千零五", 1005)],
)
def test_a_last_digit_after_a_unit_counts_in_the_next_unit_down(text, value):
    assert parse_chinese_integer(text) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("国内生产总值达到33.5万亿元", [33.5e12]),
        ("全年粮食产量３３．５万吨", [335_000]),
        ("新增就业1,206万人", [12_060_000]),
    ],
)
def test_magnitudes_full_width_digits_and_grouped_thousands(text, expected):
    assert numbers_in(text) == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("两万亿", 2 * 10**12),
        ("十万亿", 10**13),
        ("两亿三千万", 230_000_000),
        ("一亿零五百万", 105_000_000),
        ("一亿二", 120_000_000),
    ],
)
def test_a_yi_after_wan_multiplies_all_before_it(text, value):
    assert parse_chinese_integer(text) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年减税降费两万亿元", [2e12]),
        ("平均每户五十五点五平方米", [55.5]),
        ("财政收入三点五万亿元", [3.5e12]),
        ("利率下调百分之零点五", [100, 0.5]),
        ("提出两点意见", [2]),
    ],
)
def test_chinese_magnitudes_and_decimals_in_words(text, expected):
    assert numbers_in(text) == expected
    assert states_value(text, expected[-1])
