"""The library in a browser: a report brought in from a GBK .txt and one from a
.docx, every page of each with a clean console; the switcher, the library page,
and proposed facts marked and filtered as a reader uses them."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from components.pages import pages_for
from dashboard import create_app
from devtools.live_server import live_server
from i18n import t
from tests.browser.helpers import open_page, url_ending
from tests.library_reports import DOCX_REPORT, GBK_REPORT, build_library


@pytest.fixture(scope="module")
def library_server(tmp_path_factory):
    """A server on a library of three reports (the bundled one shown first)."""
    folder = tmp_path_factory.mktemp("library")
    path = folder / "library.sqlite3"
    library = build_library(f"sqlite:///{path}", folder)
    before = os.environ.get("LIBRARY_PATH")
    os.environ["LIBRARY_PATH"] = str(path)
    try:
        app = create_app()
    finally:
        if before is None:
            os.environ.pop("LIBRARY_PATH", None)
        else:
            os.environ["LIBRARY_PATH"] = before
    with live_server(app.server) as url:
        yield url, library
    library.engine.dispose()


@pytest.mark.parametrize(("slug", "lang"), [(GBK_REPORT, "zh"), (DOCX_REPORT, "en")])
def test_every_page_of_an_ingested_report_renders(page, library_server, slug, lang):
    base, library = library_server
    dataset = library.load(slug).dataset
    title = dataset.report.split("\n", 1)[0].strip()
    for spec in pages_for(dataset):
        open_page(page, f"{base}{spec.path}?report={slug}&lang={lang}")
        if spec.name == "present":
            expect(page.locator(".slide").first).to_be_attached()
            continue
        expect(page.locator(".navbar-brand")).to_contain_text(title)
        expect(page.locator(".navbar .nav-link.active")).to_have_text(spec.label(lang))
        expect(page.locator("main h1")).to_be_visible()
        if spec.name != "source":  # every figure shown is still unreviewed
            expect(page.locator(".status-proposed").first).to_have_text(
                t("status.proposed", lang)
            )
    assert page.console.problems == []


def test_the_switcher_and_the_library_page_open_a_report(page, library_server):
    base, library = library_server
    title = library.load(GBK_REPORT).meta.title_zh
    open_page(page, base + "/")
    expect(page.locator(".navbar-brand")).to_have_text(t("app.title", "zh"))
    page.get_by_role("button", name=t("nav.reports", "zh")).click()
    page.locator(".report-menu").get_by_role(
        "link", name=t("nav.reports_all", "zh")
    ).click()
    expect(page).to_have_url(url_ending("/library"))
    table = page.locator(".library-table")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(page.locator(".filter-bar")).to_be_hidden()  # nothing to filter there
    table.get_by_role("link", name=title).click()
    expect(page).to_have_url(url_ending(f"/?report={GBK_REPORT}"))
    expect(page.locator(".navbar-brand")).to_contain_text(title)
    expect(page.locator(".filter-bar")).to_be_visible()
    # The switcher brings the bundled report back.
    page.get_by_role("button", name=t("nav.reports", "zh")).click()
    bundled = library.load("tianhe_campaign").meta.title_zh
    page.locator(".report-menu").get_by_role("link", name=bundled).click()
    expect(page.locator(".navbar-brand")).to_have_text(t("app.title", "zh"))
    assert page.console.problems == []


def test_proposed_facts_can_be_hidden_with_the_review_filter(page, library_server):
    base, _ = library_server
    open_page(page, f"{base}/section/1?report={GBK_REPORT}")
    cards = page.locator(".kpi-card")
    expect(cards.first).to_be_visible()
    page.locator("#filter-status").click()
    page.get_by_role("option", name=t("status.reviewed", "zh"), exact=True).click()
    page.keyboard.press("Escape")
    expect(page).to_have_url(url_ending("status=reviewed"))
    expect(cards).to_have_count(0)
    expect(page.locator("main")).to_contain_text(t("page.no_facts", "zh"))
    assert page.console.problems == []


def test_the_bundled_report_has_no_review_filter(page, base_url):
    open_page(page, base_url + "/")
    expect(page.locator("#filter-column-status")).to_be_hidden()
