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
