"""The report's own measure word for a fact: 22条具体措施 counts in 条, 8场辅导报告会
in 场, 发放调查问卷236份 in 份. Read from the fact's excerpt, right after the number
the fact states, so a card never says 22项 above its citation's 22条."""

from __future__ import annotations

from data.numerals import NUMBER_TOKEN, numbers_in

# Measure words (量词) and measures a report of this kind writes after a number,
# longest first so that 人次 wins over 人 and 周年 over 年.
MEASURE_WORDS = tuple(
    sorted(
        (
            "人次", "周年", "万元", "亿元", "公里", "平方米",
            "条", "个", "场", "份", "家", "路", "次", "项", "字", "年", "月",
            "名", "位", "种", "篇", "期", "天", "人", "户", "所", "届", "批",
            "本", "件", "处", "座", "台", "辆", "亩", "吨", "元", "%", "％",
        ),
        key=len,
        reverse=True,
    )
)
# Between a number and its measure word: 3万多字, 10余家.
HEDGES_AFTER_NUMBER = "多余来"


def measure_word(excerpt: str, value: float) -> str:
    """The measure word written after ``value`` in ``excerpt``; "" when the excerpt
    states the value without one (“五突出”) or does not state it (a derived count)."""
    for match in NUMBER_TOKEN.finditer(excerpt):
        stated = numbers_in(match.group(0))
        if not stated or abs(stated[0] - value) > 1e-9:
            continue
        rest = excerpt[match.end() :].lstrip(HEDGES_AFTER_NUMBER)
        for word in MEASURE_WORDS:
            if rest.startswith(word):
                return "%" if word == "％" else word
        return ""
    return ""
