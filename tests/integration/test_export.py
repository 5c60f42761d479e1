"""Server-side export with the system Chromium: presets and their pixel sizes,
the bands of an exported image as Chromium draws them, real PDF pages, a PDF
deck behind a cover, PDF text that reads as the chart's, a job forked after an
export, captions, the zip, atomic writes and the missing-browser path."""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import multiprocess
import plotly.graph_objects as go
import pytest
from pypdf import PdfReader

from components.overview import report_title
from components.urlstate import ViewState
from exporter.bundle import (
    ZIP_FORMATS,
    export_items,
    export_to_dir,
    export_zip,
    render_file,
)
from exporter.cli import parse_formats
from exporter.images import (
    ExportUnavailable,
    Renderer,
    RenderFailed,
    atomic_write,
    browser_problem,
    render_once,
)
from exporter.layout import PRESETS
from figures.theme import FONT_FAMILY
from i18n import t

ROOT = Path(__file__).resolve().parents[2]
DAY = date(2026, 1, 2)
POINTS_PER_PIXEL = 0.75
# Radicals (Kangxi and the supplement) that look like common ideographs: a PDF
# whose text has them says ⼈ where the chart says 人.
RADICALS = range(0x2E80, 0x2FE0)
# Ideographs whose glyph Noto Sans CJK shares with a radical.
LOOKALIKES = set("见人干方面一入生目走长门")
FORK_TIMEOUT = 120


@pytest.fixture(scope="module")
def renderer():
    with Renderer() as warm:
        yield warm


@pytest.fixture(scope="module")
def items(dataset):
    found = export_items(dataset, ViewState(), DAY)
    assert found, "no chart to export"
    return found


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def page_points(page) -> tuple[float, float]:
    return float(page.mediabox.width), float(page.mediabox.height)


def pdf_text(data: bytes, tmp_path: Path) -> str:
    """What ``pdftotext`` (poppler) reads from a PDF: what a reader copies."""
    assert shutil.which("pdftotext"), "pdftotext is missing: run `make system-deps`"
    path = tmp_path / "read.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


def text_figure(text: str) -> go.Figure:
    figure = go.Figure()
    figure.add_annotation(text=text, showarrow=False, font=dict(size=60))
    figure.update_layout(
        font_family=FONT_FAMILY,
        width=400,
        height=200,
        xaxis_visible=False,
        yaxis_visible=False,
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    return figure


def test_chinese_renders_as_glyphs_not_boxes(renderer):
    """Two different Chinese strings rasterise differently; missing-glyph boxes
    ("tofu") would make them identical."""
    first = renderer.render(text_figure("政协委员"), "png", scale=1)
    second = renderer.render(text_figure("调查问卷"), "png", scale=1)
    blank = renderer.render(text_figure(" "), "png", scale=1)
    assert first != second
    assert blank not in (first, second)


def test_each_preset_gives_its_pixel_size(renderer, items):
    tallest = max(items, key=lambda item: item.figure.layout.height or 0)
    for item in {id(i): i for i in (items[0], tallest)}.values():
        for name, expected in (
            ("word", (1890, None)),
            ("slide", (1920, 1080)),
            ("square", (1080, 1080)),
        ):
            laid = item.laid_out(PRESETS[name])
            width, height = png_size(render_file(renderer, laid, "png", "zh"))
            assert width == expected[0], (item.name, name)
            assert height == (expected[1] or laid.canvas.pixels[1]), (item.name, name)
        laid = item.laid_out(PRESETS["screen"], (800, 400))
        size = png_size(render_file(renderer, laid, "png", "zh"))
        assert size == (1600, 2 * laid.canvas.height)
        assert laid.canvas.height > 400  # the chart's own height, and the bands


def test_svg_keeps_text_and_names_a_cjk_font(renderer, items):
    item = items[0]
    svg = render_file(renderer, item.laid_out(PRESETS["slide"]), "svg", "zh")
    svg = svg.decode("utf-8")
    assert svg.startswith("<svg") and "<text" in svg
    assert "Noto Sans CJK SC" in svg
    assert t(f"chart.{item.key}.title", "zh") in svg


BOXES = """() => {
    const union = (selector) => {
        const boxes = [...document.querySelectorAll(selector)]
            .map(e => e.getBoundingClientRect())
            .filter(b => b.width > 0 && b.height > 0);
        if (!boxes.length) { return null; }
        return {
            top: Math.min(...boxes.map(b => b.top)),
            bottom: Math.max(...boxes.map(b => b.bottom)),
            left: Math.min(...boxes.map(b => b.left)),
            right: Math.max(...boxes.map(b => b.right)),
        };
    };
    const svg = document.querySelector('svg').getBoundingClientRect();
    return {
        width: svg.width, height: svg.height,
        title: union('.g-gtitle text'),
        legend: union('.legend .traces'),
        plot: union('.subplot .gridlayer, .subplot .barlayer, .subplot .scatterlayer'),
        ticks: union('.xaxislayer-above text'),
        axisTitles: union('.infolayer [class^="g-x"][class$="title"] text'),
        source: union('.annotation:last-of-type .annotation-text'),
    };
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_title_chart_axis_titles_and_source_do_not_overlap_when_drawn(
    renderer, dataset, browser, lang
):
    """Measured by Chromium in the exported SVG, for every chart and preset: the
    title is above the legend and the plot, the source line is below the bottom
    axis' tick labels and title, both are inside the image and start at its
    left margin."""
    charts = export_items(dataset, ViewState(lang=lang), DAY)
    page = browser.new_page()
    try:
        for item in charts:
            for name in PRESETS:
                laid = item.laid_out(PRESETS[name], (900, 420))
                svg = render_file(renderer, laid, "svg", lang).decode("utf-8")
                page.set_content(f"<body style='margin:0'>{svg}</body>")
                box = page.evaluate(BOXES)
                where = (item.name, name)
                above = box["legend"] or box["plot"]
                assert box["title"]["bottom"] <= above["top"], where
                if box["legend"]:
                    assert box["legend"]["bottom"] <= box["plot"]["top"] + 1, where
                lowest = max(
                    part["bottom"]
                    for part in (box["plot"], box["ticks"], box["axisTitles"])
                    if part
                )
                assert lowest <= box["source"]["top"], where
                assert box["source"]["bottom"] <= box["height"], where
                for part in ("title", "source"):
                    assert 0 <= box[part]["left"] <= box[part]["right"] <= box["width"]
                # Title and source line start at the same left edge.
                assert abs(box["title"]["left"] - box["source"]["left"]) <= 4, where
    finally:
        page.close()


def test_a_job_forked_after_an_export_renders(renderer):
    """The hang of "export all": a chart exported in the web process, then a job
    forked from it (as Dash's disk-cache jobs are) asks for an image. The job
    must get its image, from a browser of its own, within the timeout; and the
    parent's browser must still work afterwards."""
    figure = go.Figure(go.Bar(x=[1, 2], y=[3, 4]))
    parent = Renderer()
    parent.render(figure, "png", scale=1)
    context = multiprocess.get_context("fork")
    results = context.Queue()

    def job():
        fresh = len(Renderer().render(figure, "png", scale=1))
        inherited = len(parent.render(figure, "svg"))  # restarts, in the child
        parent.stop()  # must not close the parent's browser
        results.put((fresh, inherited, os.getpid()))

    process = context.Process(target=job)
    process.start()
    process.join(FORK_TIMEOUT)
    hung = process.is_alive()
    if hung:
        process.kill()
        process.join()
    try:
        assert not hung, f"the forked job did not finish within {FORK_TIMEOUT} s"
        fresh, inherited, pid = results.get(timeout=5)
        assert fresh > 0 and inherited > 0 and pid != os.getpid()
        assert png_size(parent.render(figure, "png", scale=1))  # parent unharmed
    finally:
        parent.stop()


def test_a_browser_that_does_not_answer_in_time_is_replaced():
    figure = go.Figure(go.Bar(x=[1, 2], y=[3, 4]))
    with Renderer() as renderer:
        renderer.render(figure, "png", scale=1)
        renderer.timeout = 0.001
        with pytest.raises(RenderFailed, match="did not finish"):
            renderer.render(figure, "png", scale=1)
        assert not renderer.running  # closed, not left half-way
        renderer.timeout = 120
        assert png_size(renderer.render(figure, "png", scale=1))


def test_a_charts_pdf_is_a_real_page_of_its_preset(renderer, items):
    item = items[0]
    expected = {"word": (595.3, 841.9), "slide": (960, 540), "square": (540, 540)}
    for name, size in expected.items():
        pdf = PdfReader(
            io.BytesIO(render_file(renderer, item.laid_out(PRESETS[name]), "pdf", "zh"))
        )
        assert len(pdf.pages) == 1, name
        assert page_points(pdf.pages[0]) == pytest.approx(size, abs=1), name
        # A viewer's title bar shows the chart's title, not "about:blank".
        assert pdf.metadata.title == item.title, name
    laid = item.laid_out(PRESETS["screen"], (800, 400))
    pdf = PdfReader(io.BytesIO(render_file(renderer, laid, "pdf", "zh")))
    assert page_points(pdf.pages[0]) == pytest.approx(
        (800 * POINTS_PER_PIXEL, laid.canvas.height * POINTS_PER_PIXEL), abs=1
    )


def test_the_deck_is_one_pdf_of_equal_pages_behind_a_cover(
    renderer, dataset, items, tmp_path
):
    summary = export_to_dir(
        dataset,
        tmp_path,
        ViewState(),
        ("pdf",),
        "word",
        renderer=renderer,
        generated=DAY,
    )
    assert tmp_path / "deck-zh.pdf" in summary.files
    deck = PdfReader(tmp_path / "deck-zh.pdf")
    assert len(deck.pages) == len(items) + 1
    assert deck.metadata.title.startswith(t("app.title", "zh"))
    sizes = {tuple(round(v) for v in page_points(page)) for page in deck.pages}
    assert sizes == {(960, 540)}, "every page 16:9, the cover too"
    cover = "".join(deck.pages[0].extract_text().split())
    assert "".join(t("app.title", "zh").split()) in cover
    assert report_title(dataset) in cover
    assert "2026年1月2日" in cover
    chart = PdfReader(tmp_path / items[0].image_name("word", "pdf"))
    assert page_points(chart.pages[0]) == pytest.approx((595.3, 841.9), abs=1)
    assert not list(tmp_path.glob(".*.part")), "no half-written file is left"


def _words(item) -> list[str]:
    """The chart's own strings that hold an ideograph a radical looks like."""
    strings = [item.title]
    for trace in item.figure.data:
        for attribute in ("y", "text", "hovertext"):
            values = getattr(trace, attribute, None)
            if values is not None and not isinstance(values, str):
                strings += [str(value) for value in values]
    return [s for s in strings if LOOKALIKES & set(s)]


def test_pdf_text_is_the_charts_own_text(renderer, dataset, tmp_path):
    """pdftotext reads the words each chart shows — 意见, 人次 — never the
    radicals (⻅, ⼈) that share their glyphs in Noto Sans CJK; and so does a
    reader that knows only the fonts' ToUnicode maps."""
    charts = export_items(dataset, ViewState(), DAY)
    words = {item.name: _words(item) for item in charts}
    assert any(words.values()), "no chart shows a look-alike ideograph"
    deck = export_zip(dataset, ViewState(), renderer=renderer)
    deck = zipfile.ZipFile(io.BytesIO(deck)).read("deck-zh.pdf")
    read = pdf_text(deck, tmp_path)
    joined = "".join(read.split())
    assert [c for c in read if ord(c) in RADICALS] == []
    # Readers that ignore ActualText (pypdf here) read the same true text.
    pages = PdfReader(io.BytesIO(deck)).pages
    plain = "".join("".join(page.extract_text().split()) for page in pages)
    assert [c for c in plain if ord(c) in RADICALS] == []
    assert "意见" in plain and "人次" in plain
    for name, expected in words.items():
        for word in expected:
            assert "".join(word.split()) in joined, (name, word)
    assert "意见" in joined and "人次" in joined

    item = next(item for item in charts if words[item.name])
    single = render_file(renderer, item.laid_out(PRESETS["word"]), "pdf", "zh")
    read = pdf_text(single, tmp_path)
    assert [c for c in read if ord(c) in RADICALS] == []
    for word in words[item.name]:
        assert "".join(word.split()) in "".join(read.split()), word


def test_export_to_dir_writes_every_file(renderer, dataset, items, tmp_path):
    summary = export_to_dir(
        dataset,
        tmp_path,
        ViewState(),
        ("png", "svg"),
        "square",
        renderer=renderer,
        generated=DAY,
    )
    names = {path.name for path in summary.files}
    for item in items:
        assert {
            item.image_name("square", "png"),
            item.image_name("square", "svg"),
            f"{item.name}.csv",
            f"{item.name}.txt",
        } <= names
    assert not any(name.endswith(".pdf") for name in names), "no PDF, no deck"


def test_caption_names_title_source_and_date(dataset, items):
    item = items[0]
    lines = item.caption.splitlines()
    assert lines[0] == item.title
    assert f"《{report_title(dataset)}》" in item.caption
    assert "2026-01-02" in item.caption


def test_filters_and_language_carry_into_the_export(dataset):
    state = ViewState(lang="en", filters=ViewState().filters.toggled("theme", "work"))
    chosen = export_items(dataset, state, DAY)
    assert all(item.name.endswith("-en") for item in chosen)
    assert all(set(item.rows.get("theme", ["work"])) <= {"work"} for item in chosen)


def test_zip_holds_slide_images_rows_captions_and_the_deck(renderer, dataset, items):
    said = []
    archive = zipfile.ZipFile(
        io.BytesIO(
            export_zip(
                dataset,
                ViewState(),
                renderer=renderer,
                progress=lambda *step: said.append(step),
            )
        )
    )
    # The count is said at once, before a browser starts, then after each file.
    assert said[0][:1] == (0,) and said[-1][0] == said[-1][1] == said[0][1]
    names = set(archive.namelist())
    for item in items:
        for fmt in ZIP_FORMATS:
            assert item.image_name("slide", fmt) in names
        assert {f"{item.name}.csv", f"{item.name}.txt"} <= names
    assert png_size(archive.read(items[0].image_name("slide", "png"))) == (1920, 1080)
    deck = PdfReader(io.BytesIO(archive.read("deck-zh.pdf")))
    assert len(deck.pages) == len(items) + 1


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    path = tmp_path / "chart.png"
    atomic_write(path, b"good")

    def broken_replace(*args):
        raise OSError("disk full")

    monkeypatch.setattr("exporter.images.os.replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write(path, b"half")
    assert path.read_bytes() == b"good"


def test_missing_browser_is_reported_clearly(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert "BROWSER_PATH" in browser_problem()
    with pytest.raises(ExportUnavailable, match="apt-get install -y chromium"):
        render_once(go.Figure(), "png")
    with pytest.raises(ExportUnavailable, match="apt-get install"):
        Renderer().start()


def test_formats_are_checked():
    assert parse_formats("PNG, svg,png") == ("png", "svg")
    for bad in ("gif", "", "png,jpeg"):
        with pytest.raises(ValueError, match="choose from png, svg, pdf"):
            parse_formats(bad)


def run_cli(*args, env=None):
    return subprocess.run(
        [sys.executable, str(ROOT / "dashboard.py"), "export", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env=env,
    )


def test_cli_exports_a_preset_with_progress_and_summary(tmp_path):
    result = run_cli(
        "--out", str(tmp_path), "--format", "png", "--lang", "en", "--preset", "word"
    )
    assert result.returncode == 0, result.stderr
    assert "Exported" in result.stdout and str(tmp_path) in result.stdout
    assert "[##############################]" in result.stderr
    pngs = sorted(tmp_path.glob("*.png"))
    assert pngs and all(path.name.endswith("-word-en.png") for path in pngs)
    assert png_size(pngs[0].read_bytes())[0] == 1890
    assert not list(tmp_path.glob("*.pdf")), "no PDF asked for, no deck"


def test_cli_without_chromium_fails_clearly_and_writes_nothing(tmp_path):
    env = {**os.environ, "BROWSER_PATH": "/nonexistent/chromium"}
    result = run_cli("--out", str(tmp_path / "out"), env=env)
    assert result.returncode == 3
    assert "needs Chromium" in result.stderr and "apt-get install" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_cli_rejects_bad_arguments(tmp_path):
    assert run_cli("--out", str(tmp_path), "--format", "gif").returncode == 2
    assert run_cli("--out", str(tmp_path), "--scale", "0").returncode == 2
    assert run_cli("--out", str(tmp_path), "--preset", "poster").returncode == 2
