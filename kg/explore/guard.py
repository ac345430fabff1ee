"""A small SPARQL 1.1 lexer and the checks that run on query text before any parser sees it.

Oxigraph's recursive-descent parser dies (SIGSEGV) on a few thousand nested groups or a long chain of
operators, and SERVICE makes the server fetch from any host; so query text is measured here in one linear,
non-recursive pass first. The same tokens tell the CLI where the WHERE group opens and which variables a
query uses, so nothing is ever found by a regex that cannot tell a comment or a string from the query.
"""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple, NoReturn

from kg.errors import InputError

# SPARQL 1.1 grammar productions (§19.8), as regex character-class bodies.
_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
         "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
_U = _BASE + "_"
_VARCHARS = _U + "0-9\u00b7\u0300-\u036f\u203f-\u2040"
_CHARS = _VARCHARS + "\\-"
VARNAME = re.compile(f"[{_U}0-9][{_VARCHARS}]*")
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"

_TOKEN = re.compile(
    r"[ \t\r\n]+"
    r"|(?P<comment>#[^\r\n]*)"
    r"|(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)"
    r"|(?P<string>'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''"
    r'|"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'
    r"|'[^'\\\r\n]*(?:\\.[^'\\\r\n]*)*'"
    r'|"[^"\\\r\n]*(?:\\.[^"\\\r\n]*)*")'
    f"|(?P<var>[?$][{_U}0-9][{_VARCHARS}]*)"
    f"|(?P<word>[{_U}:](?:[{_CHARS}.:]|{_PLX})*)"
    r"|(?P<number>[0-9]+\.[0-9]*[eE][+-]?[0-9]+|[0-9]*\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<lang>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)"
    r"|(?P<punct>\^\^|[{}()\[\],;.])"
    r"|(?P<op>\|\||&&|!=|<=|>=|[=<>+\-*/!|^])"
    r"|(?P<error>.)",
    re.DOTALL,
)

UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
OPENERS, CLOSERS = frozenset("{(["), frozenset("})]")
_ITEMS = frozenset({"var", "iri", "pname", "string", "number"})  # what can stand as an item of an RDF list
_ITEM_ENDS = _ITEMS | {"lang"}  # what can end one
QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})


class Token(NamedTuple):
    """One lexeme: kind (comment, iri, string, var, pname, keyword, number, lang, punct, op, error)."""

    kind: str
    text: str
    start: int


def tokens(text: str) -> Iterator[Token]:
    """The tokens of `text` in order, whitespace dropped; one regex pass, so linear and never recursive."""
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind is None:
            continue
        if kind == "word":
            yield from _split_word(m.group(), m.start())
        else:
            yield Token(kind, m.group(), m.start())


def _split_word(word: str, start: int) -> Iterator[Token]:
    """A name-character run as the grammar reads it (`ex:a.` is `ex:a` `.`; `true.` is `true` `.`), in one scan."""
    if ":" in word:
        name = word.rstrip(".")
        yield Token("pname", name, start)
        for i in range(len(name), len(word)):
            yield Token("punct", ".", start + i)
        return
    pos = start
    for i, piece in enumerate(word.split(".")):
        if i:
            yield Token("punct", ".", pos)
            pos += 1
        if piece:
            yield Token("keyword", piece, pos)
            pos += len(piece)


def _refuse(reason: str) -> NoReturn:
    raise InputError("query", reason)


def check_query(text: str, max_chars: int = 100_000, max_depth: int = 64, max_terms: int = 10_000) -> None:
    """Refuse, before any parser runs, text that would crash it, reach other hosts or write: one linear pass."""
    # Oxigraph's parser recurses per group, per list item and per item of most sequences, and dies (SIGSEGV)
    # near 2,500 MINUS groups, 3,800 list items or 8,000 triples on an 8 MB stack. So brackets nest at most
    # max_depth deep (each item of a ( … ) list written side by side is a level, as an RDF list nests) and
    # a query holds at most max_terms tokens, an operator counting twice (9,000 `!` already crash).
    if len(text) > max_chars:
        _refuse(f"query is {len(text):,} characters; the limit is {max_chars:,}")
    stack: list[list] = []  # per open bracket: [the bracket, items side by side in it so far]
    cost, extra, prev_end = 0, 0, False  # extra: list items side by side in all open brackets
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind is None or kind == "comment":
            continue
        tok = m.group()
        cost += 2 if kind == "op" else (1 + tok.count(".") if kind == "word" and ":" not in tok else 1)
        if cost > max_terms:
            _refuse(f"query has more than {max_terms:,} terms, the limit (an operator counts twice)")
        if kind == "word":
            kind = _check_word(tok, m.start())
        elif kind == "error" and tok in "\"'":
            _refuse(f"unterminated string at offset {m.start()}")
        boolean = kind == "keyword" and tok.lower() in ("true", "false")
        if prev_end and (kind in _ITEMS or boolean or tok == "(") and stack and stack[-1][0] == "(":
            stack[-1][1] += 1  # another item of a list written side by side: one level deeper
            extra += 1
        if kind == "punct" and tok in OPENERS:
            stack.append([tok, 0])
        elif kind == "punct" and tok in CLOSERS:
            if not stack:
                _refuse(f"a closing {tok!r} has no opening bracket (at offset {m.start()})")
            extra -= stack.pop()[1]
        if len(stack) + extra > max_depth:
            _refuse(f"brackets or a ( … ) list nest deeper than {max_depth}, the limit (at offset {m.start()})")
        prev_end = kind in _ITEM_ENDS or boolean or tok == ")"


def _check_word(word: str, start: int) -> str:
    """The kind of a name-character run (pname or keyword), refusing SERVICE and update keywords in it."""
    if ":" in word:
        return "pname"
    for piece in word.upper().split("."):
        if piece == "SERVICE":
            _refuse("SERVICE is refused: this endpoint does not query other hosts")
        if piece in UPDATE_WORDS:
            _refuse(f"updates are refused: read-only ({piece} at offset {start})")
    return "keyword"


def variables(text: str) -> set[str]:
    """The names of the variables a query mentions (?x and $x are one variable), by the lexer."""
    return {tok[1:] for kind, tok, _ in tokens(text) if kind == "var"}


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first query-form keyword outside any group; None if none."""
    for kind, tok, _ in tokens(text):
        if kind == "keyword" and tok.upper() in QUERY_FORMS:
            return tok.upper()
    return None


def where_brace(text: str) -> int:
    """Offset of the `{` opening the top-level WHERE group (by the lexer), where a VALUES block can go."""
    toks = [t for t in tokens(text) if t.kind != "comment"]
    depth, form, i = 0, None, 0
    while i < len(toks):
        kind, tok, start = toks[i]
        word = tok.upper() if kind == "keyword" else None
        if depth == 0 and form is None and word in QUERY_FORMS:
            form = word
            if form == "CONSTRUCT":
                i = _after_template(toks, i + 1)
                continue
        elif depth == 0 and form is not None and tok == "{" and kind == "punct":
            return start
        if kind == "punct" and tok in OPENERS:
            depth += 1
        elif kind == "punct" and tok in CLOSERS:
            depth = max(depth - 1, 0)
        i += 1
    raise InputError("query", "no WHERE group found (a query needs SELECT/ASK/CONSTRUCT/DESCRIBE … WHERE { … })")


def _after_template(toks: list[Token], i: int) -> int:
    """Index just past a CONSTRUCT template `{ … }`; the short form CONSTRUCT WHERE { … } admits no VALUES."""
    if i >= len(toks) or toks[i].kind != "punct" or toks[i].text != "{":
        raise InputError("query", "CONSTRUCT WHERE { … } (the short form) cannot take bindings; "
                                  "write CONSTRUCT { … } WHERE { … }")
    depth = 0
    for j in range(i, len(toks)):
        if toks[j].kind == "punct" and toks[j].text in OPENERS:
            depth += 1
        elif toks[j].kind == "punct" and toks[j].text in CLOSERS:
            depth -= 1
            if depth == 0:
                return j + 1
    return len(toks)
