"""Enumerations: 一是…二是…, 首先/其次/第三…, 第一…第六, （1）（2）… and ①②③.
A list is two or more markers of one family numbered 1, 2, 3… in order, close
together (within MAX_GAP characters of each other); a new 1 starts a new list.
Each member is the words after its marker up to the end of that clause."""

from __future__ import annotations

import re
from dataclasses import dataclass

from data.schemas import EXCERPT_MAX, LABEL_MAX
from ingest.numbers import arabic_value, chinese_value

_CN = "[一二三四五六七八九十]{1,3}"
# What may not follow 第N in a list marker: a measure (第一次, 第三批) or a noun
# that makes it an ordinal of something else (第三产业, 第一书记, 第二部分).
NOT_MARKER_AFTER = "次个届批期季产书部章条款节类种位名年天月日号轮代线阶步"
MARKERS = re.compile(
    rf"(?P<shi>{_CN})是"
    rf"|第(?P<di>{_CN})(?![{NOT_MARKER_AFTER}])"
    r"|(?P<first>首先)|(?P<second>其次)"
    r"|[（(](?P<paren>[0-9]{1,2})[）)]"
    r"|(?P<circled>[①②③④⑤⑥⑦⑧⑨⑩])"
)
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
MAX_GAP = 1500
HEADING_NUMBER = re.compile(
    r"^(?:[（(][0-9一二三四五六七八九十]+[）)]|[0-9一二三四五六七八九十]+[、．.])"
)
MEMBER_END = re.compile(r"[。；;，,：:！？!?\n]")
LEADING = "，,、：:是 \u3000"


@dataclass(frozen=True)
class Member:
    position: int
    start: int  # of the marker
    excerpt: str
    label: str


@dataclass(frozen=True)
class Enumeration:
    members: tuple[Member, ...]
    lead: str  # the words before the first marker, in its sentence


def _markers(text: str) -> list[tuple[str, int, int, int]]:
    """(family, number, start, end) of every candidate marker."""
    found = []
    for match in MARKERS.finditer(text):
        if match["shi"]:
            family, n = "shi", chinese_value(match["shi"])
        elif match["di"]:
            family, n = "di", chinese_value(match["di"])
        elif match["first"] or match["second"]:
            family, n = "di", 1 if match["first"] else 2
        elif match["paren"]:
            line_start = text.rfind("\n", 0, match.start()) + 1
            if not text[line_start : match.start()].strip(" \u3000"):
                continue  # （1） opening a line is a heading
            family, n = "paren", int(arabic_value(match["paren"]))
        else:
            family, n = "circled", CIRCLED.index(match["circled"]) + 1
        if n:
            found.append((family, int(n), match.start(), match.end()))
    return found


def _member(text: str, position: int, start: int, end: int) -> Member | None:
    body = end
    while body < len(text) and text[body] in LEADING:
        body += 1
    stop = MEMBER_END.search(text, body)
    label_end = stop.start() if stop else len(text)
    label = text[body:label_end][:LABEL_MAX]
    if not label.strip():
        return None
    excerpt = text[start : min(label_end, start + EXCERPT_MAX)]
    return Member(position, start, excerpt, label)


def _lead(text: str, start: int) -> str:
    """The words before a list's first marker, back to the sentence's start."""
    for _ in range(2):  # this sentence's words, else the sentence before's
        sentence = max(text.rfind(stop, 0, start) for stop in "。；\n!?！？") + 1
        lead = text[sentence:start].strip("，,：:。； \u3000")
        if "，" in lead:
            lead = lead.rsplit("，", 1)[-1]
        lead = HEADING_NUMBER.sub("", lead)
        if lead:
            return lead[-LABEL_MAX:]
        start = sentence - 1
    return ""


def find_lists(text: str) -> list[Enumeration]:
    """Every enumeration of ``text``, in order of its first member."""
    open_lists: dict[str, list[tuple[int, int, int]]] = {}
    done: list[list[tuple[int, int, int]]] = []
    for family, n, start, end in _markers(text):
        current = open_lists.get(family)
        if current and n == current[-1][0] + 1 and start - current[-1][1] <= MAX_GAP:
            current.append((n, start, end))
        elif n == 1:
            if current:
                done.append(current)
            open_lists[family] = [(n, start, end)]
    done += open_lists.values()
    enumerations = []
    for markers in sorted((m for m in done if len(m) >= 2), key=lambda m: m[0][1]):
        members = [_member(text, n, start, end) for n, start, end in markers]
        if any(member is None for member in members):
            members = members[: members.index(None)]
        if len(members) >= 2:
            enumerations.append(Enumeration(tuple(members), _lead(text, markers[0][1])))
    return enumerations
