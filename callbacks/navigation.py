"""URL and user actions → view state → everything on screen.

One callback, because the URL is both where the state is read from (page load,
back/forward, a shared link) and where every action writes it; Dash lets one
callback take and set the same property without a loop.
"""

from __future__ import annotations

import logging

import dash_bootstrap_components as dbc
from dash import ALL, Dash, Input, Output, State, ctx, no_update

from components import ids
from components.interaction import (
    Event,
    apply_event,
    clicked_mark,
    oversized,
    rejected_in,
    related,
)
from components.layout import navbar_frame
from components.pages import app_title, render_screen
from components.urlstate import (
    allowed_filter_values,
    language_of,
    parse_state,
    to_search,
)
from data import Dataset
from data.filters import Filters
from i18n import t
from library.shelf import Shelf
from serving.cache import leave_uncached

LOG = logging.getLogger(__name__)

FILTERS = Filters.names()


OUTPUTS = [
    Output(ids.URL, "search"),
    Output(ids.NAVBAR, "children"),
    Output(ids.NAV_BRAND, "children"),
    Output(ids.NAV_BRAND, "href"),
    Output(ids.NAV_TOGGLER, "aria-label"),
    Output(ids.NAV_TOGGLER, "title"),
    Output(ids.NOTICE, "children"),
    Output(ids.PAGE, "children"),
    Output(ids.FILTER_CHIPS, "children"),
    Output(ids.FILTER_CLEAR, "children"),
    Output(ids.SKIP_LINK, "children"),
    Output(ids.ROOT, "data-bs-theme"),
    Output(ids.PRINT_HEADER, "children"),
    Output(ids.PRINT_FOOTER, "children"),
    Output(ids.EXPORT_ALL, "children"),
    Output(ids.FILTER_HEADING, "children"),
    Output(ids.DETAIL, "is_open"),
    Output(ids.DETAIL, "title"),
    Output(ids.DETAIL_BODY, "children"),
    Output(ids.filter_column("status"), "style"),
    *[Output(ids.filter_dropdown(n), "value") for n in FILTERS],
    *[Output(ids.filter_dropdown(n), "options") for n in FILTERS],
    *[Output(ids.filter_dropdown(n), "placeholder") for n in FILTERS],
    *[Output(ids.filter_dropdown(n), "labels") for n in FILTERS],
]
INPUTS = [
    Input(ids.URL, "pathname"),
    Input(ids.URL, "search"),
    *[Input(ids.filter_dropdown(n), "value") for n in FILTERS],
    Input(ids.FILTER_CLEAR, "n_clicks"),
    Input(ids.DETAIL, "is_open"),
    Input({"type": ids.CHIP, "filter": ALL, "value": ALL}, "n_clicks"),
    Input({"type": ids.FACT_LINK, "fact": ALL, "origin": ALL}, "n_clicks"),
    Input({"type": ids.CHART, "chart": ALL}, "clickData"),
]
# The menu button of a narrow screen's navigation bar opens and closes the links,
# in the browser, and tells screen readers whether they are shown; going to
# another page or view closes them.
TOGGLE_MENU = """
function (clicks, pathname, search, open) {
    const fired = window.dash_clientside.callback_context.triggered
        .map(function (t) { return t.prop_id; });
    const shown = fired.indexOf("nav-toggler.n_clicks") >= 0 ? !open : false;
    return [shown, String(shown)];
}
"""

NOTICE_OUTPUT = next(i for i, o in enumerate(OUTPUTS) if o.component_id == ids.NOTICE)


def event_for(trigger: object, value: object) -> Event | None:
    """The event a triggered input stands for; None when nothing was really done
    (a button or graph that merely appeared on the page)."""
    if isinstance(trigger, str):
        if trigger == ids.FILTER_CLEAR:
            return Event("clear") if value else None
        if trigger == ids.DETAIL:
            return Event("panel", value=value)
        for name in FILTERS:
            if trigger == ids.filter_dropdown(name):
                return Event("filter", name, value)
        return None
    if not isinstance(trigger, dict) or not value:
        return None
    kind = trigger.get("type")
    if kind == ids.CHIP:
        return Event("chip", trigger.get("filter", ""), trigger.get("value"))
    if kind == ids.FACT_LINK:
        return Event("fact", value=trigger.get("fact"))
    if kind == ids.CHART:
        mark = clicked_mark(value)
        return Event("mark", value=mark) if mark else None
    return None


def register(app: Dash, shelf: Shelf) -> None:
    app.clientside_callback(
        TOGGLE_MENU,
        Output(ids.NAV_COLLAPSE, "is_open"),
        Output(ids.NAV_TOGGLER, "aria-expanded"),
        Input(ids.NAV_TOGGLER, "n_clicks"),
        Input(ids.URL, "pathname"),
        Input(ids.URL, "search"),
        State(ids.NAV_COLLAPSE, "is_open"),
        prevent_initial_call=True,
    )

    @app.callback(*OUTPUTS, *INPUTS, prevent_initial_call=True)
    def navigate(pathname, search, *_):
        triggered = ctx.triggered[0]["value"] if ctx.triggered else None
        try:
            dataset = shelf.dataset_for(search)
            outputs = respond(
                pathname,
                search,
                ctx.triggered_id,
                triggered,
                dataset,
                allowed_filter_values(dataset),
                shelf,
            )
        except Exception:  # a bad input must never become a 500 or a traceback
            LOG.exception("navigation failed for %r %r", pathname, search)
            leave_uncached()  # the cause may be gone at the next request
            outputs = failure_outputs(search)
        return outputs if outputs is not None else [no_update] * len(ctx.outputs_list)


def respond(
    pathname,
    search,
    trigger,
    value,
    dataset: Dataset,
    allowed: dict[str, tuple[str, ...]],
    shelf: Shelf | None = None,
) -> tuple | None:
    """Every output for a URL and the input that changed; None when nothing did.
    ``shelf`` holds the reports ``report=`` may name (None: the dataset's alone)."""
    reports = shelf if shelf is not None else frozenset()
    state, rejected = parse_state(search, dataset, reports)
    new_search = no_update
    if trigger is not None and trigger != ids.URL:
        event = event_for(trigger, value)
        if event is None:
            return None
        if too_long := oversized(event, allowed):
            rejected = [too_long]
        else:
            state = apply_event(state, event, dataset, allowed)
            rejected = rejected_in(event, dataset, allowed)
        if to_search(state) != (search or ""):
            new_search = to_search(state)
    if rejected:  # an answer naming odd values is not worth a place in the cache
        leave_uncached()
    screen = render_screen(
        pathname,
        state,
        rejected,
        dataset,
        related(dataset, state.fact),
        shelf.entries() if shelf is not None else (),
        state.report or (shelf.default if shelf is not None else ""),
    )
    frame = navbar_frame(state, app_title(dataset, state.lang))
    values = {
        (ids.URL, "search"): new_search,
        (ids.NAVBAR, "children"): screen.navbar,
        (ids.NAV_BRAND, "children"): frame["brand"],
        (ids.NAV_BRAND, "href"): frame["home"],
        (ids.NAV_TOGGLER, "aria-label"): frame["menu"],
        (ids.NAV_TOGGLER, "title"): frame["menu"],
        (ids.NOTICE, "children"): screen.notice,
        (ids.PAGE, "children"): screen.page,
        (ids.FILTER_CHIPS, "children"): screen.chips,
        (ids.FILTER_CLEAR, "children"): screen.clear_label,
        (ids.SKIP_LINK, "children"): screen.skip_label,
        (ids.ROOT, "data-bs-theme"): screen.mode,
        (ids.PRINT_HEADER, "children"): screen.print_header,
        (ids.PRINT_FOOTER, "children"): screen.print_footer,
        (ids.EXPORT_ALL, "children"): screen.export_all_label,
        (ids.FILTER_HEADING, "children"): screen.filter_heading,
        (ids.DETAIL, "is_open"): screen.detail_open,
        (ids.DETAIL, "title"): screen.detail_title,
        (ids.DETAIL_BODY, "children"): screen.detail_body,
        (ids.filter_column("status"), "style"): screen.status_filter_style,
    }
    for name in FILTERS:
        dropdown = ids.filter_dropdown(name)
        values[(dropdown, "value")] = screen.filter_values[name]
        values[(dropdown, "options")] = screen.filter_options[name]
        values[(dropdown, "placeholder")] = screen.filter_placeholders[name]
        values[(dropdown, "labels")] = screen.dropdown_labels
    return tuple(values[(o.component_id, o.component_property)] for o in OUTPUTS)


def failure_outputs(search) -> list:
    """Leave the screen as it is and say that something went wrong."""
    lang = language_of(search)
    outputs: list = [no_update] * len(OUTPUTS)
    outputs[NOTICE_OUTPUT] = dbc.Alert(
        t("app.error", lang),
        color="danger",
        dismissable=True,
        className="mt-2 app-error",
    )
    return outputs
