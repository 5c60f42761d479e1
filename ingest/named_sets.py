"""Whether a quoted name that opens with a count names a set: one whose parts
each open with the same count, or one the report itself enumerates.

The genre quotes many names that hold a numeral: some are sets whose members
the report goes on to list (“五个一天”: 读一天…讲一天…), most are names of
policies, slogans or plans (“三个代表”, “两个毫不动摇”, “十一五”) whose numeral
is no quantity of this report.

A name written as two or more parts that each open with the same count of 2 to
9 (“三严三实”, “三查三创三建”, “三对照三查找”, “两不误、两促进”, “四查四看”) is
the genre's short form of a set of that many and counts by that numeral: each
part is the count and a word or two (no measure word: “四个意识、四个自信” names
sets of its own, no numeral of another value: “两学一做”, “三讲三促一提升”). A
name whose count is written once (“三个代表”, “两学一做”, “四个全面”) counts as
a set of N only when the report enumerates exactly N members of it, in one of
the ways the genre writes them:

- an enumeration of N members (一是…二是…, 第一…, （1）…) that starts after the
  name, in its paragraph or the next;
- N members after a colon or 即 that follows the name in its sentence
  (“三个深化认识”的要求，即深化认识…；深化认识…；深化认识…);
- N quoted terms joined by 、 within the name's sentence or the next;
- N terms joined by 、 right before it (学习型、服务型、创新型的“三型”机关);
- N clauses in its paragraph or the next that repeat the name's key word at the
  same place near their start (“五个一天”: 读一天，…。讲一天，…; “四个一次”:
  算一次帐…“办一次事”…).
"""

from __future__ import annotations

import re

from ingest.lists import HEADING_NUMBER, Enumeration

# Measure words between a name's count and its key word: 五个一天, 三项制度.
NAME_MEASURES = "个项条种大类"
CLAUSE_SPLIT = re.compile(r"[，。；;！？!?\n：:、]")
SENTENCE_END = re.compile(r"[。！？!?\n]")
CLAUSE_END = re.compile(r"[，。；;！？!?\n：:]")
QUOTE_MARKS = "“”‘’「」『』\"'"
INDENT = " \t\u3000"
# Words that open a member without being part of it: 即深化认识…, 二是…, 通过集中时间.
MEMBER_LEADS = re.compile(
    r"^(?:即|也就是|[一二三四五六七八九十]+是|第[一二三四五六七八九十]+|首先|其次|"
    r"再次|最后|通过)"
)
KEY_WORD_REACH = 2  # the key word starts within this many characters of a clause
HEADS = re.compile(
    r"即|[^，。；;！？!?\n：:]{0,12}?(?:[：:]|，即)"
)  # 即 right after the name, or a colon or ，即 within a few words of it
HEADING = re.compile(
    rf"{HEADING_NUMBER.pattern[1:]}|第[一二三四五六七八九十]+[部分章节编]"
)
QUOTED_RUN = re.compile(r"“[^“”\n]{1,20}”(?:[、，]?“[^“”\n]{1,20}”)+")


# Counts a repeated-count name may open with: idioms repeat 十, 百, 千 as
# magnitudes, not counts (十全十美, 百战百胜).
REPEATED_COUNTS = "二两三四五六七八九"
NUMERAL_CHARS = "〇零一二两三四五六七八九十百千万亿"
NOT_IN_WORD = rf"{NUMERAL_CHARS}、，,\s“”"
# The words of a part after its count: one to four, no measure word first.
PART_WORD = rf"[^{NAME_MEASURES}{NOT_IN_WORD}][^{NOT_IN_WORD}]{{0,3}}"


def repeats_count(name: str) -> bool:
    """Whether every part of the quoted ``name`` (without its marks) opens with
    the same count: 三严三实, 三查三创三建, 两不误、两促进."""
    count = name[:1]
    if count not in REPEATED_COUNTS:
        return False
    part = f"{count}{PART_WORD}"
    return re.fullmatch(f"{part}(?:[、，,]?{part})+", name) is not None


def key_word(name: str, count_end: int) -> str:
    """The words of a quoted name after its count and measure word: 一天 of
    “五个一天”, 突出 of “五突出”; "" for a name of several counts (三查三创三建,
    两不误、两促进), whose members no one word repeats."""
    count, rest = name[:count_end], name[count_end:]
    if len(rest) > 1 and rest[0] in NAME_MEASURES:
        rest = rest[1:]
    if count in rest or re.search("[、，,]", rest):
        return ""
    return rest


def _paragraphs_end(text: str, at: int) -> int:
    """The end of the paragraph holding ``at`` and of the next non-blank one,
    unless that one opens a new section with its heading."""
    end = text.find("\n", at)
    if end < 0:
        return len(text)
    following = end
    while following < len(text) and text[following] in "\n" + INDENT:
        following += 1
    if HEADING.match(text, following):
        return end
    next_end = text.find("\n", following)
    return len(text) if next_end < 0 else next_end


def _sentence_end(text: str, at: int, sentences: int = 1) -> int:
    end = at
    for _ in range(sentences):
        found = SENTENCE_END.search(text, end)
        if found is None:
            return len(text)
        end = found.end()
    return end


def _split_members(words: str) -> list[str]:
    """Members written one after another: split at the strongest separator."""
    for separator in ("；;", "，,", "、"):
        parts = re.split(f"[{separator}]", words)
        if len(parts) > 1:
            return [part for part in parts if part.strip(INDENT)]
    return [words] if words.strip(INDENT) else []


def _headed(text: str, closed: int) -> int:
    """How many members follow the name after a colon or 即, in its sentence."""
    head = HEADS.match(text, closed + 1)
    if head is None:
        return 0
    end = SENTENCE_END.search(text, head.end())
    return len(_split_members(text[head.end() : end.start() if end else len(text)]))


def _preceding(text: str, opened: int) -> int:
    """How many terms joined by 、 end right before the name, in its clause."""
    clause_start = max(text.rfind(mark, 0, opened) for mark in "，。；;：:\n！？") + 1
    words = text[clause_start:opened].rstrip(INDENT)
    words = re.sub("(?:的|等|这)$", "", words)
    parts = words.split("、")
    return len(parts) if len(parts) > 1 and all(parts) else 0


def _quoted_run(text: str, closed: int) -> int:
    """How many quoted terms joined by 、 follow within two sentences."""
    found = QUOTED_RUN.search(text, closed + 1, _sentence_end(text, closed + 1, 2))
    return found[0].count("“") if found else 0


def _parallel(text: str, start: int, end: int, word: str) -> set[int]:
    """The sizes of the groups of distinct clauses in ``start:end`` that hold
    ``word`` at the same place near their start."""
    groups: dict[int, set[str]] = {}
    for clause in CLAUSE_SPLIT.split(text[start:end]):
        clause = MEMBER_LEADS.sub("", clause.strip(INDENT + QUOTE_MARKS))
        clause = clause.replace("“", "").replace("”", "")
        place = clause.find(word)
        if 0 <= place <= KEY_WORD_REACH:
            groups.setdefault(place, set()).add(clause)
    return {len(members) for members in groups.values()}


def enumerated(
    text: str,
    opened: int,
    closed: int,
    count: int,
    count_end: int,
    enumerations: list[Enumeration],
) -> bool:
    """Whether the report enumerates exactly ``count`` members of the quoted name
    at ``text[opened:closed + 1]`` (its count ends at ``count_end``)."""
    window_end = _paragraphs_end(text, closed)
    for enumeration in enumerations:
        first = enumeration.members[0].start
        if closed < first < window_end and len(enumeration.members) == count:
            return True
    if count in (_headed(text, closed), _preceding(text, opened)):
        return True
    if _quoted_run(text, closed) == count:
        return True
    word = key_word(text[opened + 1 : closed], count_end - opened - 1)
    return len(word) >= 2 and count in _parallel(text, closed + 1, window_end, word)
