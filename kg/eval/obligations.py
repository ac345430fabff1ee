"""Score extraction against the hand-written gold in tests/gold: precision, recall, F1 and every disagreement.

Obligations match on (task number, unit identity, role); unit identity is the canonical name from the alias
table, so 市住建局 in the output and 市住房和城乡建设局 in the gold are the same agency.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg.extract.brackets import ROLES

GOLD = Path(__file__).resolve().parents[2] / "tests" / "gold"


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class Disagreement:
    document: str
    task: str
    kind: str  # missing (in gold, not extracted) / extra (extracted, not in gold)
    item: str
    role: str


@dataclass
class Report:
    per_doc: dict[str, dict[str, Score]] = field(default_factory=dict)  # doc → role/"all" → Score
    disagreements: list[Disagreement] = field(default_factory=list)

    def overall(self) -> dict[str, Score]:
        tot: dict[str, Score] = defaultdict(Score)
        for roles in self.per_doc.values():
            for r, s in roles.items():
                tot[r].add(s)
        return dict(tot)


def evaluate_obligations(corpus: Path, gold_dir: Path = GOLD / "obligations", docs=None) -> Report:
    from kg.build import extract_corpus
    from kg.reference import UnitTable

    units = UnitTable(corpus)
    docs = {d.stem: d for d in (docs if docs is not None else extract_corpus(corpus))}
    rep = Report()
    for gold_file in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        stem = Path(gold["file"]).stem
        if stem not in docs:
            continue
        doc = docs[stem]
        scores: dict[str, Score] = {r: Score() for r in (*ROLES, "all")}
        got_by_task = {t.number: {(o.canonical, o.role) for o in t.obligations} for t in doc.tasks}
        for number in sorted(set(gold["tasks"]) | set(got_by_task), key=_task_key):
            exp = {(units.canonical(o["unit"]), o["role"]) for o in gold["tasks"].get(number, {}).get("obligations", [])}
            got = got_by_task.get(number, set())
            for unit, role in exp & got:
                scores[role].tp += 1
            for unit, role in got - exp:
                scores[role].fp += 1
                rep.disagreements.append(Disagreement(gold["file"], number, "extra", unit, role))
            for unit, role in exp - got:
                scores[role].fn += 1
                rep.disagreements.append(Disagreement(gold["file"], number, "missing", unit, role))
        for r in ROLES:
            scores["all"].add(scores[r])
        rep.per_doc[gold["file"]] = scores
    return rep


def _task_key(n: str):
    from kg.ingest.outline import cn_to_int

    return int(n) if n.isdigit() else cn_to_int(n)
