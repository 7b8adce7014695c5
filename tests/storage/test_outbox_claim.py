# SPDX-License-Identifier: MIT
"""
Exactly-once delivery: the outbox claim step (lease, compare-and-set) on every backend,
and overlapping senders in real processes on SQLite and PostgreSQL (issue 17).

Expected counts are worked out by hand from the number of items written.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from directive_tracker.notifiers import RecipientLevel
from directive_tracker.reminders import Reminder, ReminderReason
from directive_tracker.storage import OutboxItem, OutboxStatus, Store
from pgserver import pg_dsn

VN = ZoneInfo("Asia/Ho_Chi_Minh")
T0 = datetime(2026, 5, 8, 7, 0, tzinfo=VN)
WORKER = Path(__file__).with_name("outbox_worker.py")


def _item(key: str, minute: int = 0) -> OutboxItem:
    return OutboxItem(key=key, created_at=T0 + timedelta(minutes=minute), payload={"n": 1})


def _fill(store: Store, n: int = 5) -> list[str]:
    keys = [f"reminder:K{i:03d}" for i in range(n)]
    for i, k in enumerate(keys):
        store.add_outbox_item(_item(k, i))
    return keys


# -- the contract, one process -----------------------------------------------------------

def test_claim_marks_oldest_first(store: Store) -> None:
    """A claim takes the oldest claimable items, CLAIMED by the worker with a lease."""
    _fill(store)
    got = store.claim_outbox_items("w1", limit=2, lease_seconds=60, now=T0)
    assert (["reminder:K000", "reminder:K001"], [OutboxStatus.CLAIMED] * 2, ["w1", "w1"],
            [T0 + timedelta(seconds=60)] * 2, [1, 1]) == (
        [i.key for i in got], [i.status for i in got], [i.claimed_by for i in got],
        [i.lease_until for i in got], [i.attempts for i in got])
    stored = {i.key: i for i in store.get_outbox_items()}
    assert (OutboxStatus.CLAIMED, "w1", OutboxStatus.PENDING) == (
        stored["reminder:K000"].status, stored["reminder:K000"].claimed_by,
        stored["reminder:K002"].status)


def test_leased_items_are_not_claimed_twice(store: Store) -> None:
    """While the lease holds, another worker gets only the other items, then nothing."""
    _fill(store)
    first = store.claim_outbox_items("w1", limit=3, lease_seconds=60, now=T0)
    second = store.claim_outbox_items("w2", limit=10, lease_seconds=60,
                                      now=T0 + timedelta(seconds=59))
    third = store.claim_outbox_items("w3", limit=10, lease_seconds=60,
                                     now=T0 + timedelta(seconds=59))
    assert (3, ["reminder:K003", "reminder:K004"], []) == (
        len(first), [i.key for i in second], third)


def test_expired_lease_is_reclaimed_and_old_holder_loses(store: Store) -> None:
    """After the lease, another worker claims it; the old holder can no longer finish it."""
    _fill(store, 1)
    store.claim_outbox_items("w1", limit=1, lease_seconds=60, now=T0)
    later = T0 + timedelta(seconds=61)
    again = store.claim_outbox_items("w2", limit=1, lease_seconds=60, now=later)
    assert (["w2"], [2]) == ([i.claimed_by for i in again], [i.attempts for i in again])
    assert store.complete_outbox_item("reminder:K000", "w1", now=later) is False
    assert store.complete_outbox_item("reminder:K000", "w2", now=later) is True
    item = store.get_outbox_items()[0]
    assert (OutboxStatus.SENT, later, None) == (item.status, item.sent_at, item.lease_until)


def test_fail_never_overwrites_sent(store: Store) -> None:
    """A sender whose lease was lost cannot turn another sender's SENT into FAILED."""
    _fill(store, 1)
    store.claim_outbox_items("w1", limit=1, lease_seconds=1, now=T0)
    later = T0 + timedelta(seconds=5)
    store.claim_outbox_items("w2", limit=1, lease_seconds=60, now=later)
    assert store.complete_outbox_item("reminder:K000", "w2", now=later) is True
    assert store.fail_outbox_item("reminder:K000", "w1", error="timeout", now=later) is False
    item = store.get_outbox_items()[0]
    assert (OutboxStatus.SENT, None) == (item.status, item.last_error)
    assert [] == store.claim_outbox_items("w3", limit=5, lease_seconds=60,
                                          now=later + timedelta(days=1))


def test_failed_item_retried_by_the_next_worker_only(store: Store) -> None:
    """An item FAILED by a worker is not re-claimed by that worker, but by the next one."""
    _fill(store, 1)
    store.claim_outbox_items("w1", limit=1, lease_seconds=60, now=T0)
    assert store.fail_outbox_item("reminder:K000", "w1", error="relay down", now=T0) is True
    item = store.get_outbox_items()[0]
    assert (OutboxStatus.FAILED, "relay down", 1) == (item.status, item.last_error,
                                                     item.attempts)
    assert [] == store.claim_outbox_items("w1", limit=5, lease_seconds=60, now=T0)
    assert [2] == [i.attempts for i in store.claim_outbox_items("w2", limit=5,
                                                                lease_seconds=60, now=T0)]


def test_claim_filters(store: Store) -> None:
    """prefix keeps other outbox users' items; max_attempts leaves exhausted ones FAILED."""
    _fill(store, 2)
    store.add_outbox_item(_item("webhook:X", 9))
    store.claim_outbox_items("w1", limit=1, lease_seconds=60, now=T0)
    store.fail_outbox_item("reminder:K000", "w1", error="x", now=T0)
    got = store.claim_outbox_items("w2", limit=10, lease_seconds=60, now=T0,
                                   prefix="reminder:", max_attempts=1)
    assert ["reminder:K001"] == [i.key for i in got]


def test_claim_arguments(store: Store) -> None:
    """Bad arguments are library errors; a missing key finishes nothing."""
    from directive_tracker.exceptions import InvalidTypeError, ValidationError

    with pytest.raises(ValidationError):
        store.claim_outbox_items("w1", limit=0, lease_seconds=60, now=T0)
    with pytest.raises(ValidationError):
        store.claim_outbox_items("w1", limit=1, lease_seconds=0, now=T0)
    with pytest.raises(ValidationError):
        store.claim_outbox_items("w1", limit=1, lease_seconds=60,
                                 now=datetime(2026, 5, 8))  # naive
    with pytest.raises(InvalidTypeError):
        store.claim_outbox_items("w1", limit=1, lease_seconds=60,
                                 now=date(2026, 5, 8))  # type: ignore[arg-type]
    assert store.complete_outbox_item("nope", "w1", now=T0) is False


def test_claimed_item_survives_export_import(store: Store, other_store: Store) -> None:
    """The lease fields are part of the backup."""
    import io

    _fill(store, 1)
    store.claim_outbox_items("w1", limit=1, lease_seconds=60, now=T0)
    buf = io.StringIO()
    store.export_jsonl(buf)
    buf.seek(0)
    other_store.import_jsonl(buf)
    assert store.get_outbox_items() == other_store.get_outbox_items()


# -- real processes ----------------------------------------------------------------------

def _reminder(i: int) -> Reminder:
    """Reminder i for task R{i:03d}: overdue 3 working days on Fri 08/05/2026 (by hand)."""
    tid = f"R{i:03d}"
    return Reminder(
        key=f"reminder:{tid}:SNV:lead_unit:2026-05-08:overdue:3:due=2026-05-05",
        task_id=tid, directive_id="D1", task_content=f"Nhiệm vụ {i}", recipient="SNV",
        recipient_name="Sở Nội vụ", level=RecipientLevel.LEAD_UNIT,
        reason=ReminderReason.OVERDUE, slot="overdue:3", slot_date=date(2026, 5, 8),
        as_of=date(2026, 5, 8), lead_unit="SNV", due_date=date(2026, 5, 5),
        original_due=date(2026, 5, 5), working_days_left=None, working_days_late=3,
        subject_vi=f"[Đôn đốc] Nhiệm vụ {tid}: quá hạn 3 ngày làm việc",
        message_vi="Đề nghị khẩn trương hoàn thành.",
        subject_en=f"[Reminder] Task {tid}: 3 working day(s) overdue",
        message_en="Please complete it urgently.")


def _record(store: Store, n: int) -> list[str]:
    keys = []
    with store.transaction():
        for i in range(n):
            r = _reminder(i)
            store.add_outbox_item(OutboxItem(key=r.key, created_at=T0,
                                             payload=r.to_payload()))
            keys.append(r.key)
    return keys


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.external_service)])
def shared(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Store, str]:
    """A store several processes open: (the test's connection, the worker's STORE arg)."""
    if request.param == "sqlite":
        s: Store = request.getfixturevalue("sqlite_store")
        return s, "sqlite:" + str(tmp_path / "store.sqlite3")
    s = request.getfixturevalue("postgres_store")
    return s, "postgres:" + s.schema  # type: ignore[attr-defined]


def _spawn(target: str, out: Path, go: Path, mode: str, lease: float = 60,
           batch: int = 5) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(WORKER), target, str(out), str(go), mode,
                             str(lease), str(batch)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _finish(procs: list[subprocess.Popen[str]]) -> list[str]:
    outs = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=240)
        assert 0 == p.returncode, stderr
        outs.append(stdout.strip())
    return outs


def _delivered(out: Path) -> Counter[str]:
    return Counter(out.read_text().split()) if out.exists() else Counter()


@pytest.mark.slow
def test_eight_senders_deliver_each_reminder_once(shared: tuple[Store, str],
                                                  tmp_path: Path) -> None:
    """8 concurrent sender processes: 160 reminders, 160 deliveries, each key once."""
    store, target = shared
    keys = _record(store, 160)
    out, go = tmp_path / "delivered.txt", tmp_path / "go"
    procs = [_spawn(target, out, go, "ok") for _ in range(8)]
    go.write_text("go")
    reports = _finish(procs)
    got = _delivered(out)
    assert (160, {1}, set(keys)) == (sum(got.values()), set(got.values()), set(got))
    assert 160 == sum(int(r.split()[0].split("=")[1]) for r in reports)
    assert {OutboxStatus.SENT} == {i.status for i in store.get_outbox_items()}


@pytest.mark.slow
def test_failing_senders_never_cause_resends(shared: tuple[Store, str],
                                             tmp_path: Path) -> None:
    """
    4 flaky and 4 good senders race; a final run retries the failures.  Every reminder is
    delivered exactly once: a failure never overwrites SENT, so nothing is sent again.
    """
    store, target = shared
    keys = _record(store, 80)
    out, go = tmp_path / "delivered.txt", tmp_path / "go"
    procs = [_spawn(target, out, go, "flaky" if i % 2 else "ok") for i in range(8)]
    go.write_text("go")
    _finish(procs)
    _finish([_spawn(target, out, go, "ok")])
    got = _delivered(out)
    assert (80, {1}, set(keys)) == (sum(got.values()), set(got.values()), set(got))
    assert {OutboxStatus.SENT} == {i.status for i in store.get_outbox_items()}


@pytest.mark.slow
def test_killed_sender_items_retried_after_lease(shared: tuple[Store, str],
                                                 tmp_path: Path) -> None:
    """
    A sender is SIGKILLed after its first delivery, holding a claimed batch of 5.
    Before the lease (15 s) ends, another sender delivers the other 15 and none of the 5;
    after it, the next sender retries the 5.  Only the message handed to the transport
    before the kill goes out twice (at-least-once on a crash).
    """
    store, target = shared
    keys = _record(store, 20)
    out, go = tmp_path / "delivered.txt", tmp_path / "go"
    go.write_text("go")
    hung = _spawn(target, out, go, "hang", lease=15, batch=5)
    deadline = time.monotonic() + 120
    while not Path(str(out) + ".hung").exists():
        assert time.monotonic() < deadline, "the hanging sender never delivered"
        time.sleep(0.02)
    os.kill(hung.pid, signal.SIGKILL)
    hung.communicate(timeout=30)  # reaps it and closes its pipes
    first = _delivered(out)
    assert 1 == sum(first.values())
    claimed = [i for i in store.get_outbox_items() if i.status is OutboxStatus.CLAIMED]
    _finish([_spawn(target, out, go, "ok")])  # starts well within the lease
    mid = _delivered(out)
    held = {i.key for i in claimed}
    assert (5, 16, set()) == (len(claimed), sum(mid.values()), held & set(mid - first))
    lease_end = max(i.lease_until for i in claimed if i.lease_until is not None)
    while datetime.now(VN) <= lease_end:
        time.sleep(0.1)
    _finish([_spawn(target, out, go, "ok")])
    got = _delivered(out)
    assert (set(keys), 21, [next(iter(first))]) == (
        set(got), sum(got.values()), [k for k, n in got.items() if n == 2])
    assert {OutboxStatus.SENT} == {i.status for i in store.get_outbox_items()}


# -- PostgreSQL: the guide's append-only grants ----------------------------------------------

@pytest.mark.external_service
def test_postgres_append_only_role(postgres_store: Store, build: Any) -> None:
    """
    With the guide's grants the application role does every library write (a task, its
    events, a claimed and delivered reminder) but cannot delete or update an event.
    """
    import psycopg
    from psycopg.conninfo import make_conninfo

    from directive_tracker.storage.postgres import PostgresStore

    dsn = pg_dsn()
    schema = postgres_store.schema  # type: ignore[attr-defined]
    guide = Path(__file__).parents[2] / "docs" / "guide" / "postgres.md"
    text = guide.read_text(encoding="utf-8")
    start = text.index("```sql\n", text.index("<!-- append-only-sql -->")) + len("```sql\n")
    role = f"dt_test_app_{os.getpid()}"
    script = text[start:text.index("```", start)].replace(
        "directive_tracker.", f'"{schema}".').replace(
        "SCHEMA directive_tracker", f'SCHEMA "{schema}"').replace("tracker_app", role)
    with psycopg.connect(dsn, autocommit=True) as admin:
        row = admin.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
                            ).fetchone()
        if not row or not row[0]:
            pytest.skip("the test DSN is not a superuser; cannot create a test role")
        admin.execute(f"DROP ROLE IF EXISTS {role}")
        admin.execute(f"CREATE ROLE {role} LOGIN")
        try:
            admin.execute(script)
            with PostgresStore(make_conninfo(dsn, user=role), schema=schema) as app:
                build.seeded(app)
                app.append_events("T1", [build.accepted()], expected_version=2)
                app.update_task(app.get_task("T1"))
                _record(app, 1)
                claimed = app.claim_outbox_items("w1", limit=1, lease_seconds=60, now=T0)
                done = app.complete_outbox_item(claimed[0].key, "w1", now=T0)
            denied = []
            with psycopg.connect(make_conninfo(dsn, user=role), autocommit=True) as conn:
                for sql in (f'DELETE FROM "{schema}".events',
                            f'UPDATE "{schema}".events SET kind = kind',
                            f'TRUNCATE "{schema}".events'):
                    try:
                        conn.execute(sql)
                    except psycopg.errors.InsufficientPrivilege:
                        denied.append(sql.split()[0])
            assert (True, ["DELETE", "UPDATE", "TRUNCATE"], 2) == (
                done, denied, len(postgres_store.get_events("T1")))
        finally:
            admin.execute(f"DROP OWNED BY {role}")
            admin.execute(f"DROP ROLE IF EXISTS {role}")
