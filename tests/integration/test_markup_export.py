"""An exported chart shows a label holding markup as the characters typed: in
the SVG no link and no bold, in the PDF the text a reader copies."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from components.urlstate import ViewState
from data.schemas import FactSchema as F
from data.schemas import label_column
from exporter.bundle import export_items, render_file
from exporter.images import Renderer
from exporter.layout import PRESETS, lay_out
from tests.integration.test_export import pdf_text
from tests.markup import HOSTILE, hostile_dataset

SVG = "{http://www.w3.org/2000/svg}"
TITLE = 'A "quoted" <b>title</b> & &lt; 97% %{x} $x^2$'
SOURCE = 'Source: <a href="https://evil.example/">x<br>y</a>'


@pytest.fixture(scope="module")
def laid(tmp_path_factory, dataset):
    """The consultation page's chart, in English, of a dataset whose labels hold
    markup (the chart's own bars each a different one), laid out with a title and
    source line that hold markup too; and the labels it draws."""

    def chart(data):
        state = ViewState(lang="en")
        return next(i for i in export_items(data, state) if i.page == "consultation")

    drawn = chart(dataset).rows.head(60)[F.id]
    labels = dict(zip(drawn, HOSTILE, strict=False))
    item = chart(hostile_dataset(tmp_path_factory.mktemp("hostile"), labels))
    labels = list(item.rows.head(60)[label_column("en")])
    return lay_out(item.figure, TITLE, SOURCE, PRESETS["slide"]), labels


@pytest.fixture(scope="module")
def renderer():
    with Renderer() as warm:
        yield warm


def drawn(text: ET.Element) -> str:
    """A <text> element's characters as drawn; a label wrapped onto several lines
    (one tspan each, broken where it had a space) read as one."""
    lines = [
        tspan
        for tspan in text.iter(f"{SVG}tspan")
        if "line" in (tspan.get("class") or "").split()
    ]
    if lines:
        return " ".join("".join(line.itertext()) for line in lines)
    return "".join(text.itertext())


def texts(svg: bytes) -> tuple[ET.Element, list[str]]:
    """The SVG's tree, and each <text> element's characters as drawn."""
    root = ET.fromstring(svg)
    return root, [drawn(text) for text in root.iter(f"{SVG}text")]


def test_svg_shows_labels_title_and_source_as_typed(renderer, laid):
    figure, labels = laid
    root, drawn = texts(render_file(renderer, figure, "svg", "en"))
    assert list(root.iter(f"{SVG}a")) == [], "a label became a link"
    bold = [
        tspan
        for tspan in root.iter(f"{SVG}tspan")
        if "bold" in (tspan.get("style") or "") or tspan.get("font-weight")
    ]
    assert bold == [], "a label became bold"
    for label in labels:
        assert label in drawn, label
    assert TITLE in drawn
    assert SOURCE in drawn


def test_pdf_text_is_the_labels_as_typed(renderer, laid, tmp_path):
    figure, labels = laid
    pdf = render_file(renderer, figure, "pdf", "en")
    read = "".join(pdf_text(pdf, tmp_path).split())
    assert "<b>bold</b>" in read
    for label in labels:
        assert "".join(label.split()) in read, label
    assert "".join(TITLE.split()) in read
