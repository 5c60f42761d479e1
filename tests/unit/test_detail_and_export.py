"""The detail panel's content, the report helpers and the CSV export."""

import csv
import io

from components.detail import make_detail
from data.export import BOM, rows_to_csv
from data.report import paragraph_at, paragraphs, segments
from figures.charts import CHARTS
from tests.unit.test_pages import text_of


def test_detail_shows_excerpt_in_its_paragraph(dataset):
    title, body = make_detail(dataset, "questionnaires", "zh")
    text = text_of(body)
    assert title == "发放调查问卷"
    assert "发放调查问卷236份" in text
    assert "征求全体政协委员" in text  # words around the excerpt
    assert "一、4" in text


def test_detail_lists_the_other_facts_of_the_paragraph(dataset):
    _, body = make_detail(dataset, "questionnaires", "zh")
    links = [
        c.id["fact"] for c in _walk(body) if isinstance(getattr(c, "id", None), dict)
    ]
    assert {"symposiums", "member_consultations", "coverage"} <= set(links)
    assert "questionnaires" not in links


def test_derived_ratio_links_its_inputs(dataset):
    _, body = make_detail(dataset, "attendance_per_lecture", "en")
    text = text_of(body)
    assert "lecture_attendance / lecture_sessions" in text
    links = {
        (c.id["fact"], c.id["origin"])
        for c in _walk(body)
        if isinstance(getattr(c, "id", None), dict)
    }
    assert ("lecture_sessions", "detail-input") in links
    assert ("lecture_attendance", "detail-input") in links


def test_derived_count_lists_the_members(dataset):
    _, body = make_detail(dataset, "accounts_reviewed", "zh")
    text = text_of(body)
    for member in (
        "经费预算支出帐",
        "政协文史工作帐",
        "提案质量帐",
        "调研成效帐",
        "联谊服务帐",
    ):
        assert member in text


def _walk(component):
    if isinstance(component, list | tuple):
        for child in component:
            yield from _walk(child)
        return
    if component is None or isinstance(component, str | int | float):
        return
    yield component
    yield from _walk(getattr(component, "children", None))


def test_paragraphs_cover_the_report(dataset):
    found = paragraphs(dataset.report)
    assert found[0].text == dataset.report.split("\n")[0]
    for paragraph in found:
        assert dataset.report[paragraph.start : paragraph.end] == paragraph.text
    assert paragraph_at(dataset.report, 3029).start <= 3029


def test_segments_rebuild_the_text_and_prefer_the_shortest_excerpt(dataset):
    paragraph = paragraph_at(dataset.report, dataset.fact("lecture_sessions")["start"])
    pieces = segments(paragraph.text, paragraph.start, dataset.facts)
    assert "".join(p.text for p in pieces) == paragraph.text
    lecture = next(p for p in pieces if p.text == "8场辅导报告会")
    assert lecture.fact_ids[0] == "lecture_sessions"
    assert "attendance_per_lecture" in lecture.fact_ids


def test_csv_has_a_bom_and_no_formulas(dataset):
    rows = CHARTS["lists"].rows(dataset, dataset.facts).copy()
    rows.loc[rows.index[0], "label_en"] = '=HYPERLINK("http://x")'
    rows.loc[rows.index[1], "label_en"] = "+1"
    rows.loc[rows.index[2], "label_en"] = "@SUM(A1)"
    rows.loc[rows.index[3], "label_en"] = "-2"
    text = rows_to_csv(rows)
    assert text.startswith(BOM)
    table = list(csv.DictReader(io.StringIO(text[len(BOM) :])))
    assert len(table) == len(rows)
    assert [r["label_en"] for r in table[:4]] == [
        '\'=HYPERLINK("http://x")',
        "'+1",
        "'@SUM(A1)",
        "'-2",
    ]
    assert table[5]["label_zh"] == rows.iloc[5]["label_zh"]
    assert float(table[5]["value"]) == rows.iloc[5]["value"]
