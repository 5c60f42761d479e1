"""The navigation callback's logic, and its safety net."""

from dash import no_update

from callbacks import navigation
from callbacks.navigation import OUTPUTS, event_for, respond
from components import ids
from components.urlstate import allowed_filter_values
from devtools.requests import callback_payload
from i18n import t
from tests.conftest import post_callback


def position(component_id, prop):
    return next(
        i
        for i, o in enumerate(OUTPUTS)
        if o.component_id == component_id and o.component_property == prop
    )


def test_inputs_that_merely_appear_do_nothing(dataset):
    allowed = allowed_filter_values(dataset)
    chart = ids.chart("figures")
    assert respond("/", "", chart, None, dataset, allowed) is None
    link = ids.fact_link("questionnaires", "kpi")
    assert respond("/", "", link, None, dataset, allowed) is None
    assert event_for(ids.FILTER_CLEAR, None) is None


def test_a_click_writes_the_url_and_opens_the_panel(dataset):
    allowed = allowed_filter_values(dataset)
    link = ids.fact_link("questionnaires", "kpi")
    outputs = respond("/", "?lang=en", link, 1, dataset, allowed)
    assert len(outputs) == len(OUTPUTS)
    assert outputs[0] == "?lang=en&fact=questionnaires"
    assert outputs[position(ids.DETAIL, "is_open")] is True


def test_loading_a_url_keeps_it(dataset):
    allowed = allowed_filter_values(dataset)
    outputs = respond(
        "/study", "?theme=study", ids.URL, "?theme=study", dataset, allowed
    )
    assert outputs[0] is no_update


def test_an_unexpected_error_becomes_a_notice_not_a_500(app, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("simulated")

    monkeypatch.setattr(navigation, "render_screen", broken)
    payload = callback_payload(
        app,
        "url.search",
        {"url.pathname": "/", "url.search": "?lang=en"},
        changed="url.search",
    )
    status, body = post_callback(app.server.test_client(), payload)
    assert status == 200
    assert t("app.error", "en") in str(body["response"]["notice"])
    assert "Traceback" not in str(body)
