"""How a chart is laid out in a file: the size presets, and the figure with a band
of its own for each part, top to bottom — the title, the legend, the plot with its
axis titles, the source line. Pure: a figure and a preset in, a figure out.

Sizes are CSS pixels (96 to the inch) unless a name says otherwise. Text widths
are estimated from the characters (a CJK character is one em wide, Latin letters
about half), on the generous side: an estimate too wide leaves some white space,
one too narrow would clip.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction

import plotly.graph_objects as go

from figures.builders import PANEL_GAP
from figures.text import lines, shown
from figures.theme import FONT_SIZE, MUTED_COLOUR

CM_PER_INCH = 2.54
CSS_DPI = 96
WORD_TEXT_CM = 16  # the text width of an A4 portrait page with 2.5 cm margins
WORD_DPI = 300  # what print documents ask of a picture
A4_MM = (210, 297)
A4_MARGIN_MM = 25

PAD = 16  # between the image's edge and any text
GAP = 8  # between two bands
TITLE_SIZE = 20
SOURCE_SIZE = 12
LINE_HEIGHT = 1.3  # in font sizes
LEGEND_ROW = 1.6  # a row of legend items, in font sizes
LEGEND_SWATCH = 46  # a legend item's symbol and the gaps around it
TICK_BAND = 1.4  # tick labels below an axis, in font sizes
TITLE_STANDOFF = 10  # between an axis' tick labels and its title
RIGHT_MARGIN = 40  # room for the last tick label and numbers beside bars
# What the template leaves around a plot on screen, besides axes and legend.
SCREEN_MARGINS = 32
# Scales are nudged up by this much so that a PNG of exactly ``width`` × ``scale``
# pixels is not truncated to one pixel less by floating-point rounding.
SCALE_NUDGE = 1e-9


def mm(value: float) -> float:
    """Millimetres in CSS pixels."""
    return value / 10 / CM_PER_INCH * CSS_DPI


@dataclass(frozen=True)
class Page:
    """A PDF page for one chart: size, and the margin around the chart."""

    width: float
    height: float
    margin: float = 0
    name: str = ""  # a paper size's name, when it has one


@dataclass(frozen=True)
class Preset:
    """A size people ask for. ``height`` None: as tall as the chart needs (up to
    ``max_height``); ``page`` None: a page of the figure's own size."""

    name: str
    width: int
    height: int | None
    scale: float  # PNG pixels per CSS pixel
    max_height: int | None = None
    page: Page | None = None
    follows_screen: bool = False  # sized as the chart is on screen, when known

    @property
    def pixel_width(self) -> int:
        return round(self.width * self.scale)

    @property
    def pixel_height(self) -> int | None:
        return round(self.height * self.scale) if self.height else None


A4 = Page(mm(A4_MM[0]), mm(A4_MM[1]), mm(A4_MARGIN_MM), "A4")
WORD_PIXELS = round(WORD_TEXT_CM / CM_PER_INCH * WORD_DPI)  # 1890
WORD_SCALE = 2.5  # text as large on paper as the dashboard's on a screen, about
WORD_WIDTH = round(WORD_PIXELS / WORD_SCALE)
# The text height of the A4 page, at the chart's scale on that page.
WORD_MAX_HEIGHT = math.floor(
    (A4.height - 2 * A4.margin) * WORD_WIDTH / (A4.width - 2 * A4.margin)
)
SCREEN_WIDTH = 1200  # "as on screen" when no screen says how wide

PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in (
        Preset("word", WORD_WIDTH, None, WORD_SCALE, WORD_MAX_HEIGHT, A4),
        # 1920 × 1080 pixels; a 13.33 × 7.5 inch page, PowerPoint's 16:9.
        Preset("slide", 1280, 720, 1.5, page=Page(1280, 720)),
        # 1080 × 1080 pixels, for social media.
        Preset("square", 720, 720, 1.5, page=Page(720, 720)),
        Preset("screen", SCREEN_WIDTH, None, 2, follows_screen=True),
    )
}
DEFAULT_PRESET = "slide"
DECK_PRESET = "slide"  # every page of the PDF deck
# The on-screen size a browser may ask for, in CSS pixels.
SCREEN_LIMITS = ((240, 3840), (120, 4320))


@dataclass(frozen=True)
class Canvas:
    """The size a figure is drawn at, and the PNG pixels per CSS pixel. A chart
    taller than its preset allows is drawn on a larger canvas of the same shape
    and scaled down, so that it never overlaps itself."""

    width: int
    height: int
    scale: float

    @property
    def pixels(self) -> tuple[int, int]:
        return (
            math.floor(self.width * self.render_scale),
            math.floor(self.height * self.render_scale),
        )

    @property
    def render_scale(self) -> float:
        return self.scale * (1 + SCALE_NUDGE)


def canvas_for(
    preset: Preset, needed: float, screen_width: int | None = None
) -> Canvas:
    """The canvas of ``preset`` for a chart that needs ``needed`` pixels of height."""
    needed = math.ceil(needed)
    if preset.height is not None:  # a fixed shape: zoom out when too short
        if needed <= preset.height:
            return Canvas(preset.width, preset.height, preset.scale)
        shape = Fraction(preset.width, preset.height)
        steps = math.ceil(needed / shape.denominator)
        width = steps * shape.numerator
        return Canvas(width, steps * shape.denominator, preset.pixel_width / width)
    width = screen_width or preset.width
    if preset.max_height is None or needed <= preset.max_height:
        return Canvas(width, needed, preset.scale)
    wider = math.ceil(needed * width / preset.max_height)
    return Canvas(wider, needed, preset.scale * width / wider)


def char_width(char: str) -> float:
    """A character's width in ems, rounded up."""
    if unicodedata.east_asian_width(char) in "WFA":
        return 1.0
    if char == " ":
        return 0.3
    if char.isupper() or char in "mwMW@%&":
        return 0.72
    return 0.58


def text_width(text: str, size: float) -> float:
    """The width of one line of ``text`` at font ``size``, estimated generously."""
    return sum(char_width(char) for char in text) * size


# Words of Latin letters and digits stay whole; any wide character may start a
# line, except closing punctuation, which stays with the character before it.
_TOKENS = re.compile(r"\s+|[^\s]", re.UNICODE)
_NO_LINE_START = set("，。、；：！？）》」』”’,.;:!?)]")


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for piece in _TOKENS.findall(text):
        narrow = char_width(piece[0]) < 1 and not piece.isspace()
        glued = tokens and (
            piece in _NO_LINE_START
            or (
                narrow
                and char_width(tokens[-1][-1]) < 1
                and not tokens[-1][-1].isspace()
            )
        )
        if glued:
            tokens[-1] += piece
        else:
            tokens.append(piece)
    return tokens


def wrap(text: str, width: float, size: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (a word longer than a
    line keeps a line of its own)."""
    lines: list[str] = []
    line = ""
    for token in _tokens(text):
        if line and text_width((line + token).rstrip(), size) > width:
            lines.append(line.rstrip())
            line = "" if token.isspace() else token
        else:
            line += token
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _font_size(figure: go.Figure) -> float:
    font = figure.layout.font
    if font is not None and font.size:
        return font.size
    template = figure.layout.template
    if template is not None and template.layout.font.size:
        return template.layout.font.size
    return FONT_SIZE


def _axes(figure: go.Figure, letter: str) -> list[str]:
    names = [name for name in figure.layout if re.fullmatch(f"{letter}axis\\d*", name)]
    return sorted(names, key=lambda name: int(name[5:] or 1))


def _visible(figure: go.Figure, name: str) -> bool:
    return figure.layout[name].visible is not False


def _traces_on(figure: go.Figure, axis: str) -> list:
    """The traces drawn against axis ``axis`` ("x", "x2", "y"…)."""
    letter = axis[0]
    return [
        trace
        for trace in figure.data
        if (getattr(trace, f"{letter}axis", None) or letter) == axis
    ]


def bottom_axis(figure: go.Figure) -> str | None:
    """The layout name of the visible x axis lowest on the figure, if any."""
    lowest, name_found = None, None
    for name in _axes(figure, "x"):
        if not _visible(figure, name) or not _traces_on(figure, "x" + name[5:]):
            continue
        anchor = figure.layout[name].anchor or "y"
        y_name = "yaxis" + anchor[1:]
        domain = figure.layout[y_name].domain if y_name in figure.layout else None
        bottom = domain[0] if domain else 0
        if lowest is None or bottom < lowest:
            lowest, name_found = bottom, name
    return name_found


def axis_band(figure: go.Figure) -> float:
    """Room below the plot for the bottom axis' tick labels and title."""
    name = bottom_axis(figure)
    if name is None:
        return 0
    size = _font_size(figure)
    band = TICK_BAND * size + GAP
    title = figure.layout[name].title
    if title is not None and title.text:
        band += TITLE_STANDOFF + LINE_HEIGHT * size
    return math.ceil(band)


def legend_names(figure: go.Figure) -> list[str]:
    """The names plotly lists in ``figure``'s legend (none when it draws none), as
    it shows them."""
    if figure.layout.showlegend is False:
        return []
    listed = [trace for trace in figure.data if trace.showlegend is not False]
    if figure.layout.showlegend is not True and len(listed) < 2:
        return []
    return [shown(str(trace.name or "")) for trace in listed]


def has_legend(figure: go.Figure) -> bool:
    """Whether plotly draws a legend for ``figure``."""
    return bool(legend_names(figure))


def legend_band(figure: go.Figure, width: float) -> float:
    """Room above the plot for the legend, its items in rows ``width`` wide."""
    names = legend_names(figure)
    if not names:
        return 0
    size = _font_size(figure)
    rows, used = 1, 0.0
    for name in names:
        item = LEGEND_SWATCH + text_width(name, size)
        if used and used + item > width:
            rows, used = rows + 1, 0.0
        used += item
    return math.ceil(rows * LEGEND_ROW * size + GAP)


def label_band(figure: go.Figure) -> float:
    """Room left of the plot for the category labels of horizontal bars."""
    size = _font_size(figure)
    widths = [
        text_width(shown(str(label)), size)
        for trace in figure.data
        if getattr(trace, "orientation", None) == "h" and trace.y is not None
        for label in trace.y
    ]
    if not widths or not any(_visible(figure, name) for name in _axes(figure, "y")):
        return 0
    return math.ceil(max(widths) + GAP)


@dataclass(frozen=True)
class Bands:
    """The bands of an exported figure, top to bottom, and the left margin."""

    title_lines: tuple[str, ...]
    source_lines: tuple[str, ...]
    legend: float
    axis: float
    left: float

    @property
    def top(self) -> float:
        return (
            PAD + len(self.title_lines) * TITLE_SIZE * LINE_HEIGHT + GAP + self.legend
        )

    @property
    def source(self) -> float:
        return GAP + len(self.source_lines) * SOURCE_SIZE * LINE_HEIGHT + PAD

    @property
    def bottom(self) -> float:
        return self.axis + self.source


def bands_for(figure: go.Figure, title: str, source: str, width: int) -> Bands:
    """The bands ``figure`` needs when drawn ``width`` pixels wide."""
    text_room = width - 2 * PAD
    left = label_band(figure)
    return Bands(
        title_lines=tuple(wrap(title, text_room, TITLE_SIZE)),
        # A line break in the source starts a line of its own (the filters).
        source_lines=tuple(
            line
            for part in source.split("\n")
            for line in wrap(part, text_room, SOURCE_SIZE)
        ),
        # The legend stands over the plot, as wide as the plot.
        legend=legend_band(figure, width - PAD - left - RIGHT_MARGIN),
        axis=axis_band(figure),
        left=left,
    )


def _respace_panels(figure: go.Figure, plot_height: float) -> None:
    """Keep ``PANEL_GAP`` pixels between stacked panels (for the axis title of
    the upper one) at any canvas height, each panel keeping its share of the rest."""
    axes = [
        name for name in _axes(figure, "y") if figure.layout[name].domain is not None
    ]
    if len(axes) < 2:
        return
    gap = min(PANEL_GAP / plot_height, 0.5 / len(axes))
    spans = {
        name: figure.layout[name].domain[1] - figure.layout[name].domain[0]
        for name in axes
    }
    usable = 1 - gap * (len(axes) - 1)
    top = 1.0
    for name in sorted(axes, key=lambda n: -figure.layout[n].domain[1]):
        height = usable * spans[name] / sum(spans.values())
        figure.layout[name].domain = [max(0.0, top - height), top]
        top -= height + gap


@dataclass(frozen=True)
class Laid:
    """A figure laid out for a file: the figure, its canvas and its bands."""

    figure: go.Figure
    canvas: Canvas
    bands: Bands
    preset: Preset


def lay_out(
    figure: go.Figure,
    title: str,
    source: str,
    preset: Preset,
    screen: tuple[int, int] | None = None,
) -> Laid:
    """``figure`` with ``title`` above and ``source`` below, each in its own band,
    on the canvas of ``preset``. ``screen`` is the chart's size on screen, for the
    "screen" preset: the plot keeps that size, the bands are added to it."""
    out = go.Figure(figure)
    screen = screen if preset.follows_screen else None
    width = screen[0] if screen else preset.width
    bands = bands_for(out, title, source, width)
    natural = screen[1] if screen else (figure.layout.height or 450)
    on_screen = SCREEN_MARGINS + bands.axis + bands.legend
    plot = max(natural - on_screen, 4 * PANEL_GAP if len(_axes(out, "y")) > 1 else 120)
    canvas = canvas_for(preset, plot + bands.top + bands.bottom, width)
    left = PAD + bands.left
    out.update_layout(
        width=canvas.width,
        height=canvas.height,
        autosize=False,
        margin=dict(t=bands.top, b=bands.bottom, l=left, r=RIGHT_MARGIN),
        title=dict(
            text=lines(bands.title_lines),
            font=dict(size=TITLE_SIZE),
            xref="container",
            x=PAD / canvas.width,
            xanchor="left",
            yref="container",
            y=1 - PAD / canvas.height,
            yanchor="top",
            automargin=False,
        ),
        legend=dict(yref="paper", y=1, yanchor="bottom", x=0, xanchor="left"),
    )
    out.update_xaxes(title_standoff=TITLE_STANDOFF)
    _respace_panels(out, canvas.height - bands.top - bands.bottom)
    out.add_annotation(
        text=lines(bands.source_lines),
        showarrow=False,
        align="left",
        xref="paper",
        x=0,
        xanchor="left",
        xshift=-(left - PAD),
        yref="paper",
        y=0,
        yanchor="top",
        yshift=-(bands.axis + GAP),
        font=dict(size=SOURCE_SIZE, color=MUTED_COLOUR),
    )
    return Laid(out, canvas, bands, preset)
