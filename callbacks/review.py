"""The review page's wiring: read the report for a signed-in editor, choose a
fact, and write: every write goes through review.edits and the library, which
checks it by the data's rules and keeps it as a new version.

Only the callback that writes outputs ``ids.REVIEW_SAVED``; the write guard
(editors/guard.py) lets a request for it through only from a signed-in editor
with the session's CSRF token, so the wiring here never sees another."""

from __future__ import annotations

import logging
import time

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, no_update

from components import ids
from components.review import (
    REVIEW_PATH,
    bulk_options,
    edit_summary,
    field_options,
    make_bulk_preview,
    make_fact_history,
    make_form_title,
    make_gate,
    make_header,
    make_history,
    make_refused,
    make_review_text,
    make_saved,
    make_stale,
    member_rows,
    plain_number,
    selected_style,
    table_rows,
    version_summaries,
)
from components.urlstate import language_of
from data import DataError
from editors.csrf import token
from editors.guard import editor_name
from i18n import t
from library import LibraryError
from library.models import VERSION_MAX
from library.reports import StaleVersion
from library.shelf import Shelf
from review import edits
from review.propose import proposed_fact

LOG = logging.getLogger(__name__)
# What the write guard protects: a request for it must come from an editor.
WRITE_OUTPUTS = frozenset({ids.REVIEW_SAVED})
FIELD_IDS = [ids.review_field(column) for column in ids.REVIEW_FIELDS]
CHOOSERS = ("unit", "qualifier", "theme", "section")
# The buttons (and so the keys, which press them) that wait while a save, or the
# fact it moves to, is on its way: a press then would act on what is not shown.
ACTIONS = (
    ids.REVIEW_ACCEPT,
    ids.REVIEW_REJECT,
    ids.REVIEW_SAVE,
    ids.REVIEW_MERGE,
    ids.REVIEW_ADD,
    ids.REVIEW_UNDO_BUTTON,
    ids.REVIEW_MEMBERS_SAVE,
    ids.REVIEW_NEXT,
    ids.REVIEW_PREVIOUS,
)


def _rules(error: DataError) -> list[str]:
    return [
        " ".join(
            part
            for part in (
                f"{problem.row_id}:" if problem.row_id else "",
                f"{problem.column}:" if problem.column else "",
                problem.rule,
            )
            if part
        )
        for problem in error.problems
    ]


def _busy() -> list:
    return [(Output(button, "disabled"), True, False) for button in ACTIONS]


BUSY = _busy()


def version_number(value, message: str) -> int:
    """``value`` as a version number (a whole number from 1), else EditError
    with ``message``: a page's stores and buttons come from the browser."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise edits.EditError(message)
    if not 1 <= value <= VERSION_MAX:
        raise edits.EditError(message)
    return value


def next_fact(
    rows: list[dict], current: str | None, step: int, proposed=None
) -> str | None:
    """The fact ``step`` rows from ``current`` in the table as shown (sorted and
    filtered); with ``proposed`` (the status name shown), the next such row."""
    order = [row.get("id") for row in rows or [] if isinstance(row, dict)]
    if not order:
        return None
    if current not in order:
        return order[0] if step >= 0 else order[-1]
    at = order.index(current)
    for n in range(1, len(order) + 1):
        candidate = at + n * step
        if not 0 <= candidate < len(order):
            return current if proposed is None else None
        if proposed is None or rows[candidate].get("status") == proposed:
            return order[candidate]
    return current


def register(app: Dash, shelf: Shelf) -> None:
    library = shelf.library
    app.clientside_callback(
        ClientsideFunction(namespace="review", function_name="show"),
        Output(ids.REVIEW_SELECTION_SHOWN, "title"),
        Input(ids.REVIEW_SELECTED, "data"),
        Input(ids.REVIEW_TEXT, "children"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.REVIEW_GATE, "children"),
        Output(ids.REVIEW_WORK, "hidden"),
        Output(ids.REVIEW_HEADER, "children"),
        Output(ids.REVIEW_TABLE, "data"),
        Output(ids.REVIEW_TEXT, "children"),
        Output(ids.REVIEW_VERSION, "data"),
        Output(ids.CSRF, "data"),
        Output(ids.REVIEW_HISTORY, "children"),
        *[Output(ids.review_field(c), "options") for c in CHOOSERS],
        *[Output(ids.review_bulk(n), "options") for n in ids.REVIEW_BULK_FILTERS],
        Input(ids.URL, "pathname"),
        Input(ids.URL, "search"),
        Input(ids.REVIEW_SAVED, "data"),
    )
    def load(pathname, search, _saved):
        count = 8 + len(CHOOSERS) + len(ids.REVIEW_BULK_FILTERS)
        if pathname != REVIEW_PATH:
            return [no_update] * count
        lang = language_of(search)
        empty = [None, True, None, [], [], None, None, None]
        empty += [[]] * (len(CHOOSERS) + len(ids.REVIEW_BULK_FILTERS))
        if library is None:
            empty[0] = make_gate(lang, "", True) or t("review.single", lang)
            return empty
        editor = editor_name()
        if editor is None:
            empty[0] = make_gate(lang, REVIEW_PATH + (search or ""), False)
            return empty
        slug = shelf.slug_for(search)
        try:
            loaded = library.load(slug)
            versions = library.history(slug)
        except LibraryError as error:
            LOG.error("review: %s", error)
            empty[0] = make_refused([str(error)], lang)
            return empty
        dataset = loaded.dataset
        title = loaded.meta.title_en if lang == "en" else loaded.meta.title_zh
        choices = field_options(dataset, lang)
        filters = bulk_options(dataset, lang)
        return [
            None,
            False,
            make_header(title, loaded.version, dataset.facts, lang),
            table_rows(dataset, lang),
            make_review_text(dataset),
            loaded.version,
            token(),
            make_history(
                versions,
                loaded.version,
                lang,
                version_summaries(library.changes(slug), lang),
            ),
            *[choices[c] for c in CHOOSERS],
            *[filters[n] for n in ids.REVIEW_BULK_FILTERS],
        ]

    @app.callback(
        Output(ids.REVIEW_SELECTED, "data"),
        Input(ids.REVIEW_NEXT, "n_clicks"),
        Input(ids.REVIEW_PREVIOUS, "n_clicks"),
        Input(ids.REVIEW_TABLE, "active_cell"),
        Input(ids.REVIEW_TABLE, "derived_virtual_data"),
        State(ids.REVIEW_SELECTED, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def choose(_next, _previous, active, rows, selected, search):
        trigger = ctx.triggered_id
        if trigger == ids.REVIEW_NEXT:
            return next_fact(rows, selected, 1)
        if trigger == ids.REVIEW_PREVIOUS:
            return next_fact(rows, selected, -1)
        if trigger == ids.REVIEW_TABLE and "active_cell" in ctx.triggered[0]["prop_id"]:
            if isinstance(active, dict) and isinstance(active.get("row_id"), str):
                return active["row_id"]
            return no_update
        ids_shown = [row.get("id") for row in rows or [] if isinstance(row, dict)]
        if selected in ids_shown or not ids_shown:
            return no_update
        proposed = t("status.proposed", language_of(search))
        first = next((r["id"] for r in rows if r.get("status") == proposed), None)
        return first or ids_shown[0]

    @app.callback(
        Output(ids.REVIEW_FORM_TITLE, "children"),
        *[Output(field, "value") for field in FIELD_IDS],
        Output(ids.REVIEW_MEMBERS_BOX, "hidden"),
        Output(ids.REVIEW_MEMBERS, "data"),
        Output(ids.REVIEW_FACT_HISTORY, "children"),
        Output(ids.REVIEW_TABLE, "style_data_conditional"),
        Input(ids.REVIEW_SELECTED, "data"),
        Input(ids.REVIEW_VERSION, "data"),
        State(ids.URL, "search"),
        running=BUSY,
        prevent_initial_call=True,
    )
    def show(selected, _version, search):
        lang = language_of(search)
        blank = [make_form_title(None, lang), *[None] * len(FIELD_IDS), True, [], None]
        if library is None or editor_name() is None:
            return [*blank, []]
        slug = shelf.slug_for(search)
        try:
            dataset = library.load(slug).dataset
            fact = dataset.fact(selected) if isinstance(selected, str) else None
            history = library.changes(slug, subject=selected) if fact else None
        except (KeyError, LibraryError):
            return [*blank, selected_style(None)]
        if fact is None:
            return [*blank, selected_style(None)]
        values = [
            plain_number(fact[c]) if c == "value" else fact[c]
            for c in ids.REVIEW_FIELDS
        ]
        is_list = selected in dataset.list_ids
        return [
            make_form_title(fact, lang),
            *values,
            not is_list,
            member_rows(dataset, selected) if is_list else [],
            make_fact_history(history, lang),
            selected_style(selected),
        ]

    @app.callback(
        Output(ids.REVIEW_BULK_SHOWN, "children"),
        Output(ids.REVIEW_BULK_APPLY, "hidden"),
        Output(ids.REVIEW_BULK_APPLY, "children"),
        Input(ids.REVIEW_BULK_PREVIEW, "n_clicks"),
        Input(ids.REVIEW_BULK_ACTION, "value"),
        *[Input(ids.review_bulk(n), "value") for n in ids.REVIEW_BULK_FILTERS],
        Input(ids.REVIEW_VERSION, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def preview(clicks, action, *rest):
        *values, _version, search = rest
        lang = language_of(search)
        if ctx.triggered_id != ids.REVIEW_BULK_PREVIEW or library is None:
            return None, True, no_update  # a filter changed: preview again
        if editor_name() is None:
            return None, True, no_update
        dataset = shelf.dataset_for(search)
        chosen = edits.bulk_chosen(
            dataset.facts,
            action,
            {n: v for n, v in zip(ids.REVIEW_BULK_FILTERS, values)},
        )
        shown, count = make_bulk_preview(chosen, action, lang)
        return shown, not count, t("review.bulk_apply", lang, count=f"{count:,}")

    @app.callback(
        Output(ids.REVIEW_SAVED, "data"),
        Output(ids.REVIEW_MESSAGE, "children"),
        Output(ids.REVIEW_SELECTED, "data", allow_duplicate=True),
        Output(ids.REVIEW_UNDO, "data"),
        Output(ids.REVIEW_TABLE, "selected_rows"),
        Output(ids.REVIEW_BULK_SHOWN, "children", allow_duplicate=True),
        Output(ids.REVIEW_BULK_APPLY, "hidden", allow_duplicate=True),
        Output(ids.REVIEW_VERSION, "data", allow_duplicate=True),
        Input(ids.REVIEW_ACCEPT, "n_clicks"),
        Input(ids.REVIEW_REJECT, "n_clicks"),
        Input(ids.REVIEW_SAVE, "n_clicks"),
        Input(ids.REVIEW_MERGE, "n_clicks"),
        Input(ids.REVIEW_ADD, "n_clicks"),
        Input(ids.REVIEW_BULK_APPLY, "n_clicks"),
        Input(ids.REVIEW_UNDO_BUTTON, "n_clicks"),
        Input(ids.REVIEW_MEMBERS_SAVE, "n_clicks"),
        Input({"type": ids.REVIEW_RESTORE, "version": ALL}, "n_clicks"),
        State(ids.CSRF, "data"),
        State(ids.URL, "search"),
        State(ids.REVIEW_VERSION, "data"),
        State(ids.REVIEW_SELECTED, "data"),
        *[State(field, "value") for field in FIELD_IDS],
        State(ids.REVIEW_TABLE, "derived_virtual_data"),
        State(ids.REVIEW_TABLE, "derived_virtual_selected_row_ids"),
        State(ids.REVIEW_SELECTION, "data"),
        State(ids.REVIEW_BULK_ACTION, "value"),
        *[State(ids.review_bulk(n), "value") for n in ids.REVIEW_BULK_FILTERS],
        State(ids.REVIEW_MEMBERS, "data"),
        State(ids.REVIEW_UNDO, "data"),
        running=BUSY,
        prevent_initial_call=True,
    )
    def write(*arguments):
        fired = ctx.triggered[0] if ctx.triggered else {}
        if not fired.get("value"):  # a button that merely appeared
            return [no_update] * 8
        states = arguments[9:]
        _csrf, search, base, selected = states[:4]
        fields = dict(zip(ids.REVIEW_FIELDS, states[4 : 4 + len(FIELD_IDS)]))
        rest = states[4 + len(FIELD_IDS) :]
        rows, chosen_ids, selection, action = rest[:4]
        bulk = dict(
            zip(ids.REVIEW_BULK_FILTERS, rest[4 : 4 + len(ids.REVIEW_BULK_FILTERS)])
        )
        members, undo = rest[4 + len(ids.REVIEW_BULK_FILTERS) :]
        lang = language_of(search)
        author = editor_name()
        if library is None or author is None:  # the guard stops these first
            return [no_update] * 8
        slug = shelf.slug_for(search)
        trigger = ctx.triggered_id
        advance = None
        try:
            base = version_number(base, t("review.reload", lang))
            loaded = library.load(slug)
            if loaded.version != base:  # made on a version since replaced
                raise StaleVersion(slug, base, loaded.version)
            dataset = loaded.dataset
            frames = edits.frames_of(dataset)
            if isinstance(trigger, dict):  # a version's restore button
                number = version_number(
                    trigger.get("version"), t("review.no_version", lang)
                )
                saved = library.restore(slug, number, base, author)
                note = t("review.restored", lang, version=number)
                return _answer(
                    saved,
                    note,
                    lang,
                    selected,
                    {"slug": slug, "made": saved, "base": base},
                )
            if trigger == ids.REVIEW_UNDO_BUTTON:
                if not isinstance(undo, dict) or undo.get("slug") != slug:
                    raise edits.EditError(t("review.nothing_to_undo", lang))
                earlier, made = (
                    version_number(undo.get(key), t("review.nothing_to_undo", lang))
                    for key in ("base", "made")
                )
                saved = library.restore(slug, earlier, made, author)
                note = t("review.undone", lang, version=undo["base"])
                return _answer(saved, note, lang, selected, None)
            if trigger in (ids.REVIEW_ACCEPT, ids.REVIEW_REJECT):
                if not isinstance(selected, str):
                    raise edits.EditError(t("review.choose_first", lang))
                act = edits.accept if trigger == ids.REVIEW_ACCEPT else edits.reject
                edit = act(frames, [selected])
                advance = next_fact(rows, selected, 1, t("status.proposed", lang))
            elif trigger == ids.REVIEW_SAVE:
                if not isinstance(selected, str):
                    raise edits.EditError(t("review.choose_first", lang))
                edit = edits.edit(
                    frames,
                    selected,
                    {k: v if v is not None else "" for k, v in fields.items()},
                )
            elif trigger == ids.REVIEW_MERGE:
                if not isinstance(selected, str):
                    raise edits.EditError(t("review.choose_first", lang))
                edit = edits.merge(
                    frames,
                    selected,
                    [i for i in chosen_ids or [] if isinstance(i, str)],
                )
            elif trigger == ids.REVIEW_ADD:
                edit = _added(frames, dataset.report, selection, lang)
                advance = edit.subjects[0]
            elif trigger == ids.REVIEW_BULK_APPLY:
                picked = edits.bulk_chosen(dataset.facts, action, bulk)
                ids_ = picked["id"].tolist()
                if not ids_:
                    raise edits.EditError(t("review.bulk_none", lang))
                edit = (edits.reject if action == "reject" else edits.accept)(
                    frames, ids_
                )
            elif trigger == ids.REVIEW_MEMBERS_SAVE:
                if not isinstance(selected, str) or not isinstance(members, list):
                    raise edits.EditError(t("review.choose_first", lang))
                edit = edits.edit_members(
                    frames, selected, [m for m in members if isinstance(m, dict)]
                )
            else:
                return [no_update] * 8
            saved = library.save_edit(slug, base, edit, author)
        except StaleVersion as stale:
            meanwhile = library.changes(slug, after=stale.base)
            return [
                {"version": stale.current, "at": time.time()},
                make_stale(meanwhile, stale.current, lang),
                no_update,
                no_update,
                no_update,
                no_update,
                no_update,
                stale.current,
            ]
        except DataError as error:
            return [no_update, make_refused(_rules(error), lang), *[no_update] * 6]
        except edits.EditError as error:
            shown = _said(error, lang)
            return [
                no_update,
                make_refused([shown], lang, rule=False),
                *[no_update] * 6,
            ]
        except (ValueError, TypeError, OverflowError) as error:
            # Values no page sends (the browser's stores tampered with).
            LOG.info("review: a malformed write: %s", str(error)[:200])
            return [
                no_update,
                make_refused([t("review.error.malformed", lang)], lang, rule=False),
                *[no_update] * 6,
            ]
        except LibraryError as error:
            LOG.error("review: %s", error)
            return [no_update, make_refused([str(error)], lang), *[no_update] * 6]
        LOG.info("%s saved version %d of %s: %s", author, saved, slug, edit.note)
        return _answer(
            saved,
            edit_summary(edit.changes, lang),
            lang,
            advance or selected,
            {"slug": slug, "made": saved, "base": base},
        )


def _answer(saved: int, note: str, lang: str, selected, undo) -> list:
    return [
        {"version": saved, "at": time.time()},
        make_saved(note, saved, lang),
        selected,
        undo,
        [],
        None,
        True,
        saved,  # the next press carries the version it is made on at once
    ]


def _said(error: edits.EditError, lang: str) -> str:
    """An EditError in the page's language (a column named as the form does)."""
    if not error.key:
        return str(error)
    values = dict(error.values)
    if "column" in values:
        values["column"] = t(f"review.field.{values['column']}", lang)
    return t(error.key, lang, **values)


def _added(frames: dict, text: str, selection, lang: str):
    """A new fact for the words the editor selected in the report's text."""
    if not isinstance(selection, dict):
        raise edits.EditError(t("review.select_first", lang))
    try:
        start, end = int(selection.get("start")), int(selection.get("end"))
    except (TypeError, ValueError, OverflowError):
        raise edits.EditError(t("review.select_first", lang)) from None
    proposed = proposed_fact(text[start:end] if 0 <= start < end <= len(text) else "")
    if proposed is None:
        raise edits.EditError(t("review.no_number", lang))
    return edits.add(frames, text, start, end, proposed)
