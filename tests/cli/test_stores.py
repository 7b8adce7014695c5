# SPDX-License-Identifier: MIT
"""
The command line on every store: memory, SQLite and PostgreSQL, selected by URL.

The memory store lives in one process, so its tests hand it to ``main(argv, store=…)``
(the embedding entry point); SQLite and PostgreSQL are named by ``--store URL`` as a
user would.  The province is the hand-made one of ``test_cli.py`` (expected values
computed there by hand): A done on time, B done late, C overdue (due 14/05/2024), D with
no deadline.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from pathlib import Path

import pytest

from directive_tracker import services
from directive_tracker._validators import VIETNAM_TZ
from directive_tracker.bootstrap import open_store, sqlite_url
from directive_tracker.calendars import vietnam_calendar
from directive_tracker.cli import main
from directive_tracker.directives import Directive
from directive_tracker.documents import DocumentNumber
from directive_tracker.storage.base import Store
from directive_tracker.units import Unit, UnitKind
from pgserver import pg_dsn


def _clock(d: date) -> Callable[[], datetime]:
    return lambda: datetime.combine(d, time(9), tzinfo=VIETNAM_TZ)


def fill(store: Store) -> None:
    """The hand-made province of ``test_cli.small_db``."""
    cal = vietnam_calendar()
    services.register_unit(store, Unit(code="UBND", name="UBND tỉnh",
                                       kind=UnitKind.PROVINCIAL_COMMITTEE))
    services.register_unit(store, Unit(code="SNV", name="Sở Nội vụ",
                                       kind=UnitKind.DEPARTMENT, parent="UBND"))
    services.register_unit(store, Unit(code="SYT", name="Sở Y tế",
                                       kind=UnitKind.DEPARTMENT, parent="UBND"))
    services.register_directive(store, Directive(
        id="CT-05", number=DocumentNumber.parse("05/CT-UBND"), issuer="UBND",
        issue_date=date(2024, 4, 25), received_date=date(2024, 4, 26),
        summary="Chỉ thị về tăng cường kỷ luật hành chính"))
    for tid, lead, content, phrase in (
            ("A", "SNV", "Rà soát biên chế", "trong 10 ngày làm việc"),
            ("B", "SYT", "Kiểm tra an toàn thực phẩm", "trong 10 ngày làm việc"),
            ("C", "SNV", "Báo cáo sắp xếp trụ sở", "trong 10 ngày làm việc"),
            ("D", "SYT", "Giám sát dịch bệnh", "thường xuyên")):
        services.assign_task(store, cal, directive_id="CT-05", task_id=tid, content=content,
                             lead_unit=lead, deadline=phrase, actor="VP",
                             clock=_clock(date(2024, 4, 26)))
    services.complete_task(store, cal, "A", actor="SNV", clock=_clock(date(2024, 5, 14)))
    services.complete_task(store, cal, "B", actor="SYT", clock=_clock(date(2024, 5, 16)))


def _pg_url(schema: str) -> str:
    dsn = pg_dsn()
    return dsn + ("&" if "?" in dsn else "?") + f"schema={schema}"


class Office:
    """One store of a kind and the way to run the CLI on it."""

    def __init__(self, kind: str, store: Store, url: str | None) -> None:
        self.kind = kind
        self.store = store
        self.url = url

    def run(self, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
        if self.url is None:
            code = main(list(argv), store=self.store)
        else:
            code = main(["--store", self.url, *argv])
        captured = capsys.readouterr()
        return code, captured.out, captured.err


def _make(kind: str, tmp_path: Path, name: str) -> tuple[Store, str | None]:
    if kind == "memory":
        return open_store("memory://"), None
    if kind == "sqlite":
        url = sqlite_url(tmp_path / f"{name}.sqlite3")
        return open_store(url), url
    url = _pg_url(f"directive_tracker_cli_{name}_{os.getpid()}")
    return open_store(url, reset=True), url


KINDS = ["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.external_service)]


@pytest.fixture(params=KINDS)
def office(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Office]:
    """The hand-made province in a store of each kind."""
    store, url = _make(request.param, tmp_path, "a")
    try:
        fill(store)
        if url is not None:
            store.close()  # the CLI opens its own connection
        yield Office(request.param, store, url)
    finally:
        store.close()


@pytest.fixture(params=KINDS)
def empty(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Office]:
    """An empty store of each kind (an import target)."""
    store, url = _make(request.param, tmp_path, "b")
    try:
        if url is not None:
            store.close()
        yield Office(request.param, store, url)
    finally:
        store.close()


class TestEveryStore:
    def test_report_summary(self, office: Office, capsys: pytest.CaptureFixture[str]) -> None:
        """As of 20/05/2024: 1 on time (A), 1 late (B), 1 within (D), 1 overdue (C)."""
        code, out, err = office.run(capsys, "report", "summary", "--as-of", "2024-05-20",
                                    "--format", "csv")
        assert (0, "") == (code, err)
        counts = {r["group"]: r["count"] for r in csv.DictReader(io.StringIO(out))}
        assert {"completed_on_time": "1", "completed_late": "1",
                "not_completed_on_time": "1", "not_completed_overdue": "1",
                "": "4"} == counts

    def test_report_overdue(self, office: Office, capsys: pytest.CaptureFixture[str]) -> None:
        """C is due 14/05; on Mon 20/05 it is 4 working days late (15, 16, 17, 20/05)."""
        code, out, _ = office.run(capsys, "report", "overdue", "--as-of", "2024-05-20",
                                  "--format", "json")
        assert 0 == code
        assert [("C", 4)] == [(r["task_id"], r["working_days_late"])
                              for r in json.loads(out)["rows"]]

    def test_remind_sends_once(self, office: Office, capsys: pytest.CaptureFixture[str]
                               ) -> None:
        """The overdue reminder of C on 20/05 is delivered by the first run only."""
        code, out, _ = office.run(capsys, "remind", "--as-of", "2024-05-20", "--format", "json")
        assert 0 == code
        assert [("C", "SNV", "overdue")] == [(r["task_id"], r["recipient"], r["reason"])
                                             for r in json.loads(out)]
        code, out, err = office.run(capsys, "remind", "--as-of", "2024-05-20",
                                    "--send", "console")
        assert 0 == code
        assert "Nhiệm vụ C" in out
        assert "gửi 1," in err
        code, out, err = office.run(capsys, "remind", "--as-of", "2024-05-20",
                                    "--send", "console")
        assert (0, "") == (code, out)
        assert "gửi 0," in err

    def test_export_import_round_trip(self, office: Office, empty: Office, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
        """Export from one store, import into another (any kind), export: the same lines."""
        first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
        assert 0 == office.run(capsys, "export", "-o", str(first))[0]
        code, out, err = empty.run(capsys, "import", str(first))
        assert (0, "") == (code, err)
        # 3 units + 1 directive + 4 tasks + 6 events (4 assigned, A and B completed) = 14.
        assert out.startswith("Đã nhập 14 bản ghi vào ")
        assert 0 == empty.run(capsys, "export", "-o", str(second))[0]
        assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")


class TestStoreSelection:
    def test_store_and_db_together_is_a_usage_error(
            self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--store and --db name the same thing: giving both is refused (exit 2)."""
        code = main(["--lang", "en", "--store", "memory://", "--db", str(tmp_path / "x.sqlite3"),
                     "report", "summary"])
        err = capsys.readouterr().err
        assert 2 == code
        assert "directive-tracker: error: give --store URL or --db PATH, not both\n" == err

    def test_unknown_scheme_lists_the_known_ones(self, capsys: pytest.CaptureFixture[str]
                                                 ) -> None:
        """An unknown scheme is a validation error (exit 1) naming the known schemes."""
        code = main(["--store", "mongodb://x/y", "report", "summary"])
        err = capsys.readouterr().err
        assert 1 == code
        assert "unknown store scheme 'mongodb'" in err
        assert "memory, postgres, postgresql, sqlite" in err
        assert 1 == len(err.splitlines())

    def test_environment_store_url(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
        """$DIRECTIVE_TRACKER_STORE wins over $DIRECTIVE_TRACKER_DB; --db wins over both."""
        a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
        with open_store(sqlite_url(a)) as store:
            fill(store)
        monkeypatch.setenv("DIRECTIVE_TRACKER_STORE", sqlite_url(a))
        monkeypatch.setenv("DIRECTIVE_TRACKER_DB", str(b))
        assert 0 == main(["--lang", "en", "report", "summary", "--as-of", "2024-05-20"])
        assert not b.exists()
        capsys.readouterr()
        code = main(["--lang", "en", "--db", str(b), "report", "summary", "--as-of", "2024-05-20"])
        assert 3 == code
        assert f"no database at {str(b)!r}" in capsys.readouterr().err

    def test_store_url_of_missing_sqlite_file(self, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
        """--store sqlite:///missing is refused like --db missing (exit 3), nothing created."""
        missing = tmp_path / "missing.sqlite3"
        assert 3 == main(["--lang", "en", "--store", sqlite_url(missing), "report", "summary"])
        assert not missing.exists()
        assert "no database at" in capsys.readouterr().err

    def test_embedding_refuses_store_options(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With a store passed in, --store is a usage error: the program chose the store."""
        with open_store("memory://") as store:
            assert 2 == main(["--lang", "en",
                              "--store", "memory://", "report", "summary"], store=store)
        assert "--store and --db are not available" in capsys.readouterr().err

    def test_embedding_leaves_the_store_open(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The embedding program owns the store: the CLI does not close it."""
        with open_store("memory://") as store:
            fill(store)
            assert 0 == main(["report", "summary", "--as-of", "2024-05-20"], store=store)
            assert 4 == len(store.get_tasks())


class TestDemoOnOtherStores:
    def test_demo_into_a_memory_store(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--store memory:// builds the province in memory and suggests no next command."""
        code = main(["--store", "memory://", "demo", "--today", "2026-05-08",
                     "--directives", "3"])
        out = capsys.readouterr().out
        assert 0 == code
        assert out.startswith("Đã tạo tỉnh giả lập Ninh Giang trong 'memory://'")
        assert "Xem thêm" not in out

    def test_demo_refuses_a_store_with_data(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A non-SQLite store must be empty: the demo never mixes into real data (exit 1)."""
        with open_store("memory://") as store:
            fill(store)
            code = main(["--lang", "en", "demo", "--today", "2026-05-08"], store=store)
            assert 4 == len(store.get_tasks())
        assert 1 == code
        assert "already holds data; the demo needs an empty store" in capsys.readouterr().err


class TestErrors:
    def test_unreachable_postgres_is_one_line(self, capsys: pytest.CaptureFixture[str]
                                              ) -> None:
        """Nothing listens on port 1: a storage error (exit 3) on one line, no password."""
        pytest.importorskip("psycopg")
        code = main(["--lang", "en",
                     "--store", "postgresql://u:secret@127.0.0.1:1/x", "report", "summary"])
        err = capsys.readouterr().err
        assert 3 == code
        assert 1 == len(err.splitlines())
        assert err.startswith("directive-tracker: error: cannot connect to PostgreSQL")
        assert "secret" not in err
