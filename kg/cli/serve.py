"""`kg serve`: the build as a read-only SPARQL 1.1 Protocol endpoint."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli._app import BuildOpt, err, fail
from kg.errors import InputError


def serve_cmd(
    build_dir: Path = BuildOpt,
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(7878, "--port"),
) -> None:
    """Serve the build at http://HOST:PORT/sparql (GET and POST, read-only) until interrupted."""
    from kg.explore.serve import server

    try:
        httpd = server(build_dir, host, port)
    except InputError as exc:
        fail(exc)
    err.print(f"SPARQL endpoint at http://{host}:{httpd.server_port}/sparql (read-only); Ctrl-C stops it")
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
