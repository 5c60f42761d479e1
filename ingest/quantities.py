"""Which numerals state quantities, and what each one counts.

A quantity is a numeral with what the report writes around it: a hedge before it
(近, 约, 超过, 逾, 不少于, 不超过) or after it (多, 余, 左右, 以上, 以内), a magnitude
(万, 亿, 万亿) and a measure word (个, 条, 场, 份, 人次, 亿元, %…). Left apart, as
the genre uses them: dates (see ingest.dates), ordinals (第三, 二是), headings
(一、, （1）), names of congresses and sessions (十七大, 七届四次全会, 十七届三中
全会), names in quotation marks and titles in 《》 (“十一五”, “算一次帐”), the
article 一 (一条一条, 一个新水平), idioms of magnitudes (千家万户) and digits
written one by one (七八个), "some tens" (几十, 数十). 来 after a round number
is a hedge (二十来个 is about 20). A name in quotation marks that opens with a count
is a set of that many members when each of its parts opens with that count
(“三严三实”, “两不误、两促进”) or when the report enumerates them (see
ingest.named_sets): it is then proposed once, at its first mention, as a count
of items; otherwise it is a name (“三个代表”, “两个毫不动摇”) and left apart.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from data.numerals import states_value
from data.provenance import qualifier_problem
from data.schemas import EXCERPT_MAX, LABEL_MAX
from data.vocabulary import VOCABULARY
from ingest.lists import Enumeration, find_lists
from ingest.named_sets import enumerated, repeats_count
from ingest.numbers import Numeral, numerals

GENERIC_UNIT = "count"
# Measure words the vocabulary has no unit of its own for, and the unit they
# count in (the report's own word is kept as the fact's measure).
MEASURE_UNITS = {
    **dict.fromkeys("条种件篇部本册起例类门大化型", "items"),
    **dict.fromkeys(("名", "位"), "people"),
    **dict.fromkeys("座所处栋台辆张套支批期艘架首幅", GENERIC_UNIT),
    "个小时": "hours",
    "个星期": "weeks",
    "周年": "years",
    "岁": "years",
    "％": "percent",
}
# Measure words after which the words that follow name what is counted (22条具体
# 措施); after the others (元, %, 吨) the words before do (增长8.7%).
COUNTED_AFTER = frozenset(("items", "count", "people", "organisations", "meetings"))


def _unit_by_name() -> dict[str, str]:
    by_name: dict[str, list[str]] = {}
    for unit, row in VOCABULARY.units.items():
        by_name.setdefault(str(row["name_zh"]), []).append(unit)
    chosen = {
        name: GENERIC_UNIT if GENERIC_UNIT in units else units[0]
        for name, units in by_name.items()
        if "/" not in name  # 人次/场 is a derived unit, never written
    }
    for word, unit in MEASURE_UNITS.items():
        if unit not in VOCABULARY.units:
            raise RuntimeError(f"unit {unit!r} for {word!r} is not in units.csv")
        chosen.setdefault(word, unit)
    return chosen


UNIT_BY_NAME = _unit_by_name()
MEASURES = sorted(UNIT_BY_NAME, key=len, reverse=True)
HEDGES_BEFORE = (  # longest first: 不超过 is at most, 超过 more than
    ("不超过", "at_most"),
    ("不少于", "at_least"),
    ("超过", "more_than"),
    ("逾", "more_than"),
    ("近", "about"),
    ("约", "about"),
)
HEDGES_AFTER_NUMBER = (("多", "more_than"), ("余", "more_than"))
HEDGES_AFTER_MEASURE = (
    ("左右", "about"),
    ("以上", "at_least"),
    ("以内", "at_most"),
    ("多", "more_than"),
)
HEDGE_AFTER_NOUN = re.compile(
    r"[^，。；、：\s0-9０-９]{1,4}?(?P<hedge>左右|以上|以内)(?=[，。；、：\n]|$)"
)
SESSION_AFTER = ("届", "中全会", "次全会", "次全体会议", "次代表大会")
CLAUSE_STOPS = re.compile(r"[，。；;！？!?\n：:]|,(?![0-9])")
QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》"}
INDENT = " \t\u3000"
# Words between the thing counted and its number: 参加党员达107人次.
LINKING = (
    "达到",
    "达",
    "为",
    "是",
    "共有",
    "共",
    "计",
    "累计",
    "总计",
    "合计",
    "了",
    "有",
    "到",
    "至",
    "在",
    "约",
    "近",
    "超过",
    "逾",
    "不少于",
    "不超过",
    "多达",
    "增加",
)
LINKING = tuple(sorted(LINKING, key=len, reverse=True))
LABEL_CUTS = re.compile("进行|开展|的|等|，|。|；|、")
# An enumeration's marker opening the words before a number: 三是发放调查问卷.
LEADING = re.compile(
    "^(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+是?|首先|其次|再次|"
    "最后|并且|并|同时|其中)[，、：]?"
)
LABEL_WORDS = 30  # characters of the phrase kept as a proposed label


@dataclass(frozen=True)
class Quantity:
    """A quantity the report states, with the excerpt that states it."""

    start: int  # of the excerpt
    excerpt: str
    value: float
    unit: str
    measure: str
    qualifier: str
    label: str
    number_start: int  # of the numeral itself
    named_set: bool = False


def _quote_spans(text: str) -> list[tuple[int, int, str]]:
    """(opening offset, closing offset, opening mark) of each quotation or title
    on a line, innermost first where they nest."""
    spans, stack = [], []
    closers = {close: open_ for open_, close in QUOTES.items()}
    for index, char in enumerate(text):
        if char == "\n":
            stack.clear()
        elif char in QUOTES:
            stack.append((index, char))
        elif char in closers and stack and stack[-1][1] == closers[char]:
            opened, mark = stack.pop()
            spans.append((opened, index, mark))
    return sorted(spans)


class _Context:
    """Lookups over one text: clause bounds, quotes, numerals' positions."""

    def __init__(self, text: str, found: list[Numeral]) -> None:
        self.text = text
        self.stops = [m.start() for m in CLAUSE_STOPS.finditer(text)]
        self.quotes = _quote_spans(text)
        self.quote_starts = [span[0] for span in self.quotes]
        self.numeral_starts = [n.start for n in found]
        self.numeral_ends = [n.end for n in found]

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The clause around ``start:end``: between the stops before and after."""
        at = bisect_right(self.stops, start - 1)
        left = self.stops[at - 1] + 1 if at > 0 else 0
        after = bisect_left(self.stops, end)
        right = self.stops[after] if after < len(self.stops) else len(self.text)
        while left < start and self.text[left] in INDENT:
            left += 1
        return left, right

    def quote_of(self, offset: int) -> tuple[int, int, str] | None:
        """The innermost quotation or title holding ``offset``."""
        best = None
        for span in self.quotes[: bisect_right(self.quote_starts, offset)]:
            if span[0] < offset < span[1] and (best is None or span[0] > best[0]):
                best = span
        return best


def _measure_at(text: str, at: int) -> str:
    for word in MEASURES:
        if text.startswith(word, at):
            return word
    return ""


def _left_out(text: str, numeral: Numeral, context: _Context) -> bool:
    """Whether ``numeral`` is an ordinal, a heading, a session's name or an
    idiom rather than a quantity."""
    s, e = numeral.start, numeral.end
    before, after = text[max(0, s - 1) : s], text[e : e + 6]
    line_start = (
        s == 0
        or text[s - 1] == "\n"
        or not text[text.rfind("\n", 0, s) + 1 : s].strip(INDENT)
    )
    if before == "第" or after.startswith(("是", "要")) and not numeral.arabic:
        return True
    if after.startswith("来") and not _round_about(text, numeral):
        return True  # 一来…二来…: reasons counted off, not a quantity
    if (
        before
        and before in "几数"
        and not numeral.arabic
        and numeral.text[0] in "十百千"
    ):
        return True  # 几十家, 数十个: "some tens", no number the report states
    if (after[:1] and after[:1] in "、．）)") or (
        after[:1] == "." and not after[1:2].isdigit()
    ):
        return True  # 一、 1． （1） and inline enumerations 1、2、
    if line_start and after[:1] and after[:1] in "、.":
        return True
    if numeral.arabic and not numeral.percent:
        if re.match(r"[A-Za-z_\-]", text[max(0, s - 1) : s] or " ") or re.match(
            r"[A-Za-z]", after[:1] or " "
        ):
            return True  # G20, 5G, PM2.5: part of a name
        if re.match(r"\s*[—–\-~～至到]\s*[0-9０-９]", after):
            return True  # the start of a range (3—5个): its end says the count
    if after.startswith(SESSION_AFTER) or before == "届":
        return True
    if after.startswith("次") and re.search(
        r"届[^，。；、\n]{0,4}$", text[max(0, s - 6) : s]
    ):
        return True  # 六届政协四次会议
    if not numeral.arabic and numeral.value >= 10 and after.startswith("大"):
        return True  # 十七大: a congress
    if numeral.text == "一" or (
        numeral.text == "半" and (before and before in "上下一多大过减折")
    ):
        return True
    return False


def _round_about(text: str, numeral: Numeral) -> bool:
    """二十来个, 10来家: 来 between a round number and its measure is "about"."""
    return (
        text.startswith("来", numeral.end)
        and numeral.value >= 10
        and numeral.value % 10 == 0
        and bool(_measure_at(text, numeral.end + 1))
    )


# A rate's period between a hedge and its number: 不超过每季度1次, 不少于每月2次.
PER_PERIOD = re.compile("每(?:年|季度|季|月|周|星期|天|日)$")


def _hedge_before(text: str, start: int) -> tuple[str, int]:
    """(qualifier, offset where the hedge starts) of a hedge right before ``start``
    (or before the period of a rate: 不超过每季度1次)."""
    if period := PER_PERIOD.search(text, max(0, start - 3), start):
        qualifier, at = _hedge_before(text, period.start())
        if qualifier != "exact":
            return qualifier, at
    head = text[max(0, start - 4) : start]
    stripped = head.removesuffix("了")
    for word, qualifier in HEDGES_BEFORE:
        if stripped.endswith(word):
            return qualifier, start - (len(head) - len(stripped)) - len(word)
    return "exact", start


def _label(
    text: str, before: tuple[int, int], after: tuple[int, int], prefer_after: bool
) -> str:
    before_text = text[before[0] : before[1]].strip(INDENT)
    changed = True
    while changed and before_text:
        changed = False
        for word in LINKING:
            if before_text.endswith(word) and len(before_text) > len(word):
                before_text, changed = before_text[: -len(word)], True
    before_text = LEADING.sub("", before_text)[-LABEL_WORDS:]
    after_text = text[after[0] : after[1]].removeprefix("的")
    cut = LABEL_CUTS.search(after_text)
    after_text = (after_text[: cut.start()] if cut else after_text)[:LABEL_WORDS]
    if text[after[0] : after[0] + 1] == "的":
        prefer_after = True
    first, second = (
        (after_text, before_text) if prefer_after else (before_text, after_text)
    )
    return (first or second).strip(INDENT)[:LABEL_MAX]


def _verified(excerpt: str, value: float, scale: float, qualifier: str) -> bool:
    """The rules a stated fact is held to: its excerpt states its value, and its
    qualifier reads the excerpt's hedge."""
    return (
        states_value(excerpt, value) or states_value(excerpt, value * scale)
    ) and qualifier_problem(excerpt, qualifier) is None


def _excerpt(
    text: str,
    context: _Context,
    core: tuple[int, int],
    value: float,
    scale: float,
    qualifier: str,
) -> tuple[int, str] | None:
    """The clause around ``core`` (at most EXCERPT_MAX characters) that passes the
    rules; else the part of it between its neighbouring numerals; else the core."""
    left, right = context.clause(*core)
    if right - left > EXCERPT_MAX:
        left = max(left, min(core[0] - EXCERPT_MAX // 3, core[1] - EXCERPT_MAX))
        right = min(right, left + EXCERPT_MAX)
    at = bisect_left(context.numeral_ends, core[0] + 1) - 1
    narrow_left = max(left, context.numeral_ends[at]) if at >= 0 else left
    nxt = bisect_left(context.numeral_starts, core[1])
    narrow_right = (
        min(right, context.numeral_starts[nxt])
        if nxt < len(context.numeral_starts)
        else right
    )
    for a, b in ((left, right), (narrow_left, narrow_right), core):
        a = min(a, core[0])
        while a < core[0] and text[a] in INDENT:
            a += 1
        b = max(b, core[1])
        excerpt = text[a:b]
        if 0 < len(excerpt) <= EXCERPT_MAX and _verified(
            excerpt, value, scale, qualifier
        ):
            return a, excerpt
    return None


def find_quantities(
    text: str,
    skip: list[tuple[int, int]] = (),
    enumerations: list[Enumeration] | None = None,
) -> list[Quantity]:
    """Every quantity ``text`` states, in order; numerals inside the ``skip`` spans
    (dates) are not read. ``enumerations`` are the text's lists (found when not
    given), which tell a quoted set from a quoted name."""
    if enumerations is None:
        enumerations = find_lists(text)
    found = numerals(text)
    context = _Context(text, found)
    skip_starts = [a for a, _ in skip]
    quantities: list[Quantity] = []
    seen_names: set[str] = set()
    for numeral in found:
        at = bisect_right(skip_starts, numeral.start) - 1
        if at >= 0 and skip[at][0] <= numeral.start < skip[at][1]:
            continue
        quote = context.quote_of(numeral.start)
        if quote is not None:
            named = _named_set(text, numeral, quote, seen_names, enumerations)
            if named is not None:
                quantities.append(named)
            continue
        if _left_out(text, numeral, context):
            continue
        quantity = _quantity(text, numeral, context)
        if quantity is None:
            continue
        if quantity.measure == "周年":  # the same anniversary said again
            key = f"{text[max(0, numeral.start - 4) : numeral.start]}{quantity.value}"
            if key in seen_names:
                continue
            seen_names.add(key)
        quantities.append(quantity)
    return _with_subjects(text, quantities)


# A label that names a change or a total but not what changed (…，增长6.5%;
# …，总数近2000家): the subject is the one of the figure before it in the
# sentence (一般公共预算收入增长, 高新技术企业总数).
SUBJECTLESS = re.compile(
    "^(?:比上年|比去年|同比|较上年)?(?:增长|下降|提高|增加|减少|上涨|回落|下调)$"
    "|^(?:总数|总量|总计|合计)$"
    "|^比[^，。；]{1,10}(?:高|低|快|慢)$"
)
SUBJECT_TRIM = re.compile("^(?:全年|当年|今年)?(?:新增|新建|新)?")
SENTENCE_STOPS = re.compile("[。；;！？!?\n]")


def _with_subjects(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """``quantities`` with each subjectless label led by its sentence's subject."""
    subject = ""
    previous_end = 0
    for n, quantity in enumerate(quantities):
        if SENTENCE_STOPS.search(text, previous_end, quantity.start):
            subject = ""  # a new sentence: no subject carried over
        if SUBJECTLESS.match(quantity.label) and subject:
            named = subject + quantity.label
            if quantity.label in ("总数", "总量", "总计", "合计"):
                named = SUBJECT_TRIM.sub("", subject) + quantity.label
            quantities[n] = replace(quantity, label=named[:LABEL_MAX])
        elif not SUBJECTLESS.match(quantity.label) and not quantity.named_set:
            subject = quantity.label
        previous_end = quantity.start + len(quantity.excerpt)
    return quantities


def _named_set(
    text: str,
    numeral: Numeral,
    quote,
    seen: set[str],
    enumerations: list[Enumeration],
) -> Quantity | None:
    """“五个一天”: a quoted name opening with a count names a set of that many,
    when the report enumerates that many of its members."""
    opened, closed, mark = quote
    if mark == "《" or numeral.start != opened + 1 or numeral.arabic:
        return None
    if numeral.text == "一" or numeral.value < 2 or not numeral.value.is_integer():
        return None
    name = text[opened : closed + 1]
    if name in seen or len(name) > EXCERPT_MAX:
        return None
    if not _verified(name, numeral.value, 1, "exact"):
        return None
    if not repeats_count(text[opened + 1 : closed]) and not enumerated(
        text, opened, closed, int(numeral.value), numeral.end, enumerations
    ):
        return None
    seen.add(name)
    measure = _measure_at(text, numeral.end)
    measure = measure if UNIT_BY_NAME.get(measure) in ("items", GENERIC_UNIT) else ""
    return Quantity(
        opened,
        name,
        numeral.value,
        "items",
        measure,
        "exact",
        name[:LABEL_MAX],
        numeral.start,
        named_set=True,
    )


def _quantity(text: str, numeral: Numeral, context: _Context) -> Quantity | None:
    s, e = numeral.start, numeral.end
    qualifier, core_start = _hedge_before(text, s)
    at = e
    if qualifier == "exact" and _round_about(text, numeral):
        qualifier, at = "about", at + 1
    if qualifier == "exact":
        for word, hedge in HEDGES_AFTER_NUMBER:
            if text.startswith(word, at) and _measure_at(text, at + len(word)):
                qualifier, at = hedge, at + len(word)
                break
    if numeral.percent:
        measure, unit = "", "percent"
    else:
        measure = _measure_at(text, at)
        unit = UNIT_BY_NAME.get(measure, GENERIC_UNIT)
    if not measure and not numeral.arabic and not numeral.percent:
        return None  # a Chinese numeral counts only with its measure word
    value, scale = numeral.value, 1.0
    measure_written = measure
    if numeral.magnitude and measure:
        scaled = UNIT_BY_NAME.get(numeral.magnitude + measure)
        if scaled is not None:
            unit, value = scaled, numeral.base
            measure_written = numeral.magnitude + measure
            scale = float(VOCABULARY.units[scaled]["scale"])
    if measure == "％":
        measure = "%"
    end = at + len(measure) if measure or numeral.percent else at
    if measure in ("%",) or text.startswith(("%", "％"), e):
        measure, unit = "%", "percent"
        end = e + 1
    if qualifier == "exact":
        for word, hedge in HEDGES_AFTER_MEASURE:
            if text.startswith(word, end):
                qualifier, end = hedge, end + len(word)
                break
        else:  # 3个工作日以内: the hedge closes the short phrase counted
            if late := HEDGE_AFTER_NOUN.match(text, end):
                qualifier = dict(HEDGES_AFTER_MEASURE)[late["hedge"]]
                end = late.end("hedge")
    core = (core_start, end)
    placed = _excerpt(text, context, core, value, scale, qualifier)
    if placed is None:
        return None
    left, right = context.clause(*core)
    prefer_after = unit in COUNTED_AFTER and not numeral.percent
    label = _label(text, (left, core_start), (end, right), prefer_after) or placed[1]
    if measure != "%":
        measure = measure_written  # 33.5万亿元 counts in 万亿元
    return Quantity(
        placed[0], placed[1], value, unit, measure, qualifier, label[:LABEL_MAX], s
    )
