"""Deadlines and periods: when a task is due (6月底前, 2023年年底前) and when it recurs or applies (汛期, 每季度).

A deadline is kept as written (year often left out) and resolved against the plan year only when a record is
made, so a 2025 plan's 9月底前 is 2025-09-30; a date with a day but no 前 (2022年4月28日) is a signature date,
not a deadline. Dates inside a citation (《…》〔2023〕) are no deadline unless 到/至/于 governs them.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from kg.extract.masks import BLANK, mask_citations
from kg.extract.words import POLICY_FACTS

_DATE = re.compile(
    r"(?P<to>到|至|于)?(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日|(?P<mend>底|末))?|(?P<yend>年底|底|末))"
    r"(?P<before>前|之前|以前)?"
)
_YEAR_ONLY = re.compile(r"(?P<to>到|至)(?P<y>\d{4})年(?=[，,])")


@dataclass(frozen=True)
class DateHit:
    year: int | None  # None: the plan year
    month: int
    day: int | None  # None: the last day of the month
    text: str
    start: int
    end: int

    def resolve(self, plan_year: int | None) -> date | None:
        """The calendar date, the plan year filling a missing year; None when neither gives a valid date."""
        y = self.year or plan_year
        if y is None:
            return None
        d = self.day or calendar.monthrange(y, self.month)[1]
        try:
            return date(y, self.month, d)
        except ValueError:
            return None


@dataclass(frozen=True)
class PeriodHit:
    label: str
    start: int
    end: int


@dataclass(frozen=True)
class PeriodPatterns:
    named: re.Pattern[str]  # 汛期, 每季度
    actions: re.Pattern[str]  # 月调度, 周通报
    coordinated: re.Pattern[str]  # 季度、年度


def _alternation(words) -> str:
    return "|".join(map(re.escape, words))


def period_patterns(periods: list[str] = POLICY_FACTS["periods"],
                    period_actions: list[str] = POLICY_FACTS["period_actions"],
                    coordinated_periods: list[str] = POLICY_FACTS["coordinated_periods"]) -> PeriodPatterns:
    """The period patterns of the `policy_facts` word lists, compiled once per pipeline."""
    coord = _alternation(coordinated_periods)
    return PeriodPatterns(
        re.compile(_alternation(sorted(periods, key=len, reverse=True))),
        re.compile(rf"(?<![\d每上下本])([日周月季年])({_alternation(period_actions)})"),
        re.compile(rf"(?<![上下前后本])({coord})(?=、)|(?<=、)({coord})"),
    )


def find_deadlines(text: str) -> list[DateHit]:
    """Deadlines in text, in text order, unresolved: the plan year is the caller's to fill in."""
    cited = mask_citations(text)
    found: list[DateHit] = []
    for m in _DATE.finditer(text):
        if cited[m.start()] == BLANK and not m.group("to"):
            continue
        h = _date_hit(m)
        if h is not None:
            found.append(h)
    for m in _YEAR_ONLY.finditer(text):  # 到2025年，…: the end of that year
        found.append(DateHit(int(m.group("y")), 12, 31, text[m.start("y") : m.end()], m.start("y"), m.end()))
    return sorted(found, key=lambda d: d.start)


def _date_hit(m: re.Match) -> DateHit | None:
    y = int(m.group("y")) if m.group("y") else None
    before = bool(m.group("before"))
    text = m.group()[len(m.group("to") or "") :]
    start = m.start() + len(m.group("to") or "")
    if m.group("m"):
        month = int(m.group("m"))
        if not 1 <= month <= 12:
            return None
        if m.group("d"):
            if not before:  # 2022年4月28日 is a signature date, 5月20日前 a deadline
                return None
            return DateHit(y, month, int(m.group("d")), text, start, m.end())
        if m.group("mend"):
            return DateHit(y, month, None, text, start, m.end())
        return None  # 9月 alone, or 6月前 (before June): no deadline
    if m.group("yend"):
        if y is None and not before:
            return None  # 年底 with neither year nor 前
        return DateHit(y, 12, 31, text, start, m.end())
    return None


def find_periods(text: str, pats: PeriodPatterns) -> list[PeriodHit]:
    """Named and recurring periods in text order; of two that overlap the earlier, then the longer, wins."""
    found = [PeriodHit(m.group(), m.start(), m.end())
             for p in (pats.named, pats.actions, pats.coordinated) for m in p.finditer(text)]
    kept: list[PeriodHit] = []
    for p in sorted(found, key=lambda p: (p.start, -(p.end - p.start))):
        if not any(k.start <= p.start < k.end for k in kept):
            kept.append(p)
    return kept
