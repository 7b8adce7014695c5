# SPDX-License-Identifier: MIT
"""
EmailNotifier, against the loopback SMTP server of tests/smtp_server.py: one SMTP
connection per reminder run (``Notifier.session``), the ``Auto-Submitted`` header
(RFC 3834), no login over plaintext to a remote host, and header injection through task
ids (issue 17 item 2): the raw message captured by the server is parsed back and must
carry exactly the expected headers and body.
"""

from __future__ import annotations

import email
import email.policy
import importlib.util
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from directive_tracker.calendars import vietnam_calendar
from directive_tracker.deadlines import FixedDate
from directive_tracker.directives import Directive
from directive_tracker.events import TaskAssigned
from directive_tracker.exceptions import ValidationError
from directive_tracker.notifiers import EmailNotifier, Message, RecipientLevel
from directive_tracker.notifiers.email import header_text
from directive_tracker.reminders import reminders_due, send_reminders
from directive_tracker.storage.base import OutboxStatus
from directive_tracker.storage.memory import MemoryStore
from directive_tracker.tasks import Task
from directive_tracker.units import Unit, UnitKind

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = date(2026, 5, 6)  # two working days before Fri 08/05/2026
EVIL = "=?utf-8?q?x=0D=0AReply-To:_attacker@evil.example=0D=0A=0D=0AFake_body?="
BOOK = {"SNV": "vanthu.snv@example.gov.vn", "STC": "vanthu.stc@example.gov.vn"}
HEADERS = ["Subject", "From", "To", "Date", "Message-ID", "X-Directive-Tracker-Key",
           "Auto-Submitted", "Content-Type", "Content-Transfer-Encoding", "MIME-Version"]


def _load() -> ModuleType:
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


_serve = _load().serve


@pytest.fixture
def smtp() -> Iterator[Any]:
    with _serve() as srv:
        yield srv


def notifier(port: int, **kw: Any) -> EmailNotifier:
    return EmailNotifier(host="127.0.0.1", port=port, sender="vanphong@example.gov.vn",
                         addresses=BOOK, timeout=5, **kw)


def _store(ids: list[tuple[str, str]]) -> MemoryStore:
    """Tasks (id, lead unit), all due Fri 08/05/2026, assigned 01/04/2026."""
    s = MemoryStore()
    s.add_unit(Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT))
    s.add_unit(Unit(code="STC", name="Sở Tài chính", kind=UnitKind.DEPARTMENT))
    s.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2026, 3, 30),
                              summary="Cải cách hành chính"))
    for tid, lead in ids:
        t = Task(id=tid, directive_id="D1", content="Rà soát thủ tục hành chính",
                 lead_unit=lead, deadline=FixedDate(date=date(2026, 5, 8)),
                 anchor=date(2026, 4, 1), due_date=date(2026, 5, 8),
                 assigned_on=date(2026, 4, 1))
        s.add_task(t, [TaskAssigned(task_id=tid, at=datetime(2026, 4, 1, 9, tzinfo=VN),
                                    actor="chuyenvien")])
    return s


def _clock() -> datetime:
    return datetime(2026, 5, 6, 8, tzinfo=VN)


def _run(store: MemoryStore, n: EmailNotifier) -> Any:
    return send_reminders(store, reminders_due(store, vietnam_calendar(), as_of=DAY), n,
                          clock=_clock)


def _parse(raw: bytes) -> Any:
    return email.message_from_bytes(raw, policy=email.policy.default)


class TestOneSessionPerRun:
    def test_three_reminders_one_connection(self, smtp: Any) -> None:
        """Three tasks due in two working days: three e-mails through one connection."""
        store = _store([("T1", "SNV"), ("T2", "SNV"), ("T3", "STC")])
        n = notifier(smtp.port)
        report = _run(store, n)
        assert (3, 3, 1, 1) == (len(report.sent), len(smtp.received), smtp.connections,
                                n.connections)

    def test_outside_a_session_one_connection_per_message(self, smtp: Any) -> None:
        """Direct send() calls (no session) connect once each, as in 0.1."""
        n = notifier(smtp.port)
        for k in (1, 2):
            n.send(Message(key=f"k{k}", recipient="SNV", recipient_name="Sở Nội vụ",
                           level=RecipientLevel.LEAD_UNIT, subject="S", body="B"))
        assert 2 == smtp.connections

    def test_nothing_to_send_connects_nowhere(self, smtp: Any) -> None:
        """A run with nothing due opens no connection."""
        store = _store([])
        _run(store, notifier(smtp.port))
        assert 0 == smtp.connections

    def test_refused_recipient_fails_one_message_only(self, smtp: Any) -> None:
        """STC's address refused at RCPT: its reminder FAILED, the two others sent, all
        in one connection."""
        smtp.reject.add("vanthu.stc@example.gov.vn")
        store = _store([("T1", "SNV"), ("T2", "STC"), ("T3", "SNV")])
        report = _run(store, notifier(smtp.port))
        assert (2, 1, 1) == (len(report.sent), len(report.failed), smtp.connections)
        assert "T2" in report.failed[0][0]

    def test_server_gone_mid_run_reconnects(self) -> None:
        """The server stops after the first run: the next run fails (recorded), and a
        new server is used by a new session with a fresh connection."""
        store = _store([("T1", "SNV")])
        n = notifier(1)  # replaced below
        with _serve() as first:
            n = notifier(first.port)
            assert 1 == len(_run(store, n).sent)
        store2 = _store([("T1", "SNV")])
        assert 1 == len(_run(store2, n).failed)  # nothing listens any more
        [item] = store2.get_outbox_items()
        assert OutboxStatus.FAILED == item.status


class TestHeaders:
    def test_auto_submitted(self, smtp: Any) -> None:
        """RFC 3834: Auto-Submitted: auto-generated."""
        _run(_store([("T1", "SNV")]), notifier(smtp.port))
        assert "auto-generated" == smtp.messages()[0]["Auto-Submitted"]

    def test_encoded_word_task_id_is_refused_at_the_boundary(self) -> None:
        """A task id that is an RFC 2047 encoded word of CR LF Reply-To CR LF CR LF never
        reaches a notifier: ids refuse "=?" (docs/guide/input-limits.md).  The notifier's
        own neutralising of such text in headers is tested on subjects just below."""
        from directive_tracker.exceptions import ValidationError

        with pytest.raises(ValidationError, match="RFC 2047"):
            _store([(EVIL, "SNV")])

    @pytest.mark.parametrize("evil", [
        "x\u2028Bcc: attacker@evil.example", "x\u2029Bcc: a@evil.example",
        "x\x85Bcc: a@evil.example", "x\x0bBcc: a@evil.example",
        "=?us-ascii?q?x?= =?us-ascii?q?=0ABcc:_a@evil.example?=",
        "=?utf-8?b?eA0KQmNjOiBhQGV2aWwuZXhhbXBsZQ==?="])
    def test_line_breaks_and_encoded_words_in_the_subject(self, smtp: Any,
                                                          evil: str) -> None:
        """U+2028/2029/0085/VT and encoded words (q and b) in a subject deliver (not
        retried forever) as one Subject line; no Bcc header, no extra recipient."""
        m = Message(key="reminder:T1:x", recipient="SNV", recipient_name="Sở Nội vụ",
                    level=RecipientLevel.LEAD_UNIT, subject=f"[Đôn đốc] {evil}",
                    body="Nội dung.")
        notifier(smtp.port).send(m)
        _, rcpts, raw = smtp.received[0]
        assert ["vanthu.snv@example.gov.vn"] == rcpts
        msg = _parse(raw)
        assert HEADERS == list(msg.keys())
        assert "Nội dung.\n" == msg.get_content()
        assert "Bcc" not in msg

    def test_header_text(self) -> None:
        """Line and paragraph separators become spaces; "=?" is split by U+200B."""
        assert "a b c d" == header_text("a\u2028b\rc\nd")
        assert "=\u200b?utf-8?q?x?=" == header_text("=?utf-8?q?x?=")
        assert "[Đôn đốc] Nhiệm vụ T1" == header_text("[Đôn đốc] Nhiệm vụ T1")


class TestPlaintextLogin:
    def test_refused_to_a_remote_host(self) -> None:
        """Login without STARTTLS/SMTPS to a non-loopback host is refused up front."""
        with pytest.raises(ValidationError, match="plaintext"):
            EmailNotifier(host="smtp.example.gov.vn", port=25, sender="a@example.gov.vn",
                          addresses=BOOK, username="u", password="p")

    @pytest.mark.parametrize("kw", [{"starttls": True}, {"use_ssl": True, "port": 465},
                                    {"allow_plaintext_login": True}])
    def test_allowed_with_tls_or_explicitly(self, kw: dict[str, Any]) -> None:
        EmailNotifier(host="smtp.example.gov.vn", sender="a@example.gov.vn",
                      addresses=BOOK, username="u", password="p", **kw)

    @pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost", "[::1]"])
    def test_loopback_is_not_a_network(self, host: str) -> None:
        """Credentials to a loopback relay never leave the machine: allowed."""
        EmailNotifier(host=host, sender="a@example.gov.vn", addresses=BOOK, username="u",
                      password="p")

    def test_no_login_no_tls_needed(self) -> None:
        """Without credentials a plain relay on port 25 is fine (nothing to protect)."""
        EmailNotifier(host="smtp.example.gov.vn", sender="a@example.gov.vn", addresses=BOOK)

    def test_plaintext_login_allowed_sends(self) -> None:
        """allow_plaintext_login=True logs in over the plain loopback server."""
        with _serve(("vanphong", "bí-mật")) as srv:
            notifier(srv.port, username="vanphong", password="bí-mật",
                     allow_plaintext_login=True).send(
                Message(key="k", recipient="SNV", recipient_name="Sở Nội vụ",
                        level=RecipientLevel.LEAD_UNIT, subject="S", body="B"))
            assert 1 == len(srv.received)
