"""What an editor can do to a report's facts, as pure functions: each takes the
current tables and returns the tables after the edit, with a record of what it
changed (every changed row, before and after). Nothing here saves: the library
checks the new tables by every rule of the data and keeps them as a new version
(library/reports.py), so an edit that breaks a rule is refused and nothing is
written.

Rejecting a fact removes it from the new version; the earlier versions keep it,
and restoring one brings it back.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import pandas as pd

from data.loader import UNWANTED_IN_TABLES, Dataset, describe_character
from data.schemas import EXCERPT_MAX, ItemSchema, OutlineSchema
from data.schemas import FactSchema as F

# The columns an editor may change; the others (kind, formula, excerpt, start)
# say where the fact is in the report and how it is derived.
EDITABLE = (
    F.label_zh,
    F.label_en,
    F.value,
    F.unit,
    "measure",
    F.qualifier,
    F.theme,
    F.section,
)
ITEM_EDITABLE = (ItemSchema.label_zh, ItemSchema.label_en)
REVIEWED = "reviewed"
PROPOSED = "proposed"
ADDED_ID = re.compile(r"^added_(\d+)$")
NEWLINE = re.compile("\n")  # a cell is one line (files split their lines first)


class EditError(ValueError):
    """An edit that cannot be made as asked (an unknown fact, an empty merge…);
    the message names what is wrong. ``key`` names the catalog entry that says
    it in the page's language, filled from ``values``."""

    def __init__(self, message: str, key: str = "", **values: object) -> None:
        super().__init__(message)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class Change:
    """One row an edit changed: ``subject`` is a fact id or a list id; before or
    after is None when the row was added or removed."""

    subject: str
    action: str
    before: dict | None
    after: dict | None


@dataclass(frozen=True)
class Edit:
    """The tables after an edit, what it changed, and a one-line note for the
    version it makes."""

    frames: dict[str, pd.DataFrame]
    changes: tuple[Change, ...]
    note: str
    subjects: tuple[str, ...] = field(default=())


def frames_of(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """The dataset's tables by file name, indexed as the rules' messages count
    lines (the header is line 1)."""
    return {
        name: frame.reset_index(drop=True).set_axis(
            pd.RangeIndex(2, 2 + len(frame), name="line")
        )
        for name, frame in (
            ("facts.csv", dataset.facts),
            ("items.csv", dataset.items),
            ("outline.csv", dataset.outline),
            ("pages.csv", dataset.pages),
        )
    }


def _record(row: pd.Series) -> dict:
    """A row as plain JSON values (numpy scalars made Python ones)."""
    return {
        key: (value.item() if hasattr(value, "item") else value)
        for key, value in row.to_dict().items()
    }


def _reindexed(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.reset_index(drop=True).set_axis(
        pd.RangeIndex(2, 2 + len(frame), name="line")
    )


def _position(facts: pd.DataFrame, fact_id: str) -> int:
    matches = facts.index[facts[F.id] == fact_id]
    if len(matches) == 0:
        raise EditError(
            f"no fact {fact_id!r} in this version of the report",
            "review.error.no_fact",
            id=fact_id,
        )
    return matches[0]


def _with_facts(frames: dict, facts: pd.DataFrame, **others) -> dict:
    return {**frames, "facts.csv": _reindexed(facts), **others}


def set_status(frames: dict, fact_ids, status: str, action: str) -> Edit:
    """Mark ``fact_ids`` accepted (reviewed) or back to proposed."""
    facts = frames["facts.csv"].copy()
    changes = []
    for fact_id in dict.fromkeys(fact_ids):
        index = _position(facts, fact_id)
        before = _record(facts.loc[index])
        if before["status"] == status:
            continue
        facts.loc[index, "status"] = status
        changes.append(Change(fact_id, action, before, _record(facts.loc[index])))
    if not changes:
        raise EditError(
            "nothing to change: every fact named has that status",
            "review.error.same_status",
        )
    return Edit(
        _with_facts(frames, facts),
        tuple(changes),
        _note(action, changes),
        tuple(c.subject for c in changes),
    )


def accept(frames: dict, fact_ids) -> Edit:
    return set_status(frames, fact_ids, REVIEWED, "accept")


def reject(frames: dict, fact_ids) -> Edit:
    """Remove ``fact_ids`` (and the members of a list one of them counts)."""
    facts, items = frames["facts.csv"], frames["items.csv"]
    wanted = list(dict.fromkeys(fact_ids))
    for fact_id in wanted:
        _position(facts, fact_id)
    gone = facts[F.id].isin(wanted)
    changes = [
        Change(row[F.id], "reject", _record(row), None)
        for _, row in facts[gone].iterrows()
    ]
    members = items[ItemSchema.list_id].isin(wanted)
    changes += [
        Change(row[ItemSchema.list_id], "reject", _record(row), None)
        for _, row in items[members].iterrows()
    ]
    if not wanted:
        raise EditError("nothing to reject: no fact was chosen")
    return Edit(
        _with_facts(frames, facts[~gone], **{"items.csv": _reindexed(items[~members])}),
        tuple(changes),
        _note("reject", wanted),
        tuple(wanted),
    )


def _number(value) -> float:
    """A value as typed into the page: digits (ASCII) with an optional point."""
    if isinstance(value, bool):
        raise EditError("value: give a number", "review.error.not_number", value="")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace(",", "")
        if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", text):
            raise EditError(
                f"value: {str(value)[:40]!r} is not a number (digits 0-9)",
                "review.error.not_number",
                value=str(value)[:40],
            )
        number = float(text)
    if not math.isfinite(number) or number < 0:
        raise EditError(
            "value: give a finite number, 0 or more",
            "review.error.not_number",
            value=str(value)[:40],
        )
    return number


def _text(column: str, value) -> str:
    """Text typed into the page, as a cell holds it: one line of plain text (a
    label not blank). Kept as typed otherwise."""
    if not isinstance(value, str):
        raise EditError(f"{column}: give text")
    if found := UNWANTED_IN_TABLES.search(value) or NEWLINE.search(value):
        character = describe_character(found.group())
        raise EditError(
            f"{column}: holds {character}, which has no place in a label: remove it",
            "review.error.character",
            column=column,
            character=character,
        )
    if column.startswith("label") and not value.strip():
        raise EditError(
            f"{column}: give a label (it is blank)", "review.error.blank", column=column
        )
    return value


def edit(frames: dict, fact_id: str, fields: dict) -> Edit:
    """Change the editable ``fields`` of a fact; it is then reviewed (an editor
    has read it)."""
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        raise EditError(f"these columns cannot be edited: {', '.join(unknown)}")
    facts = frames["facts.csv"].copy()
    index = _position(facts, fact_id)
    before = _record(facts.loc[index])
    for column, value in fields.items():
        if column == F.value:
            value = _number(value)
        else:
            value = _text(column, value)
            if column not in (F.label_zh, F.label_en):
                value = value.strip()
        facts.loc[index, column] = value
    facts.loc[index, "status"] = REVIEWED
    after = _record(facts.loc[index])
    if after == before:
        raise EditError(
            "nothing to change: the fact already says this", "review.error.unchanged"
        )
    return Edit(
        _with_facts(frames, facts),
        (Change(fact_id, "edit", before, after),),
        _note("edit", [fact_id]),
        (fact_id,),
    )


def merge(frames: dict, keep: str, duplicates) -> Edit:
    """Keep fact ``keep`` (reviewed) and remove its ``duplicates``."""
    others = [d for d in dict.fromkeys(duplicates) if d != keep]
    if not others:
        raise EditError(
            "choose the duplicates to merge into the fact shown",
            "review.error.merge_none",
        )
    _position(frames["facts.csv"], keep)
    removed = reject(frames, others)
    facts = removed.frames["facts.csv"].copy()
    index = _position(facts, keep)
    before = _record(facts.loc[index])
    facts.loc[index, "status"] = REVIEWED
    changes = [Change(c.subject, "merge", c.before, None) for c in removed.changes]
    changes.append(Change(keep, "merge", before, _record(facts.loc[index])))
    return Edit(
        _with_facts(removed.frames, facts),
        tuple(changes),
        f"merged {', '.join(others)} into {keep}"[:160],
        (keep, *others),
    )


def section_at(outline: pd.DataFrame, start: int) -> str:
    """The innermost section of the outline whose text holds offset ``start``."""
    inside = outline[
        (outline[OutlineSchema.start] <= start) & (outline[OutlineSchema.end] > start)
    ]
    if inside.empty:
        return str(outline[OutlineSchema.section].iloc[0]) if len(outline) else "0"
    deepest = inside.sort_values(OutlineSchema.level, kind="stable").iloc[-1]
    return str(deepest[OutlineSchema.section])


def _new_id(facts: pd.DataFrame) -> str:
    taken = [int(m.group(1)) for m in map(ADDED_ID.match, facts[F.id]) if m]
    return f"added_{max(taken, default=0) + 1}"


def add(frames: dict, text: str, start: int, end: int, proposed: dict) -> Edit:
    """A fact for the words ``text[start:end]`` an editor selected; ``proposed``
    gives what the extractor reads in them (value, unit, qualifier, measure and
    labels), which the editor then corrects."""
    if not (0 <= start < end <= len(text)):
        raise EditError(
            "select the words of the report that state the number",
            "review.select_first",
        )
    excerpt = text[start:end]
    if excerpt != excerpt.strip() or "\n" in excerpt:
        raise EditError(
            "select words within one paragraph, without spaces around",
            "review.error.one_paragraph",
        )
    if len(excerpt) > EXCERPT_MAX:
        raise EditError(
            f"the selection has {len(excerpt)} characters; an excerpt has at most "
            f"{EXCERPT_MAX}: select only the words that state the number",
            "review.error.too_long",
            count=len(excerpt),
            limit=EXCERPT_MAX,
        )
    facts = frames["facts.csv"]
    fact_id = _new_id(facts)
    themes = facts[F.theme]
    section = section_at(frames["outline.csv"], start)
    in_section = themes[facts[F.section] == section]
    row = {
        F.id: fact_id,
        F.section: section,
        F.theme: (in_section if len(in_section) else themes).mode().iloc[0]
        if len(themes)
        else proposed.get(F.theme, ""),
        F.label_zh: proposed.get(F.label_zh) or excerpt,
        F.label_en: proposed.get(F.label_en) or excerpt,
        F.value: float(proposed.get(F.value, 0.0)),
        F.unit: proposed.get(F.unit, "items"),
        F.qualifier: proposed.get(F.qualifier, "exact"),
        F.kind: "stated",
        F.formula: "",
        F.excerpt: excerpt,
        F.start: int(start),
        "status": REVIEWED,
        "measure": proposed.get("measure", ""),
    }
    facts = pd.concat([facts, pd.DataFrame([row])], ignore_index=True)
    return Edit(
        _with_facts(frames, facts),
        (Change(fact_id, "add", None, row),),
        f"added {fact_id} ({excerpt})"[:160],
        (fact_id,),
    )


def edit_members(frames: dict, list_id: str, labels: list[dict]) -> Edit:
    """Change the labels (zh, en) of the members of list ``list_id``, in order."""
    items = frames["items.csv"].copy()
    rows = items[items[ItemSchema.list_id] == list_id].sort_values(
        ItemSchema.position, kind="stable"
    )
    if rows.empty:
        raise EditError(f"no list {list_id!r} in this version of the report")
    if len(labels) != len(rows):
        raise EditError(
            f"the list has {len(rows)} members; the edit gives {len(labels)}"
        )
    changes = []
    for index, given in zip(rows.index, labels):
        before = _record(items.loc[index])
        for column in ITEM_EDITABLE:
            items.loc[index, column] = _text(column, given.get(column, before[column]))
        after = _record(items.loc[index])
        if after != before:
            changes.append(Change(list_id, "members", before, after))
    if not changes:
        raise EditError(
            "nothing to change: the members already say this", "review.error.unchanged"
        )
    return Edit(
        {**frames, "items.csv": _reindexed(items)},
        tuple(changes),
        f"edited the members of {list_id}"[:160],
        (list_id,),
    )


def matching(
    facts: pd.DataFrame,
    *,
    status: str = "",
    section: str = "",
    unit: str = "",
    theme: str = "",
) -> pd.DataFrame:
    """The facts a bulk action would touch: those of the status, section (and
    its subsections), unit and theme given (an empty one: any)."""
    chosen = pd.Series(True, index=facts.index)
    if status:
        chosen &= facts["status"] == status
    if section:
        chosen &= (facts[F.section] == section) | facts[F.section].str.startswith(
            section + "."
        )
    if unit:
        chosen &= facts[F.unit] == unit
    if theme:
        chosen &= facts[F.theme] == theme
    return facts[chosen]


def bulk_chosen(facts: pd.DataFrame, action: str, filters: dict) -> pd.DataFrame:
    """The facts a bulk ``action`` would change: those ``filters`` (status,
    section, unit, theme; text from the page, anything else ignored) choose;
    accepting leaves out those already reviewed."""
    given = {
        name: value if isinstance(value, str) else ""
        for name, value in filters.items()
        if name in ("status", "section", "unit", "theme")
    }
    chosen = matching(facts, **given)
    if action == "accept":
        chosen = chosen[chosen["status"] != REVIEWED]
    return chosen


def _note(action: str, subjects) -> str:
    subjects = [getattr(s, "subject", s) for s in subjects]
    more = f" and {len(subjects) - 5} more" if len(subjects) > 5 else ""
    shown = ", ".join(subjects[:5]) + more
    return f"{action} {shown}"[:160]
