"""`kg trace`: read stored derivations back from the store, a task's chain upward or a plan's alignment."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pyoxigraph as ox

from kg.explore.query import run_local


@dataclass
class TaskRef:
    iri: str
    plan_iri: str
    source_file: str
    plan_title: str
    number: str
    title: str
    position: int

    @property
    def label(self) -> str:
        return f"{self.source_file[:3]}:{self.number} {self.title}"


@dataclass
class Step:
    task: str  # label of the derived task
    source: str  # label of the source task or document
    source_plan: str
    score: float
    asserted: bool
    evidence: str
    kept: str = ""
    added: str = ""
    dropped: str = ""
    quote: str = ""
    where: str = ""
    depth: int = 1


@dataclass
class Trace:
    task: TaskRef
    steps: list[Step] = field(default_factory=list)
    plan_sources: list[Step] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"task": asdict(self.task), "derivations": [asdict(s) for s in self.steps],
                "plan_derivations": [asdict(s) for s in self.plan_sources]}


def _rows(store: ox.Store, q: str) -> list[tuple]:
    return [tuple(None if t is None else t.value for t in r) for r in run_local(store, q).rows]


def all_tasks(store: ox.Store) -> list[TaskRef]:
    rows = _rows(store, """SELECT ?t ?p ?f ?pt ?n ?title ?pos WHERE { ?p a pol:Plan ; pol:sourceFile ?f ; dcterms:title ?pt ;
        pol:hasTask ?t . ?t pol:taskNumber ?n ; dcterms:title ?title ; pol:position ?pos } ORDER BY ?f ?pos""")
    return [TaskRef(t, p, f, pt, n, title, int(pos)) for t, p, f, pt, n, title, pos in rows]


def resolve_task(store: ox.Store, ref: str, tasks: list[TaskRef] | None = None) -> TaskRef:
    """`000:9`, `PLAN NUMBER` (plan by file stem or title words), an IRI, or words of the task's title:
    the same resolver `kg viz` uses, so a task is named the same way everywhere."""
    from kg.explore.find import find_task

    iri = find_task(store, ref, where="TASK")
    by_iri = {t.iri: t for t in (tasks or all_tasks(store))}
    return by_iri[iri]


def resolve_plan(store: ox.Store, ref: str, tasks: list[TaskRef] | None = None) -> list[TaskRef]:
    from kg.explore.find import find_plan

    iri = find_plan(store, ref, where="--plan")
    return [t for t in (tasks or all_tasks(store)) if t.plan_iri == iri]


_DERIV = """SELECT ?t ?d ?src ?score ?ev ?kept ?added ?dropped ?q ?f ?s ?e ?asserted WHERE {
  VALUES ?t { %s }
  { ?t prov:qualifiedDerivation ?d . BIND(true AS ?asserted) } UNION { ?t pol:candidate ?d . BIND(false AS ?asserted) }
  ?d prov:entity ?src ; pol:score ?score ; pol:evidence ?ev ; pol:quote ?q ; pol:sourceFile ?f ;
     pol:charStart ?s ; pol:charEnd ?e .
  OPTIONAL { ?d pol:kept ?kept } OPTIONAL { ?d pol:added ?added } OPTIONAL { ?d pol:dropped ?dropped }
} ORDER BY ?t DESC(?score)"""


def derivations(store: ox.Store, task_iris: list[str]) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    if not task_iris:
        return out
    for row in _rows(store, _DERIV % " ".join(f"<{i}>" for i in task_iris)):
        out.setdefault(row[0], []).append(row[1:])
    return out


def plan_derivations(store: ox.Store, plan_iri: str) -> list[tuple]:
    return _rows(store, f"""SELECT ?src ?label ?score ?ev WHERE {{ <{plan_iri}> prov:qualifiedDerivation ?d .
        ?d prov:entity ?src ; pol:score ?score ; pol:evidence ?ev .
        OPTIONAL {{ ?src dcterms:title ?title }} OPTIONAL {{ ?src pol:docNumber ?num }}
        BIND(COALESCE(?title, ?num, STR(?src)) AS ?label) }} ORDER BY DESC(?score)""")


def trace(store: ox.Store, ref: str, depth: int = 5, candidates: bool = True) -> Trace:
    tasks = all_tasks(store)
    by_iri = {t.iri: t for t in tasks}
    root = resolve_task(store, ref, tasks)
    result = Trace(root)
    frontier, seen, level = [root.iri], {root.iri}, 1
    while frontier and level <= depth:
        found = derivations(store, frontier)
        nxt = []
        for t_iri in frontier:
            for d, src, score, ev, kept, added, dropped, q, f, s, e, asserted in found.get(t_iri, []):
                is_asserted = asserted == "true"
                if not is_asserted and (not candidates or level > 1):
                    continue
                st = by_iri.get(src)
                result.steps.append(Step(
                    task=by_iri[t_iri].label, source=st.label if st else src, source_plan=st.plan_title if st else "",
                    score=float(score), asserted=is_asserted, evidence=ev, kept=kept or "", added=added or "",
                    dropped=dropped or "", quote=q, where=f"{f}:{s}-{e}", depth=level))
                if is_asserted and src in by_iri and src not in seen:
                    seen.add(src)
                    nxt.append(src)
        frontier, level = nxt, level + 1
    plans = [root.plan_iri] + sorted({by_iri[i].plan_iri for i in seen if i != root.iri})
    for p in plans:
        for src, label, score, ev in plan_derivations(store, p):
            result.plan_sources.append(Step(task=p.rsplit("/", 1)[-1], source=label, source_plan="", score=float(score),
                                            asserted=True, evidence=ev))
    return result


@dataclass
class AlignmentRow:
    number: str
    title: str
    source: str
    source_title: str
    score: float | None
    asserted: bool
    evidence: str


def alignment(store: ox.Store, ref: str) -> tuple[list[TaskRef], list[AlignmentRow], list[tuple]]:
    tasks = all_tasks(store)
    by_iri = {t.iri: t for t in tasks}
    plan_tasks = resolve_plan(store, ref, tasks)
    found = derivations(store, [t.iri for t in plan_tasks])
    rows = []
    for t in plan_tasks:
        ds = found.get(t.iri, [])
        asserted = [d for d in ds if d[-1] == "true"]
        best = (asserted or ds or [None])[0]
        if best is None:
            rows.append(AlignmentRow(t.number, t.title, "", "", None, False, "no eligible source document"))
            continue
        for d in asserted or [best]:
            src = by_iri.get(d[1])
            rows.append(AlignmentRow(t.number, t.title, src.label.split(" ")[0] if src else d[1],
                                     src.title if src else "", float(d[2]), d[-1] == "true", d[3]))
    return plan_tasks, rows, plan_derivations(store, plan_tasks[0].plan_iri)
