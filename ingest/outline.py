"""The outline from the report's headings. A heading starts a line and is numbered
in one of the genre's styles, from the outermost: 第一部分 / 第一章, 一、, （一）,
1、 / 1. and （1）. The outermost style the report uses is level 1, the next one
level 2; deeper headings become level 2 as well (the outline has two levels).
A heading counts only when it continues its style's sequence (一、 after 一、 is a
paragraph that happens to start with a numeral, not a heading). Text before the
first heading is section "0"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.numbers import arabic_value, chinese_value

TITLE_MAX = 160
_CN = "[一二三四五六七八九十百零〇]+"
STYLES = (  # outermost first
    re.compile(rf"第(?P<n>{_CN})(?:部分|章|篇)[\s　、，:：]*"),
    re.compile(rf"(?P<n>{_CN})[、．.]\s*"),
    re.compile(rf"[（(](?P<n>{_CN})[）)]\s*"),
    re.compile(r"(?P<n>[0-9０-９]{1,2})(?:[、．]|\.(?![0-9]))\s*"),
    re.compile(r"[（(](?P<n>[0-9０-９]{1,2})[）)]\s*"),
)
INDENT = " \t\u3000"
INTRODUCTION = ("总述", "Introduction")


@dataclass(frozen=True)
class Heading:
    start: int  # where the number starts
    style: int
    n: int
    number: str  # "一、", "（一）", "1、"
    title: str


def _n(text: str) -> int | None:
    if text[0].isdigit():
        return int(arabic_value(text))
    value = chinese_value(text)
    return None if value is None else int(value)


def _title(line: str) -> str:
    """A heading's title: its line up to the first full stop, at most TITLE_MAX."""
    for stop in "。！？":
        cut = line.find(stop)
        if cut >= 0:
            line = line[:cut]
    return line.rstrip(INDENT)[:TITLE_MAX]


def find_headings(text: str) -> list[Heading]:
    """Candidate headings at line starts, kept when they continue their style's
    sequence (1 first, then one more than the last of the style under the same
    outer heading)."""
    found: list[Heading] = []
    last: dict[int, int] = {}  # style -> last number seen under the current outer
    offset = 0
    for line in text.split("\n"):
        begin = offset + len(line) - len(line.lstrip(INDENT))
        offset += len(line) + 1
        body = line.lstrip(INDENT)
        for style, pattern in enumerate(STYLES):
            match = pattern.match(body)
            if not match:
                continue
            n = _n(match["n"])
            title = _title(body[match.end() :])
            if n is None or not title or n != last.get(style, 0) + 1:
                break
            number = body[: match.end()]
            if len(number) > 8:
                number = body[: match.end("n") + 1]
                title = _title(body[len(number) :]).lstrip()
                if not title or not body[len(number) :].startswith(title):
                    break
            last[style] = n
            for deeper in range(style + 1, len(STYLES)):
                last.pop(deeper, None)
            found.append(Heading(begin, style, n, number, title))
            break
    return found


@dataclass(frozen=True)
class Section:
    section: str
    level: int
    parent: str
    number: str
    title_zh: str
    title_en: str
    start: int
    end: int


def build_outline(text: str) -> list[Section]:
    """Sections "0", "1", "1.1"… with their spans; every offset of ``text`` lies
    in exactly one section of level 1."""
    if not text:
        return []
    headings = find_headings(text)
    styles = sorted({heading.style for heading in headings})
    top = styles[0] if styles else None
    sections: list[Section] = []
    first = headings[0].start if headings else len(text)
    if first > 0:
        sections.append(Section("0", 1, "", "", *INTRODUCTION, 0, first))
    outer = None
    inner_count = 0
    rows: list[tuple[str, int, str, Heading]] = []
    for heading in headings:
        if heading.style == top:
            outer = str(len([r for r in rows if r[1] == 1]) + 1)
            inner_count = 0
            rows.append((outer, 1, "", heading))
        elif outer is not None:
            inner_count += 1
            rows.append((f"{outer}.{inner_count}", 2, outer, heading))
    for index, (section, level, parent, heading) in enumerate(rows):
        later = [r[3].start for r in rows[index + 1 :] if level == 2 or r[1] == 1]
        end = later[0] if later else len(text)
        sections.append(
            Section(
                section,
                level,
                parent,
                heading.number,
                heading.title,
                heading.title,
                heading.start,
                end,
            )
        )
    return sections
