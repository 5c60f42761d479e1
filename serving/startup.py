"""What must hold before the dashboard starts, checked once by whichever starts it
(``python dashboard.py run`` or gunicorn's master process)."""

from __future__ import annotations

import os
from pathlib import Path

from data import DataError
from library import LibraryError
from library.bundled import open_report
from serving import SettingsError, settings_from


def startup_problem(data_dir: Path | None = None) -> str | None:
    """None when the data and the settings are usable; else the message to print.
    The library is brought up to date (and the bundled report imported) here, once,
    before any worker starts."""
    try:
        open_report(data_dir or os.environ.get("DATA_DIR") or None)
        settings_from(None)
    except (DataError, SettingsError, LibraryError) as error:
        return str(error)
    return None
