"""A SPARQL syntax error as one line: where (line:column), the token at fault, and what could stand there.

Oxigraph's parser reports the furthest point it reached, often a token or two past the mistake, and every
character class it tried there (pages of Unicode ranges). The lexer of `guard.py` knows what the user
wrote: an unclosed string or bracket, a word that is no SPARQL keyword (`WHER`), a prefix never declared.
So the message is rebuilt from the tokens, and Oxigraph's expected list keeps only keywords and
punctuation. Pure functions of the message and the text: the CLI and the HTTP endpoint share them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Iterable

from kg.explore.guard import CLOSERS, OPENERS, Token, tokens

#: the words SPARQL 1.1 (and Oxigraph's extensions) read as keywords or built-in functions, upper case
KEYWORDS = frozenset("""
BASE PREFIX SELECT ASK CONSTRUCT DESCRIBE WHERE FROM NAMED DISTINCT REDUCED AS GROUP BY ORDER ASC DESC HAVING
LIMIT OFFSET VALUES OPTIONAL UNION MINUS GRAPH SERVICE SILENT FILTER BIND EXISTS NOT IN UNDEF A TRUE FALSE
LATERAL SEPARATOR DEFAULT ALL STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND
CONCAT STRLEN UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS
MINUTES SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT SAMETERM
ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT
TRIPLE SUBJECT PREDICATE OBJECT ISTRIPLE LANGDIR HASLANG HASLANGDIR STRLANGDIR ADJUST VERSION
""".split())
#: what a query may start with
STARTS = ("PREFIX", "BASE", "SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
MAX_EXPECTED = 8
_AT = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)
_CLASS_NAMES = (("'0'", "a number"), ("'A'", "a name"))  # Oxigraph's character classes, as people say them
_PAIRS = {"}": "{", ")": "(", "]": "["}
_TOKEN_NAMES = {"?": "a variable", "$": "a variable", "<": "an IRI", ":": "a name", '"': "a string"}


@dataclass(frozen=True)
class SyntaxProblem:
    """A syntax error located in the query text: 0-based `offset`, 1-based `line` and `column`."""

    offset: int
    line: int
    column: int
    reason: str


def explain_syntax_error(message: str, text: str, where: str = "query") -> str:
    """`query:3:14: unexpected 'WHER' (did you mean WHERE?)…`: Oxigraph's SyntaxError `message` on `text`, in one line."""
    p = syntax_problem(message, text)
    return f"{where}:{p.line}:{p.column}: {p.reason}"


def syntax_problem(message: str, text: str, prefixes: Iterable[str] = ()) -> SyntaxProblem:
    """Where and what the syntax error is: the lexer's finding first, else the token the parsers point at."""
    found = lexical_problem(text)
    if found:
        return found
    m = _AT.match(" ".join(message.split()))
    ox_at = _offset(text, int(m.group(1)), int(m.group(2))) if m else len(text)
    expected = _expected(m.group(3)) if m else []
    toks = [t for t in tokens(text) if t.kind != "comment"]
    if "Prefix not found" in message:
        hit = _undeclared(toks, prefixes)
        if hit:
            return _at(text, hit.start, _prefix_reason(hit, prefixes))
    word = next((t for t in toks if t.kind == "keyword" and t.text.upper() not in KEYWORDS), None)
    if word:
        return _at(text, word.start, _word_reason(word, toks))
    return _common_mistake(text, toks) or _located(text, toks, ox_at, expected)


_BINARY = frozenset({"=", "!=", "<", ">", "<=", ">=", "&&", "||", "-", "/", "!", "^", "|"})


def _common_mistake(text: str, toks: list[Token]) -> SyntaxProblem | None:
    """Two mistakes the parsers explain badly: commas between selected variables (as in SQL), and an
    operator with nothing after it (`FILTER(?o = )`)."""
    for i, t in enumerate(toks):
        if t.kind == "punct" and t.text == "{":
            break
        if t.kind == "punct" and t.text == ",":
            return _at(text, t.start, f"near {_snippet(text, toks[i:i + 2])}: SELECT lists its variables "
                                      "separated by spaces, not commas")
    for t, nxt in zip(toks, toks[1:]):
        if t.kind == "op" and t.text in _BINARY and nxt.kind == "punct" and nxt.text in ")]},;":
            return _at(text, t.start, f"near {_snippet(text, [t, nxt])}: {t.text!r} needs a value after it")
    return None


def _located(text: str, toks: list[Token], ox_at: int, expected: list[str]) -> SyntaxProblem:
    """Oxigraph points at the furthest place it reached (often the end of the text); rdflib's parser at the
    start of the clause that failed. Take rdflib's place, and Oxigraph's expected list only when both
    parsers point at the same token or the one right after it (else that list belongs elsewhere)."""
    at = _rdflib_offset(text)
    if at is None:
        at = ox_at
    i = next((k for k in range(len(toks) - 1, -1, -1) if toks[k].start <= at), None)
    if i is None or at >= len(text.rstrip()):
        return _at(text, len(text.rstrip()), "unexpected end of query" + _listed(expected))
    near = [toks[k] for k in (i, i + 1) if k < len(toks)]
    agree = any(t.start <= ox_at < t.start + len(t.text) + 1 for t in near)
    return _at(text, toks[i].start, f"near {_snippet(text, toks[i:i + 3])}" + (_listed(expected) if agree else ""))


def _rdflib_offset(text: str, max_chars: int = 20_000) -> int | None:
    """Where rdflib's SPARQL parser fails on `text` (None if it parses, or the text is too long to try)."""
    if len(text) > max_chars:
        return None
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except ParseBaseException as exc:
        return exc.loc
    except (RecursionError, ValueError, TypeError):  # noqa: BLE001 - a second opinion only; Oxigraph's stands
        return None
    return None


def _snippet(text: str, toks: list[Token]) -> str:
    """The text from the first of `toks` to the end of the last that stays on its line, quoted."""
    first = toks[0]
    end = first.start + len(first.text)
    for t in toks[1:]:
        if "\n" in text[end:t.start]:
            break
        end = t.start + len(t.text)
    return _show(text[first.start:end])


def lexical_problem(text: str) -> SyntaxProblem | None:
    """An unclosed string, a bracket closed by the wrong one or never closed: found by the lexer alone."""
    stack: list[Token] = []
    for tok in tokens(text):
        if tok.kind == "error" and tok.text in "\"'":
            return _at(text, tok.start, f"unclosed string: the {tok.text} here is never closed on its line "
                                        "(a string that runs over lines needs triple quotes)")
        if tok.kind != "punct":
            continue
        if tok.text in OPENERS:
            stack.append(tok)
        elif tok.text in CLOSERS:
            if not stack:
                return _at(text, tok.start, f"unexpected {_show(tok.text)}: no {_show(_PAIRS[tok.text])} is open")
            opened = stack.pop()
            if opened.text != _PAIRS[tok.text]:
                line, col = position(text, opened.start)
                return _at(text, tok.start, f"unexpected {_show(tok.text)}: the {_show(opened.text)} "
                                            f"opened at {line}:{col} is still open")
    if stack:
        return _at(text, stack[-1].start, f"{_show(stack[-1].text)} is never closed")
    return None


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a 0-based character offset, as Oxigraph counts them."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _offset(text: str, line: int, column: int) -> int:
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    if line > len(starts):
        return len(text)
    return min(starts[line - 1] + max(column - 1, 0), len(text))


def _at(text: str, offset: int, reason: str) -> SyntaxProblem:
    line, col = position(text, offset)
    return SyntaxProblem(offset, line, col, reason)


def _show(tok: str) -> str:
    one = " ".join(tok.split())
    return "'" + (one if len(one) <= 40 else one[:37] + "...") + "'"


def _listed(expected: list[str]) -> str:
    if not expected:
        return ""
    if len(expected) == 1:
        return f"; expected {expected[0]}"
    more = "…" if len(expected) > MAX_EXPECTED else ""
    return "; expected one of " + ", ".join(expected[:MAX_EXPECTED]) + more


def _expected(tail: str) -> list[str]:
    """Oxigraph's `expected one of …` without character classes and internal messages, each item once."""
    body = re.sub(r"^expected( one of)?\s*", "", tail)
    out: list[str] = []
    for item in re.findall(r"\[[^\]]*\]|\"(?:\\.|[^\"])*\"|'(?:\\.|[^'])*'|[^,\s][^,]*", body):
        item = item.strip()
        if item.startswith("["):
            said = next((name for key, name in _CLASS_NAMES if key in item), None)
        elif item.startswith('"'):
            inner = item[1:-1].replace('\\"', '"').replace("\\\\", "\\")
            said = _TOKEN_NAMES.get(inner, f"'{inner}'")
        else:
            said = item if re.fullmatch(r"[A-Za-z_]+", item) else None
        if said and said not in out:
            out.append(said)
    return out


def _word_reason(word: Token, toks: list[Token]) -> str:
    close = difflib.get_close_matches(word.text.upper(), KEYWORDS, n=3, cutoff=0.6)
    close = [c for c in close if len(c) > 1]
    first = toks and toks[0] is word
    reason = f"unexpected {_show(word.text)}"
    if close:
        reason += " (did you mean " + " or ".join(close) + "?)"
    else:
        reason += f" (not a SPARQL keyword: a variable is ?{word.text}, a string \"{word.text}\", a term pol:{word.text})"
    return reason + (_listed(list(STARTS)) if first else "")


def _undeclared(toks: list[Token], known: Iterable[str]) -> Token | None:
    declared = set(known) | {toks[i + 1].text.split(":")[0] for i, t in enumerate(toks[:-1])
                             if t.kind == "keyword" and t.text.upper() == "PREFIX" and toks[i + 1].kind == "pname"}
    if not known:
        declared |= _standard_prefixes()
    for t in toks:
        if t.kind == "pname" and not t.text.startswith("_:") and t.text.split(":")[0] not in declared:
            return t
    return None


def _prefix_reason(tok: Token, known: Iterable[str]) -> str:
    prefix = tok.text.split(":")[0]
    names = sorted(set(known) or _standard_prefixes())
    return (f"unknown prefix {_show(prefix + ':')} in {_show(tok.text)}; declare it with PREFIX {prefix}: <…> "
            f"or use one of {', '.join(n + ':' for n in names)}")


def _standard_prefixes() -> set[str]:
    from kg.graph.vocab import PREFIXES

    return set(PREFIXES) | {"id"}
