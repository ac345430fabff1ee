"""Plan against plan: which agency functions and which task topics one plan has that another lacks.

Functions come from the graph (`pol:function` of the units a plan binds), so they compare across
jurisdictions (孟州's 市生态环境分局 and 焦作's 市生态环境局 are both 生态环境); topics come from task titles
through `topics.TOPICS`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import kg.explore.analytics.topics as topics
from kg.explore.analytics.rows import Rows


@dataclass(frozen=True)
class PlanProfile:
    plan: str
    functions: dict[str, int]  # function (zh) → agencies of that function the plan binds
    topics: dict[str, int]  # topic id → tasks with that topic
    untopical: list[str]  # task numbers no topic matched


@dataclass(frozen=True)
class Difference:
    plan: str
    other: str
    functions_only_here: list[str]
    topics_only_here: list[str]  # topic ids


def profiles(rows: Rows) -> list[PlanProfile]:
    """Each plan's functions (with agency counts) and topics (with task counts), in table order."""
    function = {a.iri: a.function for a in rows.agencies}
    units: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for d in rows.duties:
        units[d.plan][function[d.unit]].add(d.unit)
    tasks: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    untopical: dict[str, list[str]] = defaultdict(list)
    for t in rows.titles:
        found = topics.topics_of(t.title)
        for tid in found:
            tasks[t.plan][tid] += 1
        if not found:
            untopical[t.plan].append(t.number)
    out = []
    for p in rows.plans:
        funcs = {f: len(u) for f, u in sorted(units[p.stem].items(), key=lambda kv: (-len(kv[1]), kv[0]))}
        tops = {tid: tasks[p.stem][tid] for tid in topics.ORDER if tasks[p.stem].get(tid)}
        out.append(PlanProfile(p.stem, funcs, tops, untopical[p.stem]))
    return out


def differences(profs: list[PlanProfile]) -> list[Difference]:
    """For every ordered pair of plans, what the first has that the second lacks."""
    return [Difference(a.plan, b.plan, sorted(set(a.functions) - set(b.functions)),
                       [t for t in a.topics if t not in b.topics])
            for a in profs for b in profs if a.plan != b.plan]
