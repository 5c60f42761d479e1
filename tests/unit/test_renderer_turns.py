"""The browser draws one image at a time. A request waiting for its turn longer
than the time limit is told that the server is busy; nothing is stopped, since a
queue is not a browser that does not answer."""

from __future__ import annotations

import threading

import plotly.graph_objects as go
import pytest

from callbacks.exports import failure_message
from exporter.images import Renderer, RendererBusy
from i18n import t


def test_a_request_kept_waiting_for_its_turn_is_told_busy_and_stops_nothing(
    monkeypatch,
):
    renderer = Renderer(timeout=0.5)
    stopped = []
    monkeypatch.setattr(renderer, "stop", lambda **kwargs: stopped.append(kwargs))
    started = []
    monkeypatch.setattr(renderer, "start", lambda: started.append(True))
    holder = threading.Event()
    release = threading.Event()

    def hold_the_turn() -> None:
        with renderer._turn:
            holder.set()
            release.wait(10)

    thread = threading.Thread(target=hold_the_turn)
    thread.start()
    try:
        assert holder.wait(10)
        with pytest.raises(RendererBusy) as busy:
            renderer.render(go.Figure(go.Bar(x=[1, 2], y=[3, 4])), "png", scale=1)
    finally:
        release.set()
        thread.join(10)
    assert stopped == [] and started == []
    for lang in ("zh", "en"):
        assert failure_message(lang, busy.value) == t(
            "export.busy", lang, seconds="0.5"
        )
