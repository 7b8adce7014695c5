# SPDX-License-Identifier: MIT
"""
A small HTTP server on a free loopback port, for webhook tests (not a test module).

It is :class:`http.server.ThreadingHTTPServer` in a thread; every POST is kept in
:attr:`HTTPServer.received` (path, headers, exact body bytes) and answered according to
:attr:`HTTPServer.mode`: ``"ok"`` (204), ``"500"``, ``"slow"`` (answers 200 after
:attr:`HTTPServer.delay` seconds), ``"redirect"`` (302 to ``/moved`` on the same
server; a request arriving at ``/moved`` is recorded like any other), ``"garbage"``
(a reply that is not HTTP).  Used by
tests/integration/test_webhook.py and the notifier contract suite, which load it by path.
"""

from __future__ import annotations

import contextlib
import http.server
import threading
import time
from collections.abc import Iterator
from typing import Any


class Handler(http.server.BaseHTTPRequestHandler):
    server: HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""

    def do_POST(self) -> None:
        srv = self.server
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        srv.received.append((self.path, {k.lower(): v for k, v in self.headers.items()},
                             body))
        mode = srv.mode
        if mode == "slow":
            time.sleep(srv.delay)
        if mode == "garbage":
            self.wfile.write(b"NOT HTTP AT ALL\r\n\r\n")
            self.close_connection = True
            return
        if mode == "500":
            self.send_response(500, "Internal Server Error")
        elif mode == "redirect" and self.path != "/moved":
            self.send_response(302, "Found")
            self.send_header("Location", f"http://127.0.0.1:{srv.port}/moved")
        else:
            self.send_response(200 if mode == "slow" else 204)
        self.send_header("Content-Length", "0")
        self.end_headers()


class HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, mode: str = "ok") -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.mode = mode
        self.delay = 2.0
        self.received: list[tuple[str, dict[str, str], bytes]] = []

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet when a client gives up (a timed-out sender closes the socket)."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(mode: str = "ok") -> Iterator[HTTPServer]:
    srv = HTTPServer(mode)
    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True)
    t.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()
        t.join(5)
