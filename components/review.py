"""The review page (/review): the report's text with every fact highlighted, next
to the table of its facts, a form for the fact chosen, bulk actions and the
history of versions. Pure builders: data in, component trees out."""

from __future__ import annotations

import json
from bisect import bisect_right

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dash_table, dcc, html

from components import ids
from components.page import make_page_header
from components.urlstate import ViewState, to_search
from data import Dataset
from data.schemas import QUALIFIERS, FactSchema, ItemSchema, OutlineSchema
from data.vocabulary import VOCABULARY
from i18n import t
from i18n.format import fact_quantity, section_name

REVIEW_PATH = "/review"
SIGN_IN_PATH = "/sign-in"
# The table's columns, in order; "value" is shown with its qualifier's sign.
TABLE_COLUMNS = ("status", "section", "label", "value", "unit", "theme", "excerpt")
# The keys that act on the page (assets/review.js presses the button named).
KEYS = (
    ("A", ids.REVIEW_ACCEPT, "review.accept"),
    ("R", ids.REVIEW_REJECT, "review.reject"),
    ("E", ids.review_field("label_zh"), "review.edit"),
    ("J", ids.REVIEW_NEXT, "review.next"),
    ("K", ids.REVIEW_PREVIOUS, "review.previous"),
    ("U", ids.REVIEW_UNDO_BUTTON, "review.undo"),
)
HISTORY_SHOWN = 30  # versions listed; the oldest are summed up in a line
BULK_SHOWN = 50  # facts a bulk preview lists; the rest are counted


def review_link(slug: str, state: ViewState) -> str:
    """The review page of report ``slug``, keeping language and scheme."""
    return REVIEW_PATH + to_search(
        ViewState(lang=state.lang, mode=state.mode, report=slug)
    )


def _button(label: str, key: str | None, id_: str, color: str, **extra):
    """A Bootstrap button (a plain one: it may carry its key and be hidden)."""
    shown: list = [label]
    if key:
        shown.append(html.Kbd(key, className="ms-1 review-key"))
    return html.Button(
        shown,
        id=id_,
        type="button",
        className=f"btn btn-{color} btn-sm me-1 mb-1",
        **({"aria-keyshortcuts": key} if key else {}),
        **extra,
    )


def _field(column: str, lang: str):
    label = t(f"review.field.{column}", lang)
    field_id = ids.review_field(column)
    if column in ("unit", "qualifier", "theme", "section"):
        control = dcc.Dropdown(
            id=field_id, clearable=False, className="review-dropdown"
        )
    else:
        control = dbc.Input(
            id=field_id,
            type="text",
            size="sm",
            debounce=False,
            autoComplete="off",
            **({"inputMode": "decimal"} if column == "value" else {}),
        )
    return dbc.Col(
        [dbc.Label(label, html_for=field_id, className="small mb-0"), control],
        xs=12,
        sm=6,
        className="mb-2",
    )


def make_review_frame(state: ViewState) -> html.Div:
    """What the page holds before its report is read: the same for every visitor
    (it may be cached); the review callbacks fill it for a signed-in editor."""
    lang = state.lang
    toolbar = html.Div(
        [
            _button(t("review.accept", lang), "A", ids.REVIEW_ACCEPT, "success"),
            _button(t("review.reject", lang), "R", ids.REVIEW_REJECT, "danger"),
            _button(t("review.previous", lang), "K", ids.REVIEW_PREVIOUS, "secondary"),
            _button(t("review.next", lang), "J", ids.REVIEW_NEXT, "secondary"),
            _button(t("review.undo", lang), "U", ids.REVIEW_UNDO_BUTTON, "secondary"),
            _button(t("review.merge", lang), None, ids.REVIEW_MERGE, "secondary"),
        ],
        className="review-toolbar",
        role="toolbar",
        **{"aria-label": t("review.toolbar", lang)},
    )
    form = dbc.Card(
        dbc.CardBody(
            [
                html.H2(id=ids.REVIEW_FORM_TITLE, className="h6"),
                dbc.Row([_field(column, lang) for column in ids.REVIEW_FIELDS]),
                _button(t("review.save", lang), None, ids.REVIEW_SAVE, "primary"),
                html.Div(
                    [
                        html.H3(t("review.members", lang), className="h6 mt-3"),
                        dash_table.DataTable(
                            id=ids.REVIEW_MEMBERS,
                            columns=[
                                {
                                    "id": column,
                                    "name": t(f"review.field.{column}", lang),
                                    "editable": column != "position",
                                }
                                for column in ("position", "label_zh", "label_en")
                            ],
                            data=[],
                            editable=True,
                            style_cell={
                                "whiteSpace": "normal",
                                "textAlign": "left",
                                "backgroundColor": "var(--bs-body-bg)",
                                "color": "var(--bs-body-color)",
                            },
                        ),
                        _button(
                            t("review.members_save", lang),
                            None,
                            ids.REVIEW_MEMBERS_SAVE,
                            "primary",
                        ),
                    ],
                    id=ids.REVIEW_MEMBERS_BOX,
                    hidden=True,
                ),
                html.H3(t("review.fact_history", lang), className="h6 mt-3"),
                html.Div(id=ids.REVIEW_FACT_HISTORY, className="small"),
            ]
        ),
        className="mb-3",
    )
    adding = dbc.Card(
        dbc.CardBody(
            [
                html.P(t("review.add_help", lang), className="small mb-1"),
                html.Blockquote(
                    id=ids.REVIEW_SELECTION_SHOWN, className="small review-quote"
                ),
                _button(t("review.add", lang), None, ids.REVIEW_ADD, "primary"),
            ]
        ),
        className="mb-3",
    )
    bulk = dbc.Card(
        dbc.CardBody(
            [
                html.H2(t("review.bulk", lang), className="h6"),
                dbc.Row(
                    [
                        dbc.Col(
                            dcc.Dropdown(
                                id=ids.REVIEW_BULK_ACTION,
                                options=[
                                    {
                                        "label": t("review.accept", lang),
                                        "value": "accept",
                                    },
                                    {
                                        "label": t("review.reject", lang),
                                        "value": "reject",
                                    },
                                ],
                                value="accept",
                                clearable=False,
                            ),
                            xs=12,
                            md=4,
                            className="mb-1",
                        ),
                        *[
                            dbc.Col(
                                dcc.Dropdown(
                                    id=ids.review_bulk(name),
                                    placeholder=t(f"review.bulk.{name}", lang),
                                ),
                                xs=6,
                                md=2,
                                className="mb-1",
                            )
                            for name in ids.REVIEW_BULK_FILTERS
                        ],
                    ],
                    className="g-1",
                ),
                _button(
                    t("review.bulk_preview", lang),
                    None,
                    ids.REVIEW_BULK_PREVIEW,
                    "secondary",
                ),
                html.Div(id=ids.REVIEW_BULK_SHOWN, className="small mt-2"),
                _button("", None, ids.REVIEW_BULK_APPLY, "warning", hidden=True),
            ]
        ),
        className="mb-3",
    )
    table = dash_table.DataTable(
        id=ids.REVIEW_TABLE,
        columns=[
            {"id": column, "name": t(f"review.column.{column}", lang)}
            for column in TABLE_COLUMNS
        ],
        data=[],
        sort_action="native",
        filter_action="native",
        filter_options={
            "case": "insensitive",
            "placeholder_text": t("review.filter", lang),
        },
        row_selectable="multi",
        page_action="none",
        fixed_rows={"headers": True},
        style_table={"maxHeight": "45vh", "overflowY": "auto"},
        # The page's colours (light or dark), not the table's own white.
        style_cell={
            "whiteSpace": "normal",
            "textAlign": "left",
            "fontSize": "0.85rem",
            "maxWidth": "18rem",
            "backgroundColor": "var(--bs-body-bg)",
            "color": "var(--bs-body-color)",
            "borderColor": "var(--bs-border-color)",
        },
        style_header={
            "backgroundColor": "var(--bs-tertiary-bg)",
            "fontWeight": "bold",
        },
        style_filter={"backgroundColor": "var(--bs-body-bg)"},
        style_cell_conditional=[
            {"if": {"column_id": column}, "minWidth": width}
            for column, width in (("status", "5.5rem"), ("section", "4rem"))
        ],
        css=[{"selector": ".dash-spreadsheet-menu", "rule": "display: none"}],
    )
    return html.Div(
        [
            make_page_header(t("review.title", lang), t("review.intro", lang)),
            html.Div(id=ids.REVIEW_HEADER),
            html.Div(id=ids.REVIEW_GATE),
            html.Div(
                [
                    html.P(
                        [
                            t("review.keys", lang),
                            " ",
                            *[
                                html.Span(
                                    [html.Kbd(key), " ", t(name, lang), " "],
                                    className="me-2",
                                )
                                for key, _, name in KEYS
                            ],
                        ],
                        className="small text-muted",
                    ),
                    # What the last action did, where the editor looks: under
                    # the buttons, which stay in view.
                    html.Div(
                        [
                            toolbar,
                            html.Div(
                                id=ids.REVIEW_MESSAGE,
                                role="status",
                                **{"aria-live": "polite"},
                            ),
                        ],
                        className="review-actions",
                    ),
                    dbc.Row(
                        [
                            dbc.Col([table, form], lg=6, className="mb-3"),
                            dbc.Col(
                                [
                                    html.H2(t("review.text", lang), className="h6"),
                                    html.Div(
                                        id=ids.REVIEW_TEXT,
                                        className="review-text",
                                        lang="zh-CN",
                                        tabIndex=0,
                                    ),
                                    adding,
                                ],
                                lg=6,
                            ),
                        ]
                    ),
                    bulk,
                    html.H2(t("review.history", lang), className="h5 mt-3"),
                    html.Div(id=ids.REVIEW_HISTORY),
                ],
                id=ids.REVIEW_WORK,
                hidden=True,
            ),
            dcc.Store(id=ids.CSRF),
            dcc.Store(id=ids.REVIEW_VERSION),
            dcc.Store(id=ids.REVIEW_SAVED),
            dcc.Store(id=ids.REVIEW_SELECTED),
            dcc.Store(id=ids.REVIEW_SELECTION),
            dcc.Store(id=ids.REVIEW_UNDO),
        ],
        className=ids.REVIEW,
    )


def make_gate(lang: str, back: str, signed_in: bool) -> object:
    """For a visitor who has not signed in: why the page is empty, and where to
    sign in (coming back here after)."""
    if signed_in:
        return None
    href = SIGN_IN_PATH + "?" + _query(lang=lang, next=back)
    return dbc.Alert(
        [
            t("review.sign_in_needed", lang),
            " ",
            html.A(t("account.title", lang), href=href),
        ],
        color="info",
    )


def _query(**values: str) -> str:
    from urllib.parse import urlencode

    return urlencode(values)


def make_header(title: str, version: int, facts: pd.DataFrame, lang: str) -> html.P:
    """The report, the version shown and how many facts are still proposed."""
    proposed = int((facts["status"] == "proposed").sum())
    return html.P(
        t(
            "review.header",
            lang,
            title=title,
            version=version,
            proposed=f"{proposed:,}",
            total=f"{len(facts):,}",
        ),
        className="review-summary",
    )


def table_rows(dataset: Dataset, lang: str) -> list[dict]:
    """A row per fact, as the table shows it (its id kept to act on it)."""
    facts = dataset.facts
    label = FactSchema.label_en if lang == "en" else FactSchema.label_zh
    return [
        {
            "id": row[FactSchema.id],
            "status": t(f"status.{row['status']}", lang),
            "section": section_name(row[FactSchema.section], lang),
            "label": row[label],
            # As every card words it: the report's own hedge and measure word.
            "value": fact_quantity(row, lang),
            "unit": VOCABULARY.unit_name(row[FactSchema.unit], lang),
            "theme": VOCABULARY.theme_name(row[FactSchema.theme], lang),
            "excerpt": row[FactSchema.excerpt],
        }
        for row in facts.to_dict("records")
    ]


def selected_style(fact_id: str | None) -> list[dict]:
    """The table's row of the fact shown, marked."""
    rules: list[dict] = []
    if fact_id:
        rules.append(
            {
                "if": {"filter_query": "{id} = " + json.dumps(fact_id)},
                "backgroundColor": "var(--bs-warning-bg-subtle)",
                "color": "var(--bs-warning-text-emphasis)",
                "fontWeight": "bold",
            }
        )
    return rules


def field_options(dataset: Dataset, lang: str) -> dict[str, list[dict]]:
    """The choices of the form's unit, qualifier, theme and section."""
    title = OutlineSchema.title_en if lang == "en" else OutlineSchema.title_zh
    return {
        "unit": [
            {"label": VOCABULARY.unit_name(unit, lang), "value": unit}
            for unit in VOCABULARY.units
        ],
        "qualifier": [
            {"label": t(f"review.qualifier.{q}", lang), "value": q} for q in QUALIFIERS
        ],
        "theme": [
            {"label": VOCABULARY.theme_name(theme, lang), "value": theme}
            for theme in VOCABULARY.themes
        ],
        "section": [
            {
                "label": f"{row[OutlineSchema.number]} {row[title]}".strip(),
                "value": row[OutlineSchema.section],
            }
            for row in dataset.outline.to_dict("records")
        ]
        + (
            [{"label": "0", "value": "0"}]
            if "0" not in set(dataset.outline[OutlineSchema.section])
            else []
        ),
    }


def bulk_options(dataset: Dataset, lang: str) -> dict[str, list[dict]]:
    """The bulk action's filters: the statuses, sections, units and themes the
    report's facts have."""
    facts = dataset.facts
    title = OutlineSchema.title_en if lang == "en" else OutlineSchema.title_zh
    top = dataset.outline[dataset.outline[OutlineSchema.level] == 1]
    return {
        "status": [
            {"label": t(f"status.{s}", lang), "value": s}
            for s in ("proposed", "reviewed")
        ],
        "section": [
            {
                "label": f"{row[OutlineSchema.number]} {row[title]}".strip(),
                "value": row[OutlineSchema.section],
            }
            for row in top.to_dict("records")
        ],
        "unit": [
            {"label": VOCABULARY.unit_name(unit, lang), "value": unit}
            for unit in VOCABULARY.units
            if unit in set(facts[FactSchema.unit])
        ],
        "theme": [
            {"label": VOCABULARY.theme_name(theme, lang), "value": theme}
            for theme in VOCABULARY.themes
            if theme in set(facts[FactSchema.theme])
        ],
    }


def make_bulk_preview(chosen: pd.DataFrame, action: str, lang: str):
    """What the bulk action would do (the facts it would touch), and how many."""
    if chosen.empty:
        return html.P(t("review.bulk_none", lang)), 0
    label = FactSchema.label_en if lang == "en" else FactSchema.label_zh
    shown = html.Div(
        [
            html.P(
                t(f"review.bulk_will_{action}", lang, count=f"{len(chosen):,}"),
                className="mb-1",
            ),
            html.Ul(
                [
                    html.Li(f"{row[label]} — {row[FactSchema.excerpt]}")
                    for row in chosen.head(BULK_SHOWN).to_dict("records")
                ],
                className="review-bulk-list",
            ),
            *(
                [
                    html.P(
                        t(
                            "review.bulk_more",
                            lang,
                            count=f"{len(chosen) - BULK_SHOWN:,}",
                        )
                    )
                ]
                if len(chosen) > BULK_SHOWN
                else []
            ),
        ]
    )
    return shown, len(chosen)


def segments(text: str, facts: pd.DataFrame) -> list[tuple[int, int, tuple[str, ...]]]:
    """The text cut where any excerpt starts or ends: (start, end, the ids of the
    facts whose excerpt covers it) for each piece, in order."""
    spans = [
        (int(start), int(start) + len(excerpt), fact_id)
        for fact_id, start, excerpt in zip(
            facts[FactSchema.id], facts[FactSchema.start], facts[FactSchema.excerpt]
        )
    ]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    cuts = [c for c in cuts if 0 <= c <= len(text)]
    covering: list[list[str]] = [[] for _ in cuts]
    for start, end, fact_id in spans:
        first = bisect_right(cuts, start) - 1
        for n in range(first, len(cuts) - 1):
            if cuts[n] >= end:
                break
            covering[n].append(fact_id)
    return [
        (cuts[n], cuts[n + 1], tuple(covering[n]))
        for n in range(len(cuts) - 1)
        if cuts[n] < cuts[n + 1]
    ]


def make_review_text(dataset: Dataset) -> list:
    """The report's paragraphs, each piece carrying its offset in the text (the
    page reads a selection's offsets from it), every excerpt highlighted by its
    facts' status."""
    text = dataset.report
    status = dict(zip(dataset.facts[FactSchema.id], dataset.facts["status"]))
    paragraphs: list = []
    line: list = []
    for start, end, covering in segments(text, dataset.facts):
        piece = start
        for part in text[start:end].split("\n"):
            if part:
                attributes = {"data-start": str(piece)}
                if covering:
                    kinds = {status.get(f, "proposed") for f in covering}
                    shown = "proposed" if "proposed" in kinds else "reviewed"
                    line.append(
                        html.Mark(
                            part,
                            className=f"review-mark review-{shown}",
                            **attributes,
                            **{"data-facts": " ".join(covering)},
                        )
                    )
                else:
                    line.append(html.Span(part, **attributes))
            piece += len(part) + 1
            if piece <= end:  # a line break ended the part
                paragraphs.append(html.P(line or "\u00a0"))
                line = []
    if line:
        paragraphs.append(html.P(line))
    return paragraphs


def plain_number(value: float) -> str:
    """A value as an editor types it: digits and a point, never 1e+06."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text or "0"


def make_form_title(fact: dict | None, lang: str):
    """The fact the form shows: its id (as the history names it), its status
    and the report's words."""
    if fact is None:
        return t("review.none_chosen", lang)
    return [
        html.Span(fact[FactSchema.id], className="review-fact-id"),
        " · ",
        t(
            "review.form_title",
            lang,
            status=t(f"status.{fact['status']}", lang),
            excerpt=fact[FactSchema.excerpt],
        ),
    ]


def member_rows(dataset: Dataset, list_id: str) -> list[dict]:
    members = dataset.members(list_id)
    return [
        {
            "position": int(row[ItemSchema.position]),
            "label_zh": row[ItemSchema.label_zh],
            "label_en": row[ItemSchema.label_en],
        }
        for row in members.to_dict("records")
    ]


def _when(value, lang: str) -> str:
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize("UTC")
    return stamp.strftime("%Y-%m-%d %H:%M UTC")


def version_summaries(changes: pd.DataFrame, lang: str) -> dict[int, str]:
    """What each edited version did, by number, in the page's language (its
    action and the labels of its facts; a restore names the version)."""
    summaries = {}
    for number, rows in changes.groupby("number", sort=False):
        first = rows.iloc[0]
        if first["action"] == "restore":
            after = json.loads(first["after"] or "{}")
            summaries[int(number)] = t(
                "review.restored", lang, version=after.get("version", "")
            )
            continue
        column = "label_en" if lang == "en" else "label_zh"
        names = []
        for before, after, subject in zip(
            rows["before"], rows["after"], rows["subject"]
        ):
            row = json.loads(after or before or "{}")
            name = row.get(column) if "list_id" not in row else None
            names.append(str(name or subject))
        names = list(dict.fromkeys(names))
        joined = ("、" if lang == "zh" else "; ").join(names[:3])
        more = t("review.more", lang, count=len(names) - 3) if len(names) > 3 else ""
        action = t(f"review.action.{first['action']}", lang)
        summaries[int(number)] = f"{action} {joined}{more}"
    return summaries


def make_history(
    versions: pd.DataFrame,
    current: int,
    lang: str,
    summaries: dict[int, str] | None = None,
) -> object:
    """Every version of the report, newest first, each but the current one with
    a button that restores it (as a new version); ``summaries`` say what the
    edited ones did (else the version's note)."""
    summaries = summaries or {}
    rows = versions.sort_values("number", ascending=False).head(HISTORY_SHOWN)
    body = [
        html.Tr(
            [
                html.Td(str(row["number"])),
                html.Td(_when(row["created_at"], lang)),
                html.Td(row["author"] or t("review.author_none", lang)),
                html.Td(summaries.get(int(row["number"]), row["note"])),
                html.Td(
                    t("review.current", lang)
                    if row["number"] == current
                    else dbc.Button(
                        t("review.restore", lang, version=row["number"]),
                        id=ids.review_restore(int(row["number"])),
                        size="sm",
                        color="link",
                        className="p-0",
                    )
                ),
            ]
        )
        for row in rows.to_dict("records")
    ]
    head = html.Thead(
        html.Tr(
            [
                html.Th(t(f"review.history.{name}", lang), scope="col")
                for name in ("version", "when", "who", "what", "restore")
            ]
        )
    )
    extra = (
        [
            html.P(
                t(
                    "review.history_more",
                    lang,
                    count=f"{len(versions) - HISTORY_SHOWN:,}",
                )
            )
        ]
        if len(versions) > HISTORY_SHOWN
        else []
    )
    return html.Div(
        [dbc.Table([head, html.Tbody(body)], size="sm", responsive=True), *extra]
    )


def _difference(before: str, after: str) -> str:
    """The columns a change altered, 'column: old → new', or the row's label."""
    old = json.loads(before) if before else None
    new = json.loads(after) if after else None
    if old and new:
        return "; ".join(
            f"{key}: {old.get(key)!s} → {new.get(key)!s}"
            for key in new
            if old.get(key) != new.get(key)
        )
    row = new or old or {}
    return str(row.get("label_zh") or row.get("version") or "")


def change_lines(changes: pd.DataFrame, lang: str) -> list:
    """Each change as a line: version, who, when, what it did and to what."""
    return [
        html.Li(
            t(
                "review.change",
                lang,
                version=row["number"],
                who=row["author"] or t("review.author_none", lang),
                when=_when(row["created_at"], lang),
                action=t(f"review.action.{row['action']}", lang),
                subject=row["subject"],
                what=_difference(row["before"], row["after"]),
            )
        )
        for row in changes.to_dict("records")
    ]


def make_fact_history(changes: pd.DataFrame, lang: str) -> object:
    if changes.empty:
        return html.P(t("review.fact_history_none", lang), className="text-muted")
    return html.Ul(change_lines(changes.head(20), lang), className="ps-3")


def make_stale(changes: pd.DataFrame, current: int, lang: str) -> dbc.Alert:
    """Why a save was refused: the versions saved since it was made."""
    return dbc.Alert(
        [
            html.P(t("review.stale", lang, version=current), className="mb-1"),
            html.Ul(change_lines(changes.head(20), lang), className="mb-0"),
        ],
        color="warning",
        className="review-stale",
        dismissable=True,
    )


def make_refused(rules: list[str], lang: str, rule: bool = True) -> dbc.Alert:
    """A change that breaks a rule of the data (``rule``), or that cannot be
    made as asked: why, and that nothing was saved."""
    return dbc.Alert(
        [
            html.P(
                t("review.refused" if rule else "review.not_saved", lang),
                className="mb-1",
            ),
            html.Ul([html.Li(rule) for rule in rules], className="mb-0"),
        ],
        color="danger",
        className="review-refused",
        dismissable=True,
    )


def edit_summary(changes, lang: str) -> str:
    """What an edit did, in the page's language: the action and the labels of
    the facts it touched (the first few)."""
    if not changes:
        return ""
    action = t(f"review.action.{changes[0].action}", lang)
    column = "label_en" if lang == "en" else "label_zh"
    names = list(
        dict.fromkeys(
            str((c.after or c.before or {}).get(column) or c.subject)
            for c in changes
            if (c.after or c.before or {}).get(column) or c.subject
        )
    )
    shown = "、".join(names[:3]) if lang == "zh" else "; ".join(names[:3])
    more = t("review.more", lang, count=len(names) - 3) if len(names) > 3 else ""
    return f"{action} {shown}{more}".strip()


def make_saved(note: str, version: int, lang: str) -> dbc.Alert:
    return dbc.Alert(
        t("review.saved", lang, version=version, note=note),
        color="success",
        className="review-saved py-2",
        duration=6000,
    )
