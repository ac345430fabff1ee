"""`--bind VAR=VALUE` and IRI arguments: user text checked term by term before it becomes part of a query.

A variable name must be a SPARQL variable the query uses (found by the lexer, not a regex), a value must
be a valid IRI or becomes an escaped literal, and the VALUES block goes right inside the top-level WHERE
group that the lexer found, so user text can never change the structure of a query. `VAR~=TEXT` (a partial
match) becomes a FILTER placed the same way, TEXT an escaped literal.
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping

import pyoxigraph as ox

from kg.errors import InputError
from kg.explore.guard import VARNAME, tokens, variables, where_brace

XSD = "http://www.w3.org/2001/XMLSchema#"
ID_NS = "https://w3id.org/policy-kg/id/"
# what an IRI may never hold (RFC 3987): controls, space, <>"{}|\^` (oxigraph checks the rest)
_BAD_IRI_CHAR = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f\ud800-\udfff]')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_IRI_LIKE = re.compile(r"<.*>|(?:https?|urn):.*", re.DOTALL)
_LOCAL_ESCAPE = re.compile(r"\\([_~.\-!$&'()*+,;=/?#@%])")  # PN_LOCAL_ESC of SPARQL 1.1

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
    exact, partial = split_binds(binds)
    if partial:
        var, text = partial[0]
        raise InputError("--bind", f"{var}~={text}: a partial match (~=) is only for `kg query`")
    return exact


def split_binds(binds: Iterable[str]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """--bind options as (exact VAR=VALUE pairs, partial VAR~=TEXT pairs)."""
    exact, partial = [], []
    for b in binds:
        if "=" not in b:
            raise InputError("--bind", f"expects VAR=VALUE or VAR~=TEXT, got {_show(b)}")
        k, v = b.split("=", 1)
        fuzzy = k.endswith("~")
        k = k[:-1] if fuzzy else k
        name = k[1:] if k[:1] in ("?", "$") else k
        if not VARNAME.fullmatch(name):
            raise InputError("--bind", f"{_show(k)} is not a SPARQL variable name (letters, digits and _)")
        (partial if fuzzy else exact).append((name, v))
    return exact, partial


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
    """The full IRI of `id:…` or a standard-prefix name such as `pol:Task`, with the local name's backslash
    escapes undone (`id:river\\/蟒河`, as `kg query` prints it, or `id:river/蟒河`); None for anything else."""
    from kg.graph.vocab import PREFIXES

    m = re.fullmatch(r"([a-z][a-z0-9]*):(\S*)", text)
    if not m:
        return None
    ns = ID_NS if m.group(1) == "id" else (str(PREFIXES[m.group(1)]) if m.group(1) in PREFIXES else None)
    return ns + _LOCAL_ESCAPE.sub(r"\1", m.group(2)) if ns else None


def with_bindings(query: str, bindings: Mapping[str, list[Term] | Term] | None, where: str = "query") -> str:
    """The query with a VALUES block first in its WHERE group (lexer-found), valid on any SPARQL 1.1 endpoint."""
    if not bindings:
        return query
    _check_used(query, bindings, where)
    block = " ".join(f"VALUES ?{var} {{ {' '.join(str(t) for t in _listed(vals))} }}"
                     for var, vals in bindings.items())
    return _insert(query, block, where)


def with_contains(query: str, contains: Mapping[str, list[str]] | None, where: str = "query") -> str:
    """The query with `FILTER(CONTAINS(LCASE(STR(?VAR)), "text") || …)` first in its WHERE group, one per
    variable (`--bind VAR~=TEXT`, repeated: any of the texts): a case-insensitive substring of the value's
    string form. A FILTER holds for its whole group, so its place there does not change the answer."""
    if not contains:
        return query
    _check_used(query, contains, where)
    computed = _computed(query)
    filters = []
    for var, texts in contains.items():
        if var in computed:
            raise InputError("--bind", f"?{var} is computed in the SELECT clause of {where} (… AS ?{var}); "
                                       "~= can only filter a variable that WHERE binds")
        tests = [f"CONTAINS(LCASE(STR(?{var})), {_needle(var, t)})" for t in texts]
        filters.append(f"FILTER({' || '.join(tests)})")
    return _insert(query, " ".join(filters), where)


def _needle(var: str, text: str) -> str:
    if not text:
        raise InputError("--bind", f"{var}~= needs some text to look for")
    if re.search(r"[\x00\ud800-\udfff]", text):
        raise InputError(f"--bind {var}", f"{_show(text)} is not a valid literal (NUL or a lone surrogate)")
    return str(ox.Literal(text.lower()))


def _check_used(query: str, names: Iterable[str], where: str) -> None:
    used = variables(query)
    for var in names:
        if var not in used:
            raise InputError("--bind", f"?{var} is not a variable of {where}; it uses "
                                       + (", ".join(f"?{v}" for v in sorted(used)) or "no variables"))


def _computed(query: str) -> set[str]:
    """Variables the SELECT clause computes (`… AS ?x` before the WHERE group): WHERE never sees them."""
    try:
        brace = where_brace(query)
    except InputError:
        return set()
    toks = [t for t in tokens(query) if t.kind != "comment" and t.start < brace]
    return {b.text[1:] for a, b in zip(toks, toks[1:]) if a.kind == "keyword" and a.text.upper() == "AS" and b.kind == "var"}


def _insert(query: str, block: str, where: str) -> str:
    """`block` right after the `{` that opens the top-level WHERE group."""
    try:
        at = where_brace(query) + 1
    except InputError as exc:
        raise InputError(where, f"--bind: {exc.reason}") from None
    return f"{query[:at]} {block} {query[at:]}"


def _listed(vals: list[Term] | Term) -> list[Term]:
    return vals if isinstance(vals, list) else [vals]
