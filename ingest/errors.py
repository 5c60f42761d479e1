"""The one error of reading a report: a single line saying what is wrong with the
file and what to do about it, fit to print as it is on the command line."""

from __future__ import annotations


class IngestError(Exception):
    """A report that cannot be read; ``str()`` is one line: what, then what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))
