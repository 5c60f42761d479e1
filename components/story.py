"""What the overview tells: the key points as sentences, the campaign's course in
the report's order, and the context (when, how long, which anniversaries).

A sentence is a catalog template whose placeholders are fact ids
("围绕{opinions}意见和建议…"): the words live in the catalogs, every number comes
from the facts and is a button that opens its detail panel. A sentence whose facts
are not all shown under the active filters is left out, never half-filled.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Formatter

import pandas as pd
from dash import html

from components import ids
from components.kpi import make_fact_button
from data import Dataset
from data.schemas import FactSchema as F
from i18n import catalog, t, t_parts
from i18n.format import sentence_quantity

# The key points of the campaign (本期要点), in the order they are told.
KEY_POINTS = (
    "story.points.course",
    "story.points.study",
    "story.points.consultation",
    "story.points.rectification",
)
# What is context, not a headline figure: told as a sentence below the cards.
CONTEXT = ("story.context.anniversaries",)


@dataclass(frozen=True)
class Step:
    """A step of the campaign's course (course.<name>) and its key facts."""

    name: str
    fact_ids: tuple[str, ...]


# The campaign's course, in the order the campaign ran: study → research →
# consultation → analysis → rectification → results.
COURSE = (
    Step("study", ("lecture_sessions", "lecture_attendance")),
    Step("research", ("enterprises_surveyed", "survey_fields")),
    Step("consultation", ("symposiums", "member_consultations", "questionnaires")),
    Step("analysis", ("opinions", "problem_areas", "org_life_meetings")),
    Step("rectification", ("measures",)),
    Step("results", ("satisfaction",)),
)


def placeholders(key: str, lang: str) -> list[str]:
    """The fact ids a sentence template names, in order."""
    return [
        field
        for _, field, _, _ in Formatter().parse(catalog(lang)[key])
        if field is not None
    ]


def make_inline_fact(fact: dict, lang: str, origin: str) -> html.Button:
    """A number inside a sentence, as a button that opens its details."""
    return html.Button(
        sentence_quantity(fact, lang),
        id=ids.fact_link(fact[F.id], origin),
        className="fact-inline",
        type="button",
        title=fact[f"label_{lang}"],
    )


def make_sentence(
    dataset: Dataset, key: str, lang: str, shown: set[str], origin: str
) -> html.Span | None:
    """The sentence ``key`` with its numbers filled in; None if any is not shown."""
    names = placeholders(key, lang)
    if not names or not set(names) <= shown:
        return None
    values = {
        name: make_inline_fact(dataset.fact(name), lang, f"{origin}-{number}")
        for number, name in enumerate(names)
    }
    return html.Span(t_parts(key, lang, **values), className="story-sentence")


def make_sentences(
    dataset: Dataset, keys: tuple[str, ...], facts: pd.DataFrame, lang: str, origin: str
) -> list[html.Span]:
    """The sentences ``keys`` whose facts are all among ``facts``, in order."""
    shown = set(facts[F.id])
    sentences = [
        make_sentence(dataset, key, lang, shown, f"{origin}-{n}")
        for n, key in enumerate(keys)
    ]
    return [sentence for sentence in sentences if sentence is not None]


def make_key_points(
    dataset: Dataset, facts: pd.DataFrame, lang: str
) -> html.Section | None:
    """本期要点 / Key points: one sentence per point whose facts are all shown."""
    items = [
        html.Li(sentence)
        for sentence in make_sentences(dataset, KEY_POINTS, facts, lang, "point")
    ]
    if not items:
        return None
    return html.Section(
        [
            html.H2(t("story.points.heading", lang), className="h5 section-heading"),
            html.Ul(items, className="key-points"),
        ],
        className="key-points-section",
        **{"aria-label": t("story.points.heading", lang)},
    )


def make_course(dataset: Dataset, facts: pd.DataFrame, lang: str) -> html.Section:
    """The campaign's course as one strip of steps in order, each with its key
    numbers (each a button). A step none of whose facts is shown says so."""
    shown = set(facts[F.id])
    steps = []
    for number, step in enumerate(COURSE, start=1):
        present = [fid for fid in step.fact_ids if fid in shown]
        body = (
            [
                make_fact_button(dataset.fact(fid), lang, origin=f"course-{step.name}")
                for fid in present
            ]
            if present
            else [html.Span(t("story.course.none", lang), className="text-muted")]
        )
        steps.append(
            html.Li(
                [
                    html.Div(
                        [
                            html.Span(str(number), className="course-number"),
                            html.Span(
                                t(f"story.course.{step.name}", lang),
                                className="course-name",
                            ),
                        ],
                        className="course-head",
                    ),
                    html.Div(body, className="course-facts"),
                ],
                className="course-step",
            )
        )
    return html.Section(
        [
            html.H2(t("story.course.heading", lang), className="h5 section-heading"),
            html.Ol(steps, className="course"),
        ],
        className="course-section",
    )


def make_context(
    dataset: Dataset, facts: pd.DataFrame, lang: str
) -> html.Section | None:
    """Dates and anniversaries, as sentences: context, not headline figures."""
    present = make_sentences(dataset, CONTEXT, facts, lang, "context")
    if not present:
        return None
    return html.Section(
        [
            html.H2(t("story.context.heading", lang), className="h6 section-heading"),
            html.P(present, className="story-context text-muted"),
        ],
        className="context-section",
    )
