"""Entity components (rivers, sections, works, targets, deadlines, citations); filled in by issue 4."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language


def add_to(nlp: Language, reference: list[Path]) -> None:
    return None


def attach(task, sdoc, offset, ev, meta) -> None:
    return None


def attach_document(doc, norm, out, nlp, ev) -> None:
    return None
