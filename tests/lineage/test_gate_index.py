"""The indexed gate (SourceIndex) admits exactly the sources the all-pairs loop it replaced admitted.

`all_pairs` below is the gate as it was before the index (kg/lineage/gate.py at e40204f): every document tested
against every plan, plan_topics.csv read for each pair. It is the specification the index must meet, on the
seeds and on 60 plans of bench/make_corpus.py (records made from the generated texts, no extraction) with
variations that reach every branch: other topics, citations by 文号 across provinces and forward in time, no
issue date, no or an unknown jurisdiction, a plan citing itself.
"""

from __future__ import annotations

import importlib.util
import random
import re
import sys
from datetime import date
from pathlib import Path

import pytest
from lineage_records import citation, doc

from kg import divisions
from kg.lineage.gate import SourceIndex, cites, earlier, eligible_sources, topics

ROOT = Path(__file__).resolve().parents[2]


def all_pairs(plan, docs, corpus=None):
    """The gate before the index, verbatim: O(documents) per plan, topics re-read per pair."""
    out = []
    chain = divisions.ancestors(plan.meta.jurisdiction)
    my_topics = topics(plan.meta.title, corpus)
    for src in docs:
        if src.stem == plan.stem:
            continue
        if cites(plan, src):
            out.append((src, "cited by the plan"))
            continue
        if src.meta.jurisdiction not in chain or not earlier(src, plan):
            continue
        if my_topics and not (my_topics & topics(src.meta.title, corpus)):
            continue
        where = "same jurisdiction" if src.meta.jurisdiction == plan.meta.jurisdiction else f"ancestor jurisdiction {src.meta.jurisdiction}"
        out.append((src, f"{where}, issued earlier, same topic"))
    return out


def generated(n: int):
    """n plans of bench/make_corpus.py as records: title, place, year, 文号 and date as rendered, parent cited."""
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "bench" / "make_corpus.py")
    mc = sys.modules.setdefault("make_corpus", importlib.util.module_from_spec(spec))
    spec.loader.exec_module(mc)  # registered first: its dataclasses look their module up
    rng = random.Random(7)
    out = []
    for _, p in zip(range(n), mc.plans(n, rng)):
        text = mc.render(p, rng)
        y, m, d = map(int, re.search(r"^(\d{4})年(\d+)月(\d+)日$", text, re.M).groups())
        cs = [citation(title=p.parent.title)] if p.parent else []
        out.append(doc(p.stem, p.title, p.place, p.year, issued=date(y, m, d), doc_number=text.splitlines()[0],
                       citations=cs))
    return out


def varied(docs):
    """Every branch of the gate: other topics, 文号 citations anywhere, no date, no or unknown place, self-citation."""
    out = []
    for i, d in enumerate(docs):
        m = d.meta
        title = m.title.replace("水污染防治攻坚战", "净土保卫战") if i % 7 == 3 else m.title
        title = m.title.replace("水污染防治攻坚战实施方案", "生态环境保护工作要点") if i % 9 == 4 else title
        place = None if i % 17 == 5 else "不存在县" if i % 19 == 6 else m.jurisdiction
        cs = list(d.citations)
        if i % 5 == 2:
            cs.append(citation(docs[(i * 31) % len(docs)].meta.doc_number))  # any plan, any place, any time
        if i == 10:
            cs.append(citation(m.doc_number))  # itself
        out.append(doc(d.stem, title, place, m.year, issued=None if i % 11 == 1 else m.issued,
                       doc_number=m.doc_number, citations=cs))
        if i % 6 == 0:  # last year's plan of the same place
            out.append(doc(f"{d.stem}-prev", m.title.replace(str(m.year), str(m.year - 1)), m.jurisdiction,
                           m.year - 1, doc_number=f"{m.doc_number}-prev"))
    out.append(doc("far", "山西省2021年水污染防治工作方案", "山西省", 2021, doc_number="晋环〔2021〕1号"))
    return out


def same(docs, corpus=None) -> set[str]:
    """Asserts index == all pairs for every plan; returns the kinds of reason admitted (first word)."""
    index = SourceIndex(docs, corpus)
    kinds = set()
    for plan in docs:
        expected = [(s.stem, why) for s, why in all_pairs(plan, docs, corpus)]
        assert [(s.stem, why) for s, why in index.eligible(plan)] == expected, plan.stem
        assert [(s.stem, why) for s, why in eligible_sources(plan, docs, corpus)] == expected
        kinds |= {why.split(" ")[0] for _, why in expected}
    return kinds


def test_index_equals_all_pairs_on_the_seeds(docs):
    from conftest import CORPUS

    assert same(list(docs.values()), CORPUS) == {"ancestor"}  # Mengzhou water ← Jiaozuo water


@pytest.fixture(scope="module")
def sixty():
    return generated(60)


def test_index_equals_all_pairs_on_60_generated_plans(sixty):
    assert same(sixty) == {"cited", "ancestor"}  # each plan cites its parent; the province is the county's ancestor


def test_index_equals_all_pairs_with_every_branch_taken(sixty):
    docs = varied(sixty)
    assert same(docs) == {"cited", "ancestor", "same"}
    itself = docs[next(i for i, d in enumerate(docs) if d.stem == sixty[10].stem)]
    assert cites(itself, itself) and itself.stem not in {s.stem for s, _ in eligible_sources(itself, docs)}


def test_a_plan_examines_only_its_chain_and_what_it_cites(sixty):
    county = next(d for d in sixty if divisions.lookup(d.meta.jurisdiction).level == "county")
    chain = set(divisions.ancestors(county.meta.jurisdiction))
    index = SourceIndex(sixty)
    index.eligible(county)
    assert index.examined == sum(1 for d in sixty if d.meta.jurisdiction in chain and d.stem != county.stem)
    bigger = SourceIndex(sixty + [doc(f"x{i}", f"山西省{2000 + i}年水污染防治工作方案", "山西省", 2000 + i)
                                  for i in range(200)])
    bigger.eligible(county)
    assert bigger.examined == index.examined  # 200 plans of another province cost it nothing
