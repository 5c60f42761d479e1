"""What the extractor reads in words an editor selected: the values a fact added
from a selection starts with (the editor then corrects them)."""

from __future__ import annotations

from data.schemas import FactSchema as F

PROPOSED_COLUMNS = (
    F.value,
    F.unit,
    F.qualifier,
    F.label_zh,
    F.label_en,
    F.theme,
    "measure",
)


def proposed_fact(excerpt: str) -> dict | None:
    """The first quantity the extractor finds in ``excerpt`` (None: none)."""
    from ingest import propose

    if not excerpt.strip():
        return None
    facts = propose(excerpt).facts
    if facts.empty:
        return None
    first = facts.iloc[0]
    return {column: first[column] for column in PROPOSED_COLUMNS}
