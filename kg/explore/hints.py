"""Why a query found nothing: cheap one-token rewrites that would find something, for a hint on stderr.

A hand-written query that matches nothing looks the same as a true "no": `?u rdfs:label "市水利局"` finds no
unit because labels are `"市水利局"@zh`, `pol:taskNumber 9` none because task numbers are strings. So when a
SELECT or ASK answers nothing, a few rewrites are tried, each changing literals or a misspelt pol: term
found by the lexer (never a regex on the text), within a time budget; the first that answers is the hint.
Pure: the caller passes `probe(text) -> rows` and a clock.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Callable

from kg.errors import InputError
from kg.explore.guard import Token, tokens, where_brace

MAX_TRIES = 8
BUDGET = 2.0  # seconds for all rewrites together; a query slower than this gets no hints
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_INTEGER = re.compile(r"\d+")


@dataclass(frozen=True)
class Change:
    """One token rewritten: where it stands (1-based line:column), what it was, what it becomes, and why."""

    line: int
    column: int
    old: str
    new: str
    why: str


@dataclass(frozen=True)
class Rewrite:
    text: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Hint:
    rewrite: Rewrite
    rows: int

    def message(self, where: str = "query", ask: bool = False, cap: int = 1000) -> str:
        """`hint: … "市水利局"@zh for "市水利局" (query:1:25) … returns 2 row(s): labels …`, one line."""
        said = "; ".join(f"{c.new} for {c.old} ({where}:{c.line}:{c.column})" for c in self.rewrite.changes)
        why = "; ".join(dict.fromkeys(c.why for c in self.rewrite.changes))
        rows = f"{self.rows}+" if self.rows >= cap else str(self.rows)
        answer = "answers true" if ask else f"returns {rows} row(s)"
        return f"hint: nothing matched, but with {said} the query {answer}: {why}"


def rewrites(query: str, unknown: Callable[[str], str | None] = lambda name: None) -> list[Rewrite]:
    """The rewrites worth trying, cheapest first: each change alone, then each kind of change everywhere at
    once (two labels may both lack @zh). `unknown(name)`: the term a pol: name that is not in the ontology
    most likely meant, or None. Only tokens inside the WHERE group are touched."""
    try:
        start = where_brace(query)
    except InputError:
        return []
    toks = [t for t in tokens(query) if t.kind != "comment"]
    changes = [c for i, t in enumerate(toks) if t.start > start for c in _changes(query, toks, i, unknown)]
    together = [[c for c in changes if c[1].why == why] for why in dict.fromkeys(c[1].why for c in changes)]
    if len(together) > 1:
        together.append(changes)  # a label without @zh and a year as a string, in one query
    together = [group for group in together if len(group) > 1]
    singles = [_apply(query, [c]) for c in changes][:MAX_TRIES - len(together)]
    return (singles + [_apply(query, group) for group in together])[:MAX_TRIES]


def first_hint(query: str, probe: Callable[[str], int], rewritten: list[Rewrite] | None = None,
               budget: float = BUDGET, clock: Callable[[], float] = time.monotonic) -> Hint | None:
    """The first rewrite `probe` finds rows for, trying while `budget` seconds last; None if none does."""
    began = clock()
    for rw in rewritten if rewritten is not None else rewrites(query):
        if clock() - began > budget:
            return None
        n = probe(rw.text)
        if n > 0:
            return Hint(rw, n)
    return None


def _changes(query: str, toks: list[Token], i: int, unknown: Callable[[str], str | None]):
    """(token, Change) for each rewrite of toks[i]: plain strings get @zh / become numbers, numbers become
    strings, a pol: name not in the ontology becomes the term it most likely meant."""
    t = toks[i]
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    prev = toks[i - 1] if i else None
    if t.kind == "string" and not (nxt and (nxt.kind == "lang" or nxt.text == "^^")):
        body = _body(t.text)
        if _CJK.search(body):
            yield t, _change(query, t, t.text + "@zh", "labels and names in this graph are tagged @zh")
        if _NUMBER.fullmatch(body):
            yield t, _change(query, t, body, "numbers such as years are stored as numbers, not strings")
    elif t.kind == "number" and _INTEGER.fullmatch(t.text) and not (prev and prev.text.upper() in ("LIMIT", "OFFSET")):
        yield t, _change(query, t, f'"{t.text}"', "this value is stored as a string (task numbers are)")
    elif t.kind == "pname" and t.text.startswith("pol:"):
        meant = unknown(t.text[4:])
        if meant:
            yield t, _change(query, t, f"pol:{meant}", f"{t.text} is not a term of the ontology")


def _body(literal: str) -> str:
    q = 3 if literal[:3] in ('"""', "'''") else 1
    return literal[q:-q]


def _change(query: str, t: Token, new: str, why: str) -> Change:
    line = query.count("\n", 0, t.start) + 1
    col = t.start - (query.rfind("\n", 0, t.start) + 1) + 1
    return Change(line, col, t.text, new, why)


def _apply(query: str, changes: list[tuple[Token, Change]]) -> Rewrite:
    """The query with each token replaced, back to front so earlier offsets hold."""
    text = query
    for t, c in sorted(changes, key=lambda tc: -tc[0].start):
        text = text[:t.start] + c.new + text[t.start + len(t.text):]
    return Rewrite(text, tuple(c for _, c in changes))
