"""The report's facts as validated tables: load once, at the edge, then pass down."""

from data.loader import DataError, Dataset, load_dataset

__all__ = ["DataError", "Dataset", "load_dataset"]
