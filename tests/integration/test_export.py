"""Server-side export: real images from the system Chromium, Chinese glyphs that
are not boxes, captions, the zip, atomic writes and the missing-browser path."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import plotly.graph_objects as go
import pytest
from pypdf import PdfReader

from components.urlstate import ViewState
from exporter.bundle import ZIP_FORMATS, export_items, export_to_dir, export_zip
from exporter.cli import parse_formats
from exporter.images import (
    ExportUnavailable,
    Renderer,
    atomic_write,
    browser_problem,
    render_once,
)
from figures.theme import FONT_FAMILY

ROOT = Path(__file__).resolve().parents[2]
DAY = date(2026, 1, 2)


@pytest.fixture(scope="module")
def renderer():
    with Renderer() as warm:
        yield warm


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


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


def test_png_has_the_expected_size(renderer, dataset):
    item = export_items(dataset, ViewState(), DAY)[0]
    data = renderer.render(item.figure, "png", scale=2)
    assert png_size(data) == (2 * 1200, 2 * item.figure.layout.height)


def test_svg_keeps_text_and_names_a_cjk_font(renderer, dataset):
    item = export_items(dataset, ViewState(), DAY)[0]
    svg = renderer.render(item.figure, "svg").decode("utf-8")
    assert svg.startswith("<svg") and "<text" in svg
    assert "Noto Sans CJK SC" in svg
    assert "座谈会征求意见的政协委员" in svg


def test_export_to_dir_writes_every_file(renderer, dataset, tmp_path):
    items = export_items(dataset, ViewState(), DAY)
    summary = export_to_dir(
        dataset, tmp_path, ViewState(), ("png", "pdf"), renderer=renderer, generated=DAY
    )
    names = {path.name for path in summary.files}
    for item in items:
        for suffix in ("png", "pdf", "csv", "txt"):
            assert f"{item.name}.{suffix}" in names
    deck = PdfReader(tmp_path / "deck-zh.pdf")
    assert len(deck.pages) == len(items)
    assert not list(tmp_path.glob(".*.part")), "no half-written file is left"


def test_caption_names_title_source_and_date(dataset):
    item = next(
        i
        for i in export_items(dataset, ViewState(), DAY)
        if i.name == "outcomes-percentages-zh"
    )
    assert item.caption.splitlines()[0].startswith("百分比")
    assert "《天河区政协机关深入学习实践科学发展观活动总结》" in item.caption
    assert "“评议满意率达97%以上”" in item.caption and "≥97%" in item.caption
    assert "2026-01-02" in item.caption


def test_filters_and_language_carry_into_the_export(dataset):
    state = ViewState(lang="en", filters=ViewState().filters.toggled("theme", "work"))
    items = export_items(dataset, state, DAY)
    assert items and all(item.name.endswith("-en") for item in items)
    assert all(set(item.rows.get("theme", ["work"])) <= {"work"} for item in items)


def test_zip_holds_images_rows_captions_and_the_deck(renderer, dataset):
    archive = zipfile.ZipFile(
        io.BytesIO(export_zip(dataset, ViewState(), renderer=renderer))
    )
    names = set(archive.namelist())
    items = export_items(dataset, ViewState(), DAY)
    for item in items:
        for suffix in (*ZIP_FORMATS, "csv", "txt"):
            assert f"{item.name}.{suffix}" in names
    assert "deck-zh.pdf" in names
    assert len(PdfReader(io.BytesIO(archive.read("deck-zh.pdf"))).pages) == len(items)


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


def test_cli_exports_with_progress_and_summary(tmp_path):
    result = run_cli(
        "--out", str(tmp_path), "--format", "png,svg", "--lang", "en", "--scale", "1"
    )
    assert result.returncode == 0, result.stderr
    assert "Exported" in result.stdout and str(tmp_path) in result.stdout
    assert "[##############################]" in result.stderr
    pngs = sorted(tmp_path.glob("*.png"))
    assert pngs and all(path.name.endswith("-en.png") for path in pngs)
    assert png_size(pngs[0].read_bytes())[0] == 1200
    assert not list(tmp_path.glob("*.pdf")), "no PDF asked for, no deck"


def test_cli_without_chromium_fails_clearly_and_writes_nothing(tmp_path):
    import os

    env = {**os.environ, "BROWSER_PATH": "/nonexistent/chromium"}
    result = run_cli("--out", str(tmp_path / "out"), env=env)
    assert result.returncode == 3
    assert "needs Chromium" in result.stderr and "apt-get install" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_cli_rejects_bad_arguments(tmp_path):
    assert run_cli("--out", str(tmp_path), "--format", "gif").returncode == 2
    assert run_cli("--out", str(tmp_path), "--scale", "0").returncode == 2
