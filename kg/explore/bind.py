"""`--bind VAR=VALUE` and IRI arguments: user text checked term by term before it becomes part of a query.

A variable name must be a SPARQL variable the query uses (found by the lexer, not a regex), a value must
be a valid IRI or becomes an escaped literal, and the VALUES block goes right inside the top-level WHERE
group that the lexer found, so user text can never change the structure of a query.
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping

import pyoxigraph as ox

from kg.errors import InputError
from kg.explore.guard import VARNAME, variables, where_brace

XSD = "http://www.w3.org/2001/XMLSchema#"
ID_NS = "https://w3id.org/policy-kg/id/"
# what an IRI may never hold (RFC 3987): controls, space, <>"{}|\^` (oxigraph checks the rest)
_BAD_IRI_CHAR = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f\ud800-\udfff]')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_IRI_LIKE = re.compile(r"<.*>|(?:https?|urn):.*", re.DOTALL)

Term = ox.NamedNode | ox.Literal


def _show(text: str) -> str:
    return repr(text if len(text) <= 80 else text[:77] + "...")


def valid_iri(text: str, where: str = "IRI") -> str:
    """`text` if it is an absolute IRI that may stand between < and >; else an error naming what is wrong."""
    bad = _BAD_IRI_CHAR.search(text)
    if bad:
        raise InputError(where, f"{_show(text)} is not a valid IRI (it holds {bad.group()!r})")
    if not _SCHEME.match(text):
        raise InputError(where, f"{_show(text)} is not a valid IRI (no scheme such as https:)")
    try:
        ox.NamedNode(text)
    except ValueError as exc:
        raise InputError(where, f"{_show(text)} is not a valid IRI ({exc})") from None
    return text


def parse_binds(binds: Iterable[str]) -> list[tuple[str, str]]:
    """--bind VAR=VALUE options as (VAR, VALUE) pairs; VAR (a leading ? or $ dropped) a SPARQL variable name."""
    pairs = []
    for b in binds:
        if "=" not in b:
            raise InputError("--bind", f"expects VAR=VALUE, got {_show(b)}")
        k, v = b.split("=", 1)
        name = k[1:] if k[:1] in ("?", "$") else k
        if not VARNAME.fullmatch(name):
            raise InputError("--bind", f"{_show(k)} is not a SPARQL variable name (letters, digits and _)")
        pairs.append((name, v))
    return pairs


def parse_bindings(pairs: Mapping[str, str | list[str]] | Iterable[tuple[str, str]]) -> dict[str, list[Term]]:
    """VAR=VALUE pairs as {VAR: [RDF terms]}, so a repeated VAR binds several values (see `term`)."""
    items = pairs.items() if isinstance(pairs, Mapping) else pairs
    out: dict[str, list[Term]] = {}
    for var, vals in items:
        if not VARNAME.fullmatch(var):
            raise InputError("--bind", f"{_show(var)} is not a SPARQL variable name")
        for val in [vals] if isinstance(vals, str) else vals:
            out.setdefault(var, []).append(term(val, f"--bind {var}"))
    return out


def term(val: str, where: str = "--bind") -> Term:
    """A value as an RDF term: numbers typed, <…>/http(s)/urn/pol:… as checked IRIs, Chinese text @zh (as labels)."""
    if re.fullmatch(r"-?\d+", val):
        return ox.Literal(val, datatype=ox.NamedNode(XSD + "integer"))
    if re.fullmatch(r"-?\d+\.\d+", val):
        return ox.Literal(val, datatype=ox.NamedNode(XSD + "decimal"))
    if _IRI_LIKE.fullmatch(val):
        inner = val[1:-1] if val.startswith("<") and val.endswith(">") else val
        return ox.NamedNode(valid_iri(inner, where))
    expanded = expand_prefixed(val)
    if expanded:
        return ox.NamedNode(valid_iri(expanded, where))
    if re.search(r"[\x00\ud800-\udfff]", val):
        raise InputError(where, f"{_show(val)} is not a valid literal (NUL or a lone surrogate)")
    if re.search(r"[\u4e00-\u9fff]", val):
        return ox.Literal(val, language="zh")
    return ox.Literal(val)


def expand_prefixed(text: str) -> str | None:
    """The full IRI of `id:…` or a standard-prefix name such as `pol:Task`; None for anything else."""
    from kg.graph.vocab import PREFIXES

    m = re.fullmatch(r"([a-z][a-z0-9]*):(\S+)", text)
    if not m:
        return None
    ns = ID_NS if m.group(1) == "id" else (str(PREFIXES[m.group(1)]) if m.group(1) in PREFIXES else None)
    return ns + m.group(2) if ns else None


def with_bindings(query: str, bindings: Mapping[str, list[Term] | Term] | None, where: str = "query") -> str:
    """The query with a VALUES block first in its WHERE group (lexer-found), valid on any SPARQL 1.1 endpoint."""
    if not bindings:
        return query
    used = variables(query)
    for var in bindings:
        if var not in used:
            raise InputError("--bind", f"?{var} is not a variable of {where}; it uses "
                                       + (", ".join(f"?{v}" for v in sorted(used)) or "no variables"))
    try:
        at = where_brace(query) + 1
    except InputError as exc:
        raise InputError(where, f"--bind: {exc.reason}") from None
    block = " ".join(f"VALUES ?{var} {{ {' '.join(str(t) for t in _listed(vals))} }}"
                     for var, vals in bindings.items())
    return f"{query[:at]} {block} {query[at:]}"


def _listed(vals: list[Term] | Term) -> list[Term]:
    return vals if isinstance(vals, list) else [vals]
