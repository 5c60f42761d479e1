"""The app factory and what the server sends: local assets only, no CDN."""

import re
import threading

import pytest

import dashboard
from data import DataError


def test_each_call_builds_a_fresh_app(dataset):
    first = dashboard.create_app({"DATASET": dataset})
    second = dashboard.create_app({"DATASET": dataset})
    assert first is not second and first.server is not second.server


def test_broken_data_dir_raises_data_error(tmp_path):
    with pytest.raises(DataError, match="file is missing"):
        dashboard.create_app({"DATA_DIR": tmp_path})


def test_wsgi_server_is_built_on_access():
    assert callable(dashboard.server)
    with pytest.raises(AttributeError):
        dashboard.no_such_thing  # noqa: B018


def test_a_script_is_served_while_another_request_still_sets_the_app_up(dataset):
    """Under gunicorn's threads a worker's first requests arrive together: the page
    on one thread, its scripts on others. A script must not be refused (Dash:
    "not a registered library") because the page's thread is still setting up."""
    app = dashboard.create_app({"DATASET": dataset})
    walk = app._walk_assets_directory
    started, release = threading.Event(), threading.Event()

    def slow_walk():  # the first request's set-up, held half-way
        started.set()
        release.wait(10)
        walk()

    app._walk_assets_directory = slow_walk
    client = app.server.test_client()
    page = threading.Thread(target=client.get, args=("/",))
    page.start()
    try:
        started.wait(2)  # set if a request sets the app up (it must not need to)
        script = "/_dash-component-suites/dash/dcc/dash_core_components.js"
        assert client.get(script).status_code == 200
    finally:
        release.set()
        page.join(10)


def test_index_loads_only_local_assets(app):
    client = app.server.test_client()
    page = client.get("/").get_data(as_text=True)
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert sources, "found no assets: the scan is broken"
    assert [s for s in sources if not s.startswith("/")] == []
    assert "/assets/bootstrap.min.css" in page
    assert '<html lang="zh-CN">' in page
    assert app.config.external_stylesheets == []
    assert app.config.external_scripts == []


def test_every_asset_is_served(app):
    client = app.server.test_client()
    page = client.get("/").get_data(as_text=True)
    for source in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page):
        assert client.get(source).status_code == 200, source


def test_debug_is_off_by_default(app):
    assert not app.server.debug


def test_responses_are_compressed(app):
    client = app.server.test_client()
    page = client.get("/").get_data(as_text=True)
    script = next(s for s in re.findall(r'src="([^"]+)"', page) if "dash_renderer" in s)
    response = client.get(script, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == "gzip"
    plain = client.get(script)
    assert len(response.data) < len(plain.data) / 2
