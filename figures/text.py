"""Text in a figure, drawn as the characters typed.

Plotly reads a subset of HTML in every text it draws — titles, tick labels,
hovers, annotations, legends: ``<a href>`` becomes a link, ``<b>`` bold, ``<br>``
a line break, and ``&lt;``-style entities are decoded. A label from the data
holding any of these would be drawn as markup. So every string a figure draws
passes through ``plain`` exactly once, where it enters the figure; the only
markup in a figure is what the code writes on purpose (the ``<br>`` of
``lines``, the ``<extra>`` of a hover template), joined around escaped pieces.

Data never goes into a hover template itself (where ``%{…}`` is a placeholder):
it goes into ``y``, ``text`` or ``hovertext``, which the template names, and
plotly substitutes each value once, without reading it as a template again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

BREAK = "<br>"
# Escaping "&" first keeps an entity typed in the data (&lt;) as typed: plotly
# decodes "&amp;lt;" to "&lt;", in one pass. Quotes need no escape outside a tag,
# and plotly does not decode &quot; (it would show as typed).
_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
_ESCAPED = re.compile("&(amp|lt|gt);")
_CHARACTERS = {"amp": "&", "lt": "<", "gt": ">"}


def plain(text: object) -> str:
    """``text`` as plotly must receive it to draw the characters typed."""
    text = str(text)
    for character, entity in _ESCAPES:
        text = text.replace(character, entity)
    return text


def lines(parts: Iterable[str]) -> str:
    """Lines of plain text, one below the other: each escaped, joined by <br>."""
    return BREAK.join(plain(part) for part in parts)


def shown(text: str) -> str:
    """The characters ``plain`` text stands for (to measure what is drawn)."""
    return _ESCAPED.sub(lambda match: _CHARACTERS[match.group(1)], text)
