"""Reading a new report: its file into text (read_source), and its text into
proposed tables (propose) that pass the same rules as the curated ones.

    from ingest import IngestError, read_source, propose
    source = read_source(path)        # Source(text, name, sha256, format)
    proposal = propose(source.text)   # Proposal(facts, items, outline, dates)
"""

from ingest.errors import IngestError
from ingest.propose import Proposal, propose
from ingest.read import MAX_TEXT_BYTES, Source, read_source

__all__ = [
    "MAX_TEXT_BYTES",
    "IngestError",
    "Proposal",
    "Source",
    "propose",
    "read_source",
]
