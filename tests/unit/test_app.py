"""The app factory and what the server sends: local assets only, no CDN."""

import re

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
