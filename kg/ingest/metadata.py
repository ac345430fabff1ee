"""A document's metadata: from its `<stem>.meta.json` sidecar when there is one, else inferred from the text.

Sidecars state only what the document states; inference reads the same facts off the covering notice and
title block, so a folder without sidecars builds the same graph.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from kg import divisions
from kg.errors import InputError
from kg.ingest.header import read_header
from kg.records import DocMeta

FIELDS = ("title", "jurisdiction", "level", "year", "docNumber", "issuer", "issued")
LEVELS = ("province", "city", "county", "township")


def load(path: Path, text: str, published: date | None = None) -> DocMeta:
    """The sidecar's fields where it has them, the text's everywhere else."""
    sidecar = path.with_name(path.stem + ".meta.json")
    inferred = infer(text, published, _clean(path.stem))
    if not sidecar.is_file():
        return inferred
    data = _read_sidecar(sidecar)
    year = data.get("year", inferred.year)
    level = data.get("level", inferred.level)
    if level is not None and level not in LEVELS:
        raise InputError(sidecar, f"field 'level' must be one of {', '.join(LEVELS)}, got {level!r}")
    issued = data.get("issued")
    if issued is not None:
        try:
            issued = date.fromisoformat(issued)
        except ValueError:
            raise InputError(sidecar, f"field 'issued' must be a date YYYY-MM-DD, got {issued!r}") from None
    return DocMeta(
        title=_clean(data.get("title") or inferred.title),
        jurisdiction=data.get("jurisdiction", inferred.jurisdiction),
        level=level,
        year=year,
        doc_number=_clean(data["docNumber"]) if data.get("docNumber") else None,
        issuer=data.get("issuer"),
        issued=issued,
        inferred=frozenset(f for f in ("title", "jurisdiction", "level", "year") if f not in data),
        co_issued=inferred.co_issued,
    )


_TYPES = {"title": str, "jurisdiction": str, "level": str, "year": int, "docNumber": str, "issuer": str, "issued": str}


def _read_sidecar(sidecar: Path) -> dict:
    """The sidecar as a dict of known fields of the right types (null allowed), or a one-line input error."""
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        reason = exc if not isinstance(exc, RecursionError) else "nested too deeply"
        raise InputError(sidecar, f"is not valid JSON ({reason})") from None
    if not isinstance(data, dict):
        raise InputError(sidecar, "must hold a JSON object")
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise InputError(sidecar, f"has unknown field(s) {', '.join(unknown)}; allowed: {', '.join(FIELDS)}")
    for key, value in data.items():
        want = _TYPES[key]
        if value is not None and (not isinstance(value, want) or isinstance(value, bool)):
            raise InputError(sidecar, f"field '{key}' must be {'an integer' if want is int else 'a string'}, got {value!r}")
    return data


def _clean(s: str) -> str:
    return re.sub(r"\s+", "", s)


def infer(text: str, published: date | None = None, fallback_title: str | None = None) -> DocMeta:
    """Read metadata off normalised or raw text: notice header, title line, 文号, signature date."""
    h = read_header(text, published)
    title = h.title or (fallback_title or "（无标题）")
    head = "".join(text.split("\n")[:12])[:300]
    div = _jurisdiction(title) or _jurisdiction(h.issuer or "") or _jurisdiction(head)
    return DocMeta(
        title=title,
        jurisdiction=div.name if div else None,
        level=div.level if div else None,
        year=_year(title, h.issued),
        doc_number=h.doc_number,
        issuer=h.issuer,
        issued=h.issued,
        inferred=frozenset(FIELDS),
        issued_source=h.issued_source,
        co_issued=h.co_issued,
    )


def _year(title: str, issued: date | None) -> int | None:
    """The plan year: the year its title names (the first of a range), else the year it was issued."""
    span = re.search(r"(20\d{2}|19\d{2})\s*[—\-–－~至到]+\s*(20\d{2})", title)
    if span:
        return int(span.group(1))
    ym = re.search(r"(20\d{2}|19\d{2})\s*年", title)
    return int(ym.group(1)) if ym else (issued.year if issued else None)


def _jurisdiction(text: str) -> divisions.Division | None:
    """The most specific division named first in the text (孟州市 over 焦作市 over 河南省)."""
    places = divisions.find_places(text)
    if not places:
        return None
    rank = {"county": 0, "city": 1, "province": 2}
    first_pos = {d.code: text.find(d.name) for d in places}
    return sorted(places, key=lambda d: (rank[d.level], first_pos[d.code]))[0]
