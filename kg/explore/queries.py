"""The canned SPARQL queries in `kg/queries/*.rq` as records, so `kg query --name`, a query page and the
tests read one parse of their headers instead of each re-reading the files.

A canned query opens with comment headers, then the SPARQL text:

    # title: Tasks that touch a river
    # question: Which tasks touch the 蟒河? ...
    # params: river — the river's label as written (e.g. 蟒河); optional, default all rivers

`# params: none` declares no parameter; one `# params:` line per parameter otherwise. A parameter is
`NAME — description`; it is optional when the description says `optional` or `unbound …`, its example is
the value after `e.g.` (`e.g. --bind agency=市水利局` or `(e.g. 蟒河)`), and `default VALUE` gives a default
unless VALUE starts with `all` (then unbound is the default). The files are package data, read through
`importlib.resources`, so an installed wheel finds them.

Each query also states what it answers on the five seed plans, so a reader sees an answer before running it
and `tests/explore/test_canned.py` checks the statement against the seed build:

    # example-bind: river=蟒河                         (zero or more; the bindings of the example)
    # example-rows: 3                                  (how many rows the example answers)
    # example-row: planTitle=焦作市2022年水污染防治攻坚战实施方案; taskNumber=4
                                                       (zero or more; each names some cells of one row)

Values are compared with the lexical form of the answer's terms (a number as written, an IRI in full).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.errors import InputError

_HEADER = re.compile(r"#\s*([\w-]+):\s*(.*)")
_EXAMPLE = re.compile(r"e\.g\.\s*(?:--bind\s+\w+=)?([^\s;,)]+)")
_DEFAULT = re.compile(r"\bdefault\s+([^\s;,)]+)")
_PAIR = re.compile(r"(\w+)=(.*)", re.DOTALL)
_EXAMPLE_HEADERS = ("example-bind", "example-rows", "example-row")


@dataclass(frozen=True)
class QueryParam:
    """A variable a canned query lets the caller bind with `--bind NAME=VALUE`."""

    name: str
    description: str
    optional: bool
    default: str | None = None  # None: left unbound unless the caller binds it
    example: str | None = None

    @property
    def required(self) -> bool:
        return not self.optional


@dataclass(frozen=True)
class Example:
    """What a canned query answers on the seed corpus with `bindings`: `rows` rows, among them for each of
    `cells` a row holding those (column, value) pairs."""

    bindings: tuple[tuple[str, str], ...]
    rows: int
    cells: tuple[tuple[tuple[str, str], ...], ...]

    @property
    def bind_args(self) -> str:
        """The bindings as `kg query` options (`--bind agency=市水利局`), or '' for none."""
        return " ".join(f"--bind {k}={v}" for k, v in self.bindings)

    def to_json(self) -> dict:
        return {"bindings": [{"name": k, "value": v} for k, v in self.bindings], "rows": self.rows,
                "cells": [dict(c) for c in self.cells]}


@dataclass(frozen=True)
class CannedQuery:
    """One `kg/queries/NAME.rq`: its headers and its SPARQL text (headers included, as comments)."""

    name: str
    title: str
    description: str
    params: tuple[QueryParam, ...]
    text: str
    example: Example | None = None

    @property
    def sparql(self) -> str:
        """The query without its header comments: what a SPARQL editor or another store is given."""
        lines = self.text.splitlines()
        start = next((i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")),
                     len(lines))
        return "\n".join(lines[start:]).strip() + "\n"

    @property
    def command(self) -> str:
        """The `kg query` command line that runs the example."""
        binds = f" {self.example.bind_args}" if self.example and self.example.bindings else ""
        return f"kg query --name {self.name}{binds}"

    def to_json(self, sparql: bool = False) -> dict:
        """The record as JSON-ready data (`kg queries --format json`); with `sparql`, the query text too."""
        data = {"name": self.name, "title": self.title, "question": self.description,
                "params": [{"name": p.name, "required": p.required, "default": p.default, "example": p.example,
                            "description": p.description} for p in self.params],
                "example": self.example.to_json() if self.example else None, "command": self.command}
        return {**data, "sparql": self.sparql} if sparql else data


def parse_param(spec: str, where: str) -> QueryParam:
    """One `# params:` value (`NAME — description`) as a `QueryParam`."""
    parts = re.split(r"\s+(?:—|--|-)\s+", spec.strip(), maxsplit=1)
    if len(parts) != 2 or not re.fullmatch(r"\w+", parts[0]):
        raise InputError(where, f"# params: expects 'NAME — description' or 'none', got {spec!r}")
    name, description = parts
    optional = bool(re.search(r"\boptional\b|\bunbound\b", description))
    default = _DEFAULT.search(description)
    example = _EXAMPLE.search(description)
    return QueryParam(name=name, description=description.strip(), optional=optional,
                      default=None if not default or default[1] == "all" else default[1],
                      example=example[1] if example else None)


def _pairs(spec: str, where: str, header: str) -> tuple[tuple[str, str], ...]:
    """`a=1; b=2` as (name, value) pairs; a part without `NAME=` is an input error."""
    out = []
    for part in (p.strip() for p in spec.split(";")):
        m = _PAIR.fullmatch(part)
        if not m:
            raise InputError(where, f"# {header}: expects NAME=VALUE, got {part!r}")
        out.append((m[1], m[2].strip()))
    return tuple(out)


def parse_example(headers: dict[str, list[str]], params: tuple[QueryParam, ...], where: str) -> Example | None:
    """The `# example-…` headers as an `Example` (None when there are none); checked against the params."""
    if not any(h in headers for h in _EXAMPLE_HEADERS):
        return None
    counts = headers.get("example-rows", [])
    if len(counts) != 1 or not counts[0].isdigit():
        raise InputError(where, f"# example-rows: expects one line with a number of rows, got {counts!r}")
    bindings = tuple(b for spec in headers.get("example-bind", []) for b in _pairs(spec, where, "example-bind"))
    bound = {var for var, _ in bindings}
    for var in bound - {p.name for p in params}:
        raise InputError(where, f"# example-bind: {var} is not a parameter (declare it in # params:)")
    for p in params:
        if p.required and not p.default and p.name not in bound:
            raise InputError(where, f"# example-bind: the required parameter {p.name} has no value")
    cells = tuple(_pairs(spec, where, "example-row") for spec in headers.get("example-row", []))
    if len(cells) > int(counts[0]):
        raise InputError(where, f"{len(cells)} '# example-row:' lines but '# example-rows: {counts[0]}'")
    return Example(bindings=bindings, rows=int(counts[0]), cells=cells)


def parse_canned(name: str, text: str) -> CannedQuery:
    """A canned query's record from its name and file text; missing title or bad params are input errors."""
    where = f"queries/{name}.rq"
    headers: dict[str, list[str]] = {}
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if m:
            headers.setdefault(m[1].lower(), []).append(m[2].strip())
        elif line.strip():
            break
    title = " ".join(headers.get("title", []))
    if not title:
        raise InputError(where, "has no '# title:' header")
    specs = [s for s in headers.get("params", []) if s.lower() != "none"]
    params = tuple(parse_param(s, where) for s in specs)
    return CannedQuery(name=name, title=title, description=" ".join(headers.get("question", [])),
                       params=params, text=text, example=parse_example(headers, params, where))


@lru_cache(maxsize=1)
def canned_queries() -> tuple[CannedQuery, ...]:
    """Every canned query shipped with the package, by name."""
    folder = resources.files("kg") / "queries"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".rq")), key=lambda f: f.name)
    return tuple(parse_canned(f.name[: -len(".rq")], f.read_text(encoding="utf-8")) for f in files)


def canned_query(name: str) -> CannedQuery:
    """The canned query NAME, or an input error listing the known names."""
    for cq in canned_queries():
        if cq.name == name:
            return cq
    known = ", ".join(cq.name for cq in canned_queries())
    raise InputError(f"--name {name}", f"no such canned query; known: {known}")
