"""Task lineage: which earlier, higher-level directive task a plan's task carries down, scored and explained.

Interface: `Lineage(docs, corpus)` takes extracted `kg.records.Document`s (it reads only `kg.records`: task
titles, `Task.content` — the text without its responsibility brackets —, mentions, obligations, deadlines,
citations and the documents' meta) and `Lineage.all()` returns one `PlanLineage` per document: its eligible and
cited sources and, per task, ranked `Candidate`s with features, a probability and what was kept, added and
dropped. `kg.lineage.quads` turns those results into RDF (the lineage named graph); nothing here touches RDF,
spaCy or `kg.extract`.

How a derivation is decided (README: "How lineage is scored"):
1. Eligibility (gate.py). A plan may derive only from a corpus document of the same or an ancestor jurisdiction
   (from the division table) issued earlier (plan year, then issue date), or from a document the plan cites —
   and only from one on the same policy topic (corpus/reference/plan_topics.csv: a county soil plan carries down
   the city's soil plan, not its water plan). The Xinzhou (Shanxi) plan can never derive from Jiaozuo (Henan).
   `SourceIndex` indexes the corpus by jurisdiction and citation key once, so a plan looks only at its own chain
   of places and what it cites, never at every document.
2. Retrieval (candidates.py). Candidate source tasks come from a BM25 index over character bigrams of titles and
   bodies plus extracted entity tokens — never from all pairs — top K per task: a sparse matrix (scipy), and one
   product per plan over the tasks of its eligible sources only. A plan's work grows with its sources, not with
   the corpus (`Lineage.work` counts it; bench/bench_lineage.py measures it from 100 to 5,000 documents).
3. Scoring (features.py, model.py). Six features — title similarity, body similarity (TF-IDF cosine over
   character bigrams, the responsibility brackets left out), shared named entities, a shared named project,
   shared obligation structure (same agency functions, and in the same roles) and an explicit citation — combine
   in a logistic model (weights in kg/data/lineage_model.json, fitted by bench/fit_lineage.py). The output is a
   probability in [0, 1]; a derivation is asserted at or above the model's threshold, so a task with no
   counterpart gets none.
The orchestrator (`Lineage` and its result records) is in core.py; text.py holds the bigram and phrase helpers.
"""

from kg.lineage.candidates import BM25, TOP_K, count_matrix, task_tokens
from kg.lineage.core import Candidate, Lineage, PlanLineage, TaskLineage
from kg.lineage.features import TfIdf, content, entities, feature_vector, jaccard, pair_features, structure
from kg.lineage.gate import SourceIndex, basis_citations, cites, earlier, eligible_sources, topics
from kg.lineage.model import FEATURES, MODEL_PATH, Model, load_model
from kg.lineage.text import bigrams, shared_phrases

__all__ = [
    "BM25", "TOP_K", "count_matrix", "task_tokens",
    "Candidate", "Lineage", "PlanLineage", "TaskLineage",
    "TfIdf", "content", "entities", "feature_vector", "jaccard", "pair_features", "structure",
    "SourceIndex", "basis_citations", "cites", "earlier", "eligible_sources", "topics",
    "FEATURES", "MODEL_PATH", "Model", "load_model",
    "bigrams", "shared_phrases",
]
