"""Colours, fonts and the plotly template shared by every figure."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

# Okabe–Ito: distinguishable with the common forms of colour blindness.
OKABE_ITO = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)
KIND_COLOURS = {"stated": OKABE_ITO[0], "derived": OKABE_ITO[1]}
# A CJK font first: without it Chinese renders as boxes in exported images.
FONT_FAMILY = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", '
    '"Microsoft YaHei", "PingFang SC", "Helvetica Neue", Arial, sans-serif'
)
FONT_SIZE = 14
TEXT_COLOUR = "#212529"
MUTED_COLOUR = "#6b7280"
GRID_COLOUR = "#e5e7eb"
TEMPLATE_NAME = "campaign"


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two "#rrggbb" colours."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on(colour: str) -> str:
    """White or near-black, whichever reads better on ``colour``."""
    return (
        "#ffffff"
        if contrast("#ffffff", colour) >= contrast("#111111", colour)
        else "#111111"
    )


pio.templates[TEMPLATE_NAME] = go.layout.Template(
    layout=dict(
        font=dict(family=FONT_FAMILY, size=FONT_SIZE, color=TEXT_COLOUR),
        colorway=list(OKABE_ITO),
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin=dict(l=8, r=24, t=24, b=8),
        xaxis=dict(gridcolor=GRID_COLOUR, zeroline=False, automargin=True),
        yaxis=dict(gridcolor=GRID_COLOUR, zeroline=False, automargin=True),
        hoverlabel=dict(font=dict(family=FONT_FAMILY)),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
    )
)

# The dark colour scheme of the page, for figures: the same palette on a dark card.
DARK_BACKGROUND = "#1b2431"
DARK_TEXT = "#e5e7eb"
DARK_GRID = "#3b4756"


def for_mode(figure: go.Figure, mode: str) -> go.Figure:
    """``figure`` as it should look in colour scheme ``mode`` (light: unchanged)."""
    if mode != "dark":
        return figure
    dark = go.Figure(figure)
    dark.update_layout(
        font=dict(color=DARK_TEXT),
        paper_bgcolor=DARK_BACKGROUND,
        plot_bgcolor=DARK_BACKGROUND,
    )
    dark.update_xaxes(gridcolor=DARK_GRID, linecolor=DARK_GRID)
    dark.update_yaxes(gridcolor=DARK_GRID, linecolor=DARK_GRID)
    dark.update_annotations(font=dict(color=DARK_TEXT))
    dark.update_traces(
        selector=dict(type="bar", textposition="outside"),
        textfont=dict(color=DARK_TEXT),
    )
    return dark
