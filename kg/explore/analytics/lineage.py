"""Lineage per plan pair (derived plan → prior directive in the corpus): how many of the plan's tasks carry
a directive task down (kept), how many have no source there (added), how many of the directive's tasks no
plan task carries down (dropped), and the mean score of the asserted task derivations.

Task-level counts exist only for directives in the corpus (their tasks are in the graph); a directive the
preamble cites but the corpus lacks is listed as a basis with its score and method.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kg.explore.analytics.rows import Rows, number_key, stem_of


@dataclass(frozen=True)
class PairLineage:
    plan: str
    directive: str
    plan_tasks: int
    directive_tasks: int
    kept: int  # plan tasks with at least one source task in the directive
    added: int  # plan tasks with none
    dropped: int  # directive tasks that no plan task carries down
    carried: int  # directive tasks that some plan task carries down
    derivations: int
    mean_score: float
    plan_score: float | None  # the plan-level derivation's score, when asserted
    added_tasks: list[str]
    dropped_tasks: list[str]


@dataclass(frozen=True)
class CitedBasis:
    plan: str
    source: str
    label: str
    score: float
    method: str


def pair_lineage(rows: Rows) -> list[PairLineage]:
    """One record per (plan, corpus directive) pair that has at least one asserted task derivation."""
    numbers: dict[str, list[str]] = defaultdict(list)
    for t in rows.titles:
        numbers[t.plan].append(t.number)
    by_pair = defaultdict(list)
    for k in rows.links:
        by_pair[(k.plan, k.source_plan)].append(k)
    plan_score = {(b.plan, stem_of(b.source)): b.score for b in rows.bases if "/plan/" in b.source}
    out = []
    for (plan, src), links in sorted(by_pair.items()):
        kept = {k.number for k in links}
        carried = {k.source_number for k in links}
        added = [n for n in numbers[plan] if n not in kept]
        dropped = [n for n in numbers.get(src, []) if n not in carried]
        out.append(PairLineage(plan, src, len(numbers[plan]), len(numbers.get(src, [])), len(kept), len(added),
                               len(dropped), len(carried), len(links),
                               round(sum(k.score for k in links) / len(links), 4), plan_score.get((plan, src)),
                               _sorted(added), _sorted(dropped)))
    return out


def cited_bases(rows: Rows) -> list[CitedBasis]:
    """Plan-level derivations to documents outside the corpus (no tasks to compare)."""
    return [CitedBasis(b.plan, b.source, b.label, b.score, b.method) for b in rows.bases if "/plan/" not in b.source]



def _sorted(numbers: list[str]) -> list[str]:
    return sorted(numbers, key=number_key)
