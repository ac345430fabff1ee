"""Registers the feature commands on the `kg` app; each lives with its feature, one module per concern."""

from kg import cli_eval, cli_serve, cli_stats, cli_trace, cli_viz  # noqa: F401
