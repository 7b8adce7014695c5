# SPDX-License-Identifier: MIT
"""
WebhookNotifier against a real HTTP server on loopback (tests/http_server.py), started
by the tests: success with the signature checked on the server side, a server that is
down, slow or answers 500, redirects refused; failures go through the outbox.

Expected signatures are computed here with :mod:`hmac` directly from the documented
rule (HMAC-SHA256 of ``b"<timestamp>." + body`` keyed with the secret), not with the
library's own :func:`sign`.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib.util
import json
import socket
import sys
import time
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
from directive_tracker.exceptions import InvalidTypeError, NotificationError, ValidationError
from directive_tracker.notifiers import Message, RecipientLevel, WebhookNotifier
from directive_tracker.notifiers.webhook import MESSAGE_SCHEMA, verify_signature
from directive_tracker.reminders import reminders_due, send_reminders
from directive_tracker.storage.base import OutboxStatus
from directive_tracker.storage.memory import MemoryStore
from directive_tracker.tasks import Task
from directive_tracker.units import Unit, UnitKind

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = date(2026, 5, 6)  # two working days before the due date Fri 08/05/2026
SECRET = "s3cret-shared-with-the-zalo-gateway"
T0 = 1_778_029_200  # 2026-05-06 01:00:00 UTC = 08:00 in Vietnam


def _load(file: str) -> ModuleType:
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


_http = _load("http_server.py")


@pytest.fixture
def server() -> Iterator[Any]:
    with _http.serve() as srv:
        yield srv


def free_port() -> int:
    """A loopback port with nothing listening on it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def notifier(url: str, **kw: Any) -> WebhookNotifier:
    base: dict[str, Any] = {"secret": SECRET, "timeout": 5, "clock": lambda: T0 + 0.75}
    base.update(kw)
    return WebhookNotifier(url, **base)


def message(**kw: Any) -> Message:
    base: dict[str, Any] = {"key": "reminder:T1:SNV:lead_unit:before_due:2", "recipient": "SNV",
                            "recipient_name": "Sở Nội vụ", "level": RecipientLevel.LEAD_UNIT,
                            "subject": "[Đôn đốc] Nhiệm vụ T1: còn 2 ngày làm việc",
                            "body": "Đề nghị Sở Nội vụ khẩn trương thực hiện.", "task_id": "T1"}
    base.update(kw)
    return Message(**base)


def _store() -> MemoryStore:
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


def _clock() -> datetime:
    return datetime(2026, 5, 6, 8, tzinfo=VN)


class TestDelivery:
    def test_signed_json_arrives(self, server: Any) -> None:
        """One POST to the path, JSON v1 with every field, signed over timestamp + body."""
        notifier(server.url).send(message())
        [(path, headers, body)] = server.received
        assert "/hook" == path
        assert "application/json; charset=utf-8" == headers["content-type"]
        assert str(T0) == headers["x-directive-tracker-timestamp"]  # whole seconds
        expected = hmac.new(SECRET.encode(), f"{T0}.".encode() + body, hashlib.sha256)
        assert f"sha256={expected.hexdigest()}" == headers["x-directive-tracker-signature"]
        key = "reminder:T1:SNV:lead_unit:before_due:2"
        assert hashlib.sha256(key.encode()).hexdigest() == headers["idempotency-key"]
        assert {"schema": "directive-tracker/reminder", "version": 1, "key": key,
                "recipient": "SNV", "recipient_name": "Sở Nội vụ", "level": "lead_unit",
                "subject": "[Đôn đốc] Nhiệm vụ T1: còn 2 ngày làm việc",
                "body": "Đề nghị Sở Nội vụ khẩn trương thực hiện.",
                "task_id": "T1"} == json.loads(body.decode("utf-8"))

    def test_document_matches_the_schema(self, server: Any) -> None:
        """The document has exactly the schema's required members, level in its enum, and
        the schema shipped in the docs is the one in the code."""
        notifier(server.url).send(message(level=RecipientLevel.UNIT_HEAD, task_id=None))
        doc = json.loads(server.received[0][2])
        assert sorted(MESSAGE_SCHEMA["required"]) == sorted(doc)
        assert doc["level"] in MESSAGE_SCHEMA["properties"]["level"]["enum"]
        assert doc["task_id"] is None
        shipped = Path(__file__).resolve().parents[2] / "docs/reference/webhook-message.schema.json"
        assert dict(MESSAGE_SCHEMA) == json.loads(shipped.read_text(encoding="utf-8"))

    def test_receiver_check(self, server: Any) -> None:
        """verify_signature accepts the genuine request and refuses an altered body, a
        wrong secret and a replay 301 s later (tolerance 300 s)."""
        notifier(server.url).send(message())
        _, headers, body = server.received[0]
        ts, sig = headers["x-directive-tracker-timestamp"], headers["x-directive-tracker-signature"]
        assert verify_signature(body, ts, sig, SECRET, now=T0 + 10)
        assert not verify_signature(body.replace(b"T1", b"T2"), ts, sig, SECRET, now=T0 + 10)
        assert not verify_signature(body, ts, sig, SECRET + "x", now=T0 + 10)
        assert not verify_signature(body, ts, sig, SECRET, now=T0 + 301)
        assert not verify_signature(body, str(T0 + 1), sig, SECRET, now=T0 + 10)
        assert not verify_signature(body, "-1", sig, SECRET, now=T0)

    def test_extra_headers(self, server: Any) -> None:
        """A gateway token travels as an extra header."""
        notifier(server.url, headers={"Authorization": "Bearer abc"}).send(message())
        assert "Bearer abc" == server.received[0][1]["authorization"]

    def test_through_the_outbox(self, server: Any) -> None:
        """Behind send_reminders: delivered once, SENT, nothing on the second run."""
        store, cal = _store(), vietnam_calendar()
        n = notifier(server.url)
        first = send_reminders(store, reminders_due(store, cal, as_of=DAY), n, clock=_clock)
        send_reminders(store, reminders_due(store, cal, as_of=DAY), n, clock=_clock)
        assert 1 == len(first.sent) == len(server.received)
        assert json.loads(server.received[0][2])["key"] == first.sent[0]
        assert [OutboxStatus.SENT] == [i.status for i in store.get_outbox_items()]


class TestFailures:
    def test_server_down_then_up(self) -> None:
        """Connection refused: FAILED (attempt 1), then delivered on the next run."""
        store, cal = _store(), vietnam_calendar()
        port = free_port()
        due = reminders_due(store, cal, as_of=DAY)
        report = send_reminders(store, due, notifier(f"http://127.0.0.1:{port}/hook"),
                                clock=_clock)
        assert 1 == len(report.failed)
        assert "NotificationError" in report.failed[0][1]
        [item] = store.get_outbox_items()
        assert (OutboxStatus.FAILED, 1) == (item.status, item.attempts)
        with _http.serve() as srv:
            again = send_reminders(store, [], notifier(srv.url), clock=_clock)
            assert (1, 1) == (len(again.sent), len(srv.received))
        [item] = store.get_outbox_items()
        assert (OutboxStatus.SENT, 2) == (item.status, item.attempts)

    def test_slow_server_times_out(self) -> None:
        """A server answering after 2 s against a 0.3 s timeout: NotificationError, well
        before the answer would come."""
        with _http.serve("slow") as srv:
            start = time.monotonic()
            with pytest.raises(NotificationError) as info:
                notifier(srv.url, timeout=0.3).send(message())
            assert time.monotonic() - start < 1.5
        assert "timed out" in str(info.value).lower()

    def test_500(self) -> None:
        """HTTP 500 is a NotificationError with status 500; the outbox keeps it FAILED."""
        with _http.serve("500") as srv:
            with pytest.raises(NotificationError) as info:
                notifier(srv.url).send(message())
            assert 500 == info.value.status  # type: ignore[attr-defined]
            store, cal = _store(), vietnam_calendar()
            report = send_reminders(store, reminders_due(store, cal, as_of=DAY),
                                    notifier(srv.url), clock=_clock)
        assert 1 == len(report.failed)
        assert "HTTP 500" in report.failed[0][1]
        assert [OutboxStatus.FAILED] == [i.status for i in store.get_outbox_items()]

    def test_not_http(self) -> None:
        """A reply that is not HTTP is a NotificationError too (not an http.client one)."""
        with _http.serve("garbage") as srv, pytest.raises(NotificationError):
            notifier(srv.url).send(message())

    def test_redirect_not_followed(self) -> None:
        """A 302 is refused: the signed body never reaches the new location."""
        with _http.serve("redirect") as srv:
            with pytest.raises(NotificationError) as info:
                notifier(srv.url).send(message())
            assert ["/hook"] == [path for path, _, _ in srv.received]
        assert 302 == info.value.status  # type: ignore[attr-defined]
        assert "redirect" in str(info.value)

    def test_ignores_proxy_environment(self, server: Any,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
        """A stray http_proxy pointing at a dead port does not divert the reminder."""
        monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{free_port()}")
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{free_port()}")
        notifier(server.url).send(message())
        assert 1 == len(server.received)


class TestValidation:
    @pytest.mark.parametrize("url", [
        "ftp://gw.example.gov.vn/hook", "file:///etc/passwd", "gw.example.gov.vn/hook",
        "http:///hook", "http://user:pw@gw.example.gov.vn/hook",
        "http://gw.example.gov.vn/ho ok", "http://gw.example.gov.vn/hook\r\nX-A: b",
        "https://gw.ví-dụ.vn/hook", "javascript:alert(1)"])
    def test_bad_url(self, url: str) -> None:
        with pytest.raises(ValidationError):
            WebhookNotifier(url, secret=SECRET)

    @pytest.mark.parametrize("kwargs", [
        {"secret": "short"}, {"timeout": 0}, {"timeout": -1},
        {"headers": {"X-Directive-Tracker-Signature": "sha256=00"}},
        {"headers": {"content-type": "text/plain"}},
        {"headers": {"X-Token": "a\r\nBcc: x"}}, {"headers": {"X Token": "a"}},
        {"headers": {"X-Token": "mật"}}])
    def test_bad_values(self, kwargs: dict[str, Any]) -> None:
        base: dict[str, Any] = {"secret": SECRET}
        base.update(kwargs)
        with pytest.raises(ValidationError):
            WebhookNotifier("https://gw.example.gov.vn/hook", **base)

    @pytest.mark.parametrize("kwargs", [{"secret": None}, {"secret": 42},
                                        {"timeout": True}, {"headers": [("a", "b")]},
                                        {"use_env_proxy": "no"}])
    def test_bad_types(self, kwargs: dict[str, Any]) -> None:
        base: dict[str, Any] = {"secret": SECRET}
        base.update(kwargs)
        with pytest.raises((InvalidTypeError, ValidationError)) as info:
            WebhookNotifier("https://gw.example.gov.vn/hook", **base)
        if kwargs != {"timeout": True}:
            assert isinstance(info.value, InvalidTypeError)

    def test_repr_hides_secret(self) -> None:
        n = WebhookNotifier("https://gw.example.gov.vn/hook", secret=SECRET)
        assert SECRET not in repr(n)
        assert "https://gw.example.gov.vn/hook" in repr(n)

    def test_untrusted_text_stays_in_the_body(self, server: Any) -> None:
        """A task id that looks like header syntax travels only inside the JSON string."""
        evil = "=?utf-8?q?x=0D=0AX-Evil:_1?="
        notifier(server.url).send(message(task_id=evil, subject=f"[Đôn đốc] {evil}"))
        _, headers, body = server.received[0]
        assert "x-evil" not in headers
        assert evil == json.loads(body)["task_id"]


class TestCommandLine:
    @pytest.fixture
    def db(self, tmp_path: Path) -> Path:
        from directive_tracker.storage.sqlite import SQLiteStore

        path = tmp_path / "w.sqlite3"
        src = _store()
        with SQLiteStore(path) as dst:
            dst.add_unit(src.get_unit("SNV"))
            dst.add_directive(src.get_directive("D1"))
            [task] = src.get_tasks()
            dst.add_task(task, src.get_events("T1"))
        return path

    def test_send_webhook(self, db: Path, server: Any, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
        """``remind --send webhook:URL`` delivers the 06/05/2026 reminder, signed with the
        secret of $DIRECTIVE_TRACKER_WEBHOOK_SECRET; a second run sends nothing."""
        from directive_tracker.cli import main

        monkeypatch.setenv("DIRECTIVE_TRACKER_WEBHOOK_SECRET", SECRET)
        argv = ["--db", str(db), "remind", "--as-of", "2026-05-06", "--send",
                f"webhook:{server.url}"]
        assert 0 == main(argv)
        assert 0 == main(argv)
        capsys.readouterr()
        [(_, headers, body)] = server.received
        ts = headers["x-directive-tracker-timestamp"]
        expected = hmac.new(SECRET.encode(), f"{ts}.".encode() + body, hashlib.sha256)
        assert f"sha256={expected.hexdigest()}" == headers["x-directive-tracker-signature"]
        assert "T1" == json.loads(body)["task_id"]

    def test_send_webhook_needs_a_secret_and_a_good_url(
            self, db: Path, monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str]) -> None:
        """No secret, or a file:// URL: a one-line error, exit status of a usage error."""
        from directive_tracker.cli import main

        monkeypatch.delenv("DIRECTIVE_TRACKER_WEBHOOK_SECRET", raising=False)
        base = ["--db", str(db), "remind", "--as-of", "2026-05-06", "--send"]
        assert 0 != main([*base, "webhook:https://gw.example.gov.vn/hook"])
        assert "DIRECTIVE_TRACKER_WEBHOOK_SECRET" in capsys.readouterr().err
        monkeypatch.setenv("DIRECTIVE_TRACKER_WEBHOOK_SECRET", SECRET)
        assert 0 != main([*base, "webhook:file:///etc/passwd"])
        err = capsys.readouterr().err
        assert "http" in err
        assert 1 == len(err.strip().splitlines())
