"""Figure builders. Each takes the rows to draw and a language, returns a Figure,
reads nothing else and changes nothing. ``customdata`` carries fact ids (or themes),
so a click on any mark leads back to the report's words. ``highlight`` holds the ids
of the marks to emphasise; the others are dimmed, none are hidden. Every text a
figure draws, from the data or the catalog, enters it through ``plain`` (or
``_t``), so that it shows as typed (see figures/text.py)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from data.schemas import KINDS, STATUS, THEMES, UNITS, label_column
from data.schemas import FactSchema as F
from data.vocabulary import VOCABULARY
from figures.text import lines, plain
from figures.theme import KIND_COLOURS, MUTED_COLOUR, OKABE_ITO, TEMPLATE_NAME, text_on
from i18n import t
from i18n.format import (
    fact_quantity,
    format_value,
    section_cited,
    sentence_quantity,
)

BAR_HEIGHT = 30  # pixels per bar, so long Chinese labels never collide
PANEL_GAP = 90  # pixels between stacked panels: room for the axis title above
DIMMED = 0.3
DERIVED_PATTERN = "/"
NO_HIGHLIGHT: frozenset[str] = frozenset()


# Units that count whole things: their axes tick at whole numbers only.
NOT_COUNTS = {"percent", "person_times_per_meeting", "items_per_area", "years"}
NICE_STEPS = (1, 2, 5)
MAX_TICKS = 6


def count_dtick(largest: float) -> int:
    """A whole-number tick step giving at most about MAX_TICKS ticks up to
    ``largest``: 1, 2, 5, 10, 20, 50…, never 0.5."""
    scale = 1
    while True:
        for step in NICE_STEPS:
            if largest / (step * scale) <= MAX_TICKS:
                return step * scale
        scale *= 10


def _height(bars: int, extra: int = 90) -> int:
    return max(220, bars * BAR_HEIGHT + extra)


def _opacity(keys: list[str], highlight: frozenset[str]) -> list[float] | float:
    """Full opacity for highlighted marks, dimmed for the rest; callers pass only
    a highlight that touches the figure (see ``_active``)."""
    if not highlight:
        return 1.0
    return [1.0 if key in highlight else DIMMED for key in keys]


def _hatch(kinds: list[str]) -> dict:
    """White hatching over the bar's own colour marks derived values, so the
    difference never rests on colour alone and labels inside stay readable."""
    shapes = [DERIVED_PATTERN if kind == "derived" else "" for kind in kinds]
    return dict(
        shape=shapes if len(shapes) > 1 else shapes[0],
        fillmode="overlay",
        fgcolor="white",
        fgopacity=0.6,
        size=8,
        solidity=0.25,
    )


def _active(highlight: frozenset[str], keys) -> frozenset[str]:
    """The highlight, if any of its ids is drawn in this figure; else nothing."""
    return highlight if highlight & set(keys) else NO_HIGHLIGHT


def _t(key: str, lang: str, **values: object) -> str:
    """A catalog text, as a figure must receive it to show it as written."""
    return plain(t(key, lang, **values))


def empty_figure(lang: str) -> go.Figure:
    """A figure that says no fact matches, instead of an empty frame."""
    figure = go.Figure()
    figure.add_annotation(
        text=_t("chart.empty", lang),
        showarrow=False,
        font=dict(size=16, color=MUTED_COLOUR),
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
    )
    figure.update_layout(
        template=TEMPLATE_NAME,
        height=220,
        xaxis=dict(visible=False),
        yaxis=dict(visible=False),
    )
    return figure


def _labels(rows: pd.DataFrame, lang: str) -> list[str]:
    """Fact labels, with derived ones marked so that colour never carries it
    alone, and proposed ones (not yet reviewed) marked as such."""
    suffix = t("chart.derived_suffix", lang)
    unreviewed = t("chart.proposed_suffix", lang)
    statuses = rows[STATUS] if STATUS in rows.columns else ["reviewed"] * len(rows)
    labels = rows[label_column(lang)].tolist()
    # A bar is one fact: two facts of one label (a year's result and the next
    # year's target) would share a category and be drawn as one stacked bar, a
    # sum the report never states. A repeated label names its section.
    sections = rows[F.section].tolist()
    named = [
        f"{label}（{section_cited(section, lang)}）"
        if lang == "zh" and labels.count(label) > 1
        else f"{label} ({section_cited(section, lang)})"
        if labels.count(label) > 1
        else label
        for label, section in zip(labels, sections)
    ]
    seen: dict[str, int] = {}
    unique = []
    for label in named:  # still the same (one section): numbered in order
        seen[label] = seen.get(label, 0) + 1
        unique.append(label if seen[label] == 1 else f"{label} {seen[label]}")
    return [
        wrap_label(
            label
            + (suffix if kind == "derived" else "")
            + (unreviewed if status == "proposed" else ""),
            lang,
            BAR_LABEL,
        )
        for label, kind, status in zip(unique, rows[F.kind], statuses)
    ]


def _quantities(rows: pd.DataFrame, lang: str) -> list[str]:
    return [plain(fact_quantity(row, lang)) for row in rows.to_dict("records")]


def facts_by_theme(
    facts: pd.DataFrame, lang: str, highlight: frozenset[str] = NO_HIGHLIGHT
) -> go.Figure:
    """How many facts each theme holds, stated and derived stacked, in report order."""
    if facts.empty:
        return empty_figure(lang)
    counts = (
        facts.groupby([F.theme, F.kind])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=list(KINDS), fill_value=0)
    )
    themes = [theme for theme in THEMES if theme in counts.index]
    counts = counts.loc[themes]
    names = [VOCABULARY.theme_name(theme, lang) for theme in themes]
    highlight = _active(highlight, themes)
    figure = go.Figure()
    for kind in KINDS:
        figure.add_bar(
            y=names,
            x=counts[kind].tolist(),
            orientation="h",
            name=_t(f"kind.{kind}", lang),
            marker_color=KIND_COLOURS[kind],
            marker_opacity=_opacity(themes, highlight),
            marker_pattern=_hatch([kind]),
            customdata=themes,
            hovertemplate="%{y}: %{x}<extra>%{fullData.name}</extra>",
        )
    figure.update_layout(
        template=TEMPLATE_NAME,
        barmode="stack",
        height=_height(len(themes)),
        xaxis=dict(
            title=_t("chart.themes.x", lang),
            dtick=count_dtick(counts.sum(axis=1).max()),
        ),
        yaxis=dict(autorange="reversed"),
        legend_traceorder="normal",
    )
    return figure


def unit_panels(
    rows: pd.DataFrame, lang: str, highlight: frozenset[str] = NO_HIGHLIGHT
) -> go.Figure:
    """One bar per fact, one panel per unit: different units never share an axis."""
    if rows.empty:
        return empty_figure(lang)
    rows = rows.sort_values(F.start)
    highlight = _active(highlight, rows[F.id])
    units = [unit for unit in UNITS if unit in set(rows[F.unit])]
    sizes = [int((rows[F.unit] == unit).sum()) for unit in units]
    height = _height(len(rows), extra=60 + PANEL_GAP * len(units))
    gap = PANEL_GAP / height if len(units) > 1 else 0
    figure = make_subplots(
        rows=len(units), cols=1, row_heights=sizes, vertical_spacing=gap
    )
    for number, unit in enumerate(units, start=1):
        part = rows[rows[F.unit] == unit]
        colour = OKABE_ITO[(number - 1) % len(OKABE_ITO)]
        ids = part[F.id].tolist()
        figure.add_bar(
            row=number,
            col=1,
            orientation="h",
            y=_labels(part, lang),
            x=part[F.value].tolist(),
            text=_quantities(part, lang),
            textposition="auto",
            marker_color=colour,
            insidetextfont=dict(color=text_on(colour)),
            marker_opacity=_opacity(ids, highlight),
            marker_pattern=_hatch(part[F.kind].tolist()),
            customdata=ids,
            hovertemplate="%{y}: %{text}<extra></extra>",
            showlegend=False,
        )
        figure.update_yaxes(autorange="reversed", row=number, col=1)
        axis = {"title_text": VOCABULARY.unit_axis(unit, lang)}
        if unit not in NOT_COUNTS:
            axis.update(dtick=count_dtick(part[F.value].max()), tick0=0)
        figure.update_xaxes(**axis, row=number, col=1)
    figure.update_layout(template=TEMPLATE_NAME, height=height)
    return figure


def list_sizes(
    rows: pd.DataFrame, lang: str, highlight: frozenset[str] = NO_HIGHLIGHT
) -> go.Figure:
    """Members of each list, from the ``members`` column (counted in items.csv)."""
    if rows.empty:
        return empty_figure(lang)
    rows = rows.sort_values(F.start)
    highlight = _active(highlight, rows[F.id])
    figure = go.Figure()
    for kind in KINDS:
        part = rows[rows[F.kind] == kind]
        if part.empty:
            continue
        ids = part[F.id].tolist()
        figure.add_bar(
            y=[plain(label) for label in part[label_column(lang)]],
            x=part["members"].tolist(),
            orientation="h",
            name=_t(f"chart.lists.{kind}", lang),
            marker_color=KIND_COLOURS[kind],
            marker_opacity=_opacity(ids, highlight),
            marker_pattern=_hatch([kind]),
            customdata=ids,
            cliponaxis=False,
            textposition="outside",
            text=[
                plain(format_value(v, q, lang))
                for v, q in zip(part["members"], part[F.qualifier])
            ],
            hovertemplate="%{y}: %{text}<extra>%{fullData.name}</extra>",
        )
    figure.update_layout(
        template=TEMPLATE_NAME,
        height=_height(len(rows)),
        legend_traceorder="normal",
        xaxis=dict(
            title=_t("chart.lists.x", lang), dtick=count_dtick(rows["members"].max())
        ),
        yaxis=dict(
            categoryorder="array",
            autorange="reversed",
            categoryarray=[plain(label) for label in rows[label_column(lang)]],
        ),
    )
    return figure


def percentages(
    rows: pd.DataFrame, lang: str, highlight: frozenset[str] = NO_HIGHLIGHT
) -> go.Figure:
    """Each rate as a bullet on the whole 0–100% scale: the stated value, then for
    "97%以上" a lighter hatched band up to 100 (the range the report leaves open),
    else the rest of the scale in grey. The band is drawn, never a made-up value."""
    if rows.empty:
        return empty_figure(lang)
    rows = rows.sort_values(F.start)
    ids = rows[F.id].tolist()
    highlight = _active(highlight, ids)
    labels = _labels(rows, lang)
    open_ended = rows[F.qualifier].isin(["at_least", "more_than"]).tolist()
    values = rows[F.value].tolist()
    figure = go.Figure()
    figure.add_bar(
        y=labels,
        x=values,
        orientation="h",
        name=_t("chart.percent.stated", lang),
        marker_color=OKABE_ITO[2],
        insidetextfont=dict(color=text_on(OKABE_ITO[2]), size=16),
        marker_opacity=_opacity(ids, highlight),
        customdata=ids,
        text=_quantities(rows, lang),
        textposition="inside",
        hovertemplate="%{y}: %{text}<extra></extra>",
    )
    for name, colour, pattern, widths in (
        (
            "chart.percent.open",
            OKABE_ITO[2],
            ".",
            [(100 - v) if o else 0 for v, o in zip(values, open_ended)],
        ),
        (
            "chart.percent.rest",
            MUTED_COLOUR,
            "",
            [0 if o else 100 - v for v, o in zip(values, open_ended)],
        ),
    ):
        if any(widths):
            figure.add_bar(
                y=labels,
                x=widths,
                orientation="h",
                name=_t(name, lang),
                marker=dict(color=colour, opacity=0.3, pattern_shape=pattern),
                customdata=ids,
                hoverinfo="skip",
            )
    figure.update_layout(
        template=TEMPLATE_NAME,
        barmode="stack",
        bargap=0.45,
        height=_height(len(rows), extra=130),
        xaxis=dict(
            range=[0, 100], dtick=20, title=_t("chart.percent.x", lang), ticksuffix="%"
        ),
        yaxis=dict(autorange="reversed"),
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0, xanchor="left"),
        legend_traceorder="normal",
        margin=dict(t=40),
    )
    return figure


# The flow's circles are shapes in data units (one unit between stages, equal
# scales on both axes), so they shrink with a narrow screen and stay round. The
# largest has this radius; the others the same area per unit of their number.
FLOW_RADIUS = 0.36
FLOW_HEIGHT = 360
FLOW_TEXT = 28  # pixels: the numbers read from the back of a room
FLOW_LABEL = 14
LABEL_WIDTH = {"zh": 6, "en": 12}  # characters per line of a stage's label
# Characters per line of a bar's label: on a phone the labels leave the bars room.
BAR_LABEL = {"zh": 12, "en": 22}


def flow_radii(values: list[float], largest: float) -> list[float]:
    """Circle radii whose areas are proportional to ``values``."""
    return [FLOW_RADIUS * (value / largest) ** 0.5 for value in values]


# Chinese line breaking: a line never ends with an opening bracket or quote, and
# never starts with a closing one or with punctuation.
NOT_AT_END = "（《“‘【〈「『(["
NOT_AT_START = "）》”’】〉」』)]，。、：；！？,.:;!?"


def kinsoku(chunks: list[str]) -> list[str]:
    """Chinese lines moved one character at a time across each break until the
    break falls between two characters that may be parted."""
    chunks = list(chunks)
    for n in range(len(chunks) - 1):
        while chunks[n] and chunks[n][-1] in NOT_AT_END:
            chunks[n], chunks[n + 1] = chunks[n][:-1], chunks[n][-1] + chunks[n + 1]
        while chunks[n + 1] and chunks[n + 1][0] in NOT_AT_START:
            chunks[n], chunks[n + 1] = chunks[n] + chunks[n + 1][0], chunks[n + 1][1:]
    return [chunk for chunk in chunks if chunk]


def wrap_label(
    label: str, lang: str, widths: dict[str, int] = LABEL_WIDTH
) -> str:
    """A label broken into short lines (<br>): Chinese by characters, English by
    words, so neighbouring labels never run into each other on a phone. The text
    is broken as typed, then each line escaped, so no entity is ever split."""
    width = widths[lang]
    if lang == "zh":  # as few lines as the width allows, of even length: no
        # character left alone on a line of its own
        count = -(-len(label) // width)
        size = -(-len(label) // count) if count else width
        return lines(kinsoku([label[i : i + size] for i in range(0, len(label), size)]))
    broken: list[str] = []
    for word in label.split():
        if broken and len(broken[-1]) + 1 + len(word) <= width:
            broken[-1] += " " + word
        else:
            broken.append(word)
    return lines(broken)


def flow(
    rows: pd.DataFrame,
    stages: tuple[str, ...],
    lang: str,
    highlight: frozenset[str] = NO_HIGHLIGHT,
) -> go.Figure:
    """The stages of rectification as circles in order, each circle's AREA in
    proportion to its number, the number above it. The arrows say "then", not
    "became": the report does not say how one stage's items map onto the next, so
    no flow between them is drawn or implied."""
    present = [s for s in stages if s in set(rows[F.id])]
    if not present:
        return empty_figure(lang)
    facts = rows.set_index(F.id).loc[present].reset_index()
    records = facts.to_dict("records")
    xs = list(range(len(present)))
    highlight = _active(highlight, present)
    opacity = _opacity(present, highlight)
    radii = flow_radii(facts[F.value].tolist(), max(facts[F.value]))
    figure = go.Figure()
    for x, radius, alpha in zip(
        xs, radii, opacity if isinstance(opacity, list) else [opacity] * len(xs)
    ):
        figure.add_shape(
            type="circle",
            x0=x - radius,
            x1=x + radius,
            y0=-radius,
            y1=radius,
            fillcolor=OKABE_ITO[0],
            opacity=alpha,
            line_width=0,
            layer="below",
        )
    labels = facts[label_column(lang)].tolist()
    # The click and hover target of each stage: its centre.
    figure.add_scatter(
        x=xs,
        y=[0] * len(xs),
        mode="markers",
        customdata=present,
        marker=dict(size=40, opacity=0),
        hovertext=[plain(label) for label in labels],
        text=_quantities(facts, lang),
        hovertemplate="%{hovertext}: %{text}<extra></extra>",
    )
    figure.add_scatter(
        x=xs,
        y=radii,
        mode="text",
        customdata=present,
        text=[plain(sentence_quantity(record, lang)) for record in records],
        textposition="top center",
        textfont=dict(size=FLOW_TEXT),
        hoverinfo="skip",
    )
    for x, label in zip(xs, labels):
        figure.add_annotation(
            x=x,
            y=-FLOW_RADIUS - 0.08,
            yanchor="top",
            text=wrap_label(label, lang),
            showarrow=False,
            font=dict(size=FLOW_LABEL),
        )
    for x, left, right in zip(xs, radii, radii[1:]):  # from edge to edge
        figure.add_annotation(
            x=x + 1 - right - 0.05,
            y=0,
            ax=x + left + 0.05,
            ay=0,
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            showarrow=True,
            arrowhead=3,
            arrowsize=1.4,
            arrowcolor=MUTED_COLOUR,
            text="",
        )
    figure.update_layout(
        template=TEMPLATE_NAME,
        height=FLOW_HEIGHT,
        showlegend=False,
        margin=dict(l=10, r=10, t=10, b=10),
        xaxis=dict(visible=False, range=[-0.55, len(xs) - 0.45], fixedrange=True),
        yaxis=dict(
            visible=False,
            range=[-FLOW_RADIUS - 0.75, FLOW_RADIUS + 0.4],
            scaleanchor="x",
            scaleratio=1,
            fixedrange=True,
        ),
    )
    return figure


NOT_CITED_COLOUR = "#e5e7eb"


def coverage(
    numerals: pd.DataFrame, lang: str, highlight: frozenset[str] = NO_HIGHLIGHT
) -> go.Figure:
    """How many of the report's numerals lie inside a captured fact, by script."""
    if numerals.empty:
        return empty_figure(lang)
    scripts = ["arabic", "chinese"]
    names = [_t(f"chart.coverage.{s}", lang) for s in scripts]
    figure = go.Figure()
    for captured, colour in ((True, OKABE_ITO[0]), (False, NOT_CITED_COLOUR)):
        counts = [
            int(((numerals["script"] == s) & (numerals["captured"] == captured)).sum())
            for s in scripts
        ]
        figure.add_bar(
            y=names,
            x=counts,
            orientation="h",
            marker_color=colour,
            name=_t(f"chart.coverage.{'in' if captured else 'out'}", lang),
            # The "not cited" bar: a light hatch, so its count reads in dark text.
            marker_pattern=dict(
                shape="" if captured else "x", fgcolor=MUTED_COLOUR, fgopacity=0.35
            ),
            insidetextfont=dict(color=text_on(colour), size=14),
            text=counts,
            textposition="inside",
            hovertemplate="%{y}: %{x}<extra>%{fullData.name}</extra>",
        )
    figure.update_layout(
        template=TEMPLATE_NAME,
        barmode="stack",
        height=220,
        xaxis=dict(
            title=_t("chart.coverage.x", lang),
            dtick=count_dtick(numerals["script"].value_counts().max()),
        ),
        yaxis=dict(autorange="reversed"),
        legend_traceorder="normal",
    )
    return figure
