"""Exporting images as a viewer does it: the chart menu, "export all" as a
background job with its progress bar, and a server without Chromium."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from devtools.browser import wait_for_dashboard
from devtools.live_server import (
    free_port,
    gunicorn_command,
    redis_server,
    server_process,
)
from i18n import t
from tests.browser.conftest import screenshot

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", params=["disk cache", "celery with redis"])
def real_server(request, tmp_path_factory):
    """The dashboard as `make run` starts it, background jobs forking from it; or as
    `make serve` with REDIS_URL: gunicorn, a Redis server and a Celery worker."""
    port = free_port()
    if request.param == "disk cache":
        command = [sys.executable, str(ROOT / "dashboard.py"), "run"]
        with server_process([*command, "--port", str(port)], port, cwd=ROOT) as base:
            yield SimpleNamespace(base=base, worker_log=None)
        return
    log = tmp_path_factory.mktemp("celery") / "worker.log"
    with redis_server() as (url, _), open(log, "w") as output:
        env = {**os.environ, "REDIS_URL": url}
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "dashboard:celery_app", "worker"]
            + ["--pool=solo", "--loglevel=INFO", "--without-heartbeat"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            with server_process(
                gunicorn_command(port), port, env=env, cwd=ROOT
            ) as base:
                yield SimpleNamespace(base=base, worker_log=log)
        finally:
            worker.terminate()
            worker.wait(timeout=30)


def test_chart_menu_exports_a_png(page, base_url):
    page.goto(base_url + "/outcomes?lang=en")
    wait_for_dashboard(page)
    card = page.locator("#card-flow")
    card.get_by_role("button", name=t("export.menu", "en")).click()
    with page.expect_download() as download:
        card.get_by_text(t("export.as_png", "en")).click()
    name = download.value.suggested_filename
    assert name.startswith("outcomes-flow-en-") and name.endswith(".png")
    data = Path(download.value.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24])[0] == 2400
    assert page.console.problems == []


def test_export_all_runs_in_the_background_with_progress(page, real_server):
    page.goto(real_server.base + "/study")
    wait_for_dashboard(page)
    with page.expect_download(timeout=180_000) as download:
        page.locator("#export-all").click()
        progress = page.locator("#export-progress")
        progress.wait_for(state="visible")
        assert page.locator("#export-all").is_disabled()
        page.wait_for_function(
            "() => /\\d+\\/\\d+/.test(document.getElementById('export-progress')"
            ".innerText)",
            timeout=60_000,
        )
        screenshot(page, "export-all-progress")
        # The page stays usable while the job runs.
        page.locator(".kpi .fact-button").first.click()
        page.locator(".detail-panel.show").wait_for()
        page.keyboard.press("Escape")
    assert download.value.suggested_filename.startswith("charts-zh-")
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    names = set(archive.namelist())
    assert {
        "study-figures-zh.png",
        "study-figures-zh.svg",
        "study-figures-zh.csv",
        "study-figures-zh.txt",
        "deck-zh.pdf",
    } <= names
    assert "“参加党员达107人次”" in archive.read("study-figures-zh.txt").decode()
    page.locator(".export-done").wait_for()
    assert page.locator("#export-progress").is_hidden()
    if real_server.worker_log:  # the job ran on the Celery worker
        assert "succeeded in" in real_server.worker_log.read_text()
    assert page.console.problems == []


def test_without_chromium_export_says_what_to_install(page):
    port = free_port()
    command = [sys.executable, str(ROOT / "dashboard.py"), "run", "--port", str(port)]
    env = {"BROWSER_PATH": "/nonexistent/chromium"}
    with server_process(command, port, env=env, cwd=ROOT) as base:
        page.goto(base + "/work")
        wait_for_dashboard(page)
        card = page.locator("#card-lists")
        card.get_by_role("button", name=t("export.menu", "zh")).click()
        card.get_by_text(t("export.as_svg", "zh")).click()
        error = page.locator(".export-error")
        error.wait_for()
        assert "apt-get install -y chromium" in error.inner_text()
        page.locator("#export-all").click()
        page.locator(".export-error").last.wait_for()
        # everything else keeps working
        page.locator(".kpi .fact-button").first.click()
        page.locator(".detail-panel.show").wait_for()
    assert page.console.problems == []
