"""The presentation deck: the campaign as a presenter tells it, one statement per
slide. A slide's title is a sentence of the catalog filled with the numbers of its
facts; below it the numbers themselves, big (or the members of a list, the stages
from opinions to measures as circles, the appraisal's band); at its foot the
report's words. Moving between slides happens in the browser (assets/present.js):
no server round trip per slide."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from string import Formatter

import pandas as pd
from dash import dcc, html

from components.kpi import citation
from components.overview import report_title
from components.text import quotation, status_marker
from components.urlstate import ViewState, to_search, view_only
from data import Dataset
from data.report import paragraph_at
from data.schemas import FactSchema as F
from data.schemas import ItemSchema as I
from data.schemas import OutlineSchema as O
from data.schemas import label_column
from figures.charts import headline_facts
from i18n import t, t_parts
from i18n.format import (
    fact_quantity,
    format_percent,
    format_value,
    hedge,
    quoted,
    section_cited,
    sentence_quantity,
    stated_digits,
)

# Symbols every font has (⏮/⏭ are missing from Noto CJK and would show as boxes).
SECTION_NUMBERS = 4  # figures on a section's slide (legible from the back)
# A section's figures fill as many slides as they need, up to this many; the
# rest are on the section's page.
SECTION_SLIDES = 6
ARROWS = (("«", "first"), ("◀", "previous"), ("▶", "next"), ("»", "last"))
KEY_HINTS = ("next", "previous", "ends", "fullscreen", "exit")


@dataclass(frozen=True)
class Statement:
    """A slide title: catalog entry ``present.say.<key>``, whose placeholders are
    the ids of ``facts`` and are filled with their numbers."""

    key: str
    facts: tuple[str, ...]


@dataclass(frozen=True)
class SlideSpec:
    """A slide. ``visual`` is how its facts are drawn: "numbers" (big, side by
    side), "list" (the members of the list ``facts[0]``, with the other facts
    beside the member in whose words they stand), "flow" (circles whose areas are
    the numbers), "band" (a percentage on its 0–100% scale) or "cover". The title
    is the first of ``statements`` whose facts are all shown; a slide with none is
    left out."""

    name: str
    visual: str
    statements: tuple[Statement, ...] = ()
    facts: tuple[str, ...] = ()


def _say(key: str, *facts: str) -> Statement:
    return Statement(key, facts)


DECK = (
    SlideSpec("cover", "cover"),
    SlideSpec(
        "course",
        "numbers",
        (
            _say("course", "campaign_start_month", "campaign_duration"),
            _say("course_length", "campaign_duration"),
            _say("course_start", "campaign_start_month"),
        ),
        ("campaign_start_month", "campaign_duration"),
    ),
    SlideSpec(
        "study-days",
        "list",
        (_say("days", "one_day_activities"),),
        ("one_day_activities",),
    ),
    SlideSpec(
        "study-lectures",
        "numbers",
        (
            _say("lectures", "lecture_sessions", "lecture_attendance"),
            _say("lecture_sessions", "lecture_sessions"),
            _say("lecture_attendance", "lecture_attendance"),
            _say("attendance_per_lecture", "attendance_per_lecture"),
        ),
        ("lecture_sessions", "lecture_attendance", "attendance_per_lecture"),
    ),
    SlideSpec(
        "research",
        "numbers",
        (
            _say("survey", "survey_fields", "enterprises_surveyed"),
            _say("enterprises", "enterprises_surveyed"),
            _say("fields", "survey_fields"),
        ),
        ("enterprises_surveyed", "survey_fields"),
    ),
    SlideSpec(
        "consultation",
        "numbers",
        (
            _say("questionnaires", "questionnaires"),
            _say("member_consultations", "member_consultations"),
            _say("symposiums", "symposiums"),
            _say("coverage", "coverage"),
        ),
        ("symposiums", "member_consultations", "questionnaires", "coverage"),
    ),
    SlideSpec(
        "rectification",
        "flow",
        (
            _say("flow", "opinions", "problem_areas", "measures"),
            _say("opinions_areas", "opinions", "problem_areas"),
            _say("measures", "measures"),
            _say("opinions", "opinions"),
            _say("problem_areas", "problem_areas"),
        ),
        ("opinions", "problem_areas", "measures"),
    ),
    SlideSpec(
        "appraisal",
        "band",
        (_say("satisfaction", "satisfaction"),),
        ("satisfaction",),
    ),
    SlideSpec(
        "regular-work",
        "list",
        (
            _say("regular_work", "regular_work"),
            _say("sectors", "sectors"),
            _say("historical_characters", "historical_characters"),
            _say("liaison_events", "liaison_events"),
        ),
        ("regular_work", "sectors", "historical_characters", "liaison_events"),
    ),
    SlideSpec("lessons", "list", (_say("lessons", "lessons"),), ("lessons",)),
    SlideSpec(
        "tasks-ahead", "list", (_say("tasks_ahead", "tasks_ahead"),), ("tasks_ahead",)
    ),
    SlideSpec(
        "anniversaries",
        "numbers",
        (
            _say("anniversaries", "prc_anniversary", "cppcc_anniversary"),
            _say("prc_anniversary", "prc_anniversary"),
            _say("cppcc_anniversary", "cppcc_anniversary"),
        ),
        ("prc_anniversary", "cppcc_anniversary"),
    ),
)


@dataclass(frozen=True)
class Slide:
    """A slide as shown under the filters: its title and the facts it draws."""

    spec: SlideSpec
    statement: Statement | None
    facts: tuple[str, ...]
    # A slide of a report's section: its title is the section's (zh, en).
    heading: tuple[str, str] | None = None


def placeholders(key: str, lang: str) -> set[str]:
    """The placeholder names of statement ``key`` in ``lang``'s catalog."""
    text = t(f"present.say.{key}", lang)
    return {field for _, field, _, _ in Formatter().parse(text) if field}


def title_text(dataset: Dataset, statement: Statement, lang: str) -> str:
    """The slide title: the statement's sentence with its facts' numbers."""
    values = {
        fid: sentence_quantity(dataset.fact(fid), lang) for fid in statement.facts
    }
    return t(f"present.say.{statement.key}", lang, **values)


def deck_slides(dataset: Dataset, facts: pd.DataFrame) -> list[Slide]:
    """The slides that have something to say under the active filters, in the
    order a presenter tells the campaign; the cover only before other slides."""
    shown = set(facts[F.id])
    slides = []
    for spec in DECK:
        statement = next(
            (s for s in spec.statements if shown.issuperset(s.facts)), None
        )
        if statement is not None:
            drawn = tuple(fid for fid in spec.facts if fid in shown)
            slides.append(Slide(spec, statement, drawn))
    if not slides:
        return []
    return [Slide(spec, None, ()) for spec in DECK if spec.visual == "cover"] + slides


# Rough widths of characters in ems, to fit a number into its column.
def _ems(text: str) -> float:
    width = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in "WF":
            width += 1.0
        elif char.isdigit():
            width += 0.58
        elif char in " ,.":
            width += 0.3
        else:
            width += 0.68
    return width


UNIT_SCALE = 0.5  # a unit beside its number, relative to the number's size


def number_parts(fact: Mapping, lang: str) -> tuple[str, str]:
    """The fact's quantity split into the number (drawn big) and the unit that
    follows it (drawn smaller): ("236", "份"), ("85", " person-times"), ("≥97%", "")."""
    text = fact_quantity(fact, lang)
    digits = stated_digits(fact[F.value], fact[F.kind])
    value = format_value(fact[F.value], hedge(fact), lang, digits)
    if fact[F.unit] != "percent" and text.startswith(value) and text != value:
        return value, text[len(value) :]
    return text, ""


def _big_number(fact: Mapping, lang: str, class_name: str) -> html.Span:
    """The number big, its unit smaller: beside it in Chinese (236份), below it
    in English, where units are words (236 / copies)."""
    number, unit = number_parts(fact, lang)
    if lang == "zh":
        width = _ems(number) + UNIT_SCALE * _ems(unit)
    else:
        width = max(_ems(number), UNIT_SCALE * _ems(unit.strip()))
    return html.Span(
        [
            html.Span(number, className="deck-figure"),
            html.Span(unit, className="deck-unit") if unit else None,
        ],
        className=class_name,
        style={"--fit": f"{width:.2f}"},
    )


def _label(fact: Mapping, lang: str) -> str:
    suffix = t("chart.derived_suffix", lang) if fact[F.kind] == "derived" else ""
    return fact[label_column(lang)] + suffix


def _numbers(dataset: Dataset, slide: Slide, lang: str) -> html.Div:
    keys = set(slide.statement.facts) if slide.statement else set()
    tiles = []
    for fid in slide.facts:
        fact = dataset.fact(fid)
        tiles.append(
            html.Div(
                [
                    _big_number(fact, lang, "slide-number"),
                    html.Span(_label(fact, lang), className="slide-number-label"),
                    status_marker(fact, lang),
                ],
                className="slide-fact key" if fid in keys else "slide-fact",
                **{"data-fact": fid},
            )
        )
    return html.Div(tiles, className=f"slide-numbers columns-{len(tiles)}")


def member_facts(dataset: Dataset, list_id: str, fact_ids) -> dict[int, list[str]]:
    """Which of ``fact_ids`` stand in the words of which member of the list (by
    position): a fact belongs to the last member that starts before it, within the
    paragraph of the list's last member."""
    members = dataset.members(list_id)
    starts = members[I.start].tolist()
    if not starts:
        return {}
    end = paragraph_at(dataset.report, starts[-1]).end
    found: dict[int, list[str]] = {}
    for fid in fact_ids:
        start = dataset.fact(fid)[F.start]
        before = [n for n, s in enumerate(starts) if s <= start < end]
        if before:
            position = int(members[I.position].iloc[before[-1]])
            found.setdefault(position, []).append(fid)
    return found


# A short list of short names (读一天, 讲一天…) is drawn as a row of cards.
CARDS_AT_MOST = 5
# A slide lists at most this many members (legible from the back of a room); it
# says how many more there are.
SLIDE_MEMBERS = 8
CARD_NAME_AT_MOST = 4  # characters of the Chinese name


def _list(dataset: Dataset, slide: Slide, lang: str) -> html.Ol | html.Div:
    list_id = slide.spec.facts[0]
    if list_id not in slide.facts:  # the count is filtered out: its numbers alone
        return _numbers(dataset, slide, lang)
    every = dataset.members(list_id)
    members = every.head(SLIDE_MEMBERS)
    beside = member_facts(dataset, list_id, slide.facts[1:])
    cards = len(members) <= CARDS_AT_MOST and all(
        len(name) <= CARD_NAME_AT_MOST for name in members[I.label_zh]
    )
    rows = []
    for _, member in members.iterrows():
        name = member[label_column(lang)]
        extra = []
        for fid in beside.get(int(member[I.position]), []):
            fact = dataset.fact(fid)
            extra.append(
                html.Span(
                    [
                        html.Span(fact_quantity(fact, lang), className="deck-figure"),
                        html.Span(_label(fact, lang), className="slide-list-label"),
                        status_marker(fact, lang),
                    ],
                    className="slide-list-fact",
                    **{"data-fact": fid},
                )
            )
        rows.append(
            html.Li(
                html.Div(
                    [html.Span(name, className="slide-member"), *extra],
                    className="slide-list-body",
                )
            )
        )
    # Cards share one type size: the one that fits the longest word of any name.
    longest = max(
        _ems(word) for name in members[label_column(lang)] for word in name.split()
    )
    if len(every) > len(members):
        rows.append(
            html.Li(
                t("present.members_more", lang, count=len(every) - len(members)),
                className="slide-list-more",
            )
        )
    return html.Ol(
        rows,
        className="slide-list cards" if cards else "slide-list",
        style={"--members": str(len(rows)), "--fit": f"{longest + 0.4:.2f}"},
    )


def flow_shares(values: list[float]) -> list[float]:
    """Each circle's diameter as a share of the largest one's: the square root of
    its value's share, so that the circles' AREAS are in proportion to the values."""
    largest = max(values)
    return [math.sqrt(value / largest) for value in values]


def _flow(dataset: Dataset, slide: Slide, lang: str) -> html.Div:
    facts = [dataset.fact(fid) for fid in slide.facts]
    shares = flow_shares([fact[F.value] for fact in facts])
    stages: list = []
    for index, (fact, share) in enumerate(zip(facts, shares)):
        if index:
            stages.append(
                html.Span("→", className="flow-arrow", **{"aria-hidden": "true"})
            )
        stages.append(
            html.Div(
                [
                    html.Div(
                        _big_number(fact, lang, "flow-number"),
                        className="flow-circle",
                        style={"--share": f"{share:.4f}"},
                    ),
                    html.Span(_label(fact, lang), className="flow-label"),
                ],
                className="flow-stage",
                style={"--share": f"{share:.4f}"},
                **{"data-fact": fact[F.id], "data-value": f"{fact[F.value]:g}"},
            )
        )
    return html.Div(
        [
            html.Div(
                html.Div(stages, className="flow-row"),
                className="flow-stages",
                style={
                    "--flow-sum": f"{sum(shares):.4f}",
                    "--flow-links": str(len(facts) - 1),
                },
            ),
            html.P(t("present.flow.note", lang), className="flow-note"),
        ],
        className="slide-flow",
    )


def _band(dataset: Dataset, slide: Slide, lang: str) -> html.Div:
    parts: list = []
    for fid in slide.facts:
        fact = dataset.fact(fid)
        value = float(fact[F.value])
        is_open = fact[F.qualifier] == "at_least"
        parts.append(
            html.Div(
                [
                    html.Div(
                        [
                            _big_number(fact, lang, "slide-number"),
                            html.Span(
                                _label(fact, lang), className="slide-number-label"
                            ),
                        ],
                        className="band-head",
                    ),
                    html.Div(
                        [
                            html.Div(
                                className="band-fill", style={"width": f"{value:g}%"}
                            ),
                            html.Div(
                                className="band-open",
                                style={"left": f"{value:g}%"},
                            )
                            if is_open
                            else None,
                        ],
                        className="band-track",
                    ),
                    html.Div(
                        [
                            html.Span(format_percent(0, lang)),
                            html.Span(format_percent(1, lang)),
                        ],
                        className="band-scale",
                        **{"aria-hidden": "true"},
                    ),
                    html.Div(
                        [
                            html.Span(
                                [
                                    html.Span(className="band-swatch band-fill"),
                                    t("present.band.stated", lang),
                                ]
                            ),
                            html.Span(
                                [
                                    html.Span(className="band-swatch band-open"),
                                    t("present.band.open", lang),
                                ]
                            )
                            if is_open
                            else None,
                        ],
                        className="band-legend",
                    ),
                ],
                className="slide-band",
                **{"data-fact": fid},
            )
        )
    return html.Div(parts, className="slide-bands")


def _cover(dataset: Dataset, slide: Slide, lang: str) -> html.Div:
    return html.Div(
        [
            html.P(
                t(
                    "present.cover.subtitle"
                    if slide.spec.name == "cover"
                    else "present.cover.report_subtitle",
                    lang,
                ),
                className="cover-subtitle",
            ),
            html.P(
                t("app.title", lang)
                if slide.spec.name == "cover"
                else t("app.report_title", lang, title=report_title(dataset)),
                className="cover-app",
            ),
        ],
        className="slide-cover-text",
    )


VISUALS = {
    "numbers": _numbers,
    "list": _list,
    "flow": _flow,
    "band": _band,
    "cover": _cover,
}


def cited(dataset: Dataset, slide: Slide) -> tuple[str, ...]:
    """Every fact a slide states or shows, in the report's order: each number on
    a slide is cited, not only the one its title names."""
    stated = slide.statement.facts if slide.statement else ()
    shown = dict.fromkeys((*stated, *slide.facts))
    return tuple(sorted(shown, key=lambda fid: dataset.fact(fid)[F.start]))


def slide_citation(dataset: Dataset, fact_ids: tuple[str, ...], lang: str) -> list:
    """The report's words for each of ``fact_ids``, after the section they stand
    in (named again only when it changes): "出处：一、3 “…”；“…”；二、2 “…”"."""
    parts: list = []
    section = None
    for fid in fact_ids:
        fact = dataset.fact(fid)
        if not parts:
            parts.extend(citation(fact, lang))
        else:
            parts.append(t("present.source.joiner", lang))
            excerpt = quotation(quoted(fact[F.excerpt]))
            if fact[F.section] == section:
                parts.append(excerpt)
            else:
                parts.extend(
                    t_parts(
                        "present.source.more",
                        lang,
                        section=section_cited(fact[F.section], lang),
                        excerpt=excerpt,
                    )
                )
        section = fact[F.section]
    return parts


def _slide(dataset: Dataset, slide: Slide, number: int, lang: str) -> html.Section:
    if slide.spec.visual == "cover":  # the report's own title
        title: object = quotation(report_title(dataset))
        label = report_title(dataset)
        foot = None
    else:
        if slide.statement is not None:
            label = title = title_text(dataset, slide.statement, lang)
        else:
            label = title = slide.heading[1 if lang == "en" else 0]
        foot = html.Footer(
            slide_citation(dataset, cited(dataset, slide), lang),
            className="slide-citation",
        )
    return html.Section(
        [
            html.H2(title, className="slide-title"),
            html.Div(
                VISUALS[slide.spec.visual](dataset, slide, lang),
                className="slide-visual",
            ),
            foot,
        ],
        className=f"slide slide--{slide.spec.visual}",
        id=f"slide-{number}",
        **{
            "data-name": slide.spec.name,
            "aria-roledescription": t("present.slide", lang),
            "aria-label": f"{number}: {label}",
        },
    )


def _controls(lang: str) -> html.Div:
    control = "deck-control"
    return html.Div(
        [
            html.Div(
                [
                    *[
                        html.Button(
                            symbol,
                            className=control,
                            title=t(f"present.{action}", lang),
                            **{
                                "data-action": action,
                                "aria-label": t(f"present.{action}", lang),
                            },
                        )
                        for symbol, action in ARROWS
                    ],
                    *[
                        html.Button(
                            t(f"present.{action}", lang),
                            className=control,
                            **{"data-action": action},
                        )
                        for action in ("fullscreen", "exit")
                    ],
                ],
                className="deck-buttons",
            ),
            html.P(
                [
                    html.Span(t(f"present.key.{key}", lang), className="deck-key")
                    for key in KEY_HINTS
                ],
                className="deck-help",
            ),
        ],
        className="deck-controls",
    )


def placed(dataset: Dataset, list_id: str, fact_ids: tuple[str, ...]) -> tuple:
    """The facts of ``fact_ids`` that stand in the words of a member of the list
    (the ones its slide shows beside them, and so cites)."""
    found = member_facts(dataset, list_id, fact_ids)
    return tuple(fid for fid in fact_ids if any(fid in v for v in found.values()))


def continued(heading: tuple[str, str]) -> tuple[str, str]:
    """A section's title on the slides after its first: "…（续）"."""
    return tuple(
        t("present.continued", lang, title=title)
        for lang, title in zip(("zh", "en"), heading)
    )


def section_slides(dataset: Dataset, facts: pd.DataFrame) -> list[Slide]:
    """The deck of a report other than the campaign: after the cover, for each
    top-level section of its outline, its figures four to a slide (at most
    SECTION_SLIDES slides), titled with the section's title, and a slide for each
    of its lists."""
    outline = dataset.outline
    top = outline[outline[O.level] == 1].sort_values(O.start, kind="stable")
    singles = headline_facts(dataset, facts).sort_values(F.start, kind="stable")
    lists = facts[facts[F.id].isin(dataset.list_ids)].sort_values(F.start)
    slides = []
    for row in top.to_dict("records"):
        heading = (row[O.title_zh], row[O.title_en])
        inside = singles[singles[F.section].str.split(".").str[0] == row[O.section]]
        ids = inside[F.id].tolist()[: SECTION_NUMBERS * SECTION_SLIDES]
        for n in range(0, len(ids), SECTION_NUMBERS):
            page = n // SECTION_NUMBERS + 1
            name = f"section-{row[O.section]}" + (f"-{page}" if page > 1 else "")
            slides.append(
                Slide(
                    SlideSpec(name, "numbers"),
                    None,
                    tuple(ids[n : n + SECTION_NUMBERS]),
                    heading if n == 0 else continued(heading),
                )
            )
        in_section = lists[F.section].str.split(".").str[0] == row[O.section]
        for fid in lists[in_section][F.id]:
            # The section's figures stand beside the member whose words state
            # them (member_facts), each with its mark.
            slides.append(
                Slide(
                    SlideSpec(f"list-{fid}", "list", facts=(fid,)),
                    None,
                    (fid, *placed(dataset, fid, tuple(inside[F.id]))),
                    heading,
                )
            )
    if not slides:
        return []
    return [Slide(SlideSpec("cover-report", "cover"), None, ())] + slides


def make_deck(
    dataset: Dataset, state: ViewState, facts: pd.DataFrame, campaign: bool = True
) -> html.Div:
    """Every slide (the browser shows one at a time), the controls in a bar of
    their own below the slides, the counter and the progress. The campaign's
    deck tells its story; any other report's shows its sections in order."""
    lang = state.lang
    slides = deck_slides(dataset, facts) if campaign else section_slides(dataset, facts)
    if not slides:
        return html.Div(
            [
                html.P(t("page.no_facts", lang), className="slide-empty"),
                dcc.Link(
                    t("present.exit", lang), href="/" + to_search(view_only(state))
                ),
            ],
            className="deck deck-empty",
        )
    start = min(state.slide or 1, len(slides))
    return html.Div(
        [
            html.Div(
                [
                    _slide(dataset, slide, n, lang)
                    for n, slide in enumerate(slides, start=1)
                ],
                className="deck-slides",
            ),
            html.Div(
                [
                    _controls(lang),
                    html.Span(className="deck-counter", role="status"),
                ],
                className="deck-bar",
            ),
            html.Div(
                html.Div(className="deck-progress-bar"),
                className="deck-progress",
                role="progressbar",
                **{
                    "aria-label": t("present.progress", lang),
                    "aria-valuemin": "1",
                    "aria-valuemax": str(len(slides)),
                },
            ),
        ],
        className="deck",
        tabIndex=-1,
        **{
            "data-start": str(start),
            "data-count": str(len(slides)),
            "data-kiosk": str(state.kiosk or 0),
            "data-exit": "/" + to_search(view_only(state)),
            "aria-label": t("present.deck", lang),
        },
    )
