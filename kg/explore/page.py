"""The query page and its assets, served by `kg serve` beside /sparql (placeholder until the page lands)."""

from __future__ import annotations

import json

from kg.explore.results import Response


def respond_page(method: str, path: str) -> Response | None:
    """The page's answer for PATH, or None when PATH is not the page's (the endpoint answers it)."""
    if path == "/" and method in ("GET", "HEAD"):
        return Response(200, "application/json", json.dumps({"sparql": "/sparql", "readOnly": True}).encode())
    return None
