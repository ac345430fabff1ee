"""The `kg` command line: one thin module per command, registered on `app` here and nowhere else.

Each command module (`build.py`, `query.py`, ...) parses its options, calls one stage function and prints;
it imports `app`'s shared pieces from `kg.cli._app` and never this package, so imports run one way. User
errors are one line on stderr and exit 2. `kg.cli.app` and `kg.cli.main` are the entry points.
"""

from __future__ import annotations

import sys

from kg.cli import build, eval, export, push, queries, query, serve, stats, trace, validate, viz, vocab
from kg.cli._app import app
from kg.errors import InputError

__all__ = ["app", "main"]

# The command table, in the order `kg --help` lists it.
app.command("build")(build.build_cmd)
app.command("query")(query.query_cmd)
app.command("queries")(queries.queries_cmd)
app.command("vocab")(vocab.vocab_cmd)
app.command("validate")(validate.validate_cmd)
app.command("eval")(eval.eval_cmd)
app.command("serve")(serve.serve_cmd)
app.command("stats")(stats.stats_cmd)
app.command("trace")(trace.trace_cmd)
app.command("viz")(viz.viz_cmd)
app.command("export")(export.export_cmd)
app.command("push")(push.push_cmd)


def main() -> None:
    """Console-script entry point: run `app`. No input ever ends in a traceback: a stray InputError or any
    unexpected exception is one line on stderr and exit 2 (`--debug` anywhere shows the traceback)."""
    for n, arg in enumerate(sys.argv[1:], 1):
        if not _utf8(arg):  # the OS gave bytes that are not UTF-8; Python keeps them as lone surrogates
            sys.stderr.write(f"error: argument {n} is not valid UTF-8 (rename the file or pass the text as UTF-8)\n")
            sys.exit(2)
    debug = "--debug" in sys.argv
    if debug:
        sys.argv.remove("--debug")
    try:
        app()
    except InputError as exc:  # raised outside a command body
        sys.stderr.write(f"error: {exc.where}: {exc.reason}\n")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the contract: one line, exit 2, never a traceback
        if debug:
            raise
        what = sys.argv[1] if len(sys.argv) > 1 else "kg"
        sys.stderr.write(f"error: {what}: unexpected {type(exc).__name__}: {str(exc)[:300]} "
                         "(run again with --debug for the traceback)\n")
        sys.exit(2)


def _utf8(arg: str) -> bool:
    """Whether a command-line argument came in as valid UTF-8 (no surrogate escapes)."""
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


if __name__ == "__main__":
    main()
