"""Uploading a report in a browser, as an editor does it: sign in, open the
library, choose the file, upload, and land on the review page of the new report
with its proposed facts; a viewer sees the way to sign in instead of the form."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard import create_app
from devtools.live_server import live_server
from editors.accounts import add_user
from i18n import t
from library import Library
from library.bundled import ensure_bundled

SAMPLE = (
    Path(__file__).resolve().parents[1]
    / "unit"
    / "ingest_samples"
    / "government_work_report.txt"
)
PASSWORD = "correct horse battery"


@pytest.fixture
def upload_server(tmp_path):
    """A server on a fresh library (the bundled report) with editor alice."""
    path = tmp_path / "library.sqlite3"
    library = Library.open(f"sqlite:///{path}")
    ensure_bundled(library)
    add_user(library.engine, "alice", PASSWORD)
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


def test_an_editor_uploads_a_report_and_reviews_it(page, upload_server):
    base, library = upload_server
    lang = "en"
    page.goto(f"{base}/library?lang={lang}")
    form = page.locator("#upload-form")
    sign_in = page.get_by_role("link", name=t("account.title", lang))
    expect(sign_in).to_be_visible()
    expect(form).to_be_hidden()
    sign_in.click()
    page.get_by_label(t("account.name", lang)).fill("alice")
    page.get_by_label(t("account.password", lang)).fill(PASSWORD)
    page.get_by_role("button", name=t("account.submit", lang)).click()
    expect(page).to_have_url(re.compile(r"/library\?lang=en$"))
    expect(form).to_be_visible()
    expect(sign_in).to_be_hidden()
    page.get_by_label(t("upload.file", lang)).set_input_files(str(SAMPLE))
    page.get_by_label(t("upload.title", lang)).fill("Government work report")
    page.get_by_role("button", name=t("upload.submit", lang)).click()
    expect(page).to_have_url(re.compile("/review"))
    expect(page).to_have_url(re.compile(r"report=government_work_report"))
    expect(page.locator("#review-table tbody tr").first).to_be_visible()
    assert library.load("government_work_report").meta.title_en == (
        "Government work report"
    )
    assert page.console.problems == []


def test_a_refused_file_is_said_under_the_form(page, upload_server, tmp_path):
    base, library = upload_server
    lang = "en"
    misnamed = tmp_path / "report.pdf"
    misnamed.write_bytes(SAMPLE.read_bytes())
    page.goto(f"{base}/sign-in?lang={lang}&next=/library%3Flang%3Den")
    page.get_by_label(t("account.name", lang)).fill("alice")
    page.get_by_label(t("account.password", lang)).fill(PASSWORD)
    page.get_by_role("button", name=t("account.submit", lang)).click()
    expect(page.locator("#upload-form")).to_be_visible()
    page.get_by_label(t("upload.file", lang)).set_input_files(str(misnamed))
    button = page.get_by_role("button", name=t("upload.submit", lang))
    button.click()
    alert = page.locator("#upload-form [role=alert]")
    expect(alert).to_contain_text("report.pdf is plain text, though named .pdf")
    expect(button).to_be_enabled()
    assert sorted(library.reports()["slug"]) == ["tianhe_campaign"]
