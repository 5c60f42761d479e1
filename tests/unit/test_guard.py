"""Random and malformed payloads thrown at the callback endpoint: never a 5xx,
never a traceback."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components import ids
from devtools.requests import callback_payload, pattern_payload

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = ("output", "outputs", "inputs", "state", "changedPropIds")


def assert_handled(response) -> None:
    assert response.status_code < 500, response.data[:200]
    assert b"Traceback" not in response.data


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(body=JSON)
def test_random_json_never_fails_the_server(app, body):
    client = app.server.test_client()
    assert_handled(client.post("/_dash-update-component", json=body))


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    field=st.sampled_from(FIELDS),
    value=JSON,
    search=st.text(max_size=60),
    pathname=st.text(max_size=30),
)
def test_damaged_real_requests_never_fail_the_server(
    app, field, value, search, pathname
):
    payload = callback_payload(
        app,
        "url.search",
        {"url.pathname": pathname, "url.search": search},
        changed="url.search",
    )
    client = app.server.test_client()
    assert_handled(client.post("/_dash-update-component", json=payload))
    payload[field] = value
    assert_handled(client.post("/_dash-update-component", json=payload))


def test_malformed_request_gets_a_clear_400(app):
    response = app.server.test_client().post("/_dash-update-component", json={})
    assert response.status_code == 400
    assert json.loads(response.data) == {"error": "malformed callback request"}


def test_oversized_request_is_refused(app):
    body = b"{" + b" " * 2_000_000 + b"}"
    response = app.server.test_client().post(
        "/_dash-update-component",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413


ID_PARTS = st.sampled_from(["themes", "figures", "lists", "png", "svg", "x", ""])


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    which=st.sampled_from(["download.data", "{", "..url.search"]),
    chart=ID_PARTS | st.text(max_size=10),
    value=JSON,
    pathname=st.sampled_from(["/", "/study", "/nowhere"]) | st.text(max_size=10),
    search=st.sampled_from(["", "?lang=en", "?theme=study"]) | st.text(max_size=20),
)
def test_random_values_for_every_kind_of_input_never_fail_the_server(
    app, which, chart, value, pathname, search
):
    """Each callback fired by a control with any value (well-formed requests,
    arbitrary values): the CSV button, a table tab, a chart click."""
    states = {"url.pathname": pathname, "url.search": search}
    if which == "download.data":
        payload = pattern_payload(
            app, which, ids.csv_button(chart), "n_clicks", value, states
        )
    elif which == "{":
        payload = pattern_payload(
            app, which, ids.chart_tabs(chart), "active_tab", value, states
        )
    else:
        payload = callback_payload(app, "url.search", states, changed="url.search")
        payload["inputs"][-1] = [
            {"id": ids.chart(chart), "property": "clickData", "value": value}
        ]
        payload["changedPropIds"] = [
            json.dumps(ids.chart(chart), sort_keys=True, separators=(",", ":"))
            + ".clickData"
        ]
    response = app.server.test_client().post("/_dash-update-component", json=payload)
    assert_handled(response)


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("[" * 100_000 + "]" * 100_000, "application/json", 400),  # nested too deep
        ('{"output": ' * 50_000 + "1" + "}" * 50_000, "application/json", 400),
        ("{not json", "application/json", 400),
        ('{"output": "page.children"}', "text/plain", 415),
        ("[" * 600_000, "application/json", 400),
        ("x" * 1_100_000, "application/json", 413),
    ],
)
def test_every_refused_request_gets_a_status_and_a_json_line(
    app, body, content_type, status
):
    response = app.server.test_client().post(
        "/_dash-update-component", data=body, content_type=content_type
    )
    assert response.status_code == status
    assert response.mimetype == "application/json"
    message = response.get_json()["error"]
    assert message and "\n" not in message
