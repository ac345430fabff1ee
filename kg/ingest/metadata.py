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
from kg.ingest.outline import paragraphs
from kg.records import DocMeta

FIELDS = ("title", "jurisdiction", "level", "year", "docNumber", "issuer", "issued")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［（(【]\s*(\d{4})\s*[〕\]］）)】]\s*第?\s*\d{1,4}\s*号")
_TITLE_END = re.compile(r"(实施方案|行动计划|工作方案|工作要点|行动方案|方案|计划|意见|办法|规划)$")
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_ISSUER_END = re.compile(r"(办公室|人民政府|委员会|领导小组|管委会|局|厅|办)$")
LEVELS = ("province", "city", "county", "township")


def load(path: Path, text: str) -> DocMeta:
    sidecar = path.with_name(path.stem + ".meta.json")
    inferred = infer(text)
    if not sidecar.is_file():
        return inferred
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(sidecar, f"is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(sidecar, "must hold a JSON object")
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise InputError(sidecar, f"has unknown field(s) {', '.join(unknown)}; allowed: {', '.join(FIELDS)}")
    year = data.get("year", inferred.year)
    if year is not None and not isinstance(year, int):
        raise InputError(sidecar, f"field 'year' must be an integer, got {year!r}")
    level = data.get("level", inferred.level)
    if level is not None and level not in LEVELS:
        raise InputError(sidecar, f"field 'level' must be one of {', '.join(LEVELS)}, got {level!r}")
    issued = data.get("issued")
    if issued is not None:
        try:
            issued = date.fromisoformat(issued)
        except (TypeError, ValueError):
            raise InputError(sidecar, f"field 'issued' must be a date YYYY-MM-DD, got {issued!r}") from None
    title = data.get("title") or inferred.title
    if not isinstance(title, str):
        raise InputError(sidecar, "field 'title' must be a string")
    return DocMeta(
        title=_clean(title),
        jurisdiction=data.get("jurisdiction", inferred.jurisdiction),
        level=level,
        year=year,
        doc_number=_clean(data["docNumber"]) if data.get("docNumber") else None,
        issuer=data.get("issuer"),
        issued=issued,
        inferred=frozenset(f for f in ("title", "jurisdiction", "level", "year") if f not in data),
    )


def _clean(s: str) -> str:
    return re.sub(r"\s+", "", s)


def infer(text: str) -> DocMeta:
    """Read metadata off normalised or raw text: notice header, title line, signature date."""
    flat = [p.text for p in paragraphs(text.replace("\r\n", "\n"))]
    # the header: the short lines before the first body paragraph (notice number, issuer, title, date)
    head = []
    for p in flat[:12]:
        if len(_clean(p)) > 60:
            break
        head.append(p)
    head = head or flat[:1]
    doc_number = next((m.group(0) for p in head[:4] if (m := DOC_NUMBER.fullmatch(_clean(p)))), None)
    joined = "".join(_clean(p) for p in head)
    title = None
    notice = re.search(r"关于印发(.+?)的通知", joined)
    if notice:
        title = notice.group(1).strip("《》")
    if not title:
        title = next((_clean(p) for p in flat[:12] if _TITLE_END.search(_clean(p)) and len(_clean(p)) <= 60), None)
    title = title or _clean(flat[0])[:60]
    issuer = None
    for i, p in enumerate(head):
        if "关于印发" in p:
            before = _clean(p).split("关于印发")[0] or (_clean(head[i - 1]) if i else "")
            if _ISSUER_END.search(before):
                issuer = before
            break
    issued = None
    if notice:
        for p in flat[:16]:
            m = _DATE.fullmatch(_clean(p))
            if m:
                issued = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                break
    div = _jurisdiction(title) or _jurisdiction(issuer or "") or _jurisdiction("".join(flat[:3])[:300])
    ym = re.search(r"(20\d{2})\s*年", title)
    year = int(ym.group(1)) if ym else (issued.year if issued else None)
    return DocMeta(
        title=title,
        jurisdiction=div.name if div else None,
        level=div.level if div else None,
        year=year,
        doc_number=doc_number,
        issuer=issuer,
        issued=issued,
        inferred=frozenset(FIELDS),
    )


def _jurisdiction(text: str) -> divisions.Division | None:
    """The most specific division named first in the text (孟州市 over 焦作市 over 河南省)."""
    places = divisions.find_places(text)
    if not places:
        return None
    rank = {"county": 0, "city": 1, "province": 2}
    first_pos = {d.code: text.find(d.name) for d in places}
    return sorted(places, key=lambda d: (rank[d.level], first_pos[d.code]))[0]
