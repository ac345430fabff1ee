"""Where and when: the rivers and monitoring sections tasks address most, and the deadline calendar.

A river counts once per task that names it, however often the task repeats it. A task with two deadlines
(`6月底前…9月底前…`) is due in both months, so the calendar counts (task, month) pairs, not tasks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kg.explore.analytics.rows import Rows, number_key


@dataclass(frozen=True)
class Place:
    kind: str  # river / section
    iri: str
    label: str
    tasks: int
    plans: list[str]


@dataclass(frozen=True)
class Month:
    plan: str
    month: str  # YYYY-MM
    tasks: int
    numbers: list[str]  # the task numbers due that month, as printed


def places(rows: Rows, kind: str | None = None) -> list[Place]:
    """Rivers and sections by the number of tasks that name them, then by name."""
    tasks: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    plans: dict[str, set[str]] = defaultdict(set)
    for m in rows.mentions:
        if kind is None or m.kind == kind:
            tasks[(m.kind, m.iri, m.label)].add(m.task)
            plans[m.iri].add(m.plan)
    out = [Place(k, iri, label, len(t), sorted(plans[iri])) for (k, iri, label), t in tasks.items()]
    return sorted(out, key=lambda p: (-p.tasks, -len(p.plans), p.kind, p.label))


def calendar(rows: Rows) -> list[Month]:
    """Tasks due per month and plan, in date order."""
    due: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for d in rows.dues:
        due[(d.plan, d.date[:7])][d.task] = d.number
    out = [Month(plan, month, len(t), sorted(set(t.values()), key=number_key))
           for (plan, month), t in due.items()]
    return sorted(out, key=lambda m: (m.plan, m.month))
