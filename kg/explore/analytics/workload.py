"""Who carries the work: obligations per agency by role, per function, per jurisdiction and per plan.

A unit's load is counted two ways, because papers use both: obligations (one per role a bracket gives it,
so a unit that leads one clause and takes part in another counts twice) and distinct tasks.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from kg.explore.analytics.rows import ROLE_ORDER, Agency, Rows


@dataclass(frozen=True)
class AgencyLoad:
    iri: str
    name: str
    label: str
    jurisdiction: str
    function: str
    tasks: int
    obligations: int
    by_role: dict[str, int]
    by_plan: dict[str, int]  # plan stem → distinct tasks


@dataclass(frozen=True)
class GroupLoad:
    """Obligations of one function within one group (a jurisdiction or a plan)."""

    group: str
    function: str
    agencies: int
    tasks: int
    obligations: int
    by_role: dict[str, int]


@dataclass(frozen=True)
class PlanLoad:
    plan: str
    title: str
    jurisdiction: str
    year: int | None
    tasks: int
    tasks_with_duties: int
    agencies: int
    obligations: int
    by_role: dict[str, int]


def _roles(counter: Counter) -> dict[str, int]:
    return {r: counter.get(r, 0) for r in ROLE_ORDER}


def agency_load(rows: Rows) -> list[AgencyLoad]:
    """One record per agency that holds an obligation, heaviest first (tasks, then obligations, then name)."""
    roles: dict[str, Counter] = defaultdict(Counter)
    tasks: dict[str, set[str]] = defaultdict(set)
    plans: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for d in rows.duties:
        roles[d.unit][d.role] += 1
        tasks[d.unit].add(d.task)
        plans[d.unit][d.plan].add(d.task)
    out = [AgencyLoad(a.iri, a.name, a.label, a.jurisdiction, a.function, len(tasks[a.iri]),
                      sum(roles[a.iri].values()), _roles(roles[a.iri]),
                      {p: len(t) for p, t in sorted(plans[a.iri].items())})
           for a in rows.agencies if a.iri in tasks]
    return sorted(out, key=lambda a: (-a.tasks, -a.obligations, a.jurisdiction, a.name))


def function_load(rows: Rows, by: str) -> list[GroupLoad]:
    """Obligations per (group, function), `by` = "jurisdiction" (the unit's) or "plan" (the plan's stem)."""
    agency: dict[str, Agency] = {a.iri: a for a in rows.agencies}
    roles: dict[tuple[str, str], Counter] = defaultdict(Counter)
    units: dict[tuple[str, str], set[str]] = defaultdict(set)
    tasks: dict[tuple[str, str], set[str]] = defaultdict(set)
    for d in rows.duties:
        a = agency[d.unit]
        key = (a.jurisdiction if by == "jurisdiction" else d.plan, a.function)
        roles[key][d.role] += 1
        units[key].add(d.unit)
        tasks[key].add(d.task)
    out = [GroupLoad(g, f, len(units[(g, f)]), len(tasks[(g, f)]), sum(c.values()), _roles(c))
           for (g, f), c in roles.items()]
    return sorted(out, key=lambda x: (x.group, -x.obligations, x.function))


def plan_load(rows: Rows) -> list[PlanLoad]:
    """Per plan: its tasks, how many carry a bracket, distinct agencies and obligations by role."""
    out = []
    for p in rows.plans:
        mine = [d for d in rows.duties if d.plan == p.stem]
        out.append(PlanLoad(p.stem, p.title, p.jurisdiction, p.year, p.tasks, len({d.task for d in mine}),
                            len({d.unit for d in mine}), len(mine), _roles(Counter(d.role for d in mine))))
    return out
