"""The view a URL describes — language, filters, the fact in the detail panel — and
back again. Unknown or malformed values are dropped and reported, never raised."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, urlencode

from data import Dataset
from data.filters import Filters
from data.schemas import KINDS, THEMES, UNIT_KIND_ORDER
from data.schemas import OutlineSchema as O
from i18n import DEFAULT_LANGUAGE, LANGUAGES

SEPARATOR = ","
MAX_QUERY = 2_000  # characters; a longer query is not ours


@dataclass(frozen=True)
class ViewState:
    lang: str = DEFAULT_LANGUAGE
    filters: Filters = field(default_factory=Filters)
    fact: str | None = None


@dataclass(frozen=True)
class Rejected:
    """A query parameter (or one of its values) that was ignored."""

    param: str
    value: str


def allowed_filter_values(dataset: Dataset) -> dict[str, tuple[str, ...]]:
    """Every value each filter accepts, in display order."""
    return {
        "section": tuple(dataset.outline[O.section]),
        "theme": THEMES,
        "unit": UNIT_KIND_ORDER,
        "kind": KINDS,
    }


def parse_state(search: object, dataset: Dataset) -> tuple[ViewState, list[Rejected]]:
    """The view state in a query string such as ``?lang=en&theme=study,research``."""
    if not isinstance(search, str):
        return ViewState(), (
            [] if search is None else [Rejected("?", str(search)[:40])]
        )
    if len(search) > MAX_QUERY:
        return ViewState(), [Rejected("?", search[:40] + "…")]
    allowed = allowed_filter_values(dataset)
    rejected: list[Rejected] = []
    lang, fact, chosen = DEFAULT_LANGUAGE, None, {name: [] for name in Filters.names()}
    for key, value in parse_qsl(search.lstrip("?"), keep_blank_values=True):
        if key == "lang":
            if value in LANGUAGES:
                lang = value
            else:
                rejected.append(Rejected(key, value))
        elif key == "fact":
            if value in dataset.fact_ids:
                fact = value
            else:
                rejected.append(Rejected(key, value))
        elif key in chosen:
            for part in filter(None, value.split(SEPARATOR)):
                if part in allowed[key] and part not in chosen[key]:
                    chosen[key].append(part)
                elif part not in allowed[key]:
                    rejected.append(Rejected(key, part))
        else:
            rejected.append(Rejected(key, value))
    filters = Filters(
        **{
            name: tuple(sorted(values, key=allowed[name].index))
            for name, values in chosen.items()
        }
    )
    return ViewState(lang, filters, fact), rejected


def to_search(state: ViewState) -> str:
    """The query string for ``state``: stable order, empty parts left out."""
    pairs = [("lang", state.lang)] if state.lang != DEFAULT_LANGUAGE else []
    for name in Filters.names():
        values = getattr(state.filters, name)
        if values:
            pairs.append((name, SEPARATOR.join(values)))
    if state.fact:
        pairs.append(("fact", state.fact))
    return "?" + urlencode(pairs, safe=SEPARATOR) if pairs else ""


def with_filters(state: ViewState, filters: Filters) -> ViewState:
    return replace(state, filters=filters)
