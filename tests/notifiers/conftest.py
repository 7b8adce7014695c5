# SPDX-License-Identifier: MIT
"""
Fixtures for the notifier contract suite: one ``harness`` per notifier.

A third-party notifier reuses the suite by copying ``test_contract.py`` next to a
conftest that defines a ``harness`` fixture returning a :class:`Harness` for it.
"""

from __future__ import annotations

import importlib.util
import io
import json
import logging
import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import attrs
import pytest

from directive_tracker.notifiers import (
    ConsoleNotifier,
    EmailNotifier,
    LogNotifier,
    MemoryNotifier,
    Notifier,
    WebhookNotifier,
)


@attrs.frozen(kw_only=True)
class Harness:
    """
    A notifier under test and how to look at the far end.

    Args:
        notifier: the notifier, ready to deliver.
        delivered: returns, in order, the text each delivered message arrived as (the
            written block, the log line, the e-mail's subject and body, ...).
        failing: a notifier of the same kind whose every delivery fails, or None when the
            transport cannot fail (a logger).
    """

    notifier: Notifier
    delivered: Callable[[], list[str]]
    failing: Notifier | None


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _load_smtp_server(file: str = "smtp_server.py") -> ModuleType:
    """Load tests/smtp_server.py (shared with tests/integration/test_email.py), or another
    helper of tests/ named *file*, by path."""
    name = "directive_tracker_tests_" + file.removesuffix(".py")
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).resolve().parents[1] / file)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _email(port: int) -> EmailNotifier:
    return EmailNotifier(host="127.0.0.1", port=port, sender="vanphong@example.gov.vn",
                         addresses={"SNV": "vanthu.snv@example.gov.vn"}, timeout=5)


class _Writes(io.StringIO):
    """A text stream that remembers each write (ConsoleNotifier writes a message at once)."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    def write(self, s: str) -> int:
        self.writes.append(s)
        return super().write(s)


@pytest.fixture
def console_harness() -> Harness:
    out = _Writes()
    closed = io.StringIO()
    closed.close()
    return Harness(notifier=ConsoleNotifier(out), delivered=lambda: list(out.writes),
                   failing=ConsoleNotifier(closed))


@pytest.fixture
def log_harness() -> Iterator[Harness]:
    logger = logging.getLogger("directive_tracker.tests.notifier_contract")
    handler = _ListHandler()
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield Harness(notifier=LogNotifier(logger), delivered=lambda: list(handler.lines),
                      failing=None)
    finally:
        logger.removeHandler(handler)


@pytest.fixture
def memory_harness() -> Harness:
    n = MemoryNotifier()
    return Harness(notifier=n, delivered=lambda: [f"{m.subject}\n{m.body}" for m in n.sent],
                   failing=MemoryNotifier(fail_for=["SNV"]))


@pytest.fixture
def email_harness() -> Iterator[Harness]:
    with _load_smtp_server().serve() as srv:
        yield Harness(notifier=_email(srv.port),
                      delivered=lambda: [f"{m['Subject']}\n{m.get_content()}"
                                         for m in srv.messages()],
                      failing=_email(_free_port()))  # nothing listens there


_SECRET = "contract-suite-shared-secret-32b!"


@pytest.fixture
def webhook_harness() -> Iterator[Harness]:
    def delivered(srv: object) -> list[str]:
        docs = [json.loads(body) for _, _, body in srv.received]  # type: ignore[attr-defined]
        return [f"{d['subject']}\n{d['body']}" for d in docs]

    with _load_smtp_server("http_server.py").serve() as srv:
        yield Harness(notifier=WebhookNotifier(srv.url, secret=_SECRET, timeout=5),
                      delivered=lambda: delivered(srv),
                      failing=WebhookNotifier(f"http://127.0.0.1:{_free_port()}/hook",
                                              secret=_SECRET, timeout=5))


@pytest.fixture(params=["console", "log", "memory", "email", "webhook"])
def harness(request: pytest.FixtureRequest) -> Harness:
    """Each built-in notifier in turn."""
    h: Harness = request.getfixturevalue(f"{request.param}_harness")
    return h
