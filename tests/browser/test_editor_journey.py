"""An editor's whole journey, on the commands a fresh clone runs: the dashboard
started as `make run` starts it, an editor added with `dashboard.py user add`,
then in the browser: sign in, upload a report, review its facts with the keys,
correct a label, and see the report's dashboard show the correction. The
console stays clean throughout."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import expect

from devtools.live_server import free_port, server_process
from i18n import t
from tests.browser.helpers import settle

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "unit" / "ingest_samples" / "government_work_report.txt"
PASSWORD = "a long enough password"
LABEL = "  地区生产总值（经审核） <b>原样</b> "


def test_from_a_fresh_library_to_a_corrected_dashboard(page, tmp_path):
    env = {"LIBRARY_PATH": str(tmp_path / "library.sqlite3"), "SECRET_KEY": ""}
    env["SECRET_KEY_FILE"] = str(tmp_path / "secret_key")
    added = subprocess.run(
        [sys.executable, "dashboard.py", "user", "add", "editor1"],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=120,
    )
    assert added.returncode == 0, added.stderr
    port = free_port()
    command = [sys.executable, "dashboard.py", "run", "--port", str(port)]
    with server_process(command, port, env=env, cwd=ROOT) as base:
        lang = "zh"
        page.goto(f"{base}/library")
        page.get_by_role("link", name=t("account.title", lang)).click()
        page.get_by_label(t("account.name", lang)).fill("editor1")
        page.get_by_label(t("account.password", lang)).fill(PASSWORD)
        page.get_by_role("button", name=t("account.submit", lang)).click()
        form = page.locator("#upload-form")
        expect(form).to_be_visible()
        settle(page)
        page.get_by_label(t("upload.file", lang)).set_input_files(str(SAMPLE))
        page.get_by_role("button", name=t("upload.submit", lang)).click()
        expect(page).to_have_url(
            re.compile(r"/review\?.*report=government_work_report")
        )
        title = page.locator("#review-form-title")
        expect(title).to_contain_text(t("status.proposed", lang))
        # Go through the first facts with the keys: accept three, skip one back.
        for _ in range(3):
            current = title.inner_text()
            page.keyboard.press("a")
            expect(title).not_to_have_text(current)
        expect(page.locator("#review-header")).to_contain_text(
            t("review.header", lang, title="", version=4, proposed="", total="")
            .split("·")[1]
            .strip()
        )
        page.keyboard.press("k")
        expect(title).to_contain_text(t("status.reviewed", lang))
        fact = title.inner_text().split(" · ")[0].strip()
        page.keyboard.press("e")
        label = page.locator("#review-field-label_zh")
        expect(label).to_be_focused()
        label.fill(LABEL)
        page.get_by_role("button", name=t("review.save", lang)).click()
        expect(page.locator(".review-saved")).to_contain_text(
            t("review.action.edit", lang)
        )
        settle(page)
        # The report's dashboard shows the label as typed.
        page.goto(f"{base}/source?report=government_work_report&fact={fact}")
        expect(page.locator("#detail")).to_contain_text(LABEL.strip())
        settle(page)
        page.goto(f"{base}/?report=government_work_report")
        expect(page.locator("#page")).to_contain_text(LABEL.strip())
        assert page.console.problems == []
