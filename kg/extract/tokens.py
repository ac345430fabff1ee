"""Segment a document once and cut Docs for its parts from those tokens, so jieba runs one pass per document
instead of one per task plus one for the whole text (it was half of the tokeniser's time).

A part's Doc holds the document's tokens inside [start, end), a token cut by the boundary clipped to it; its
text is exactly `text[start:end]`. Tasks begin and end at line breaks, where jieba splits anyway, so the
tokens are the ones a separate pass would give; where a cut Doc's text would differ, the part is segmented
on its own instead.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.language import Language
from spacy.attrs import IDX, LENGTH, SPACY
from spacy.tokens import Doc


class Segmented:
    """The tokens of one text as (start, end, whitespace) triples, and Docs cut from them."""

    def __init__(self, nlp: Language, text: str, pieces):
        self.nlp, self.text = nlp, text
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.ws: list[str] = []
        for off, piece in pieces:  # read as arrays: a Python Token object per token cost more than jieba
            arr = nlp.make_doc(piece).to_array([IDX, LENGTH, SPACY]).tolist()
            for idx, length, space in arr:
                self.starts.append(off + idx)
                self.ends.append(off + idx + length)
                self.ws.append(" " if space else "")

    def doc(self, start: int, end: int) -> Doc:
        """A Doc of text[start:end] from the document's tokens (clipped at the edges)."""
        lo, hi = bisect_right(self.ends, start), bisect_left(self.starts, end)
        words, spaces, text = [], [], self.text
        for i in range(lo, hi):
            s, e = self.starts[i], self.ends[i]
            s, e = (s if s > start else start), (e if e < end else end)
            if s >= e:
                continue
            words.append(text[s:e])
            spaces.append(bool(self.ws[i]) and e == self.ends[i] and e < end)
        part = text[start:end]
        if "".join(w + " " if sp else w for w, sp in zip(words, spaces)) != part:
            return self.nlp.make_doc(part)  # whitespace the tokens do not cover: segment the part alone
        doc = Doc(self.nlp.vocab, words=words, spaces=spaces)
        doc.user_data["kg_text"] = part  # kg.extract.doctext: known, so never rebuilt from the tokens
        return doc
