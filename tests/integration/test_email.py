# SPDX-License-Identifier: MIT
"""
EmailNotifier against a real SMTP server on loopback, started by the tests.

The server is a small ``socketserver`` implementation of the SMTP commands smtplib uses
(EHLO/HELO, AUTH PLAIN, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT); it
keeps every accepted message so the test can parse it back with :mod:`email`.
"""

from __future__ import annotations

import importlib.util
import socket
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from directive_tracker.deadlines import FixedDate
from directive_tracker.directives import Directive
from directive_tracker.events import TaskAssigned
from directive_tracker.exceptions import InvalidTypeError, NotificationError, ValidationError
from directive_tracker.notifiers import EmailNotifier, Message, RecipientLevel
from directive_tracker.reminders import reminders_due, send_reminders
from directive_tracker.storage.base import OutboxStatus
from directive_tracker.storage.memory import MemoryStore
from directive_tracker.tasks import Task
from directive_tracker.units import Unit, UnitKind

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = date(2026, 5, 6)  # two working days before the due date 08/05/2026
BOOK = {"SNV": "vanthu.snv@example.gov.vn",
        "SNV/unit_head": ["giamdoc.snv@example.gov.vn", "pgd.snv@example.gov.vn"],
        "VP_UBND": "lanhdao.vp@example.gov.vn"}


def _load_smtp_server() -> ModuleType:
    """Load tests/smtp_server.py (shared with the notifier contract suite) by path."""
    name = "directive_tracker_tests_smtp_server"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).resolve().parents[1] / "smtp_server.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


_smtp_server = _load_smtp_server()
_SMTPServer = _smtp_server.SMTPServer
_serve = _smtp_server.serve


@pytest.fixture
def smtp() -> Iterator[_SMTPServer]:
    """A plain SMTP server on a free loopback port."""
    with _serve() as srv:
        yield srv


@pytest.fixture
def smtp_auth() -> Iterator[_SMTPServer]:
    """An SMTP server that requires AUTH PLAIN vanphong / bí-mật."""
    with _serve(("vanphong", "bí-mật")) as srv:
        yield srv


def free_port() -> int:
    """Return a loopback port with nothing listening on it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def store() -> MemoryStore:
    """Task T1 led by Sở Nội vụ, due 08/05/2026."""
    s = MemoryStore()
    s.add_unit(Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT))
    s.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2026, 3, 30),
                              summary="Cải cách hành chính"))
    t = Task(id="T1", directive_id="D1", content="Rà soát thủ tục hành chính",
             lead_unit="SNV", deadline=FixedDate(date=date(2026, 5, 8)),
             anchor=date(2026, 4, 1), due_date=date(2026, 5, 8), assigned_on=date(2026, 4, 1))
    s.add_task(t, [TaskAssigned(task_id="T1", at=datetime(2026, 4, 1, 9, tzinfo=VN),
                                actor="chuyenvien")])
    return s


def clock(d: date, hour: int = 8) -> Any:
    """A fixed clock."""
    return lambda: datetime(d.year, d.month, d.day, hour, tzinfo=VN)


def notifier(port: int, **kw: Any) -> EmailNotifier:
    """An EmailNotifier on loopback *port*."""
    return EmailNotifier(host="127.0.0.1", port=port, sender="vanphong@example.gov.vn",
                         addresses=BOOK, timeout=5, **kw)


def message(**kw: Any) -> Message:
    """A message to the lead unit SNV."""
    base: dict[str, Any] = {"key": "reminder:T1:test", "recipient": "SNV",
                            "recipient_name": "Sở Nội vụ", "level": RecipientLevel.LEAD_UNIT,
                            "subject": "[Đôn đốc] Nhiệm vụ T1: còn 2 ngày làm việc",
                            "body": "Đề nghị Sở Nội vụ khẩn trương thực hiện.\n.\n..dòng"}
    base.update(kw)
    return Message(**base)


class TestDelivery:
    def test_reminder_arrives_in_utf8(self, store: MemoryStore, smtp: _SMTPServer) -> None:
        """The reminder is delivered once, with a Vietnamese subject and both languages."""
        due = reminders_due(store, DAY)
        report = send_reminders(store, due, notifier(smtp.port), clock=clock(DAY))
        assert (due[0].key,) == report.sent
        [msg] = smtp.messages()
        assert due[0].subject_vi == msg["Subject"]
        assert ["vanthu.snv@example.gov.vn"] == smtp.received[0][1]
        assert "vanphong@example.gov.vn" == smtp.received[0][0]
        body = msg.get_content()
        assert f"{due[0].message_vi}\n\n{due[0].message_en}\n" == body
        assert due[0].key == str(msg["X-Directive-Tracker-Key"]).strip()
        assert "Văn phòng UBND tỉnh <vanphong@example.gov.vn>" == str(msg["From"])
        [item] = store.get_outbox_items()
        assert (OutboxStatus.SENT, 1) == (item.status, item.attempts)

    def test_second_run_same_day_sends_nothing(self, store: MemoryStore,
                                               smtp: _SMTPServer) -> None:
        """Running the whole job twice on one day delivers one e-mail."""
        n = notifier(smtp.port)
        for hour in (8, 14):
            send_reminders(store, reminders_due(store, DAY), n, clock=clock(DAY, hour))
        assert 1 == len(smtp.received)

    def test_dot_stuffing(self, smtp: _SMTPServer) -> None:
        """Lines starting with '.' survive the SMTP DATA phase."""
        notifier(smtp.port).send(message())
        assert "Đề nghị Sở Nội vụ khẩn trương thực hiện.\n.\n..dòng\n" == (
            smtp.messages()[0].get_content())

    def test_level_address(self, smtp: _SMTPServer) -> None:
        """'SNV/unit_head' wins over 'SNV' for the head; both addresses receive it."""
        notifier(smtp.port).send(message(level=RecipientLevel.UNIT_HEAD))
        assert ["giamdoc.snv@example.gov.vn", "pgd.snv@example.gov.vn"] == smtp.received[0][1]

    def test_login_non_ascii_password(self, smtp_auth: _SMTPServer) -> None:
        """A UTF-8 password (RFC 4616 AUTH PLAIN) works although smtplib.login is ASCII-only."""
        notifier(smtp_auth.port, username="vanphong", password="bí-mật").send(message())
        assert 1 == len(smtp_auth.received)

    def test_login_ascii_password(self) -> None:
        """An ASCII password goes through smtplib's own login."""
        with _serve(("vanphong", "secret")) as srv:
            notifier(srv.port, username="vanphong", password="secret").send(message())
            assert 1 == len(srv.received)

    def test_non_ascii_login_needs_plain(self, smtp: _SMTPServer) -> None:
        """A UTF-8 password against a server without AUTH PLAIN fails clearly."""
        with pytest.raises(NotificationError, match="AUTH PLAIN"):
            notifier(smtp.port, username="vanphong", password="bí-mật").send(message())

    def test_bad_login(self, smtp_auth: _SMTPServer) -> None:
        """A refused login is a NotificationError chaining the SMTP error."""
        with pytest.raises(NotificationError, match="SMTPAuthenticationError") as info:
            notifier(smtp_auth.port, username="vanphong", password="sai").send(message())
        assert info.value.__cause__ is not None
        assert [] == smtp_auth.received

    def test_bad_non_ascii_login(self, smtp_auth: _SMTPServer) -> None:
        """A wrong UTF-8 password refused over AUTH PLAIN (535) is a NotificationError."""
        with pytest.raises(NotificationError, match="SMTPAuthenticationError"):
            notifier(smtp_auth.port, username="vanphong", password="sai-mật").send(message())
        assert [] == smtp_auth.received

    def test_implicit_tls_against_a_plain_server(self, smtp: _SMTPServer) -> None:
        """use_ssl=True against a plain-text server fails in the TLS handshake, cleanly."""
        with pytest.raises(NotificationError, match="SSL"):
            notifier(smtp.port, use_ssl=True).send(message())
        assert [] == smtp.received

    def test_starttls_not_offered(self, smtp: _SMTPServer) -> None:
        """starttls=True against a server without STARTTLS fails instead of sending plain."""
        with pytest.raises(NotificationError, match="STARTTLS"):
            notifier(smtp.port, starttls=True).send(message())
        assert [] == smtp.received

    def test_recipient_refused(self, smtp: _SMTPServer) -> None:
        """A recipient refused by the server is a NotificationError."""
        smtp.reject.add("vanthu.snv@example.gov.vn")
        with pytest.raises(NotificationError, match="SMTPRecipientsRefused"):
            notifier(smtp.port).send(message())

    def test_one_of_two_recipients_refused(self, smtp: _SMTPServer) -> None:
        """If the server refuses some recipients, the failure names them (retried later)."""
        smtp.reject.add("pgd.snv@example.gov.vn")
        with pytest.raises(NotificationError, match=r"refused pgd\.snv@example\.gov\.vn"):
            notifier(smtp.port).send(message(level=RecipientLevel.UNIT_HEAD))


class TestFailureAndRetry:
    def test_server_down_then_up(self, store: MemoryStore, smtp: _SMTPServer) -> None:
        """Server down: FAILED with the error; next run with the server up: SENT, 2 attempts."""
        due = reminders_due(store, DAY)
        down = send_reminders(store, due, notifier(free_port()), clock=clock(DAY))
        assert () == down.sent
        [item] = store.get_outbox_items()
        assert (OutboxStatus.FAILED, 1) == (item.status, item.attempts)
        assert "ConnectionRefusedError" in (item.last_error or "")
        up = send_reminders(store, reminders_due(store, date(2026, 5, 7)),
                            notifier(smtp.port), clock=clock(date(2026, 5, 7)))
        assert (due[0].key,) == up.sent
        [item] = store.get_outbox_items()
        assert (OutboxStatus.SENT, 2, None) == (item.status, item.attempts, item.last_error)
        assert 1 == len(smtp.received)

    def test_missing_address_is_failed_not_dropped(self, store: MemoryStore,
                                                   smtp: _SMTPServer) -> None:
        """A recipient without an address stays FAILED with a clear error."""
        n = EmailNotifier(host="127.0.0.1", port=smtp.port, sender="vp@example.gov.vn",
                          addresses={"STC": "stc@example.gov.vn"}, timeout=5)
        send_reminders(store, reminders_due(store, DAY), n, clock=clock(DAY))
        [item] = store.get_outbox_items()
        assert OutboxStatus.FAILED == item.status
        assert "no e-mail address for recipient 'SNV'" in (item.last_error or "")


class TestConfiguration:
    @pytest.mark.parametrize("kwargs", [
        {"addresses": {"SNV": "not-an-address"}},
        {"addresses": {"SNV": []}},
        {"addresses": {"SNV": "a b@example.gov.vn"}},
        {"sender": "vp"},
        {"port": 0},
        {"starttls": True, "use_ssl": True},
        {"username": "u"},
        {"timeout": 0},
    ])
    def test_bad_values(self, kwargs: dict[str, Any]) -> None:
        """Bad addresses, ports, TLS combinations, half credentials, timeouts are refused."""
        base: dict[str, Any] = {"host": "127.0.0.1", "sender": "vp@example.gov.vn",
                                "addresses": BOOK}
        base.update(kwargs)
        with pytest.raises(ValidationError):
            EmailNotifier(**base)

    @pytest.mark.parametrize("kwargs", [{"addresses": ["SNV"]}, {"starttls": "yes"},
                                        {"port": "25"}])
    def test_bad_types(self, kwargs: dict[str, Any]) -> None:
        """Wrong types raise InvalidTypeError."""
        base: dict[str, Any] = {"host": "127.0.0.1", "sender": "vp@example.gov.vn",
                                "addresses": BOOK}
        base.update(kwargs)
        with pytest.raises(InvalidTypeError):
            EmailNotifier(**base)

    def test_repr_hides_password(self) -> None:
        """The password never appears in repr."""
        n = notifier(25, username="vanphong", password="bí-mật")
        assert "bí-mật" not in repr(n)
        assert "username='vanphong'" in repr(n)

    def test_build(self) -> None:
        """build() returns the e-mail with the mapped To and a Message-ID on the domain."""
        mail = notifier(25).build(message())
        assert "vanthu.snv@example.gov.vn" == mail["To"]
        assert mail["Message-ID"].endswith("@example.gov.vn>")

    def test_message_id_is_stable_per_reminder(self) -> None:
        """Every attempt for one reminder key carries the same Message-ID (a retry after a
        lost confirmation is a duplicate, not a second letter); another key, another id."""
        import hashlib

        digest = hashlib.sha256(b"reminder:T1:test").hexdigest()[:40]
        first = notifier(25).build(message())["Message-ID"]
        assert f"<reminder.{digest}@example.gov.vn>" == first
        assert first == notifier(25).build(message())["Message-ID"]
        assert first != notifier(25).build(message(key="reminder:T2:test"))["Message-ID"]


# These tests call reminders_due / manual_reminder in their 0.1 argument order, which 0.2
# still accepts with a deprecation warning (the new order is tested in
# tests/unit/test_reminder_calls.py).
pytestmark = pytest.mark.filterwarnings(
    r"ignore:(reminders_due|manual_reminder)\W.*deprecated since 0\.2\.0"
    ":directive_tracker.exceptions.DirectiveTrackerDeprecationWarning")
