"""Every chart of the dashboard as files: images, the rows behind each chart, a
caption, and one PDF deck of all charts."""

from __future__ import annotations

import io
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from pypdf import PdfWriter

from components.overview import report_title
from components.pages import PAGES, chart_rows
from components.urlstate import ViewState
from data import Dataset
from data.export import rows_to_csv
from data.schemas import FactSchema as F
from data.schemas import label_column
from exporter.images import FORMATS, Renderer, atomic_write
from figures.charts import CHARTS
from i18n import t
from i18n.format import fact_quantity, quoted, section_name

TITLE_SPACE = 70  # pixels above the plot for the title
FOOTER_SPACE = 60  # pixels below it for the source line
ZIP_FORMATS = ("png", "svg")
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ExportItem:
    """One chart as it is exported: a file stem, a figure, its rows, its caption."""

    name: str
    figure: go.Figure
    rows: pd.DataFrame
    caption: str


@dataclass
class Summary:
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0


def _citation_lines(rows: pd.DataFrame, lang: str) -> list[str]:
    if F.id not in rows.columns:  # the coverage chart counts numerals, not facts
        return []
    return [
        f"- {row[label_column(lang)]}: "
        f"{fact_quantity(row, lang)} — "
        f"{section_name(row[F.section], lang)} {quoted(row[F.excerpt])}"
        for row in rows.sort_values(F.start).to_dict("records")
    ]


def caption_text(
    title: str, rows: pd.DataFrame, source: str, generated: date, lang: str
) -> str:
    """The caption file: title, source, each figure with its citation, the date."""
    lines = [title, "", t("export.source", lang, report=source), ""]
    lines += _citation_lines(rows, lang)
    lines += ["", t("export.generated", lang, date=generated.isoformat()), ""]
    return "\n".join(lines)


def figure_for_export(figure: go.Figure, title: str, footer: str) -> go.Figure:
    """The figure with its title above and the source line below, for a file."""
    out = go.Figure(figure)
    height = (figure.layout.height or 450) + TITLE_SPACE + FOOTER_SPACE
    out.update_layout(
        title=dict(text=title, x=0.01, xanchor="left", font=dict(size=20)),
        margin=dict(t=TITLE_SPACE, b=FOOTER_SPACE + 10),
        height=height,
    )
    out.add_annotation(
        text=footer,
        showarrow=False,
        xref="paper",
        yref="paper",
        x=0,
        xanchor="left",
        y=0,
        yanchor="top",
        yshift=-(FOOTER_SPACE - 12),
        font=dict(size=12, color="#555"),
    )
    return out


def export_items(
    dataset: Dataset, state: ViewState, generated: date | None = None
) -> list[ExportItem]:
    """Every chart of every page, under the filters and language of ``state``."""
    generated = generated or date.today()
    lang = state.lang
    source = report_title(dataset)
    items = []
    for page in PAGES:
        for key in page.charts:
            rows = chart_rows(dataset, page.path, state, key)
            if rows is None or rows.empty:
                continue
            title = f"{t(f'chart.{key}.title', lang)} · {t(f'nav.{page.name}', lang)}"
            footer = t("export.footer", lang, report=source, date=generated.isoformat())
            figure = figure_for_export(
                CHARTS[key].figure(rows, lang, frozenset()), title, footer
            )
            items.append(
                ExportItem(
                    f"{page.name}-{key}-{lang}",
                    figure,
                    rows,
                    caption_text(title, rows, source, generated, lang),
                )
            )
    return items


def export_to_dir(
    dataset: Dataset,
    out: Path,
    state: ViewState,
    formats: tuple[str, ...] = FORMATS,
    scale: float = 2,
    progress: Progress | None = None,
    renderer: Renderer | None = None,
    generated: date | None = None,
    deck: bool | None = None,
) -> Summary:
    """Write images in ``formats``, CSV and caption per chart, and (by default when
    PDF is among the formats) one PDF deck of all charts, into ``out``. Each file
    is written whole or not at all."""
    started = time.perf_counter()
    items = export_items(dataset, state, generated)
    deck = "pdf" in formats if deck is None else deck
    rendered = formats + (("pdf",) if deck and "pdf" not in formats else ())
    total = len(items) * (len(rendered) + 1) + (1 if deck else 0)
    done, summary, pages = 0, Summary(), []

    def step(label: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total, label)

    own = renderer is None
    renderer = renderer or Renderer()
    try:
        for item in items:
            for fmt in rendered:
                data = renderer.render(item.figure, fmt, scale)
                if fmt == "pdf":
                    pages.append(data)
                if fmt in formats:
                    path = out / f"{item.name}.{fmt}"
                    atomic_write(path, data)
                    summary.files.append(path)
                step(f"{item.name}.{fmt}")
            for suffix, content in (
                ("csv", rows_to_csv(item.rows)),
                ("txt", item.caption),
            ):
                path = out / f"{item.name}.{suffix}"
                atomic_write(path, content)
                summary.files.append(path)
            step(f"{item.name}.csv/.txt")
        if deck:
            writer = PdfWriter()
            for page in pages:
                writer.append(io.BytesIO(page))
            # Each chart's PDF carries its own copy of the fonts: keep one.
            writer.compress_identical_objects(
                remove_duplicates=True, remove_unreferenced=True
            )
            buffer = io.BytesIO()
            writer.write(buffer)
            path = out / f"deck-{state.lang}.pdf"
            atomic_write(path, buffer.getvalue())
            summary.files.append(path)
            step(path.name)
    finally:
        if own:
            renderer.stop()
    summary.seconds = time.perf_counter() - started
    return summary


def export_zip(
    dataset: Dataset,
    state: ViewState,
    scale: float = 2,
    progress: Progress | None = None,
    renderer: Renderer | None = None,
) -> bytes:
    """For every chart PNG, SVG, CSV and caption, plus the PDF deck, as a zip."""
    with tempfile.TemporaryDirectory(prefix="campaign-export-") as folder:
        summary = export_to_dir(
            dataset,
            Path(folder),
            state,
            ZIP_FORMATS,
            scale,
            progress,
            renderer,
            deck=True,
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in summary.files:
                archive.write(path, path.name)
        return buffer.getvalue()
