"""What the server adds around the dashboard: the response cache, security
headers, long-lived and hard-compressed static files, allow-listed inputs, settings."""

from __future__ import annotations

import json
import re

import pytest
from plotly.offline import get_plotlyjs_version

import dashboard
from components import ids
from components.charts import export_request
from components.pages import render_screen
from components.urlstate import ViewState
from devtools.live_server import free_port
from devtools.requests import callback_payload, pattern_payload
from i18n import t
from serving import SettingsError, settings_from
from serving.cache import ResponseCache
from serving.compression import EXTENSION, chosen_encoding
from tests.pages import PAGES

ROOT = dashboard.ROOT
ONE_YEAR = 365 * 24 * 3600


def navigation_request(app, search="?lang=en"):
    return callback_payload(
        app, "url.search", {"url.pathname": "/", "url.search": search}, "url.search"
    )


def test_a_repeated_request_is_answered_from_the_cache(app):
    client = app.server.test_client()
    first = client.post("/_dash-update-component", json=navigation_request(app))
    again = client.post("/_dash-update-component", json=navigation_request(app))
    other = client.post("/_dash-update-component", json=navigation_request(app, ""))
    assert (first.headers["X-Cache"], again.headers["X-Cache"]) == ("miss", "hit")
    assert again.get_json() == first.get_json()
    assert other.headers["X-Cache"] == "miss"
    assert other.get_json() != first.get_json()


def response_cache(app) -> ResponseCache:
    """The app's response cache, as its request hook holds it."""
    return next(
        f.__self__
        for f in app.server.before_request_funcs[None]
        if isinstance(getattr(f, "__self__", None), ResponseCache)
    )


def test_a_failing_cache_is_skipped_not_fatal(app, monkeypatch):
    def down(*args):
        raise ConnectionError("cache server stopped")

    responses = response_cache(app)
    monkeypatch.setattr(responses.cache, "get", down)
    monkeypatch.setattr(responses.cache, "set", down)
    response = app.server.test_client().post(
        "/_dash-update-component", json=navigation_request(app)
    )
    assert response.status_code == 200
    assert "236 copies" in response.get_data(as_text=True)


@pytest.mark.filterwarnings("ignore:Flask-Caching")
def test_the_cache_can_be_turned_off(dataset):
    app = dashboard.create_app({"DATASET": dataset, "CACHE_TYPE": "NullCache"})
    client = app.server.test_client()
    for _ in range(2):
        response = client.post("/_dash-update-component", json=navigation_request(app))
        assert response.headers["X-Cache"] == "miss"


def test_security_headers_and_a_strict_policy(app):
    response = app.server.test_client().get("/")
    headers = response.headers
    policy = headers["Content-Security-Policy"]
    assert "unsafe-eval" not in policy
    assert not re.search(r"https?://", policy), "no origin but the app's own"
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert "'unsafe-inline'" not in script_src
    # Every inline script of the page is allowed by its hash, and only those.
    inline = re.findall(
        r"<script(?![^>]*src=)(?![^>]*application/json)[^>]*>",
        response.get_data(as_text=True),
    )
    assert len(re.findall(r"'sha256-", script_src)) >= len(inline) > 0
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_dev_tools_are_off(app):
    page = app.server.test_client().get("/").get_data(as_text=True)
    config = re.search(r'id="_dash-config"[^>]*>([^<]+)<', page).group(1)
    assert '"ui": false' in config.replace('":false', '": false')
    assert not app.server.debug


def test_static_files_are_cached_for_a_year_and_compressed_hard(app):
    client = app.server.test_client()
    page = client.get("/").get_data(as_text=True)
    plotly = re.search(r'src="(/assets/plotly-basic[^"]+)"', page).group(1)
    plain = client.get(plotly)
    assert f"max-age={ONE_YEAR}" in plain.headers["Cache-Control"]
    # Not kept yet: sent at once at a fast level, compressed hard meanwhile.
    for encoding in ("br", "zstd", "gzip"):
        quick = client.get(plotly, headers={"Accept-Encoding": encoding})
        assert quick.headers["Content-Encoding"] == encoding
        assert len(quick.data) < len(plain.data) * 0.4
    app.server.extensions[EXTENSION].wait()
    # brotli 11 / zstd 19 are about a fifth smaller than the fast levels' 0.33.
    for encoding, share in (("br", 0.28), ("zstd", 0.3), ("gzip", 0.34)):
        packed = client.get(plotly, headers={"Accept-Encoding": encoding})
        assert packed.headers["Content-Encoding"] == encoding
        assert "Accept-Encoding" in packed.headers["Vary"]
        assert len(packed.data) < len(plain.data) * share
    assert chosen_encoding("gzip, deflate, br, zstd") == "br"
    assert chosen_encoding("identity") is None


def test_the_plotly_bundle_matches_the_python_package_and_the_traces(dataset):
    header = (ROOT / "assets" / "plotly-basic.min.js").read_text()[:200]
    assert f"v{get_plotlyjs_version()}" in header
    basic = {"bar", "scatter", "pie"}  # the trace types of plotly.js's basic bundle
    used = set()
    for page in PAGES:
        for lang in ("zh", "en"):
            screen = render_screen(
                page.path, ViewState(lang=lang), [], dataset, frozenset()
            )
            used |= set(
                re.findall(r"'type': '(\w+)'", str(screen.page.to_plotly_json()))
            )
    traces = used & {"bar", "scatter", "pie", "heatmap", "sankey", "treemap", "table"}
    assert traces and traces <= basic


def test_a_filter_value_the_page_does_not_offer_is_named_in_a_notice(app):
    payload = callback_payload(
        app,
        "url.search",
        {"url.pathname": "/", "url.search": "", "filter-theme.value": ["study", "<x>"]},
        changed="filter-theme.value",
    )
    body = app.server.test_client().post("/_dash-update-component", json=payload)
    answer = body.get_json()["response"]
    assert answer["url"]["search"] == "?theme=study"
    notice = str(answer["notice"]["children"])
    assert t("app.input_notice", "zh", params="theme=<x>") in notice


@pytest.mark.parametrize(
    ("first_output", "trigger", "prop", "value"),
    [
        ("download.data", ids.csv_button("no-such-chart"), "n_clicks", 1),
        (
            "download.data@",
            export_request("themes"),
            "data",
            {"format": "exe", "preset": "slide"},
        ),
        ("{", ids.chart_tabs("no-such-chart"), "active_tab", "table"),
    ],
)
def test_pattern_buttons_naming_what_the_page_lacks_get_a_notice(
    app, first_output, trigger, prop, value
):
    payload = pattern_payload(
        app, first_output, trigger, prop, value, {"url.pathname": "/", "url.search": ""}
    )
    response = app.server.test_client().post("/_dash-update-component", json=payload)
    assert response.status_code == 200, response.data[:300]
    assert "Traceback" not in response.get_data(as_text=True)
    shown = str(response.get_json()["response"])  # in the notice or export status
    assert t("app.input_notice", "zh", params="") in shown
    assert trigger["chart"] in shown


def test_a_table_tab_is_filled_when_opened(app, dataset):
    payload = pattern_payload(
        app,
        "{",
        ids.chart_tabs("themes"),
        "active_tab",
        "table",
        {"url.pathname": "/", "url.search": "?lang=en"},
    )
    response = app.server.test_client().post("/_dash-update-component", json=payload)
    table = str(response.get_json()["response"])
    assert "rows-table" in table and "Table" in table


def test_settings_come_from_the_environment_and_fail_clearly(monkeypatch):
    monkeypatch.setenv("CACHE_SECONDS", "60")
    assert settings_from(None)["CACHE_SECONDS"] == 60
    assert settings_from({"CACHE_SECONDS": 5})["CACHE_SECONDS"] == 5
    for bad in ("a minute", "6²", "６0"):
        monkeypatch.setenv("CACHE_SECONDS", bad)
        with pytest.raises(SettingsError, match="CACHE_SECONDS must be a whole"):
            settings_from(None)


def test_a_redis_that_does_not_answer_falls_back_with_a_warning(caplog):
    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    settings = settings_from({"REDIS_URL": url})
    assert settings["REDIS_URL"] is None
    assert "did not answer" in caplog.text and "Falling back" in caplog.text


def filter_request(app, values, control="filter-section"):
    return callback_payload(
        app,
        "url.search",
        {"url.pathname": "/", "url.search": "", f"{control}.value": values},
        changed=f"{control}.value",
    )


def test_a_filter_list_far_longer_than_its_choices_is_refused_whole(app, dataset):
    """480,000 values (under the 1 MB request cap) once made a 7 MB answer: the list
    is refused before its values are looked at, and the notice stays short."""
    client = app.server.test_client()
    body = json.dumps(filter_request(app, [0] * 480_000), separators=(",", ":"))
    assert len(body) < 1_000_000
    response = client.post(
        "/_dash-update-component", data=body, content_type="application/json"
    )
    assert response.status_code == 200
    assert len(response.get_data()) < 200_000
    answer = response.get_json()["response"]
    notice = str(answer["notice"]["children"])
    assert "480000 values" in notice


def test_a_notice_names_the_first_few_values_then_counts_the_rest(app, dataset):
    sections = list(dataset.outline["section"])
    values = sections[:3] + [f"bad{i}" for i in range(2 * len(sections) - 3)]
    client = app.server.test_client()
    answer = client.post(
        "/_dash-update-component", json=filter_request(app, values)
    ).get_json()["response"]
    notice = str(answer["notice"]["children"])
    assert "bad0" in notice and "bad4" in notice and "bad5" not in notice
    more = len(values) - 3 - 5
    assert t("app.notice_more", "zh", count=more) in notice


def test_an_answer_with_a_notice_is_not_kept_in_the_cache(app):
    client = app.server.test_client()
    payload = filter_request(app, ["no-such-section"])
    for _ in range(2):
        response = client.post("/_dash-update-component", json=payload)
        assert response.status_code == 200
        assert "X-Cache" not in response.headers


def test_the_memory_cache_is_capped_by_bytes(dataset):
    """200 distinct 42 KB answers once grew a worker by 80 MB."""
    app = dashboard.create_app({"DATASET": dataset, "CACHE_BYTES": 500_000})
    responses = response_cache(app)
    backend = responses.cache.cache
    answer = b"x" * 42_000
    for number in range(200):
        backend.set(f"answer-{number}", answer)
    assert backend.size() <= 500_000 + 43_000
    assert backend.get("answer-199") == answer


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("redis://:secret@host:6379/0", "redis://***@host:6379/0"),
        ("redis://user:secret@host/0", "redis://***@host/0"),
        ("rediss://user@[::1]:6380/2", "rediss://***@[::1]:6380/2"),
        ("redis://host:6379/0", "redis://host:6379/0"),
        ("redis://:secret@host:99999/0", "<unreadable URL>"),
        ("redis://:sec#ret@host:6379/0", "<unreadable URL>"),
    ],
)
def test_a_url_is_shown_without_its_credentials(url, shown):
    from serving.urls import redacted, scrubbed

    assert redacted(url) == shown
    if ":secret@" in url:
        assert "secret" not in scrubbed(f"failed at {url}: secret refused", url)
    if shown == "<unreadable URL>":
        # Its error may quote any piece of it (redis-py: "Port could not be cast
        # to integer value as 'sec'"): none of the error is shown.
        assert "sec" not in scrubbed("cast as 'sec'", url).replace("scheme", "")


def test_a_cached_answer_is_not_given_to_a_request_dash_refuses(app):
    """A body that Dash refuses as text (415) is refused when cached too."""
    client = app.server.test_client()
    body = json.dumps(navigation_request(app))
    path = "/_dash-update-component"
    first = client.post(path, data=body, content_type="application/json")
    assert first.status_code == 200 and first.headers["X-Cache"] == "miss"
    again = client.post(path, data=body, content_type="text/plain")
    assert again.status_code == 415 and "X-Cache" not in again.headers


@pytest.mark.parametrize(
    "path",
    [
        "/_dash-component-suites/nosuchpkg/x.js",
        "/_dash-component-suites/dash/nonexist.v1_0_0m1.js",
    ],
)
def test_a_script_no_package_has_is_not_found(app, path, caplog):
    response = app.server.test_client().get(path)
    assert response.status_code == 404 and response.mimetype == "application/json"
    assert "Traceback" not in caplog.text


def test_a_failing_cache_is_tried_once_then_left_alone(app, monkeypatch, caplog):
    calls = []

    def down(*args):
        calls.append(args)
        raise ConnectionError("cache server frozen")

    responses = response_cache(app)
    monkeypatch.setattr(responses.cache, "get", down)
    monkeypatch.setattr(responses.cache, "set", down)
    client = app.server.test_client()
    for search in ("?lang=en", "", "?mode=dark"):
        response = client.post(
            "/_dash-update-component", json=navigation_request(app, search)
        )
        assert response.status_code == 200
    assert len(calls) == 1
    assert caplog.text.count("response cache unavailable") == 1
    # When the pause is over, the cache is tried again; once it answers, that is
    # logged too.
    monkeypatch.setattr(responses, "_paused_until", 0.0)
    monkeypatch.setattr(responses.cache, "get", lambda key: None)
    monkeypatch.setattr(responses.cache, "set", lambda key, value: True)
    client.post("/_dash-update-component", json=navigation_request(app, "?theme=study"))
    assert "response cache available again" in caplog.text


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("CACHE_TYPE", "Bogus", "CACHE_TYPE must be one of"),
        ("JOB_CACHE_DIR", "/proc/nope", "cannot be used as a folder"),
        ("CACHE_DIR", "/proc/x", "cannot be used as a folder"),
        ("EXPORT_JOBS", "0", "EXPORT_JOBS must be at least 1"),
        ("CACHE_ENTRIES", "0", "CACHE_ENTRIES must be at least 1"),
    ],
)
def test_a_setting_that_cannot_work_is_named_before_anything_starts(
    monkeypatch, name, value, words
):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=words):
        settings_from(None)
