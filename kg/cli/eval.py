"""`kg eval`: extraction and lineage scored against the hand-written gold, with every disagreement."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from kg.cli._app import fail, out
from kg.errors import InputError

WHAT = ("obligations", "entities", "lineage", "layouts")


def eval_cmd(
    what: str = typer.Argument("all", help="obligations | entities | lineage | layouts | all"),
    corpus: Path = typer.Option(Path("corpus"), "--corpus", help="The corpus the gold describes."),
    fixtures: Path = typer.Option(None, "--fixtures",
                                  help="For `layouts`: a folder of documents with <name>.gold.json files "
                                       "(default tests/fixtures/layouts; tests/fixtures/heldout is the held-out set)."),
) -> None:
    """Precision, recall and F1 against tests/gold, per document and overall, listing every disagreement."""
    try:
        if what not in (*WHAT, "all"):
            raise InputError("eval", f"unknown target {what!r}; choose one of {', '.join(WHAT)} or all")
        if what in ("layouts", "all"):
            from kg.eval import layouts

            layouts.show(layouts.evaluate_layouts(fixtures or layouts.FIXTURES), out)
            if what == "layouts":
                return
        from kg.build import extract_corpus

        docs = extract_corpus(corpus)  # once, shared by every evaluation below
        if what in ("obligations", "all"):
            show_obligations(corpus, docs)
        if what in ("entities", "all"):
            from kg.eval import entities as eval_entities

            eval_entities.show(eval_entities.evaluate_entities(corpus, docs=docs), out)
        if what in ("lineage", "all"):
            from kg.eval import lineage as eval_lineage

            eval_lineage.show(eval_lineage.evaluate_lineage(corpus, docs=docs), out)
    except InputError as exc:
        fail(exc)


def show_obligations(corpus: Path, docs=None) -> None:
    from kg.extract.brackets import ROLES
    from kg.eval.obligations import evaluate_obligations

    rep = evaluate_obligations(corpus, docs=docs)
    table = Table(title="Obligations against tests/gold/obligations: F1 by role; P / R / F1 overall")
    table.add_column("document")
    for r in ROLES:
        table.add_column(r[:4] + " F1", justify="right")
    for c in ("P", "R", "F1", "n"):
        table.add_column(c, justify="right")
    rows = list(rep.per_doc.items()) + [("overall", rep.overall())]
    for name, scores in rows:
        a = scores["all"]
        table.add_row(name.split("_")[0] if name != "overall" else name,
                      *(f"{scores[r].f1:.3f}" for r in ROLES),
                      f"{a.precision:.3f}", f"{a.recall:.3f}", f"{a.f1:.3f}", str(a.tp + a.fn))
    out.print(table)
    if rep.disagreements:
        d = Table(title=f"{len(rep.disagreements)} disagreement(s)")
        for c in ("document", "task", "kind", "unit", "role"):
            d.add_column(c)
        for x in rep.disagreements:
            d.add_row(x.document, x.task, x.kind, x.item, x.role)
        out.print(d)
    else:
        out.print("0 disagreements")

