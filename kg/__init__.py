"""policy-kg: Chinese local-government plans, their tasks, agencies and lineage as an RDF graph."""

__version__ = "0.1.0"
