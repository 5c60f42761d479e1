"""Exporting images as a viewer does it: the chart menu's presets, the toolbar's
camera, "export all" as a background job with its progress bar — also right
after a single export, which once left the job waiting forever — and a server
without Chromium."""

from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from components.charts import preset_label
from devtools.live_server import (
    free_port,
    gunicorn_command,
    redis_server,
    server_process,
)
from i18n import t
from tests.browser.conftest import screenshot

ROOT = Path(__file__).resolve().parents[2]
EXPORT_ALL_SECONDS = 240  # every chart twice, and the deck, on a busy machine
CAMERA_TITLE = {"zh": "下载图表为PNG格式", "en": "Download plot as a PNG"}
RESET_TITLE = "重置轴"  # plotly's "Reset axes" in its zh-CN locale
# A server process just started answers its first page slowly on a busy machine
# (each worker builds its first figures and loads the library).
FIRST_DRAW_MS = 60_000


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def first_card(page, url: str):
    """The page's first chart card, once its chart is drawn; and its chart key."""
    page.goto(url)
    card = page.locator(".chart-card").first
    expect(card.locator(".chart-graph .main-svg").first).to_be_visible(
        timeout=FIRST_DRAW_MS
    )
    return card, card.get_attribute("id").removeprefix("card-")


def export_from_menu(page, card, label: str, lang: str):
    """Choose ``label`` in the card's export menu; the download it gives."""
    card.get_by_role("button", name=t("export.menu", lang), exact=True).click()
    with page.expect_download(timeout=120_000) as download:
        card.get_by_role("button", name=label, exact=True).click()
    return download.value


@pytest.fixture(scope="module", params=["dashboard.py run", "gunicorn"])
def forking_server(request):
    """A server whose "export all" jobs are forked from the process that served
    the page (Dash's disk-cache jobs): `make run`, and `make serve` with one
    worker, so that the job is forked from the worker that exported a chart."""
    port = free_port()
    if request.param == "dashboard.py run":
        command = [sys.executable, str(ROOT / "dashboard.py"), "run", "--port"]
        command.append(str(port))
    else:
        command = gunicorn_command(port, 1)
    with server_process(command, port, cwd=ROOT) as base:
        yield base


def test_export_all_right_after_exporting_one_chart(page, forking_server):
    """Export one chart from its menu, then export all: the job forked after
    the single export must finish, not wait forever."""
    card, key = first_card(page, forking_server + "/consultation")
    single = export_from_menu(page, card, preset_label("slide", "zh"), "zh")
    assert single.suggested_filename.startswith(f"consultation-{key}-slide-zh-")
    with page.expect_download(timeout=EXPORT_ALL_SECONDS * 1000) as everything:
        page.locator("#export-all").click()
        expect(page.locator(".export-done")).to_be_visible(
            timeout=EXPORT_ALL_SECONDS * 1000
        )
    assert everything.value.suggested_filename.startswith("charts-slide-zh-")
    archive = zipfile.ZipFile(io.BytesIO(Path(everything.value.path()).read_bytes()))
    assert f"consultation-{key}-slide-zh.png" in archive.namelist()
    assert page.console.problems == []


def test_chart_menu_exports_the_presets(page, base_url):
    card, key = first_card(page, base_url + "/consultation?lang=en")
    today = date.today().isoformat()
    for preset, size in (("slide", (1920, 1080)), ("word", (1890, None))):
        download = export_from_menu(page, card, preset_label(preset, "en"), "en")
        assert download.suggested_filename == (
            f"consultation-{key}-{preset}-en-{today}.png"
        )
        width, height = png_size(Path(download.path()).read_bytes())
        assert width == size[0] and height == (size[1] or height)
    pdf = export_from_menu(page, card, "PDF · A4 portrait page", "en")
    assert pdf.suggested_filename == f"consultation-{key}-word-en-{today}.pdf"
    assert Path(pdf.path()).read_bytes()[:5] == b"%PDF-"
    assert page.console.problems == []


def test_the_camera_gives_the_titled_png_of_the_menu(page, base_url):
    """The toolbar's camera downloads what "as on screen" in the menu gives: the
    server's PNG with title and source line, named like every export."""
    card, key = first_card(page, base_url + "/consultation?lang=en")
    graph = card.locator(".chart-graph .js-plotly-plot").first
    graph.hover()
    camera = graph.locator(f'.modebar-btn[data-title="{CAMERA_TITLE["en"]}"]')
    with page.expect_download(timeout=120_000) as download:
        camera.click()
    name = f"consultation-{key}-screen-en-{date.today().isoformat()}.png"
    assert download.value.suggested_filename == name
    from_camera = Path(download.value.path()).read_bytes()
    width, height = png_size(from_camera)
    box = graph.bounding_box()  # the size the camera sent, settled by now
    assert width == round(2 * box["width"])
    assert height > 2 * box["height"] + 60, "the title and source have their bands"

    from_menu = export_from_menu(page, card, preset_label("screen", "en"), "en")
    assert from_menu.suggested_filename == name
    assert Path(from_menu.path()).read_bytes() == from_camera
    assert page.console.problems == []


def test_the_toolbar_holds_only_the_tools_that_apply(page, base_url):
    page.goto(base_url + "/consultation")
    graphs = page.locator(".chart-graph .js-plotly-plot")
    expect(graphs.first.locator(".main-svg").first).to_be_visible()
    for index in range(graphs.count()):
        graph = graphs.nth(index)
        graph.hover()
        # The camera, titled in the page's language, and at most a zoom reset:
        # no selection tools, no link to plotly's cloud, no logo.
        camera = f'.modebar-btn[data-title="{CAMERA_TITLE["zh"]}"]'
        expect(graph.locator(camera)).to_have_count(1)
        others = f".modebar-btn:not({camera[len('.modebar-btn') :]})"
        expect(
            graph.locator(f'{others}:not([data-title="{RESET_TITLE}"])')
        ).to_have_count(0)
        expect(graph.locator(".modebar-btn--logo")).to_have_count(0)
    assert page.console.problems == []


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


def test_export_all_runs_in_the_background_with_progress(page, real_server):
    card, key = first_card(page, real_server.base + "/consultation")
    button, progress = page.locator("#export-all"), page.locator("#export-progress")
    with page.expect_download(timeout=EXPORT_ALL_SECONDS * 1000) as download:
        button.click()
        expect(progress).to_be_visible()
        expect(button).to_be_disabled()
        expect(progress).to_contain_text("/", timeout=60_000)
        screenshot(page, "export-all-progress")
        # The page stays usable while the job runs.
        card.get_by_role("tab", name=t("chart.view_table", "zh")).click()
        expect(card.locator(".chart-table table")).to_be_visible()
    assert download.value.suggested_filename.startswith("charts-slide-zh-")
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    names = set(archive.namelist())
    stem = f"consultation-{key}"
    assert {
        f"{stem}-slide-zh.png",
        f"{stem}-slide-zh.svg",
        f"{stem}-zh.csv",
        f"{stem}-zh.txt",
        "deck-zh.pdf",
    } <= names
    assert png_size(archive.read(f"{stem}-slide-zh.png")) == (1920, 1080)
    expect(page.locator(".export-done")).to_be_visible()
    expect(progress).to_be_hidden()
    if real_server.worker_log:  # the job ran on the Celery worker
        assert "succeeded in" in real_server.worker_log.read_text()
    assert page.console.problems == []


def test_without_chromium_export_says_what_to_install(page):
    port = free_port()
    command = [sys.executable, str(ROOT / "dashboard.py"), "run", "--port", str(port)]
    env = {"BROWSER_PATH": "/nonexistent/chromium"}
    with server_process(command, port, env=env, cwd=ROOT) as base:
        card, _ = first_card(page, base + "/source")
        card.get_by_role("button", name=t("export.menu", "zh"), exact=True).click()
        card.get_by_role("button", name=t("export.as_svg", "zh"), exact=True).click()
        error = page.locator(".export-error")
        expect(error).to_contain_text("apt-get install -y chromium")
        page.locator("#export-all").click()
        expect(page.locator(".export-error").last).to_contain_text("apt-get install")
        # everything else keeps working
        card.get_by_role("tab", name=t("chart.view_table", "zh")).click()
        expect(card.locator(".chart-table table")).to_be_visible()
        # Checked while the server still runs: once it stops, the page's next
        # request fails, as it should.
        assert page.console.problems == []


def test_as_on_screen_from_the_table_tab_gives_the_shown_size(page, base_url):
    """With the card's Table tab open the chart measures 0×0; "as on screen"
    still gives the PNG of the chart as it is when shown."""
    card, key = first_card(page, base_url + "/consultation?lang=en")
    graph = card.locator(".chart-graph .js-plotly-plot").first
    box = graph.bounding_box()
    card.get_by_role("tab", name=t("chart.view_table", "en")).click()
    expect(card.locator(".chart-table table")).to_be_visible()
    expect(graph).to_be_hidden()
    download = export_from_menu(page, card, preset_label("screen", "en"), "en")
    assert download.suggested_filename.startswith(f"consultation-{key}-screen-en-")
    width, height = png_size(Path(download.path()).read_bytes())
    assert width == round(2 * box["width"])
    assert height > 2 * box["height"] + 60, "the title and source have their bands"
    expect(page.locator(".export-error")).to_have_count(0)
    assert page.console.problems == []


def test_exports_clicked_quickly_each_arrive_in_turn(page, base_url):
    """A second export (and a CSV) clicked while the first runs waits its turn,
    visibly, instead of cancelling the first's download; all three arrive."""
    card, key = first_card(page, base_url + "/consultation?lang=en")
    held = []

    def hold_first_export(route):
        if not held and "export-request" in (route.request.post_data or ""):
            held.append(route)  # answered when the test lets it go
        else:
            route.continue_()

    page.route(re.compile(r"/_dash-update-component"), hold_first_export)
    menu = card.get_by_role("button", name=t("export.menu", "en"), exact=True)
    busy = card.locator(".export-busy")

    def named(suffix):
        return lambda download: download.suggested_filename.endswith(suffix)

    wait = {"timeout": 120_000}
    with (
        page.expect_download(predicate=named(".png"), **wait) as png,
        page.expect_download(predicate=named(".csv"), **wait) as csv,
        page.expect_download(predicate=named(".svg"), **wait) as svg,
    ):
        menu.click()
        card.get_by_role("button", name=preset_label("slide", "en")).click()
        expect(busy).to_have_text(t("export.busy", "en"))
        card.get_by_role("button", name=t("chart.download_csv", "en")).click()
        menu.click()
        card.get_by_role("button", name=t("export.as_svg", "en"), exact=True).click()
        expect(busy).to_contain_text(t("export.queued", "en", count=2))
        assert len(held) == 1, "the others wait in the page, not on the server"
        held[0].continue_()
    assert png.value.suggested_filename.startswith(f"consultation-{key}-slide-en-")
    assert csv.value.suggested_filename == f"{key}.csv"
    assert Path(svg.value.path()).read_bytes().lstrip().startswith(b"<")
    expect(busy).to_be_hidden()
    assert page.console.problems == []
