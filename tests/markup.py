"""Labels an editor might type that plotly would read as markup, a copy of the
data holding them, and what plotly draws for a text (its entity decoding)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping
from pathlib import Path

from data import Dataset, load_dataset
from data.loader import DATA_DIR
from data.schemas import FactSchema as F
from tests.conftest import DATA_FILES, read_rows, write_rows

# A link, bold, a line break, an entity, a hover template's placeholder, a
# percent sign, an ampersand and quotes.
HOSTILE = (
    'Q <a href="https://evil.example/phish">click</a>',
    "<b>bold</b>",
    "x<br>y",
    "&lt;",
    "%{x}",
    "97% & 'quoted' \"text\"",
)

# How plotly (svg_text_utils.convertEntities) decodes entities: these names and
# numeric references only; anything else is shown as typed.
NAMED = {
    "mu": "\u03bc",
    "amp": "&",
    "lt": "<",
    "gt": ">",
    "nbsp": "\xa0",
    "times": "\xd7",
    "plusmn": "\xb1",
    "deg": "\xb0",
}
ENTITY = re.compile(r"&(#\d+|#x[\da-fA-F]+|[a-z]+);")


def _entity(match: re.Match) -> str:
    name = match.group(1)
    if name.startswith("#x"):
        return chr(int(name[2:], 16))
    if name.startswith("#"):
        return chr(int(name[1:]))
    return NAMED.get(name, match.group(0))


def shown(text: str) -> str:
    """What plotly draws for ``text`` with no tags in it but its own <br>: one
    line per <br>, entities decoded."""
    return "\n".join(ENTITY.sub(_entity, line) for line in text.split("<br>"))


def hostile_label(number: int) -> str:
    return f"{HOSTILE[number % len(HOSTILE)]} {number}"


def hostile_dataset(folder: Path, labels: Mapping[str, str] | None = None) -> Dataset:
    """A copy of the data in ``folder`` whose every label (zh and en, facts and
    list members) is one of HOSTILE, numbered so that each stays unique, or for
    the facts ``labels`` names (by id), the label it gives."""
    labels = labels or {}
    for name in DATA_FILES:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DATA_DIR / name, target)
    for name in ("facts.csv", "items.csv"):
        rows = read_rows(folder / name)
        for number, row in enumerate(rows):
            label = hostile_label(number)
            if name == "facts.csv":
                label = labels.get(row[F.id], label)
            row[F.label_zh] = row[F.label_en] = label
        write_rows(folder / name, rows)
    return load_dataset(folder)
