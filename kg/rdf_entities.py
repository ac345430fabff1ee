"""Entities, targets, deadlines, citations and annex rows → RDF; filled in by issue 4."""


def add_task(builder, g, doc, task, tn) -> None:
    return None


def add_document(builder, g, doc, plan) -> None:
    return None


def finish(builder) -> None:
    return None
