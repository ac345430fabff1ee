"""A Doc's text, joined once: spaCy's `Doc.text` rebuilds it from every token on each access, and the
components read it about nine times per Doc — once a long document, it was half the extraction time."""

from __future__ import annotations

from spacy.tokens import Doc


def doc_text(doc: Doc) -> str:
    """`doc.text`, computed on first use and kept in the Doc's user data."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text
