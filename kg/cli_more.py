"""Registers the feature commands (eval, trace, viz, stats, serve) on the `kg` app, one module each."""

import importlib

for _mod in ("kg.cli_eval", "kg.cli_viz", "kg.cli_trace", "kg.cli_serve"):
    try:
        importlib.import_module(_mod)
    except ModuleNotFoundError as exc:
        if exc.name != _mod:
            raise
