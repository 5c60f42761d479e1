"""The bundled report's pages as the dashboard draws them (its data/pages.csv)."""

from components.pages import pages_for
from data.loader import load_dataset

PAGES = pages_for(load_dataset())
