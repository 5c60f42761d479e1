"""A saved edit shows at once on every worker: each request checks the report's
version, and the response cache keys answers by the library's versions, so no
worker (and no cached answer) shows the fact as it was."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from dashboard import create_app
from devtools.live_server import free_port, gunicorn_command, server_process
from devtools.requests import callback_payload
from library.reports import Library
from review import edits
from tests.library_reports import GBK_REPORT, build_library

ROOT = Path(__file__).resolve().parents[2]
ASKS = 8  # requests per check: both workers answer some


def _detail(base: str, payload: bytes) -> str:
    request = urllib.request.Request(
        base + "/_dash-update-component",
        data=payload,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
        return json.dumps(json.loads(response.read()), ensure_ascii=False)


def test_a_saved_label_shows_on_every_worker_at_once(
    library_url, tmp_path, monkeypatch
):
    library = build_library(library_url, tmp_path)
    env = (
        {"LIBRARY_PATH": library_url.split("///", 1)[1]}
        if library_url.startswith("sqlite")
        else {"DATABASE_URL": library_url}
    )
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app = create_app()
    loaded = library.load(GBK_REPORT)
    fact = loaded.dataset.facts["id"].iloc[0]
    old = loaded.dataset.fact(fact)["label_zh"]
    search = f"?report={GBK_REPORT}&fact={fact}"
    payload = json.dumps(
        callback_payload(
            app,
            "url.search",
            {"url.pathname": "/source", "url.search": search},
            changed="url.search",
        ),
    ).encode()
    port = free_port()
    with server_process(
        gunicorn_command(port, workers=2), port, env=env, cwd=ROOT
    ) as base:
        for _ in range(ASKS):  # every worker has read (and cached) version 1
            assert old in _detail(base, payload)
        new = "改过的标签 <i>原样</i>"
        edit = edits.edit(edits.frames_of(loaded.dataset), fact, {"label_zh": new})
        Library.open(library_url).save_edit(GBK_REPORT, loaded.version, edit, "alice")
        for _ in range(ASKS):
            answer = _detail(base, payload)
            assert new in answer
    library.engine.dispose()
