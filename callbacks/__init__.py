"""Callback wiring only: each module's ``register(app, dataset)`` connects inputs to
pure functions in components/ and figures/."""

from __future__ import annotations

from dash import Dash

from callbacks import downloads, exports, guard, navigation, scroll
from data import Dataset


def register_all(app: Dash, dataset: Dataset) -> None:
    """Register every callback of the dashboard on ``app``."""
    for module in (guard, navigation, downloads, exports, scroll):
        module.register(app, dataset)
