"""pyoxigraph literals made directly, for the values the graph stage writes most (a build writes hundreds of
thousands): building an rdflib `Literal` first and converting it cost a third of the graph stage.

Each function gives the same term the rdflib spelling gave (`Literal(s, lang="zh")`, `Literal(s)`,
`Literal(n, datatype=XSD.integer)`, `Literal(iso, datatype=XSD.date)`), so a build's quads are unchanged.
"""

from __future__ import annotations

import pyoxigraph as ox

XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
XSD_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")


def zh(text: str) -> ox.Literal:
    """A Chinese text: `"…"@zh`."""
    return ox.Literal(text, language="zh")


def plain(text) -> ox.Literal:
    """A plain string (`xsd:string`)."""
    return ox.Literal(str(text))


def integer(n: int) -> ox.Literal:
    """An `xsd:integer`, written as Python writes the int."""
    return ox.Literal(str(int(n)), datatype=XSD_INTEGER)


def date(iso: str) -> ox.Literal:
    """An `xsd:date` from its ISO form."""
    return ox.Literal(iso, datatype=XSD_DATE)


def decimal(text: str) -> ox.Literal:
    """An `xsd:decimal` from its lexical form, as written (scores: `0.2880`)."""
    return ox.Literal(text, datatype=XSD_DECIMAL)
