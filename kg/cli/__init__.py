"""The `kg` command line: one thin module per command, registered on `app` here and nowhere else.

Each command module (`build.py`, `query.py`, ...) parses its options, calls one stage function and prints;
it imports `app`'s shared pieces from `kg.cli._app` and never this package, so imports run one way. User
errors are one line on stderr and exit 2. `kg.cli.app` and `kg.cli.main` are the entry points.
"""

from __future__ import annotations

import sys

from kg.cli import build, eval, query, serve, stats, trace, validate, viz
from kg.cli._app import app, err
from kg.errors import InputError

__all__ = ["app", "main"]

# The command table, in the order `kg --help` lists it.
app.command("build")(build.build_cmd)
app.command("query")(query.query_cmd)
app.command("validate")(validate.validate_cmd)
app.command("eval")(eval.eval_cmd)
app.command("serve")(serve.serve_cmd)
app.command("stats")(stats.stats_cmd)
app.command("trace")(trace.trace_cmd)
app.command("viz")(viz.viz_cmd)


def main() -> None:
    """Console-script entry point: run `app`; a stray InputError is still one line and exit 2."""
    try:
        app()
    except InputError as exc:  # raised outside a command body
        err.print(f"error: {exc.where}: {exc.reason}")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
