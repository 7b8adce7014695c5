# SPDX-License-Identifier: MIT
"""
Issue 11 for storage: the modules import each other without a cycle, one retry loop, one
migration loop, and log records (never prints) for retries, migrations and bulk ingest.
"""

from __future__ import annotations

import ast
import logging
from datetime import date
from pathlib import Path

import pytest

import directive_tracker.storage as storage_pkg
from directive_tracker.deadlines import WorkingDays
from directive_tracker.directives import Directive
from directive_tracker.storage import SQLiteStore
from directive_tracker.storage._retry import RetryPolicy
from directive_tracker.tasks import Task

STORAGE = Path(storage_pkg.__file__).parent


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _imports(path: Path) -> set[str]:
    """Sibling storage modules imported by *path* anywhere (functions too), not for typing."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                out.add(node.module.split(".")[0])
            else:
                out.update(a.name for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return out


def _graph() -> dict[str, set[str]]:
    return {p.stem: _imports(p) for p in sorted(STORAGE.glob("*.py"))
            if p.stem != "__init__"}


def test_storage_modules_are_acyclic() -> None:
    """No storage module reaches itself through imports (the old base->_jsonl->_codec->base)."""
    graph = _graph()
    cycles = []

    def reach(start: str) -> set[str]:
        seen: set[str] = set()
        todo = list(graph.get(start, ()))
        while todo:
            m = todo.pop()
            if m not in seen:
                seen.add(m)
                todo.extend(graph.get(m, ()))
        return seen

    for module in graph:
        if module in reach(module):
            cycles.append(module)
    assert [] == cycles


def test_sql_does_not_import_memory() -> None:
    """The SQL backends share argument checks with memory through _checks, not memory.py."""
    graph = _graph()
    assert (False, False, False, True, True) == (
        "memory" in graph["_sql"], "memory" in graph["sqlite"], "memory" in graph["postgres"],
        "_checks" in graph["_sql"], "_checks" in graph["memory"])


def test_codec_uses_outbox_module() -> None:
    """The codec imports the outbox types from storage.outbox, not from base."""
    graph = _graph()
    assert (False, True) == ("base" in graph["_codec"], "outbox" in graph["_codec"])


def test_old_import_paths_still_work() -> None:
    """Names moved out of base are the same objects under their documented old paths."""
    import directive_tracker.storage as pkg
    from directive_tracker.storage import _checks, _jsonl, base, outbox, query

    assert (True, True, True, True, 1) == (
        base.OutboxItem is pkg.OutboxItem is outbox.OutboxItem,
        base.OutboxStatus is outbox.OutboxStatus,
        base.TaskQuery is pkg.TaskQuery is query.TaskQuery,
        base.EXPORT_FORMAT_VERSION == _jsonl.EXPORT_FORMAT_VERSION
        == _checks.EXPORT_FORMAT_VERSION, base.EXPORT_FORMAT_VERSION)


def test_no_print_in_storage() -> None:
    """The storage modules never print (they log)."""
    calls = []
    for path in STORAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "print"):
                calls.append(f"{path.name}:{node.lineno}")
    assert [] == calls


def test_retry_loops_use_the_policy() -> None:
    """No storage module but _retry sleeps: every retry goes through RetryPolicy."""
    sleepers = []
    for path in STORAGE.glob("*.py"):
        if path.stem == "_retry":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr == "sleep"
                    and isinstance(node.value, ast.Name) and node.value.id == "time"):
                sleepers.append(f"{path.name}:{node.lineno}")
    assert [] == sleepers


# -- the retry policy ---------------------------------------------------------------------

class FlakyError(Exception):
    """A transient error for the tests."""


def _call(policy: RetryPolicy, fail_times: int, retryable: type[BaseException] = FlakyError
          ) -> tuple[str, int]:
    calls = 0
    for attempt in policy.attempts("do the test thing", lambda e: isinstance(e, retryable)):
        with attempt:
            calls += 1
            if calls <= fail_times:
                raise FlakyError(f"failure {calls}")
            return "done", calls
    raise AssertionError("the loop ended without a result")


def test_retry_succeeds_after_transient_failures(caplog: pytest.LogCaptureFixture) -> None:
    """Two failures then success: 3 calls, 2 INFO records with attempts 1, 2 and delays."""
    policy = RetryPolicy(max_attempts=5, initial_delay=0.001, max_delay=0.003)
    with caplog.at_level(logging.INFO, logger="directive_tracker.storage._retry"):
        got = _call(policy, 2)
    recs = [(r.levelname, r.attempt, r.delay, r.error_class, r.operation)  # type: ignore[attr-defined]
            for r in caplog.records]
    # Delays: 0.001 s, then doubled: 0.002 s (below the 0.003 s cap).
    assert (("done", 3), [("INFO", 1, 0.001, "FlakyError", "do the test thing"),
                          ("INFO", 2, 0.002, "FlakyError", "do the test thing")]) == (
        got, recs)


def test_retry_gives_up_after_max_attempts() -> None:
    """With max_attempts=3 an always-failing call is tried 3 times, then the error escapes."""
    policy = RetryPolicy(max_attempts=3, initial_delay=0.001, max_delay=0.001)
    with pytest.raises(FlakyError, match="failure 3"):
        _call(policy, 10)


def test_retry_gives_up_after_max_seconds() -> None:
    """With max_seconds=0 there is no retry at all: the first error escapes."""
    with pytest.raises(FlakyError, match="failure 1"):
        _call(RetryPolicy(max_seconds=0.0, initial_delay=0.001), 10)


def test_non_retryable_error_escapes_at_once(caplog: pytest.LogCaptureFixture) -> None:
    """An error the predicate rejects is raised on the first attempt, and not logged."""
    with caplog.at_level(logging.INFO), pytest.raises(FlakyError, match="failure 1"):
        _call(RetryPolicy(max_attempts=5, initial_delay=0.001), 10, retryable=KeyError)
    assert [] == caplog.records


# -- migrations and bulk ingest are logged -----------------------------------------------------

def test_migration_steps_are_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A new SQLite file logs each step 0->1 ... 6->7; reopening it logs none."""
    with caplog.at_level(logging.INFO, logger="directive_tracker.storage._sql"):
        SQLiteStore(tmp_path / "m.sqlite3").close()
        first = [(r.from_version, r.to_version) for r in caplog.records]  # type: ignore[attr-defined]
        caplog.clear()
        SQLiteStore(tmp_path / "m.sqlite3").close()
    assert ([(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7), (7, 8),
            (8, 9), (9, 10), (10, 11)], []) == (
        first, caplog.records)  # 7: task timelines, 8: hash chain, 9: occurrences,
    # 10: the index of a unit's rows by report group, 11: the overdue rows by unit


def test_bulk_ingest_is_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """add_tasks_bulk logs a start record and an end record with the counts (2 tasks, 0
    events); the start has none (the input is read as a stream)."""
    with SQLiteStore(tmp_path / "b.sqlite3") as store:
        store.add_directive(Directive(id="D1", issuer="UBND", issue_date=date(2026, 1, 2),
                                      summary="Kế hoạch"))
        tasks = [Task(id=i, directive_id="D1", content="Rà soát", lead_unit="SNV",
                      deadline=WorkingDays(n=10), anchor=date(2026, 1, 5),
                      due_date=date(2026, 1, 19), assigned_on=date(2026, 1, 5))
                 for i in ("T1", "T2")]
        with caplog.at_level(logging.INFO, logger="directive_tracker.storage._sql"):
            store.add_tasks_bulk([(t, []) for t in tasks])
    msgs = [r.getMessage().split(":")[-1].split(" in ")[0].strip() for r in caplog.records]
    counts = [(r.tasks, r.events) for r in caplog.records  # type: ignore[attr-defined]
              if hasattr(r, "tasks")]
    assert (["start", "done"], [(2, 0)]) == (msgs, counts)
