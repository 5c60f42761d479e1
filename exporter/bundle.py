"""Every chart of the dashboard as files: images in a size preset, the rows behind
each chart, a caption, and one PDF deck of all charts behind a cover page."""

from __future__ import annotations

import io
import re
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from components.filterbar import value_label
from components.overview import report_title
from components.pages import app_title, chart_rows, pages_for
from components.urlstate import ViewState
from data import Dataset
from data.export import rows_to_csv
from data.filters import Filters
from data.schemas import FactSchema as F
from data.schemas import label_column
from exporter.images import FORMATS, Renderer, atomic_write, write_problem
from exporter.layout import DECK_PRESET, PRESETS, Laid, Preset, lay_out
from exporter.pages import Cover, chart_page, deck
from figures.charts import CHARTS
from figures.summaries import summarise
from figures.text import shown
from i18n import HTML_LANG, t
from i18n.format import fact_quantity, format_date, quoted, section_name

ZIP_FORMATS = ("png", "svg")
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ExportItem:
    """One chart as it is exported: where it comes from, its figure as the page
    draws it, its title and source line, its rows and its caption."""

    page: str
    key: str
    lang: str
    figure: go.Figure
    title: str
    source: str
    rows: pd.DataFrame
    caption: str

    @property
    def name(self) -> str:
        """The stem of the chart's rows and caption: page, chart, language."""
        return f"{self.page}-{self.key}-{self.lang}"

    def image_name(self, preset: str, fmt: str) -> str:
        """The file name of an image: page, chart, preset, language."""
        return f"{self.page}-{self.key}-{preset}-{self.lang}.{fmt}"

    def laid_out(self, preset: Preset, screen: tuple[int, int] | None = None) -> Laid:
        """The figure with its title and source line, on ``preset``'s canvas."""
        return lay_out(self.figure, self.title, self.source, preset, screen)


class WriteFailed(RuntimeError):
    """A file of the export could not be written; nothing half-written is left."""

    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(f"cannot write {path}: {write_problem(error)}")
        self.path = path
        self.error = error


@dataclass
class Summary:
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0


def _citation_lines(rows: pd.DataFrame, lang: str) -> list[str]:
    if F.id not in rows.columns:  # the coverage chart counts numerals, not facts:
        return [summarise("coverage", rows, lang)]  # what it shows, in words
    return [
        f"- {row[label_column(lang)]}: "
        f"{fact_quantity(row, lang)} — "
        f"{section_name(row[F.section], lang)} {quoted(row[F.excerpt])}"
        for row in rows.sort_values(F.start).to_dict("records")
    ]


def filter_note(dataset: Dataset, filters: Filters | None, lang: str) -> str | None:
    """What an export says about the filters it was made under ("Filtered: Theme =
    Consultation; Unit kind = People"), in ``lang``; None when no filter is set, so
    that an unfiltered export says nothing extra."""
    if filters is None or filters.is_empty():
        return None
    parts = [
        t(
            "export.filter_part",
            lang,
            name=t(f"filter.{name}", lang),
            values=t("export.filter_or", lang).join(
                value_label(dataset, name, value, lang) for value in chosen
            ),
        )
        for name in Filters.names()
        if (chosen := getattr(filters, name))
    ]
    return t("export.filtered", lang, filters=t("export.filter_and", lang).join(parts))


def caption_text(
    title: str,
    rows: pd.DataFrame,
    source: str,
    generated: date,
    lang: str,
    note: str | None = None,
) -> str:
    """The caption file: title, source, the filters (when any), each figure with
    its citation, the date."""
    lines = [title, "", t("export.source", lang, report=source), ""]
    if note:
        lines += [note, ""]
    lines += _citation_lines(rows, lang)
    lines += ["", t("export.generated", lang, date=generated.isoformat()), ""]
    return "\n".join(lines)


def chart_title(page: str, key: str, lang: str, page_label: str | None = None) -> str:
    """An exported chart's title: the chart's, and the page it is on (its name in
    the navigation bar: ``page_label``, or the catalog's for ``page``)."""
    return f"{t(f'chart.{key}.title', lang)} · {page_label or t(f'nav.{page}', lang)}"


def source_line(
    dataset: Dataset, lang: str, generated: date, note: str | None = None
) -> str:
    """The band under every exported chart: the report and the date, and on a
    line of its own the filters the chart was drawn under, when any."""
    line = t(
        "export.footer", lang, report=report_title(dataset), date=generated.isoformat()
    )
    return f"{line}\n{note}" if note else line


def export_item(
    dataset: Dataset,
    page: str,
    key: str,
    rows: pd.DataFrame,
    lang: str,
    generated: date,
    filters: Filters | None = None,
    page_label: str | None = None,
) -> ExportItem:
    """Chart ``key`` of ``page`` drawn from ``rows`` (under ``filters``), ready to
    be exported."""
    title = chart_title(page, key, lang, page_label)
    note = filter_note(dataset, filters, lang)
    return ExportItem(
        page=page,
        key=key,
        lang=lang,
        figure=CHARTS[key].figure(rows, lang, frozenset()),
        title=title,
        source=source_line(dataset, lang, generated, note),
        rows=rows,
        caption=caption_text(title, rows, report_title(dataset), generated, lang, note),
    )


def export_items(
    dataset: Dataset, state: ViewState, generated: date | None = None
) -> list[ExportItem]:
    """Every chart of every page, under the filters and language of ``state``."""
    generated = generated or date.today()
    items = []
    for page in pages_for(dataset):
        for key in page.charts:
            rows = chart_rows(dataset, page.path, state, key)
            if rows is None or rows.empty or not CHARTS[key].drawable(rows):
                continue
            items.append(
                export_item(
                    dataset,
                    page.name,
                    key,
                    rows,
                    state.lang,
                    generated,
                    state.filters,
                    page.full_label(state.lang),
                )
            )
    return items


def render_file(
    renderer: Renderer,
    laid: Laid,
    fmt: str,
    lang: str,
    scale: float | None = None,
) -> bytes:
    """``laid`` as a file: a PNG of its preset's pixels (or ``scale`` pixels per
    CSS pixel), an SVG, or a PDF page of its preset's page size. ``lang`` is the
    language of the chart's text."""
    canvas = laid.canvas
    if fmt == "png":
        return renderer.render(
            laid.figure,
            "png",
            scale or canvas.render_scale,
            canvas.width,
            canvas.height,
        )
    svg = renderer.render(laid.figure, "svg", 1, canvas.width, canvas.height)
    if fmt == "svg":
        return svg
    if fmt == "pdf":
        page = chart_page(
            svg.decode("utf-8"),
            laid.preset,
            canvas,
            HTML_LANG[lang],
            pdf_title(laid.figure),
        )
        return renderer.print_pdf(page)
    raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")


def pdf_title(figure) -> str:
    """A figure's title as plain text, one line: the title of its PDF."""
    text = re.sub(r"<br\s*/?>", " ", str(figure.layout.title.text or ""))
    return " ".join(shown(re.sub(r"<[^>]+>", "", text)).split())


def deck_cover(
    dataset: Dataset, state: ViewState, charts: int, generated: date
) -> Cover:
    """The deck's cover: the dashboard, the report, how many charts, the filters
    (when any), the date."""
    lang = state.lang
    note = filter_note(dataset, state.filters, lang)
    return Cover(
        heading=app_title(dataset, lang),
        report=t("export.deck_report", lang, report=report_title(dataset)),
        lines=(
            t("export.deck_charts", lang, count=charts),
            *((note,) if note else ()),
            t("export.generated", lang, date=format_date(generated, lang)),
        ),
        lang=HTML_LANG[lang],
    )


def render_deck(
    renderer: Renderer,
    dataset: Dataset,
    state: ViewState,
    items: list[ExportItem],
    generated: date,
    svgs: dict[str, bytes] | None = None,
    progress: Callable[[str], None] | None = None,
) -> bytes:
    """One PDF: a cover, then every chart on a page of its own, all pages 16:9.
    ``svgs`` holds charts already drawn at the deck's preset, by item name."""
    preset = PRESETS[DECK_PRESET]
    pages = []
    for item in items:
        svg = (svgs or {}).get(item.name) or render_file(
            renderer, item.laid_out(preset), "svg", item.lang
        )
        pages.append(svg.decode("utf-8"))
        if progress:
            progress(item.name)
    cover = deck_cover(dataset, state, len(items), generated)
    return renderer.print_pdf(deck(cover, pages, preset.page))


def export_to_dir(
    dataset: Dataset,
    out: Path,
    state: ViewState,
    formats: tuple[str, ...] = FORMATS,
    preset: str = DECK_PRESET,
    progress: Progress | None = None,
    renderer: Renderer | None = None,
    generated: date | None = None,
    deck: bool | None = None,
    scale: float | None = None,
) -> Summary:
    """Write every chart in ``formats`` at ``preset``, its CSV and caption, and
    (by default when PDF is among the formats) the PDF deck, into ``out``. Each
    file is written whole or not at all."""
    started = time.perf_counter()
    generated = generated or date.today()
    items = export_items(dataset, state, generated)
    with_deck = "pdf" in formats if deck is None else deck
    total = len(items) * (len(formats) + 1) + (1 if with_deck else 0)
    done, summary = 0, Summary()
    deck_svgs: dict[str, bytes] = {}

    def step(label: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total, label)

    def write(name: str, content: bytes | str) -> None:
        path = out / name
        try:
            atomic_write(path, content)
        except OSError as error:
            raise WriteFailed(path, error) from error
        summary.files.append(path)

    if progress:  # said at once: the first file waits for a browser to start
        progress(0, total, "")
    own = renderer is None
    renderer = renderer or Renderer()
    finished = False
    try:
        for item in items:
            laid = item.laid_out(PRESETS[preset])
            for fmt in formats:
                data = render_file(renderer, laid, fmt, item.lang, scale)
                if fmt == "svg" and preset == DECK_PRESET:
                    deck_svgs[item.name] = data
                write(item.image_name(preset, fmt), data)
                step(item.image_name(preset, fmt))
            write(f"{item.name}.csv", rows_to_csv(item.rows))
            write(f"{item.name}.txt", item.caption)
            step(f"{item.name}.csv/.txt")
        if with_deck:
            name = f"deck-{state.lang}.pdf"
            pdf = render_deck(renderer, dataset, state, items, generated, deck_svgs)
            write(name, pdf)
            step(name)
        finished = True
    finally:
        if own:  # on a failure or an interruption, nothing waits on the browser
            renderer.stop(kill=not finished)
    summary.seconds = time.perf_counter() - started
    return summary


def export_zip(
    dataset: Dataset,
    state: ViewState,
    progress: Progress | None = None,
    renderer: Renderer | None = None,
    preset: str = DECK_PRESET,
) -> bytes:
    """For every chart a PNG and an SVG at ``preset``, its CSV and caption, and
    the PDF deck, as a zip."""
    with tempfile.TemporaryDirectory(prefix="campaign-export-") as folder:
        summary = export_to_dir(
            dataset,
            Path(folder),
            state,
            ZIP_FORMATS,
            preset,
            progress,
            renderer,
            deck=True,
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in summary.files:
                archive.write(path, path.name)
        return buffer.getvalue()
