"""`kg serve`: the build as a read-only SPARQL 1.1 Protocol endpoint."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli._app import BuildOpt, err, fail
from kg.errors import InputError


def serve_cmd(
    build_dir: Path = BuildOpt,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0 or :: for every interface)."),
    port: int = typer.Option(7878, "--port", help="Port to listen on, 0-65535 (0: any free port)."),
    timeout: float = typer.Option(10.0, "--timeout", help="Seconds a query may run, then it is cancelled (503)."),
    max_rows: int = typer.Option(10_000, "--max-rows", help="Rows or triples per answer; more: X-Rows-Truncated."),
    max_bytes: int = typer.Option(50 * 2**20, "--max-bytes", help="Bytes per answer; it stops at the row before."),
    workers: int = typer.Option(2, "--workers", help="Query worker processes (queries that run at once)."),
    queue: int = typer.Option(64, "--queue", help="Queries that may wait for a worker; more get 503."),
    max_memory: int = typer.Option(1024, "--max-memory", help="MB per worker (0: no cap); past it a query gets 500."),
    cors_origin: str = typer.Option("*", "--cors-origin", help="Access-Control-Allow-Origin on every reply: '*' "
                                    "(any web page may query), one origin (https://example.org), or '' (none). "
                                    "Never with credentials."),
) -> None:
    """Serve the build at http://HOST:PORT/sparql (SPARQL 1.1 Protocol: GET and POST, read-only) until interrupted."""
    from kg.explore.runner import Limits
    from kg.explore.endpoint import server

    limits = Limits(workers=workers, queue=queue, timeout=timeout, max_rows=max_rows, max_bytes=max_bytes,
                    max_memory_mb=max_memory)
    try:
        httpd = server(build_dir, host, port, limits, cors_origin)
    except InputError as exc:
        fail(exc)
    shown = f"[{host}]" if ":" in host else host
    err.print(f"SPARQL endpoint at http://{shown}:{httpd.server_port}/sparql (read-only; {workers} workers, "
              f"{timeout:g} s, {max_rows:,} rows per query); Ctrl-C stops it")
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
