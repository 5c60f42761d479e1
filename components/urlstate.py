"""The view a URL describes — language, filters, the fact in the detail panel — and
back again. Unknown or malformed values are dropped and reported, never raised."""

from __future__ import annotations

from collections.abc import Callable, Container
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, urlencode

from data import Dataset
from data.filters import Filters
from data.numerals import whole_number
from data.schemas import KINDS, THEMES, UNIT_KIND_ORDER
from data.schemas import OutlineSchema as O
from i18n import DEFAULT_LANGUAGE, LANGUAGES

SEPARATOR = ","
REVIEW_ORDER = ("reviewed", "proposed")  # the review-status filter's options
MAX_QUERY = 2_000  # characters; a longer query is not ours


MODES = ("light", "dark")
DEFAULT_MODE = "light"


@dataclass(frozen=True)
class ViewState:
    lang: str = DEFAULT_LANGUAGE
    filters: Filters = field(default_factory=Filters)
    fact: str | None = None
    slide: int | None = None  # presentation: the slide to open at (1-based)
    kiosk: int | None = None  # presentation: seconds per slide when auto-advancing
    mode: str = DEFAULT_MODE  # colour scheme: light or dark
    report: str | None = None  # the library's report (None: the default one)


SLIDE_RANGE = (1, 999)
KIOSK_RANGE = (2, 3600)  # seconds


def _whole_number(value: str, bounds: tuple[int, int]) -> int | None:
    number = whole_number(value)
    if number is None:
        return None
    return number if bounds[0] <= number <= bounds[1] else None


@dataclass(frozen=True)
class Rejected:
    """A query parameter (or one of its values) that was ignored; ``origin`` is
    "address" (the URL) or "input" (a value a control sent that it does not offer)."""

    param: str
    value: str
    origin: str = "address"


def allowed_filter_values(dataset: Dataset) -> dict[str, tuple[str, ...]]:
    """Every value each filter accepts, in display order: the report's own
    sections, and only the themes and kinds of unit its facts have."""
    return {
        "section": tuple(dataset.outline[O.section]),
        "theme": tuple(t for t in THEMES if t in dataset.themes_present),
        "unit": tuple(u for u in UNIT_KIND_ORDER if u in dataset.unit_kinds_present),
        "kind": KINDS,
        "status": REVIEW_ORDER,
    }


def _scalar_parsers(
    dataset: Dataset, reports: Container[str]
) -> dict[str, Callable[[str], object]]:
    """One parser per single-valued parameter; None means "not allowed"."""
    return {
        "report": lambda v: v if v in reports else None,
        "lang": lambda v: v if v in LANGUAGES else None,
        "fact": lambda v: v if v in dataset.fact_ids else None,
        "slide": lambda v: _whole_number(v, SLIDE_RANGE),
        "kiosk": lambda v: _whole_number(v, KIOSK_RANGE),
        "mode": lambda v: v if v in MODES else None,
    }


def parse_state(
    search: object, dataset: Dataset, reports: Container[str] = frozenset()
) -> tuple[ViewState, list[Rejected]]:
    """The view state in a query string such as ``?lang=en&theme=study,research``;
    ``reports`` holds the slugs ``report=`` may name (``dataset`` is that report's)."""
    if not isinstance(search, str):
        return ViewState(), (
            [] if search is None else [Rejected("?", str(search)[:40])]
        )
    if len(search) > MAX_QUERY:
        return ViewState(), [Rejected("?", search[:40] + "…")]
    allowed = allowed_filter_values(dataset)
    parsers = _scalar_parsers(dataset, reports)
    rejected: list[Rejected] = []
    scalars: dict[str, object] = {}
    chosen: dict[str, list[str]] = {name: [] for name in Filters.names()}
    for key, value in parse_qsl(search.lstrip("?"), keep_blank_values=True):
        if key in parsers:
            parsed = parsers[key](value)
            if parsed is None:
                rejected.append(Rejected(key, value))
            else:
                scalars[key] = parsed
        elif key in chosen:
            for part in filter(None, value.split(SEPARATOR)):
                if part not in allowed[key]:
                    rejected.append(Rejected(key, part))
                elif part not in chosen[key]:
                    chosen[key].append(part)
        else:
            rejected.append(Rejected(key, value))
    filters = Filters(
        **{
            name: tuple(sorted(values, key=allowed[name].index))
            for name, values in chosen.items()
        }
    )
    return ViewState(filters=filters, **scalars), rejected


def to_search(state: ViewState) -> str:
    """The query string for ``state``: stable order, empty parts left out."""
    pairs = [("report", state.report)] if state.report else []
    if state.lang != DEFAULT_LANGUAGE:
        pairs.append(("lang", state.lang))
    if state.mode != DEFAULT_MODE:
        pairs.append(("mode", state.mode))
    for name in Filters.names():
        values = getattr(state.filters, name)
        if values:
            pairs.append((name, SEPARATOR.join(values)))
    for name in ("fact", "slide", "kiosk"):
        if getattr(state, name):
            pairs.append((name, str(getattr(state, name))))
    return "?" + urlencode(pairs, safe=SEPARATOR) if pairs else ""


def language_of(search: object) -> str:
    """The language a query string asks for (the default when it names none)."""
    if isinstance(search, str) and len(search) <= MAX_QUERY:
        for key, value in parse_qsl(search.lstrip("?"), keep_blank_values=True):
            if key == "lang" and value in LANGUAGES:
                return value
    return DEFAULT_LANGUAGE


def report_param(search: object) -> str | None:
    """The report a query string names (its last ``report=``, as parse_state
    keeps the last value of a parameter), unchecked."""
    if not isinstance(search, str) or len(search) > MAX_QUERY:
        return None
    named = [
        value
        for key, value in parse_qsl(search.lstrip("?"), keep_blank_values=True)
        if key == "report"
    ]
    return named[-1] if named else None


def view_only(state: ViewState) -> ViewState:
    """The state a link to another page keeps: report, language and filters."""
    return replace(state, fact=None, slide=None, kiosk=None)
