"""`kg eval lineage`: the Mengzhou 2025 water plan's tasks against the hand-made alignment to Jiaozuo 2022.

Metrics, for each gold file in tests/gold/lineage:
- top-1: the best candidate (or "none" when nothing clears the threshold) is a gold source (or the gold says none);
- MRR: reciprocal rank of the first gold source among the ranked candidates; a task whose gold is "none" counts
  1 when nothing is asserted and 0 otherwise; also reported over tasks with a source only;
- precision: asserted derivations that the gold lists, over all asserted derivations.
The baseline ranks every task of the directive by plain TF-IDF cosine over character bigrams of the task text
and asserts its top hit (it has no threshold). Both run in the same process on the same extraction.
Corpus-wide guards: derivations across provinces, and water-directive derivations into the soil and air plans.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from kg import divisions

GOLD = Path(__file__).resolve().parents[2] / "tests" / "gold" / "lineage"


@dataclass
class Metrics:
    top1: float
    mrr: float
    mrr_with_source: float
    precision: float
    asserted: int


@dataclass
class LineageReport:
    gold_file: str
    ours: Metrics
    baseline: Metrics
    rows: list[tuple[str, list[str], list[tuple[str, float]], str]] = field(default_factory=list)
    cross_province: int = 0
    water_into_other_topics: int = 0
    ungated_water_into_other_topics: int = 0  # the same, had the topic gate been off (ablation)
    loo_top1: float | None = None


def metrics(ranked: dict[str, list[tuple[str, float]]], asserted: dict[str, list[str]], gold: dict[str, list[str]]) -> Metrics:
    top1 = rr = rr_src = 0.0
    n_src = tp = n_asserted = 0
    for task, sources in gold.items():
        ranks = [s for s, _ in ranked.get(task, [])]
        ass = asserted.get(task, [])
        best = ass[0] if ass else None
        top1 += (best in sources) if sources else (best is None)
        if sources:
            n_src += 1
            r = next((k + 1 for k, s in enumerate(ranks) if s in sources), None)
            rr += 1 / r if r else 0.0
            rr_src += 1 / r if r else 0.0
        else:
            rr += 1.0 if not ass else 0.0
        tp += sum(1 for s in ass if s in sources)
        n_asserted += len(ass)
    n = len(gold)
    return Metrics(top1 / n, rr / n, rr_src / max(1, n_src), tp / n_asserted if n_asserted else 1.0, n_asserted)


def evaluate_lineage(corpus: Path, model=None, docs=None) -> list[LineageReport]:
    from kg.build import extract_corpus
    from kg.lineage import Lineage, TfIdf

    docs = docs if docs is not None else extract_corpus(corpus)
    lin = Lineage(docs, corpus, model)
    plans = {p.doc: p for p in lin.all()}
    by_stem = {d.stem: d for d in docs}
    reports = []
    for gf in sorted(GOLD.glob("*.json")):
        g = json.loads(gf.read_text(encoding="utf-8"))
        plan_stem, dir_stem = Path(g["plan"]).stem, Path(g["directive"]).stem
        gold = {k: v["sources"] for k, v in g["alignment"].items()}
        pl = plans[plan_stem]
        ranked, asserted = {}, {}
        for tl in pl.tasks:
            cands = [c for c in tl.candidates if c.source_doc == dir_stem]
            ranked[tl.number] = [(c.source_number, c.score) for c in cands]
            asserted[tl.number] = [c.source_number for c in tl.asserted(lin.model) if c.source_doc == dir_stem]
        ours = metrics(ranked, asserted, gold)
        # baseline: plain TF-IDF cosine of task texts, every directive task ranked, top hit asserted
        directive = by_stem[dir_stem]
        tf = TfIdf([t.text for d in docs for t in d.tasks])
        dvecs = [(s.number, tf.vector(s.text)) for s in directive.tasks]
        b_ranked, b_asserted = {}, {}
        for t in by_stem[plan_stem].tasks:
            v = tf.vector(t.text)
            r = sorted(((n, TfIdf.cosine(v, dv)) for n, dv in dvecs), key=lambda x: -x[1])
            b_ranked[t.number] = r
            b_asserted[t.number] = [r[0][0]] if r else []
        base = metrics(b_ranked, b_asserted, gold)
        rep = LineageReport(gf.name, ours, base)
        for tl in pl.tasks:
            rep.rows.append((tl.number, gold.get(tl.number, []), ranked[tl.number][:3],
                             ",".join(asserted[tl.number]) or "none"))
        reports.append(rep)
    cross = water = 0
    water_topics = {"water"}
    from kg.lineage import topics

    for pl in plans.values():
        plan_doc = by_stem[pl.doc]
        for tl in pl.tasks:
            for c in tl.asserted(lin.model):
                src = by_stem[c.source_doc]
                if _province(src.meta.jurisdiction) != _province(plan_doc.meta.jurisdiction):
                    cross += 1
                if topics(src.meta.title, corpus) & water_topics and not topics(plan_doc.meta.title, corpus) & water_topics:
                    water += 1
    # ablation: score the soil and air plans' tasks against water directives with the topic gate off
    ungated = 0
    for plan_doc in docs:
        if topics(plan_doc.meta.title, corpus) & water_topics:
            continue
        srcs = [d for d in docs if topics(d.meta.title, corpus) & water_topics
                and _province(d.meta.jurisdiction) == _province(plan_doc.meta.jurisdiction) and d.meta.year < (plan_doc.meta.year or 0)]
        for t in plan_doc.tasks:
            cs = lin.candidates(plan_doc, t, srcs) if srcs else []
            ungated += sum(lin.model.asserts([c.score for c in cs], [c.text_score for c in cs]))
    from kg.lineage import MODEL_PATH

    loo = json.loads(MODEL_PATH.read_text(encoding="utf-8")).get("top1_leave_one_out")
    for r in reports:
        r.cross_province, r.water_into_other_topics, r.ungated_water_into_other_topics = cross, water, ungated
        r.loo_top1 = loo
    return reports



def _province(name: str | None) -> str | None:
    return (divisions.ancestors(name) or [None])[-1]


def show(reports: list[LineageReport], console: Console) -> None:
    for r in reports:
        t = Table(title=f"Lineage against tests/gold/lineage/{r.gold_file}")
        t.add_column("metric")
        t.add_column("policy-kg", justify="right")
        t.add_column("TF-IDF baseline", justify="right")
        for name, attr in (("top-1 accuracy", "top1"), ("MRR (none counts when gold is none)", "mrr"),
                           ("MRR, tasks with a source", "mrr_with_source"), ("precision of asserted", "precision"),
                           ("derivations asserted", "asserted")):
            a, b = getattr(r.ours, attr), getattr(r.baseline, attr)
            t.add_row(name, f"{a:.3f}" if isinstance(a, float) else str(a), f"{b:.3f}" if isinstance(b, float) else str(b))
        t.add_row("derivations across provinces (corpus-wide)", str(r.cross_province), "")
        t.add_row("water directive → soil/air plan derivations", str(r.water_into_other_topics), "")
        t.add_row("  … had the topic gate been off (ablation)", str(r.ungated_water_into_other_topics), "")
        if r.loo_top1 is not None:
            t.add_row("top-1, leave-one-task-out refit (bench/fit_lineage.py)", f"{r.loo_top1:.3f}", "")
        console.print(t)
        d = Table(title="per task: gold sources, top candidates (score), asserted")
        for c in ("task", "gold", "candidates", "asserted"):
            d.add_column(c)
        for number, gold, cands, asserted in r.rows:
            d.add_row(number, ",".join(gold) or "none", "  ".join(f"{n} ({s:.2f})" for n, s in cands), asserted)
        console.print(d)
