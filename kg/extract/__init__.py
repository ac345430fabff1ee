"""Records from text: a spaCy pipeline over each task, and the document assembly around it.

Interface: `document.Extractor(corpus).document(source) -> kg.records.Document`. `pipeline.pipeline()` builds
the spaCy pipeline (blank `zh` + jieba) and registers every component in order: `responsibility_brackets`
(brackets.py, roles.py), `gazetteer_entities` (gazetteer.py), `water_and_sections` (water.py), `named_works`
(works.py), `policy_facts` (facts.py over targets.py, deadlines.py, masks.py), `policy_citations`
(citations.py), `annex_tables` (annex.py). Each component is a thin factory over module-level pure functions;
word lists live in words.py. Extract never imports rdflib or pyoxigraph: records are its only output.
"""
