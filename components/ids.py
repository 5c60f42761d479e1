"""Every component id, in one place: a misspelt id fails at import, not in a browser.

Repeated widgets get dict ids from the factories below, so one pattern-matching
callback (``ALL``) serves them all.
"""

from __future__ import annotations

URL = "url"
ROOT = "app-root"
SKIP_LINK = "skip-link"
MAIN = "main"
PRINT_HEADER = "print-header"
PRINT_FOOTER = "print-footer"
NAVBAR = "navbar"
NAV_BRAND = "nav-brand"
NAV_TOGGLER = "nav-toggler"
NAV_COLLAPSE = "nav-collapse"
NOTICE = "notice"
PAGE = "page"
PAGE_LOADING = "page-loading"
SCROLL_DONE = "scroll-done"
DOWNLOAD = "download"

FILTER_BAR = "filter-bar"
FILTER_CLEAR = "filter-clear"
FILTER_CHIPS = "filter-chips"
FILTER_HEADING = "filter-heading"

DETAIL = "detail"
DETAIL_BODY = "detail-body"

CHART = "chart"
FACT_LINK = "fact-link"
CHIP = "chip"
CSV = "csv"
CHART_TABS = "chart-tabs"
CHART_TABLE = "chart-table"
EXPORT = "export"
EXPORT_ALL = "export-all"
EXPORT_PROGRESS = "export-progress"
EXPORT_STATUS = "export-status"


def filter_dropdown(name: str) -> str:
    """The dropdown of filter ``name`` (section, theme, unit, kind)."""
    return f"filter-{name}"


def filter_column(name: str) -> str:
    """The column that holds filter ``name``'s dropdown (hidden when it offers
    nothing to choose, as the review status of a report all reviewed)."""
    return f"filter-column-{name}"


def chart(key: str) -> dict[str, str]:
    """The graph of chart ``key``; its clicks cross-filter and open the detail panel."""
    return {"type": CHART, "chart": key}


def chart_tabs(key: str) -> dict[str, str]:
    """The chart / table tabs of chart ``key``'s card."""
    return {"type": CHART_TABS, "chart": key}


def chart_table(key: str) -> dict[str, str]:
    """Where chart ``key``'s table goes, filled when its tab is first opened."""
    return {"type": CHART_TABLE, "chart": key}


def csv_button(key: str) -> dict[str, str]:
    return {"type": CSV, "chart": key}


def export_button(key: str, fmt: str) -> dict[str, str]:
    """The menu item that exports chart ``key`` as ``fmt`` on the server."""
    return {"type": EXPORT, "chart": key, "format": fmt}


def fact_link(fact_id: str, origin: str) -> dict[str, str]:
    """A button that opens fact ``fact_id`` in the detail panel; ``origin`` keeps
    ids unique when one fact is linked from several places on a page."""
    return {"type": FACT_LINK, "fact": fact_id, "origin": origin}


def chip(name: str, value: str) -> dict[str, str]:
    """The remove button of an active-filter chip."""
    return {"type": CHIP, "filter": name, "value": value}


# Editors (editors/): the signed-in editor's CSRF token, which every write
# callback carries as a State, and the account slot of the navigation bar.
CSRF = "csrf-token"
ACCOUNT = "account"

# The review page (/review): its stores, table, text, form and buttons.
REVIEW = "review"
REVIEW_GATE = "review-gate"
REVIEW_WORK = "review-work"
REVIEW_HEADER = "review-header"
REVIEW_MESSAGE = "review-message"
REVIEW_TABLE = "review-table"
REVIEW_TEXT = "review-text"
REVIEW_VERSION = "review-version"  # the version the page shows: saves carry it
REVIEW_SAVED = "review-saved"  # what the last write saved (the write callbacks' mark)
REVIEW_SELECTED = "review-selected"  # the fact shown in the form
REVIEW_SELECTION = "review-selection"  # the words selected in the report's text
REVIEW_UNDO = "review-undo"  # the version the editor's last save was made on
REVIEW_ACCEPT = "review-accept"
REVIEW_REJECT = "review-reject"
REVIEW_NEXT = "review-next"
REVIEW_PREVIOUS = "review-previous"
REVIEW_UNDO_BUTTON = "review-undo-button"
REVIEW_SAVE = "review-save"
REVIEW_MERGE = "review-merge"
REVIEW_ADD = "review-add"
REVIEW_SELECTION_SHOWN = "review-selection-shown"
REVIEW_FORM_TITLE = "review-form-title"
REVIEW_MEMBERS = "review-members"
REVIEW_MEMBERS_SAVE = "review-members-save"
REVIEW_MEMBERS_BOX = "review-members-box"
REVIEW_BULK_ACTION = "review-bulk-action"
REVIEW_BULK_PREVIEW = "review-bulk-preview"
REVIEW_BULK_APPLY = "review-bulk-apply"
REVIEW_BULK_SHOWN = "review-bulk-shown"
REVIEW_HISTORY = "review-history"
REVIEW_FACT_HISTORY = "review-fact-history"
REVIEW_RESTORE = "review-restore"
# The form's fields and the bulk action's filters, one per column.
REVIEW_FIELDS = (
    "label_zh",
    "label_en",
    "value",
    "unit",
    "measure",
    "qualifier",
    "theme",
    "section",
)
REVIEW_BULK_FILTERS = ("status", "section", "unit", "theme")


def review_field(column: str) -> str:
    """The form's input for ``column`` of the fact shown."""
    return f"review-field-{column}"


def review_bulk(name: str) -> str:
    """The bulk action's filter ``name``."""
    return f"review-bulk-{name}"


def review_restore(number: int) -> dict:
    """The button that restores version ``number``."""
    return {"type": REVIEW_RESTORE, "version": number}


# The upload form of the library page (/library), shown to signed-in editors.
UPLOAD = "upload"
UPLOAD_FORM = "upload-form"
UPLOAD_FILE = "upload-file"
UPLOAD_FILE_SLOT = "upload-file-slot"  # assets/upload.js puts the file input in it
UPLOAD_TITLE = "upload-title"
UPLOAD_TOKEN = "upload-token"  # the session's CSRF token, filled for an editor
UPLOAD_SUBMIT = "upload-submit"
UPLOAD_PROGRESS = "upload-progress"
UPLOAD_BAR = "upload-progress-bar"
UPLOAD_MESSAGE = "upload-message"
UPLOAD_STATUS = "upload-status"  # what the upload is doing, in words
UPLOAD_SIGN_IN = "upload-sign-in"  # the sign-in link a viewer sees instead
