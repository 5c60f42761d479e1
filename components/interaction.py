"""What a user's action does to the view state. Pure: state + event → new state.

Events come from the filter dropdowns, the clear-all button, the chips, clicks on
chart marks, fact buttons, and the detail panel being closed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from components.urlstate import Rejected, ViewState
from data import Dataset
from data.filters import Filters
from data.provenance import RATIO
from data.schemas import THEMES
from data.schemas import FactSchema as F


@dataclass(frozen=True)
class Event:
    """``kind``: filter, clear, chip, mark, fact or panel; then ``name``, ``value``."""

    kind: str
    name: str = ""
    value: object = None


def _clean(values: object, allowed: tuple[str, ...]) -> tuple[str, ...]:
    if not isinstance(values, list | tuple):
        return ()
    return tuple(v for v in allowed if v in values)


def apply_event(
    state: ViewState,
    event: Event,
    dataset: Dataset,
    allowed: dict[str, tuple[str, ...]],
) -> ViewState:
    """The state after ``event``; anything malformed leaves the state as it was."""
    if event.kind == "filter" and event.name in Filters.names():
        filters = replace(
            state.filters, **{event.name: _clean(event.value, allowed[event.name])}
        )
        return replace(state, filters=filters)
    if event.kind == "clear":
        return replace(state, filters=Filters(), fact=None)
    if event.kind == "chip":
        if event.name == "fact":
            return replace(state, fact=None)
        if event.name in Filters.names() and isinstance(event.value, str):
            return replace(
                state, filters=state.filters.without(event.name, event.value)
            )
    if event.kind in ("mark", "fact") and isinstance(event.value, str):
        if event.value in dataset.fact_ids:
            fact = (
                None
                if state.fact == event.value and event.kind == "mark"
                else event.value
            )
            return replace(state, fact=fact)
        if event.kind == "mark" and event.value in THEMES:
            return replace(state, filters=state.filters.toggled("theme", event.value))
    if event.kind == "panel" and event.value is False:
        return replace(state, fact=None)
    return state


def _shown(value: object) -> str:
    return str(value)[:40]


def oversized(event: Event, allowed: dict[str, tuple[str, ...]]) -> Rejected | None:
    """A filter list longer than twice what its control offers: refused whole,
    before any of its values is looked at."""
    if event.kind != "filter" or not isinstance(event.value, list | tuple):
        return None
    offered = len(allowed.get(event.name, ()))
    if len(event.value) <= 2 * offered:
        return None
    return Rejected(_shown(event.name), f"[{len(event.value)} values]", "input")


def rejected_in(
    event: Event, dataset: Dataset, allowed: dict[str, tuple[str, ...]]
) -> list[Rejected]:
    """What ``event`` asked for that the page does not offer (and apply_event
    therefore ignores), to be named in a notice."""
    if event.kind == "filter":
        if event.name not in allowed:
            return [Rejected(_shown(event.name), "", "input")]
        if event.value is None:
            return []
        if not isinstance(event.value, list | tuple):
            return [Rejected(event.name, _shown(event.value), "input")]
        return [
            Rejected(event.name, _shown(v), "input")
            for v in event.value
            if v not in allowed[event.name]
        ]
    if event.kind == "chip" and event.name not in (*allowed, "fact"):
        return [Rejected(_shown(event.name), _shown(event.value), "input")]
    if event.kind == "fact" and not (
        isinstance(event.value, str) and event.value in dataset.fact_ids
    ):
        return [Rejected("fact", _shown(event.value), "input")]
    if event.kind == "panel" and not isinstance(event.value, bool):
        return [Rejected("panel", _shown(event.value), "input")]
    return []


def clicked_mark(click_data: object) -> str | None:
    """The ``customdata`` of the first clicked point, if it is a string."""
    try:
        value = click_data["points"][0]["customdata"]  # type: ignore[index]
    except (KeyError, IndexError, TypeError):
        return None
    return value if isinstance(value, str) else None


def related(dataset: Dataset, fact_id: str | None) -> frozenset[str]:
    """The fact, the facts it is derived from, those derived from it, and its theme:
    what the charts emphasise while it is selected."""
    if not fact_id or fact_id not in dataset.fact_ids:
        return frozenset()
    fact = dataset.fact(fact_id)
    linked = {fact_id, fact[F.theme]}
    if ratio := RATIO.match(fact[F.formula]):
        linked |= {ratio["num"], ratio["den"]}
    for row in dataset.facts.to_dict("records"):
        if (ratio := RATIO.match(row[F.formula])) and fact_id in (
            ratio["num"],
            ratio["den"],
        ):
            linked.add(row[F.id])
    return frozenset(linked)
