"""Any report of the library on screen, attacked over HTTP: the report in the
address, the response cache, a library that changes or goes away while the
dashboard runs, the switcher with many or long titles, exports of another report.

Each test fails on the dashboard as it is and names what it expects instead.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest

import dashboard
from components.layout import make_report_menu
from components.urlstate import ViewState, parse_state
from devtools.requests import callback_payload
from exporter.bundle import export_items
from i18n import t
from library import Library, LibraryError
from library.bundled import bundled_slug
from library.cli import proposed_report
from library.shelf import Entry, Shelf
from tests.library_reports import GBK_REPORT, SAMPLES, build_library

CALLBACK = "/_dash-update-component"
GDP = "地区生产总值达到3.35万亿元"


# -- helpers ------------------------------------------------------------------


def nav(app, pathname: str = "/", search: str = "") -> dict:
    return callback_payload(
        app,
        "url.search",
        {"url.pathname": pathname, "url.search": search},
        "url.search",
    )


def answer(client, app, pathname="/", search=""):
    response = client.post(CALLBACK, json=nav(app, pathname, search))
    return response


def response_of(response) -> dict:
    return response.get_json()["response"]


def strings(node) -> list[str]:
    """Every string of a serialised component tree (its text, classes, links)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [s for n in node for s in strings(n)]
    if isinstance(node, dict):
        return [
            s
            for k, v in node.items()
            if k not in ("type", "namespace")
            for s in strings(v)
        ]
    return []


def brand(body: dict) -> str:
    return " ".join(strings(body["nav-brand"]["children"]))


def home(body: dict) -> str:
    return body["nav-brand"]["href"]


def library_app(monkeypatch, path: Path, **config):
    """An app on the library file ``path`` (as LIBRARY_PATH=path would give)."""
    monkeypatch.setenv("LIBRARY_PATH", str(path))
    monkeypatch.delenv("DATA_DIR", raising=False)
    return dashboard.create_app(config)


def government_text(old: str = "3.35万亿元", new: str = "3.35万亿元") -> str:
    text = (SAMPLES / "government_work_report.txt").read_text(encoding="utf-8")
    return text.replace(old, new)


def save_text(library: Library, slug: str, text: str, folder: Path, replace=False):
    """Save ``text`` as report ``slug`` through the ingest command's own code."""
    source = folder / f"{slug}-{abs(hash(text)) % 10_000}.txt"
    source.write_text(text, encoding="utf-8")
    args = argparse.Namespace(file=source, slug=slug, title="", replace=replace)
    meta, dataset, origin = proposed_report(args)
    return library.save(meta, dataset, replace=replace, **origin)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A library file with the bundled report, a GBK .txt and a .docx report,
    built once; each test works on a copy of it."""
    folder = tmp_path_factory.mktemp("attack-library")
    library = build_library(f"sqlite:///{folder / 'library.sqlite3'}", folder)
    library.engine.dispose()
    return folder / "library.sqlite3"


@pytest.fixture
def library_file(built, tmp_path) -> Path:
    copy = tmp_path / "library.sqlite3"
    shutil.copy(built, copy)
    return copy


# -- 1. repeated report= -------------------------------------------------------


@pytest.mark.parametrize(
    "search",
    [
        f"?report=nowhere&report={GBK_REPORT}",
        f"?report={GBK_REPORT}&report=cppcc_docx",
        f"?report=tianhe_campaign&report={GBK_REPORT}",
    ],
)
def test_the_report_on_screen_is_the_report_the_links_keep(
    monkeypatch, library_file, search
):
    """The dataset is picked by the FIRST report= (report_param) and the state,
    which every link, the switcher's mark and the exports' state keep, by the
    LAST one (parse_state): the page shows one report under another's links."""
    app = library_app(monkeypatch, library_file)
    body = response_of(answer(app.server.test_client(), app, "/", search))
    library = Library.open(f"sqlite:///{library_file}")
    try:
        titles = {e.slug: e.title_zh for e in Shelf(library, "x").entries()}
    finally:
        library.engine.dispose()
    linked = re.search(r"report=([a-z_0-9]+)", home(body))
    linked_slug = linked.group(1) if linked else bundled_slug()
    shown_title = " ".join(strings(body["print-footer"]["children"]))
    assert titles[linked_slug] in shown_title, (
        f"{search}: the links keep {linked_slug!r} but the page shows {shown_title!r}"
    )


def test_a_shelf_and_the_state_agree_on_the_report(monkeypatch, library_file):
    library = Library.open(f"sqlite:///{library_file}")
    shelf = Shelf(library, bundled_slug())
    try:
        for search in (
            f"?report=nowhere&report={GBK_REPORT}",
            f"?report={GBK_REPORT}&report=cppcc_docx",
        ):
            dataset = shelf.dataset_for(search)
            state, _ = parse_state(search, dataset, shelf)
            assert shelf.slug_for(search) == (state.report or shelf.default), search
    finally:
        library.engine.dispose()


# -- 2. cached answers crossing servers and libraries ----------------------------


@pytest.mark.filterwarnings("ignore:Flask-Caching")
def test_a_shared_cache_never_answers_for_another_default_report(
    monkeypatch, library_file, tmp_path
):
    """Two dashboards (or one restarted) on one library with a shared cache
    (FileSystemCache, the default CACHE_DIR, or Redis), REPORT differing: the
    address without report= names different reports, the cache key does not."""
    cache = {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(tmp_path / "cache")}
    first = library_app(monkeypatch, library_file, **cache)
    answer(first.server.test_client(), first)  # the bundled report, cached
    monkeypatch.setenv("REPORT", GBK_REPORT)
    second = library_app(monkeypatch, library_file, **cache)
    response = answer(second.server.test_client(), second)
    assert "政府工作报告" in brand(response_of(response)), (
        response.headers.get("X-Cache"),
        brand(response_of(response)),
    )


@pytest.mark.filterwarnings("ignore:Flask-Caching")
def test_a_shared_cache_never_answers_from_another_library(monkeypatch, tmp_path):
    """Two libraries whose reports have the same slugs and version numbers (a
    staging and a production library, or a library restored from export-data)
    get the same cache keys: one's numbers are served for the other's report."""
    cache = {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(tmp_path / "cache")}
    apps = {}
    for name, figure in (("one", "3.35万亿元"), ("two", "4.44万亿元")):
        folder = tmp_path / name
        folder.mkdir()
        library = Library.open(f"sqlite:///{folder / 'library.sqlite3'}")
        from library.bundled import ensure_bundled

        ensure_bundled(library)
        save_text(library, GBK_REPORT, government_text(new=figure), folder)
        library.engine.dispose()
        apps[name] = library_app(monkeypatch, folder / "library.sqlite3", **cache)
    search = f"?report={GBK_REPORT}"
    answer(apps["one"].server.test_client(), apps["one"], "/", search)
    response = answer(apps["two"].server.test_client(), apps["two"], "/", search)
    shown = " ".join(strings(response_of(response)["page"]))
    assert "4.44万亿元" in shown and "3.35万亿元" not in shown, response.headers.get(
        "X-Cache"
    )


# -- 3. the listing behind /library and the switcher ------------------------------


def test_a_new_report_is_listed_by_the_first_answer_after_it_is_saved(
    monkeypatch, library_file, tmp_path
):
    """The list of reports is read again at most every LISTING_SECONDS, but the
    answer built from it is cached under the NEW versions: a /library page (and
    a switcher) without the new report is then served for CACHE_SECONDS."""
    app = library_app(monkeypatch, library_file)
    client = app.server.test_client()
    answer(client, app, "/library", "")  # reads the listing
    library = Library.open(f"sqlite:///{library_file}")
    try:
        held = library.load(GBK_REPORT)
        library.save(
            dataclasses.replace(held.meta, slug="gov_new"),
            held.dataset,
            source_name="government.txt",
            source_sha256="0" * 64,
            note="test",
        )
    finally:
        library.engine.dispose()
    for _ in range(2):  # computed, then from the cache
        response = answer(client, app, "/library", "?lang=en")
        assert "report=gov_new" in json.dumps(response_of(response)), (
            response.headers.get("X-Cache")
        )


# -- 4. failures ----------------------------------------------------------------------


def test_an_error_answer_is_never_kept_in_the_cache(app, monkeypatch):
    """A request that failed once (the library busy or away for a moment) keeps
    answering "something went wrong" from the cache after the cause is gone."""
    from callbacks import navigation

    real = navigation.render_screen
    calls = {"n": 0}

    def once_broken(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("simulated: the library could not be read")
        return real(*args, **kwargs)

    monkeypatch.setattr(navigation, "render_screen", once_broken)
    client = app.server.test_client()
    first = answer(client, app, "/", "?lang=en")
    assert t("app.error", "en") in json.dumps(response_of(first))
    again = answer(client, app, "/", "?lang=en")
    assert t("app.error", "en") not in json.dumps(response_of(again)), (
        again.headers.get("X-Cache")
    )


def test_a_library_that_cannot_be_read_is_a_message_not_a_500(
    monkeypatch, library_file
):
    """The cache's key asks the library for every report's version before the
    callback runs, outside its try: a library removed, replaced by an empty
    file, or unreadable makes every callback a 500 (and a traceback in the log)."""
    app = library_app(monkeypatch, library_file)

    def unreadable(self):
        raise LibraryError(
            f"cannot read the SQLite library {library_file}: no such table: reports"
        )

    monkeypatch.setattr(Shelf, "versions", unreadable)
    response = answer(app.server.test_client(), app, "/", f"?report={GBK_REPORT}")
    assert response.status_code != 500, response.get_data(as_text=True)[:200]


def app_shelf(app) -> Shelf:
    """The shelf the app serves from."""
    return app.server.extensions[dashboard.SHELF_EXTENSION]


def test_a_library_file_removed_while_serving_is_a_message_and_recovers(
    monkeypatch, library_file
):
    """Removed while the dashboard runs, the library file is made again, empty,
    by the next new connection (as a second concurrent request opens): every
    callback is then a 500, and stays one after the library is put back, because
    the pooled connections stay on the removed, empty file."""
    app = library_app(monkeypatch, library_file)
    client = app.server.test_client()
    assert answer(client, app, "/", f"?report={GBK_REPORT}").status_code == 200
    backup = library_file.with_name("backup.sqlite3")
    shutil.copy(library_file, backup)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{library_file}{suffix}").unlink(missing_ok=True)
    # A new connection, as concurrent requests open when the pooled ones are busy.
    app_shelf(app).library.engine.dispose()
    removed = answer(client, app, "/", f"?report={GBK_REPORT}&lang=en")
    assert removed.status_code != 500, "a removed library makes callbacks a 500"
    assert not library_file.exists(), "an empty library was made in its place"
    for suffix in ("", "-wal", "-shm"):  # the backup put back, as mv or cp -f do
        Path(f"{library_file}{suffix}").unlink(missing_ok=True)
    shutil.copy(backup, library_file)
    restored = answer(client, app, "/", f"?report={GBK_REPORT}&mode=dark")
    assert restored.status_code == 200, "the library put back is never read again"
    assert GDP in " ".join(strings(response_of(restored)["page"]))


# -- 5. links to a fact across versions -----------------------------------------


def test_a_link_to_a_fact_keeps_naming_that_fact_after_a_new_version(
    monkeypatch, library_file, tmp_path
):
    """Proposed facts are numbered by their place in a section (fact_1_1, …): a
    new version with one more number before it moves every id, and a shared
    ?fact= link opens another number with no word of it."""
    app = library_app(monkeypatch, library_file)
    client = app.server.test_client()
    search = f"?report={GBK_REPORT}&fact=fact_1_1"
    before = response_of(answer(client, app, "/", search))
    title_before = " ".join(strings(before["detail"]["title"]))
    library = Library.open(f"sqlite:///{library_file}")
    try:
        text = government_text().replace(
            "全区经济运行稳中有进。", "全区经济运行稳中有进，全年接待游客1200万人次。"
        )
        save_text(library, GBK_REPORT, text, tmp_path, replace=True)
    finally:
        library.engine.dispose()
    after = response_of(answer(client, app, "/", search))
    title_after = " ".join(strings(after["detail"]["title"]))
    notice = " ".join(strings(after["notice"]["children"])) if after["notice"] else ""
    assert title_after == title_before or "fact" in notice, (
        f"{search} opened {title_before!r}, now {title_after!r} without a notice"
    )


# -- 6. the switcher with many or long titles ------------------------------------


def entry(slug: str, title: str) -> Entry:
    return Entry(slug, title, title, "", "", "", 33, 0)


def test_the_switcher_tells_reports_with_the_same_title_apart():
    """Ingest takes a report's first line as its title: fifty government work
    reports are fifty items reading 政府工作报告, one marked, none told apart."""
    entries = tuple(entry(f"gov_{i:02d}", "政府工作报告") for i in range(1, 51))
    menu = make_report_menu(entries, ViewState(), "gov_07")
    labels = [
        " ".join(strings(item.to_plotly_json()["props"]["children"]))
        for item in menu.children
        if getattr(item, "href", None) and "report=" in item.href
    ]
    assert len(set(labels)) == len(labels), labels[:3]


def test_a_long_title_does_not_make_the_switcher_wider_than_a_screen():
    """A title of 160 characters (the longest the library takes) makes the menu
    2306 px wide in Chromium: at 1280 px its left part, where every title starts,
    is off the screen; at 390 px the page scrolls sideways. The item should be
    cut (with the full title in its title attribute) or allowed to wrap."""
    long_title = "关于进一步加强和改进新时代区政协工作的实施意见" * 7
    menu = make_report_menu((entry("long", long_title[:160]),), ViewState(), "long")
    item = menu.children[0]
    shown = " ".join(strings(item.to_plotly_json()["props"]["children"]))
    wraps = "text-wrap" in (getattr(item, "className", "") or "")
    assert len(shown) <= 60 or wraps, len(shown)


# -- 7. exports of another report -----------------------------------------------------


def test_an_exported_chart_title_names_the_section_in_full(monkeypatch, library_file):
    """The navigation bar cuts a section's title to fit (一、2018年工作回…); an
    exported chart's title, which has room, carries the cut label."""
    library = Library.open(f"sqlite:///{library_file}")
    try:
        government = library.load(GBK_REPORT).dataset
    finally:
        library.engine.dispose()
    titles = [item.title for item in export_items(government, ViewState())]
    assert titles and not [title for title in titles if "…" in title], titles[:2]


# -- 8. control characters echoed --------------------------------------------------


def test_a_control_character_in_the_address_is_shown_escaped(app):
    """?report=gov%00 is echoed into the notice with the NUL itself."""
    response = answer(app.server.test_client(), app, "/", "?report=gov%00x")
    notice = json.dumps(response_of(response)["notice"], ensure_ascii=False)
    assert "\\u0000" not in notice and "\x00" not in notice, notice[:200]


@pytest.mark.parametrize("slug", ["", " ", "gov "])
def test_a_slug_given_empty_or_with_spaces_is_refused(tmp_path, slug):
    path = tmp_path / "report.txt"
    path.write_text("政府工作报告\n一、回顾\n全年召开座谈会8场。\n", encoding="utf-8")
    args = argparse.Namespace(file=path, slug=slug, title="", replace=False)
    with pytest.raises(LibraryError, match="--slug .* is empty or has spaces"):
        proposed_report(args)


def test_a_file_of_more_numbers_than_one_report_states_is_refused(
    tmp_path, monkeypatch
):
    import library.cli

    monkeypatch.setattr(library.cli, "MAX_FACTS", 20)
    path = tmp_path / "many.txt"
    path.write_text(
        "报告\n一、回顾\n" + "召开座谈会8场，发放问卷236份。\n" * 11, encoding="utf-8"
    )
    args = argparse.Namespace(file=path, slug=None, title="", replace=False)
    with pytest.raises(LibraryError, match="more than 20 numbers.*split it"):
        proposed_report(args)  # 22 facts
    path.write_text("报告\n" + "8，" * 41 + "\n", encoding="utf-8")
    with pytest.raises(LibraryError, match="more than 20 numbers"):
        proposed_report(args)  # refused by counting, before proposing


def test_a_very_long_report_is_shown_in_part_and_says_so(dataset, monkeypatch):
    import components.source
    from components.source import make_source_page

    monkeypatch.setattr(components.source, "MAX_SHOWN_CHARACTERS", 500)
    source = make_source_page(dataset, (), "en", dataset.facts, frozenset())
    page = json.dumps(source.to_plotly_json(), ensure_ascii=False, default=str)
    assert "The report is very long: the first" in page
    assert dataset.report[-40:].strip() not in page  # the end is not shown
