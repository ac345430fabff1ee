"""Score headers, citations and obligations on documents in layouts the seeds do not show.

`tests/fixtures/layouts/` holds hand-written plans in layouts learnt from real published ones (covering
notices, web pages, 责任单位 conventions, continuous numbering, openings without tasks), each with a
`<name>.gold.json` written by reading the text. This scorer reads each document exactly as `kg build` does
and compares: header fields (exact match), task counts, citations and obligations (P/R/F1 over keys).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from kg.eval.obligations import Score
from kg.keys import citation_key

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "layouts"
HEADER_FIELDS = ("title", "doc_number", "issued", "issuer", "jurisdiction", "year")


def tally(got: set, want: set) -> Score:
    """True positives, false positives and misses of one document's set against its gold set."""
    return Score(tp=len(got & want), fp=len(got - want), fn=len(want - got))


@dataclass
class LayoutScore:
    fields: dict[str, list[bool]] = field(default_factory=dict)  # field → right or wrong per document
    tasks: list[bool] = field(default_factory=list)
    citations: Score = field(default_factory=Score)
    obligations: Score = field(default_factory=Score)
    disagreements: list[str] = field(default_factory=list)

    def accuracy(self, name: str) -> float:
        xs = self.fields.get(name, [])
        return sum(xs) / len(xs) if xs else 1.0


def got_fields(doc) -> dict:
    m = doc.meta
    return {"title": m.title, "doc_number": m.doc_number, "issued": m.issued.isoformat() if m.issued else None,
            "issuer": m.issuer, "jurisdiction": m.jurisdiction, "year": m.year}


def citation_keys(items) -> set[str]:
    return {citation_key(c.get("title"), c.get("doc_number")) for c in items}


def score_document(doc, gold: dict, score: LayoutScore) -> None:
    """Add one document's comparison to `score`, with a line per disagreement."""
    name = doc.source_file
    have = got_fields(doc)
    for f in HEADER_FIELDS:
        ok = have[f] == gold.get(f)
        score.fields.setdefault(f, []).append(ok)
        if not ok:
            score.disagreements.append(f"{name}: {f} {have[f]!r} ≠ gold {gold.get(f)!r}")
    want = gold["task_count"] if "task_count" in gold else gold["visible_tasks"]
    ok = len(doc.tasks) == want
    score.tasks.append(ok)
    if not ok:
        score.disagreements.append(f"{name}: {len(doc.tasks)} tasks ≠ gold {want}")
    got_c = citation_keys({"title": c.title, "doc_number": c.doc_number} for c in doc.citations)
    want_c = citation_keys(gold["citations"])
    score.citations.add(tally(got_c, want_c))
    score.disagreements += [f"{name}: citation {k} not in gold" for k in sorted(got_c - want_c)]
    score.disagreements += [f"{name}: citation {k} missed" for k in sorted(want_c - got_c)]
    got_o = {(t.number, o.unit, o.role) for t in doc.tasks for o in t.obligations}
    want_o = {(o["task"], o["unit"], o["role"]) for o in gold["obligations"]}
    score.obligations.add(tally(got_o, want_o))
    score.disagreements += [f"{name}: obligation {o} not in gold" for o in sorted(got_o - want_o)]
    score.disagreements += [f"{name}: obligation {o} missed" for o in sorted(want_o - got_o)]


def evaluate_layouts(folder: Path = FIXTURES) -> LayoutScore:
    """Read every fixture with a gold file the way `kg build` reads it, and score it."""
    if not folder.is_dir() or not any(folder.glob("*.gold.json")):
        from kg.errors import InputError

        raise InputError(folder, "holds no <name>.gold.json files to score against")
    from kg.build import Report, iter_documents

    score = LayoutScore()
    docs = {d.source_file: d for d in iter_documents(folder, keep_going=True, report=Report())}
    for gold_path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        name = gold_path.name.replace(".gold.json", ".txt")
        if name not in docs:
            score.disagreements.append(f"{name}: not read")
            continue
        score_document(docs[name], gold, score)
    return score


def show(score: LayoutScore, out) -> None:
    """The scores as two tables and the disagreements as lines."""
    from rich.table import Table

    t = Table(title=f"Headers of {len(score.tasks)} documents: share exactly right")
    for f in (*HEADER_FIELDS, "task count"):
        t.add_column(f, justify="right")
    right = [score.accuracy(f) for f in HEADER_FIELDS] + [sum(score.tasks) / len(score.tasks) if score.tasks else 1.0]
    t.add_row(*(f"{x:.3f}" for x in right))
    out.print(t)
    t = Table(title="Citations and obligations")
    for c in ("", "P", "R", "F1", "tp", "fp", "fn"):
        t.add_column(c, justify="right")
    for name, x in (("citations", score.citations), ("obligations", score.obligations)):
        t.add_row(name, f"{x.precision:.3f}", f"{x.recall:.3f}", f"{x.f1:.3f}", str(x.tp), str(x.fp), str(x.fn))
    out.print(t)
    out.print("\n".join(score.disagreements) if score.disagreements else "0 disagreements", markup=False)
