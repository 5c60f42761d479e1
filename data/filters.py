"""Filters over the facts table: section, theme, unit kind, stated/derived, and
reviewed/proposed.

Empty selections mean "no restriction". Applying filters never mutates a table.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import pandas as pd

from data.schemas import STATUS, units_of_kind
from data.schemas import FactSchema as F


@dataclass(frozen=True)
class Filters:
    """The active filters; each field holds the chosen values, in a stable order."""

    section: tuple[str, ...] = ()
    theme: tuple[str, ...] = ()
    unit: tuple[str, ...] = ()  # unit kinds: people, meetings, documents, …
    kind: tuple[str, ...] = ()
    status: tuple[str, ...] = ()  # reviewed, proposed (not yet reviewed)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in self.names())

    def toggled(self, name: str, value: str) -> Filters:
        """These filters with ``value`` added to or removed from filter ``name``."""
        current = getattr(self, name)
        chosen = (
            tuple(v for v in current if v != value)
            if value in current
            else (*current, value)
        )
        return replace(self, **{name: chosen})

    def without(self, name: str, value: str) -> Filters:
        return replace(
            self, **{name: tuple(v for v in getattr(self, name) if v != value)}
        )


def section_matches(section: str, chosen: tuple[str, ...]) -> bool:
    """A fact in 1.2 matches a filter on 1.2 and on its parent 1."""
    return any(section == c or section.startswith(c + ".") for c in chosen)


def apply_filters(facts: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows of ``facts`` that every active filter admits."""
    keep = pd.Series(True, index=facts.index)
    if filters.section:
        sections = facts[F.section]
        matching = [s for s in sections.unique() if section_matches(s, filters.section)]
        keep &= sections.isin(matching)  # one test per distinct section, not per row
    if filters.theme:
        keep &= facts[F.theme].isin(filters.theme)
    if filters.unit:
        keep &= facts[F.unit].isin(units_of_kind(filters.unit))
    if filters.kind:
        keep &= facts[F.kind].isin(filters.kind)
    if filters.status and STATUS in facts.columns:
        keep &= facts[STATUS].isin(filters.status)
    return facts[keep]
