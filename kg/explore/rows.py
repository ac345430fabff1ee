"""The records a query answers with, shared by the local store, the remote endpoint client and the printers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Term:
    """A result term in SPARQL JSON terms: type uri / literal / bnode."""

    type: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    def __str__(self) -> str:
        return self.value

    def to_json(self) -> dict:
        d = {"type": self.type, "value": self.value}
        if self.lang:
            d["xml:lang"] = self.lang
        elif self.datatype and self.type == "literal":
            d["datatype"] = self.datatype
        return d


@dataclass
class Result:
    kind: str  # select / ask / graph
    variables: list[str]
    rows: list[tuple[Term | None, ...]]
    boolean: bool | None = None
    turtle: str | None = None
