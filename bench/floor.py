"""The dashboard's server with the floors the benchmarks compare against, served by
the same process (so by the same gunicorn workers, compression and headers):

- ``/bench/static``: a static HTML page drawing the measured page's charts with the same
  figures and the same plotly.js bundle, without Dash;
- ``/bench/floor-callback``: a bare Flask route returning the precomputed JSON
  answer of the recorded filter callback.

    gunicorn --workers 2 'bench.floor:server'

Only for benchmarks; never part of the dashboard.
"""

from __future__ import annotations

import json
import re
from functools import cache

from flask import Response

from bench.common import ROOT  # noqa: F401  (puts the project on sys.path)
from dashboard import create_app
from devtools.requests import callback_payload

# The page measured: the overview is a briefing of sentences and cards, so the
# page of the campaign's outcomes, with its charts, stands for a page of charts.
PAGE = "/outcomes"
# The recorded interaction: that page, filtered to the stated facts.
RECORDED = {"url.pathname": PAGE, "url.search": "?kind=stated"}
STATIC_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>static floor</title>
<link rel="stylesheet" href="{css}"></head>
<body><main id="page">{divs}</main>
<script src="{plotly}"></script>
<script src="/bench/static.js"></script></body></html>"""
STATIC_SCRIPT = """
const figures = {figures};
Promise.all(figures.map(function (figure, i) {{
  const target = "graph-" + i;
  return Plotly.newPlot(target, figure.data, figure.layout, figure.config || {{}});
}})).then(function () {{ window.staticDrawn = performance.now(); }});
"""


def recorded_payload(app) -> dict:
    """The request the browser posts for the recorded interaction."""
    return callback_payload(app, "url.search", RECORDED, changed="url.search")


def figures_in(answer: dict) -> list[dict]:
    """Every figure in a navigation answer, in page order."""
    found: list[dict] = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "Graph" and "figure" in node.get("props", {}):
                props = node["props"]
                found.append({**props["figure"], "config": props.get("config", {})})
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(answer)
    return found


def build():
    app = create_app()
    server = app.server
    client = server.test_client()

    @cache
    def answers() -> tuple[bytes, list[dict], dict]:
        recorded = client.post("/_dash-update-component", json=recorded_payload(app))
        overview = client.post(
            "/_dash-update-component",
            json=callback_payload(
                app,
                "url.search",
                {"url.pathname": PAGE, "url.search": ""},
                "url.search",
            ),
        )
        return recorded.get_data(), figures_in(overview.get_json()), client.get("/")

    @server.route("/bench/floor-callback", methods=["POST"])
    def floor_callback():
        return Response(answers()[0], mimetype="application/json")

    @server.route("/bench/static")
    def static_page():
        index = answers()[2].get_data(as_text=True)
        plotly = re.search(r'src="(/assets/plotly-basic[^"]+)"', index).group(1)
        css = re.search(r'href="(/assets/bootstrap[^"]+)"', index).group(1)
        divs = "".join(
            f'<div id="graph-{i}" class="chart-graph" style="height:420px"></div>'
            for i in range(len(answers()[1]))
        )
        html = STATIC_PAGE.format(css=css, plotly=plotly, divs=divs)
        return Response(html, mimetype="text/html")

    @server.route("/bench/figures.json")
    def overview_figures():
        return Response(json.dumps(answers()[1]), mimetype="application/json")

    @server.route("/bench/static.js")
    def static_script():
        script = STATIC_SCRIPT.format(figures=json.dumps(answers()[1]))
        return Response(script, mimetype="text/javascript")

    return server


server = build()
