"""The endpoint's sockets: an HTTP server whose every resource a client could hold is bounded.

Why each piece: an `Intake` thread reads whole requests from all connections at once without blocking, so a
client that stalls or drips holds a buffer until REQUEST_TIMEOUT (then 408), never a thread; only complete
requests reach the MAX_THREADS handler threads; at most MAX_PENDING connections are open, more wait in a
kernel backlog of BACKLOG; an answer must be taken within RESPONSE_TIMEOUT; HTTP/1.0, one request per
connection, so an idle client holds nothing. Every reply has `X-Content-Type-Options: nosniff`,
`Server: policy-kg` (no Python version) and the CORS headers of `--cors-origin` (`serve.cors_headers`), even
a refusal the intake sends itself; nothing a client sends prints a traceback.
"""

from __future__ import annotations

import io
import re
import select
import socket
import socketserver
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

from kg.errors import InputError
from kg.explore.intake import MAX_BODY, REQUEST_TIMEOUT, Intake, Watchdog
from kg.explore.results import Response, text_response
from kg.explore.runner import Limits, Runner
from kg.explore.serve import answer, check_cors_origin, cors_headers, parse_params

RESPONSE_TIMEOUT = 60.0  # seconds to take the answer
MAX_THREADS = 64  # complete requests handled at once
MAX_PENDING = 1024  # connections open at once (being read, waiting for a thread, or handled), within the fd limit
BACKLOG = 256  # connections the kernel holds beyond those
_LENGTH = re.compile(r"[0-9]{1,15}")


class Handler(BaseHTTPRequestHandler):
    """Reads each request under the deadlines and hands it to `serve.answer` with the class's `backend`."""

    backend = None  # a Runner or a store: set by `make_handler`
    server_version = "policy-kg"
    sys_version = ""
    protocol_version = "HTTP/1.0"
    default_request_version = "HTTP/1.0"  # even a garbled request line gets a status line and headers
    _linger = False  # an unread body may follow: read it off before closing

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, fmt, *args) -> None:  # quiet: the CLI prints the address once
        return

    def setup(self) -> None:
        """The request arrives as (socket, its bytes) from the intake: parsing never waits on the client."""
        self.watchdog = getattr(self.server, "watchdog", None) or Watchdog()
        if not isinstance(self.request, tuple):  # a plain socketserver: read from the socket, deadline
            self.timeout = REQUEST_TIMEOUT
            super().setup()
            self.watchdog.watch(self.connection, REQUEST_TIMEOUT)
            return
        sock, data = self.request
        self.request = self.connection = sock
        sock.settimeout(REQUEST_TIMEOUT)  # each send of the answer; the watchdog bounds the whole
        self.rfile = io.BytesIO(data)
        self.wfile = sock.makefile("wb")

    def finish(self) -> None:
        try:
            super().finish()
            if self._linger:
                _drain(self.connection)
        except OSError:
            pass
        finally:
            self.watchdog.forget(self.connection)

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        allowed = getattr(self.server, "cors_origin", "*")
        for key, value in cors_headers(allowed, preflight=self.command == "OPTIONS").items():
            self.send_header(key, value)
        super().end_headers()

    def send_error(self, code, message=None, explain=None) -> None:
        """The standard library's refusals (bad request line, header too long, …) as one plain line."""
        self.close_connection = True
        self._linger = True
        self._send(text_response(code, message or self.responses.get(code, ("error",))[0]))

    def do_GET(self):
        self._handle("GET")

    def do_HEAD(self):
        self._handle("HEAD")

    def do_POST(self):
        self._handle("POST")

    def do_OPTIONS(self):
        self._handle("OPTIONS")

    def do_PUT(self):
        self._handle("PUT")

    def do_DELETE(self):
        self._handle("DELETE")

    def do_PATCH(self):
        self._handle("PATCH")

    def _handle(self, method: str) -> None:
        try:
            resp = self._answer(method)
        except Exception as exc:  # noqa: BLE001 - one line for the client, never a traceback
            resp = text_response(500, f"internal error ({type(exc).__name__}); the server goes on")
        self._send(resp)

    def _answer(self, method: str) -> Response:
        url = urllib.parse.urlsplit(self.path)
        params = parse_params(url.query)
        if isinstance(params, Response):
            return params
        body = self._body() if method == "POST" else b""
        if isinstance(body, Response):
            self._linger = True
            return body
        self.watchdog.forget(self.connection)  # the request is in: the query's own time limit applies now
        return answer(self.backend, method, url.path, params, self.headers, body, cancelled=self._client_gone,
                      origin=_origin(self.server.server_address))

    def _body(self) -> bytes | Response:
        """The POST body, exactly Content-Length bytes of at most MAX_BODY, or the refusal."""
        if self.headers.get("Transfer-Encoding"):
            return text_response(411, "chunked bodies are not accepted; send Content-Length")
        values = [v.strip() for v in self.headers.get_all("Content-Length") or []]
        if not values:
            return text_response(411, "a POST needs a Content-Length header")
        if len(set(values)) > 1 or not _LENGTH.fullmatch(values[0]):
            return text_response(400, f"Content-Length must be a number of bytes, not {values[0][:40]!r}")
        n = int(values[0])
        if n > MAX_BODY:
            return text_response(413, f"the body is {n:,} bytes; the limit is {MAX_BODY:,}")
        try:
            data = self.rfile.read(n)
        except OSError:
            return text_response(400, f"the body did not arrive within {REQUEST_TIMEOUT:g} s")
        if len(data) < n:
            return text_response(400, f"the body ended after {len(data)} of {n} bytes (Content-Length)")
        return data

    def _client_gone(self) -> bool:
        """Whether the client has closed its end (then its query is cancelled)."""
        try:
            poller = select.poll()  # not select(): descriptors above 1023 are normal here
            poller.register(self.connection, select.POLLIN | select.POLLHUP)
            if not poller.poll(0):
                return False
            return self.connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
        except BlockingIOError:
            return False
        except (OSError, ValueError):
            return True

    def _send(self, resp: Response) -> None:
        status, ctype, data = resp
        self.watchdog.watch(self.connection, RESPONSE_TIMEOUT)
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            if status != 204:
                self.send_header("Content-Length", str(len(data)))
            for key, value in getattr(resp, "headers", {}).items():
                self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD" and status != 204:
                self.wfile.write(data)
        except OSError:
            self.close_connection = True


def _origin(address) -> str:
    """http://HOST:PORT of the listening socket: the base of relative IRIs when a request has no usable Host."""
    host, port = address[:2]
    return f"http://[{host}]:{port}" if ":" in str(host) else f"http://{host}:{port}"


def make_handler(backend) -> type[Handler]:
    """A handler class bound to `backend`, as `http.server` wants a class, not an instance."""
    return type("Handler", (Handler,), {"backend": backend})


def _drain(sock: socket.socket, seconds: float = 0.5) -> None:
    """Read what the client is still sending, briefly, so closing does not reset the reply it has yet to read."""
    sock.shutdown(socket.SHUT_WR)
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        if not sock.recv(65536):
            return


def _within_fd_limit(wanted: int) -> int:
    """As many open connections as wanted, raising the soft descriptor limit if need be, leaving 64 spare."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted + 64:
        target = wanted + 64 if hard == resource.RLIM_INFINITY else min(hard, wanted + 64)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return max(16, min(wanted, soft - 64)) if soft != resource.RLIM_INFINITY else wanted


class Server(HTTPServer):
    """An HTTP server that reads requests in one intake thread and answers them from a bounded thread pool."""

    request_queue_size = BACKLOG

    def __init__(self, address, handler, runner: Runner | None = None, max_threads: int = MAX_THREADS,
                 max_pending: int = MAX_PENDING, request_timeout: float = REQUEST_TIMEOUT, cors_origin: str = "*"):
        self.runner = runner
        self.cors_origin = check_cors_origin(cors_origin)
        self._pending = threading.BoundedSemaphore(_within_fd_limit(max_pending))
        self._closing = threading.Event()
        self._pool = ThreadPoolExecutor(max_threads, thread_name_prefix="kg-serve")
        self.watchdog = Watchdog()
        self.intake = Intake(self._submit, self._closed, request_timeout, cors_headers(self.cors_origin))
        try:
            super().__init__(address, handler)
        except BaseException:
            self._stop_helpers()
            raise

    def server_bind(self) -> None:
        socketserver.TCPServer.server_bind(self)  # not HTTPServer's: its getfqdn is a reverse DNS lookup
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), port

    def process_request(self, request, client_address) -> None:
        """Hand a new connection to the intake; with MAX_PENDING open, the next waits in the backlog."""
        while not self._pending.acquire(timeout=0.25):
            if self._closing.is_set():
                self.shutdown_request(request)
                return
        self.intake.add(request, client_address)

    def _submit(self, sock: socket.socket, data: bytes, addr: tuple) -> None:
        try:
            self._pool.submit(self._handle, sock, data, addr)
        except RuntimeError:  # the pool is shut: the server is closing
            self.shutdown_request(sock)
            self._pending.release()

    def _handle(self, sock: socket.socket, data: bytes, addr: tuple) -> None:
        try:
            self.finish_request((sock, data), addr)
        except Exception:  # noqa: BLE001 - one line at most, never a traceback
            self.handle_error(sock, addr)
        finally:
            self.shutdown_request(sock)
            self._pending.release()

    def _closed(self, sock: socket.socket) -> None:
        self._pending.release()

    def handle_error(self, request, client_address) -> None:
        exc = sys.exc_info()[1]
        if not isinstance(exc, OSError):
            sys.stderr.write(f"kg serve: a request from {client_address[0]} failed: {type(exc).__name__}\n")

    def shutdown(self) -> None:
        self._closing.set()
        super().shutdown()

    def _stop_helpers(self) -> None:
        self.intake.stop()
        self.watchdog.stop()
        self._pool.shutdown(wait=False)

    def server_close(self) -> None:
        self._closing.set()
        super().server_close()
        self._stop_helpers()
        if self.runner is not None:
            self.runner.close()


class Server6(Server):
    address_family = socket.AF_INET6


def server(build: Path, host: str = "127.0.0.1", port: int = 7878, limits: Limits = Limits(),
           cors_origin: str = "*") -> Server:
    """A server for the build, bound and with its query workers started, not yet serving. `cors_origin` is
    the Access-Control-Allow-Origin of every reply: `*` (any page may query it), one origin, or '' (none)."""
    from kg.graph.store import open_store

    if not 0 <= port <= 65535:
        raise InputError("--port", f"must be between 0 and 65535, not {port}")
    limits.check()
    check_cors_origin(cors_origin)
    open_store(build)  # a one-line error now if there is no build to read
    cls = Server6 if ":" in host else Server
    try:
        httpd = cls((host, port), make_handler(None), request_timeout=limits.request_timeout, cors_origin=cors_origin)
    except (OSError, OverflowError, ValueError, UnicodeError) as exc:
        why = getattr(exc, "strerror", None) or str(exc)
        raise InputError(f"{host}:{port}", f"cannot listen ({why})") from None
    try:
        httpd.runner = Runner(build, limits)
    except BaseException:
        httpd.server_close()
        raise
    httpd.RequestHandlerClass = make_handler(httpd.runner)
    return httpd
