"""Registers the feature commands on the `kg` app; each lives with its feature, one module per concern."""

from kg.cli import eval as cli_eval, serve as cli_serve, stats as cli_stats, trace as cli_trace, viz as cli_viz  # noqa: F401
