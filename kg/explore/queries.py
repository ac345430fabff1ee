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
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.errors import InputError

_HEADER = re.compile(r"#\s*(\w+):\s*(.*)")
_EXAMPLE = re.compile(r"e\.g\.\s*(?:--bind\s+\w+=)?([^\s;,)]+)")
_DEFAULT = re.compile(r"\bdefault\s+([^\s;,)]+)")


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
class CannedQuery:
    """One `kg/queries/NAME.rq`: its headers and its SPARQL text (headers included, as comments)."""

    name: str
    title: str
    description: str
    params: tuple[QueryParam, ...]
    text: str


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
    return CannedQuery(name=name, title=title, description=" ".join(headers.get("question", [])),
                       params=tuple(parse_param(s, where) for s in specs), text=text)


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
