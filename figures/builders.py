"""Figure builders. Each takes validated tables and a language, returns a Figure,
reads nothing else and changes nothing. ``customdata`` carries the fact ids, so a
click on any mark leads back to the report's words."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from data.schemas import KINDS, THEMES, label_column
from data.schemas import FactSchema as F
from data.schemas import ItemSchema as I
from figures.theme import KIND_COLOURS, OKABE_ITO, TEMPLATE_NAME
from i18n import t
from i18n.format import format_quantity, format_value

BAR_HEIGHT = 30  # pixels per bar, so long Chinese labels never collide
CONSULTATION_UNITS = ("meetings", "person_times", "copies")
PANEL_GAP = 90  # pixels between stacked panels: room for the axis title above


def _height(bars: int, extra: int = 90) -> int:
    return max(220, bars * BAR_HEIGHT + extra)


def facts_by_theme(facts: pd.DataFrame, lang: str) -> go.Figure:
    """How many facts each theme holds, stated and derived stacked, in report order."""
    counts = (
        facts.groupby([F.theme, F.kind])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=list(KINDS), fill_value=0)
    )
    themes = [theme for theme in THEMES if theme in counts.index]
    counts = counts.loc[themes]
    names = [t(f"theme.{theme}", lang) for theme in themes]
    figure = go.Figure()
    for kind in KINDS:
        figure.add_bar(
            y=names,
            x=counts[kind].tolist(),
            orientation="h",
            name=t(f"kind.{kind}", lang),
            marker_color=KIND_COLOURS[kind],
            customdata=themes,
            hovertemplate="%{y}: %{x}<extra>%{fullData.name}</extra>",
        )
    figure.update_layout(
        template=TEMPLATE_NAME,
        barmode="stack",
        height=_height(len(themes)),
        xaxis_title=t("chart.themes.x", lang),
        yaxis=dict(autorange="reversed"),
        legend_traceorder="normal",
    )
    return figure


def consultation_figures(facts: pd.DataFrame, lang: str) -> go.Figure:
    """Stated consultation figures, one panel per unit (units never share an axis)."""
    rows = facts[
        (facts[F.theme] == "consultation")
        & (facts[F.kind] == "stated")
        & facts[F.unit].isin(CONSULTATION_UNITS)
    ].sort_values(F.start)
    units = [unit for unit in CONSULTATION_UNITS if unit in set(rows[F.unit])]
    sizes = [int((rows[F.unit] == unit).sum()) for unit in units]
    height = _height(len(rows), extra=60 + PANEL_GAP * len(units))
    gap = PANEL_GAP / height if len(units) > 1 else 0
    figure = make_subplots(
        rows=len(units), cols=1, row_heights=sizes, vertical_spacing=gap
    )
    for number, (unit, colour) in enumerate(zip(units, OKABE_ITO), start=1):
        part = rows[rows[F.unit] == unit]
        figure.add_bar(
            row=number,
            col=1,
            orientation="h",
            name=t(f"unit_axis.{unit}", lang),
            y=part[label_column(lang)].tolist(),
            x=part[F.value].tolist(),
            text=[
                format_quantity(v, unit, q, lang)
                for v, q in zip(part[F.value], part[F.qualifier])
            ],
            textposition="auto",
            marker_color=colour,
            customdata=part[F.id].tolist(),
            hovertemplate="%{y}: %{text}<extra></extra>",
            showlegend=False,
        )
        figure.update_yaxes(autorange="reversed", row=number, col=1)
        figure.update_xaxes(title_text=t(f"unit_axis.{unit}", lang), row=number, col=1)
    figure.update_layout(template=TEMPLATE_NAME, height=height)
    return figure


def list_sizes(facts: pd.DataFrame, items: pd.DataFrame, lang: str) -> go.Figure:
    """Members of every list the report enumerates, counted from items.csv."""
    counts = items.groupby(I.list_id).size().rename("members")
    lists = (
        facts.set_index(F.id)
        .join(counts, how="inner")
        .sort_values(F.start)
        .reset_index()
    )
    figure = go.Figure()
    for kind in KINDS:
        part = lists[lists[F.kind] == kind]
        figure.add_bar(
            y=part[label_column(lang)].tolist(),
            x=part["members"].tolist(),
            orientation="h",
            name=t(f"chart.lists.{kind}", lang),
            marker_color=KIND_COLOURS[kind],
            customdata=part[F.id].tolist(),
            text=[
                format_value(v, q, lang)
                for v, q in zip(part["members"], part[F.qualifier])
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra>%{fullData.name}</extra>",
        )
    order = lists[label_column(lang)].tolist()
    figure.update_layout(
        template=TEMPLATE_NAME,
        height=_height(len(lists)),
        xaxis=dict(title=t("chart.lists.x", lang), dtick=1),
        yaxis=dict(categoryorder="array", categoryarray=order, autorange="reversed"),
    )
    return figure
