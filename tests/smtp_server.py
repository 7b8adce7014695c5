# SPDX-License-Identifier: MIT
"""
A minimal SMTP server on a free loopback port, for tests (not a test module).

It speaks just enough ESMTP for :mod:`smtplib` (EHLO, AUTH PLAIN, MAIL, RCPT, DATA,
RSET, QUIT), keeps every accepted message in :attr:`SMTPServer.received` and can refuse
chosen recipients (:attr:`SMTPServer.reject`).  Used by tests/integration/test_email.py
and the notifier contract suite (tests/notifiers/), which load it by path.
"""

from __future__ import annotations

import base64
import contextlib
import email
import email.policy
import socketserver
import sys
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any


class Handler(socketserver.StreamRequestHandler):
    server: SMTPServer

    def reply(self, text: str) -> None:
        self.wfile.write(text.encode("ascii") + b"\r\n")

    def handle(self) -> None:
        srv = self.server
        srv.connections += 1
        self.reply("220 localhost test ESMTP")
        sender: str | None = None
        rcpts: list[str] = []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line.split(" ", 1)[0].upper()
            arg = line[len(verb):].strip()
            if verb == "EHLO":
                ext = ["8BITMIME", "SMTPUTF8"] + (["AUTH PLAIN"] if srv.credentials else [])
                for e in ext:
                    self.reply(f"250-{e}")
                self.reply("250 HELP")
            elif verb == "HELO":
                self.reply("250 localhost")
            elif verb == "AUTH":
                mech, _, b64 = arg.partition(" ")
                ok = False
                if mech.upper() == "PLAIN":
                    parts = base64.b64decode(b64).split(b"\0")
                    ok = srv.credentials is not None and (
                        parts[1].decode(), parts[2].decode()) == srv.credentials
                self.reply("235 2.7.0 Authentication successful" if ok
                           else "535 5.7.8 Authentication credentials invalid")
            elif verb == "MAIL":
                sender, rcpts = arg.split(":", 1)[1].split()[0].strip("<>"), []
                self.reply("250 OK")
            elif verb == "RCPT":
                addr = arg.split(":", 1)[1].split()[0].strip("<>")
                if addr in srv.reject:
                    self.reply("550 5.1.1 No such user")
                else:
                    rcpts.append(addr)
                    self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while True:
                    d = self.rfile.readline()
                    if d in (b".\r\n", b""):
                        break
                    lines.append(d[1:] if d.startswith(b"..") else d)
                # Store with Unix line ends, as an MTA delivering to a mailbox does.
                data = b"".join(lines).replace(b"\r\n", b"\n")
                srv.received.append((sender or "", list(rcpts), data))
                self.reply("250 OK queued")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, credentials: tuple[str, str] | None = None) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.credentials = credentials  # AUTH PLAIN accepts exactly these
        self.reject: set[str] = set()
        self.received: list[tuple[str, list[str], bytes]] = []
        self.connections = 0  # SMTP connections accepted so far

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet when a client drops the connection (a TLS client meeting this
        plain-text server resets it); report anything else as socketserver does."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def messages(self) -> list[EmailMessage]:
        out = []
        for _, _, data in self.received:
            msg = email.message_from_bytes(data, policy=email.policy.default)
            assert isinstance(msg, EmailMessage)
            out.append(msg)
        return out


@contextlib.contextmanager
def serve(credentials: tuple[str, str] | None = None) -> Iterator[SMTPServer]:
    srv = SMTPServer(credentials)
    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True)
    t.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()
        t.join(5)
