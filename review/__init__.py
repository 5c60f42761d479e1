"""Reviewing a report's facts: what an editor can do to them (edits.py), as pure
functions over the tables; the library keeps each edit as a new version."""
