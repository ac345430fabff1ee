"""Score entity extraction against the hand-written gold in tests/gold/entities: P / R / F1 per type and document.

The extractor (kg.extract.document.Extractor) runs over the corpus files; each document's findings are compared with
`tests/gold/entities/<stem>.json` (format in tests/gold/entities/README.md). Matching rules, per type:

- rivers, projects, enterprises: sets of names per document (task mentions, mentions outside tasks and, for
  enterprises, the subjects of annex rows). Names are compared after `key()`: NFKC, whitespace removed, one form
  of brackets, commas, quotes and dashes, so （河南） and (河南) are the same name.
- sections: (name, river) pairs per document; the river is the one the text ties the section to, or none.
- targets: (where, value, unit, comparator, year) must be equal, where = "goals" for the plan's goals section
  or the task number; values compare as numbers (66.5 == 66.50) or as class strings ("IV"). The indicator is
  free wording, so it must only be *similar*: one contains the other, or difflib's ratio of the two keys is at
  least 0.5. Each gold target is paired with at most one extracted target (best similarity first).
- deadlines: (task number, date, text) with the text as written without 到/于 (2025年年底, 9月底前).
- periods: (task number, label).
- citations: (title key, 文号) for directives; for a standard cited by title (《…标准》（DB41/2087—2021）) the
  title counts among the citations with no 文号 and the code among the standards.
- standards: the set of standard codes.

Precision is 1 when nothing is extracted and recall is 1 when the gold has nothing (as in kg.eval.obligations).
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg.eval.obligations import GOLD, Score

TYPES = ("rivers", "sections", "projects", "enterprises", "targets", "deadlines", "periods", "citations", "standards")
SIMILAR = 0.5


@dataclass
class Disagreement:
    document: str
    type: str
    kind: str  # missing (in gold, not extracted) / extra (extracted, not in gold)
    item: str


@dataclass
class EntityReport:
    per_doc: dict[str, dict[str, Score]] = field(default_factory=dict)  # document → type → Score
    disagreements: list[Disagreement] = field(default_factory=list)
    indicator_exact: int = 0  # matched targets whose indicator is the gold's wording exactly (after key())

    def overall(self) -> dict[str, Score]:
        tot: dict[str, Score] = defaultdict(Score)
        for scores in self.per_doc.values():
            for t, s in scores.items():
                tot[t].add(s)
        return {t: tot[t] for t in TYPES}


_TRANS = str.maketrans({"（": "(", "）": ")", "，": ",", "“": '"', "”": '"', "—": "-", "－": "-", "–": "-",
                        "〔": "[", "〕": "]", "《": "", "》": ""})


def key(s: str | None) -> str:
    if s is None:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(s))).translate(_TRANS)


def _value(v) -> str:
    if isinstance(v, (int, float)):
        return f"{float(v):g}"
    return key(v).upper()


def extracted(doc) -> dict[str, set]:
    """What the extractor found in one document, as comparable items per type."""
    mentions = [*doc.mentions, *(m for t in doc.tasks for m in t.mentions)]
    out: dict[str, set] = {t: set() for t in TYPES}
    for m in mentions:
        if m.kind == "river":
            out["rivers"].add(key(m.label))
        elif m.kind == "section":
            out["sections"].add((key(m.label), key(m.river) or None))
        elif m.kind == "project":
            out["projects"].add(key(m.label))
        elif m.kind == "enterprise":
            out["enterprises"].add(key(m.label))
    for r in doc.annex:
        if r.about_kind == "enterprise":
            out["enterprises"].add(key(r.about))
    out["targets"] = [("goals", t) for t in doc.targets] + [(task.number, t) for task in doc.tasks for t in task.targets]
    for task in doc.tasks:
        for d in task.deadlines:
            out["deadlines"].add((task.number, d.date.isoformat(), key(d.text)))
        for p in task.periods:
            out["periods"].add((task.number, key(p.label)))
    for c in doc.citations:
        if c.title:
            out["citations"].add((key(c.title), key(c.doc_number) if c.kind == "directive" and c.doc_number else None))
        if c.kind == "standard" and c.doc_number:
            out["standards"].add(key(c.doc_number))
    return out


def expected(gold: dict) -> dict[str, set]:
    out: dict[str, set] = {t: set() for t in TYPES}
    out["rivers"] = {key(n) for n in gold.get("rivers", [])}
    out["sections"] = {(key(s["name"]), key(s.get("river")) or None) for s in gold.get("sections", [])}
    out["projects"] = {key(n) for n in gold.get("projects", [])}
    out["enterprises"] = {key(n) for n in gold.get("enterprises", [])}
    out["targets"] = list(gold.get("targets", []))
    out["deadlines"] = {(d["task"], d["date"], key(d["text"])) for d in gold.get("deadlines", [])}
    out["periods"] = {(p["task"], key(p["label"])) for p in gold.get("periods", [])}
    out["citations"] = {(key(c["title"]), key(c.get("docNumber")) or None) for c in gold.get("citations", [])}
    out["standards"] = {key(s) for s in gold.get("standards", [])}
    return out


def similarity(a: str, b: str) -> float:
    a, b = key(a), key(b)
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0
    return difflib.SequenceMatcher(None, a, b).ratio()


def _target_fields(where: str, value, unit, comparator, year) -> tuple:
    return (where, _value(value), key(unit), comparator, int(year) if year is not None else None)


def match_targets(got: list, exp: list) -> tuple[list, list, list]:
    """(pairs, extra, missing): gold and extracted targets paired on equal fields and similar indicators."""
    g = [(_target_fields(w, t.value, t.unit_of_measure, t.comparator, t.year), t.indicator, (w, t)) for w, t in got]
    e = [(_target_fields(t["where"], t["value"], t.get("unit"), t["comparator"], t.get("year")), t["indicator"], t) for t in exp]
    cands = []
    for i, (ef, ei, _) in enumerate(e):
        for j, (gf, gi, _) in enumerate(g):
            if ef == gf:
                s = similarity(ei, gi)
                if s >= SIMILAR:
                    cands.append((-s, i, j))
    used_e, used_g, pairs = set(), set(), []
    for _, i, j in sorted(cands):
        if i in used_e or j in used_g:
            continue
        used_e.add(i)
        used_g.add(j)
        pairs.append((e[i][2], g[j][2]))
    extra = [g[j][2] for j in range(len(g)) if j not in used_g]
    missing = [e[i][2] for i in range(len(e)) if i not in used_e]
    return pairs, extra, missing


def _fmt_target_got(item) -> str:
    w, t = item
    return f"[{w}] {t.indicator} {t.comparator} {t.value}{t.unit_of_measure or ''} ({t.year})"


def _fmt_target_exp(t: dict) -> str:
    return f"[{t['where']}] {t['indicator']} {t['comparator']} {t['value']}{t.get('unit') or ''} ({t.get('year')})"


def _fmt(item) -> str:
    if isinstance(item, tuple):
        return " · ".join("—" if x is None else str(x) for x in item)
    return str(item)


def compare(name: str, got: dict, exp: dict, rep: EntityReport) -> dict[str, Score]:
    scores = {t: Score() for t in TYPES}
    for t in TYPES:
        s = scores[t]
        if t == "targets":
            pairs, extra, missing = match_targets(got[t], exp[t])
            s.tp, s.fp, s.fn = len(pairs), len(extra), len(missing)
            rep.indicator_exact += sum(key(e["indicator"]) == key(g[1].indicator) for e, g in pairs)
            rep.disagreements += [Disagreement(name, t, "extra", _fmt_target_got(x)) for x in extra]
            rep.disagreements += [Disagreement(name, t, "missing", _fmt_target_exp(x)) for x in missing]
            continue
        s.tp = len(got[t] & exp[t])
        s.fp = len(got[t] - exp[t])
        s.fn = len(exp[t] - got[t])
        rep.disagreements += [Disagreement(name, t, "extra", _fmt(x)) for x in sorted(got[t] - exp[t], key=str)]
        rep.disagreements += [Disagreement(name, t, "missing", _fmt(x)) for x in sorted(exp[t] - got[t], key=str)]
    return scores


def evaluate_entities(corpus: Path, gold_dir: Path = GOLD / "entities", docs=None) -> EntityReport:
    """Extract the corpus (or take `docs`, a list of Documents) and score it against every gold file present."""
    if docs is None:
        from kg.build import extract_corpus

        docs = extract_corpus(corpus)
    by_stem = {d.stem: d for d in docs}
    rep = EntityReport()
    for gold_file in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        if "file" not in gold:
            continue  # annex fixtures have their own shape
        stem = Path(gold["file"]).stem
        if stem not in by_stem:
            continue
        rep.per_doc[gold["file"]] = compare(gold["file"], extracted(by_stem[stem]), expected(gold), rep)
    return rep


def show(rep: EntityReport, console) -> None:
    """Render the report as rich tables: F1 per type and document, P/R/F1 overall, and every disagreement."""
    from rich.table import Table

    table = Table(title="Entities against tests/gold/entities: F1 per type and document")
    table.add_column("document")
    for t in TYPES:
        table.add_column(t, justify="right")
    for name, scores in rep.per_doc.items():
        table.add_row(name.split("_")[0], *(_cell(scores[t]) for t in TYPES))
    console.print(table)
    tot = Table(title="Overall (micro-averaged over documents)")
    for c in ("type", "P", "R", "F1", "tp", "fp", "fn"):
        tot.add_column(c, justify="right" if c != "type" else "left")
    for t, s in rep.overall().items():
        tot.add_row(t, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.tp), str(s.fp), str(s.fn))
    console.print(tot)
    matched = rep.overall()["targets"].tp
    if matched:
        console.print(f"targets: {rep.indicator_exact} of {matched} matched indicators are worded exactly as in the gold "
                      f"(the others only similar, see the matching rules)")
    if rep.disagreements:
        d = Table(title=f"{len(rep.disagreements)} disagreement(s)")
        for c in ("document", "type", "kind", "item"):
            d.add_column(c)
        for x in rep.disagreements:
            d.add_row(x.document.split("_")[0], x.type, x.kind, x.item)
        console.print(d)
    else:
        console.print("0 disagreements")


def _cell(s: Score) -> str:
    if s.tp + s.fp + s.fn == 0:
        return "–"
    return f"{s.f1:.2f}"
