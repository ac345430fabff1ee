"""Compatibility: the readers moved to `kg.ingest.readers`; this name keeps old imports working."""

from __future__ import annotations

from pathlib import Path

from kg.ingest.readers import Source, read
from kg.ingest.readers.text import decode

__all__ = ["Source", "decode", "read_source"]


def read_source(path: Path) -> Source:
    """The document at path in any supported format (see `kg.ingest.readers.READERS`)."""
    return read(path)
