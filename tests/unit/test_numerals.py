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
