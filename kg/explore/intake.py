"""Reading requests without giving a thread to each client: a stalled or dripping client costs a buffer and
a descriptor until its deadline, never a handler thread.

`Intake` is one thread with a selector: it reads every new connection without blocking until a whole request
is in (the head, and the body that Content-Length announces, up to MAX_BODY), then hands the socket and the
bytes to the server's handler pool; a connection past REQUEST_TIMEOUT gets 408 (with the server's CORS
headers, as every reply) and is closed. `Watchdog` shuts a socket whose answer is not taken within its
deadline.
"""

from __future__ import annotations

import queue
import re
import selectors
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

REQUEST_TIMEOUT = 10.0  # seconds to send the request line, headers and body
MAX_HEAD = 64 * 1024  # bytes of request line and headers
MAX_BODY = 1 * 2**20  # bytes: a query of the guard's 100,000 characters, %-encoded, fits
BUDGET = 128 * 2**20  # bytes held for unfinished requests, all connections together
_CONTENT_LENGTH = re.compile(rb"^content-length[ \t]*:[ \t]*([^\r\n]*)", re.I | re.M)
_EXPECT = re.compile(rb"^expect[ \t]*:[ \t]*100-continue", re.I | re.M)
_NUMBER = re.compile(rb"[0-9]{1,15}")
_REPLY = (b"HTTP/1.0 %s\r\nServer: policy-kg\r\nContent-Type: text/plain; charset=utf-8\r\n"
          b"X-Content-Type-Options: nosniff\r\n%sConnection: close\r\nContent-Length: %d\r\n\r\n%s")

Dispatch = Callable[[socket.socket, bytes, tuple], None]


def needed(buf: bytes | bytearray, start: int = 0) -> int | None:
    """How many bytes the whole request has, once its head is in (searched from `start`, so a dripping client
    costs linear work); None before that. A malformed, oversized or bodiless request needs what is in."""
    for sep in (b"\r\n\r\n", b"\n\n"):
        end = buf.find(sep, start)
        if end >= 0:
            break
    else:
        return len(buf) if len(buf) > MAX_HEAD else None
    head = end + len(sep)
    lengths = _CONTENT_LENGTH.findall(buf, 0, end)
    if len(lengths) != 1 or not _NUMBER.fullmatch(lengths[0].strip()):
        return head
    n = int(lengths[0].strip())
    return head if n > MAX_BODY else head + n


@dataclass
class _Pending:
    addr: tuple
    deadline: float
    buf: bytearray = field(default_factory=bytearray)
    need: int | None = None  # bytes of the whole request, once its head is in
    scanned: int = 0


class Intake:
    """One thread that reads whole requests from many connections at once and dispatches each when it is in."""

    def __init__(self, dispatch: Dispatch, closed: Callable[[socket.socket], None],
                 timeout: float = REQUEST_TIMEOUT, headers: dict[str, str] | None = None):
        self._dispatch, self._closed, self._timeout = dispatch, closed, timeout
        self._headers = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items()).encode("latin-1")
        self._sel = selectors.DefaultSelector()
        self._new: queue.SimpleQueue = queue.SimpleQueue()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._sel.register(self._wake_r, selectors.EVENT_READ, None)
        self._stop = threading.Event()
        self._held = 0
        threading.Thread(target=self._loop, daemon=True, name="kg-serve-intake").start()

    def add(self, sock: socket.socket, addr: tuple) -> None:
        self._new.put((sock, addr))
        _try_send(self._wake_w, b"x")

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self._step()
            except Exception as exc:  # noqa: BLE001 - the intake must outlive any one connection
                sys.stderr.write(f"kg serve: intake: {type(exc).__name__}: {exc}\n")
        for key in list(self._sel.get_map().values()):
            if key.data is not None:
                self._drop(key.fileobj)
        self._sel.close()
        self._wake_r.close()
        self._wake_w.close()

    def _step(self) -> None:
        for key, _ in self._sel.select(timeout=0.2):
            if key.data is None:
                self._take_new()
            elif key.fd >= 0 and key.fileobj in self._sel.get_map():
                self._read(key.fileobj, key.data)
        late = [k.fileobj for k in self._sel.get_map().values()
                if k.data is not None and k.data.deadline <= time.monotonic()]
        for sock in late:
            self._drop(sock, "408 Request Timeout", f"the request did not arrive within {self._timeout:g} s")

    def _take_new(self) -> None:
        try:
            while self._wake_r.recv(4096):
                pass
        except OSError:
            pass
        while True:
            try:
                sock, addr = self._new.get_nowait()
            except queue.Empty:
                return
            try:
                sock.setblocking(False)
                self._sel.register(sock, selectors.EVENT_READ, _Pending(addr, time.monotonic() + self._timeout))
            except (OSError, ValueError):
                sock.close()
                self._closed(sock)

    def _read(self, sock: socket.socket, p: _Pending) -> None:
        try:
            chunk = sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            chunk = b""
        if chunk:
            p.buf += chunk
            self._held += len(chunk)
            if self._held > BUDGET:
                self._drop(sock, "503 Service Unavailable", "too many unfinished requests at once; retry shortly")
                return
            if p.need is None:
                p.need = needed(p.buf, max(0, p.scanned - 3))
                p.scanned = len(p.buf)
                if p.need is not None and p.need > len(p.buf) and _EXPECT.search(p.buf, 0, MAX_HEAD):
                    _try_send(sock, b"HTTP/1.1 100 Continue\r\n\r\n")
            if p.need is None or len(p.buf) < p.need:
                return
        if not p.buf:
            self._drop(sock)
            return
        self._forget(sock)
        sock.setblocking(True)
        self._dispatch(sock, bytes(p.buf), p.addr)

    def _forget(self, sock: socket.socket) -> None:
        self._held -= len(self._sel.get_key(sock).data.buf)
        self._sel.unregister(sock)

    def _drop(self, sock: socket.socket, status: str | None = None, reason: str = "") -> None:
        """Close a connection the intake gives up on, with a one-line answer when there is one to give."""
        self._forget(sock)
        if status:
            body = (reason + "\n").encode()
            _try_send(sock, _REPLY % (status.encode(), self._headers, len(body), body))
        try:
            sock.close()
        finally:
            self._closed(sock)

    def stop(self) -> None:
        self._stop.set()
        _try_send(self._wake_w, b"x")


def _try_send(sock: socket.socket, data: bytes) -> None:
    try:
        sock.send(data)
    except OSError:
        pass


class Watchdog:
    """One thread that shuts sockets past their deadline, so a client that will not take its answer frees
    its handler thread."""

    def __init__(self) -> None:
        self._deadlines: dict[socket.socket, float] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        threading.Thread(target=self._loop, daemon=True, name="kg-serve-watchdog").start()

    def watch(self, sock: socket.socket, seconds: float) -> None:
        with self._lock:
            self._deadlines[sock] = time.monotonic() + seconds

    def forget(self, sock: socket.socket) -> None:
        with self._lock:
            self._deadlines.pop(sock, None)

    def _loop(self) -> None:
        while not self._stop.wait(0.2):
            now = time.monotonic()
            with self._lock:
                late = [s for s, d in self._deadlines.items() if d <= now]
                for s in late:
                    del self._deadlines[s]
            for s in late:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def stop(self) -> None:
        self._stop.set()
