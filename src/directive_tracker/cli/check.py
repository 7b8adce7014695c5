# SPDX-License-Identifier: MIT
"""
``directive-tracker check``: quarantined tasks and the database's own integrity.

Prints the backend, the schema version and row counts, the database's own checks (for
SQLite ``PRAGMA integrity_check``), then every task whose stored history the lifecycle
refuses (which task, which event, why): those tasks are left out of reports and
reminders until repaired.

Exit codes: **0** everything is sound; **1** a task is quarantined or a database check
failed (the problems are listed); 3 the database cannot be opened or read.
"""

from __future__ import annotations

import argparse
from typing import Any, Final

from ..health import check_store
from ._common import EXIT_ERROR, EXIT_OK, Context
from ._output import render_table, t, write_csv, write_json

__all__ = ["NAME", "add_parser", "run"]

NAME: Final = "check"


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``check`` subcommand to *sub*."""
    p = sub.add_parser(NAME, parents=[common],
                       help="list quarantined tasks (invalid stored histories) and check "
                            "the database (exit 0 sound, 1 problems found)")
    p.set_defaults(handler=run)


def run(ctx: Context) -> int:
    """Check the store; print the facts and the quarantined tasks."""
    args, out, lang = ctx.args, ctx.out, ctx.lang
    with ctx.existing_store() as store:
        result = check_store(store, ctx.calendar())
    facts = result.facts
    rows = [{"task_id": p.task_id,
             "event": None if p.event_index is None else p.event_index + 1,
             "kind": p.event_kind, "reason": p.reason} for p in result.quarantined]
    if args.format == "json":
        write_json(out, {"ok": result.ok, "backend": facts.backend,
                         "schema_version": facts.schema_version,
                         "counts": dict(facts.counts), "database_problems": list(facts.problems),
                         "tasks_checked": result.tasks, "quarantined": rows})
    elif args.format == "csv":
        write_csv(out, ["task_id", "event", "kind", "reason"], rows)
    else:
        out.write(t(lang, "KIỂM TRA CƠ SỞ DỮ LIỆU", "DATABASE CHECK") + "\n")
        out.write(f"{t(lang, 'Loại', 'Backend')}: {facts.backend}\n")
        out.write(f"{t(lang, 'Phiên bản lược đồ', 'Schema version')}: "
                  f"{'-' if facts.schema_version is None else facts.schema_version}\n")
        out.write(", ".join(f"{k}: {n}" for k, n in facts.counts) + "\n")
        if facts.problems:
            out.write(t(lang, "Lỗi cơ sở dữ liệu:", "Database problems:") + "\n")
            out.writelines(f"  {line}\n" for line in facts.problems)
        else:
            out.write(t(lang, "Cơ sở dữ liệu: không có lỗi", "Database checks: ok") + "\n")
        out.write(t(lang, f"Đã kiểm tra {result.tasks} nhiệm vụ; {len(rows)} bị cách ly "
                          "(lịch sử không hợp lệ, không được tính trong báo cáo và đôn đốc)",
                    f"{result.tasks} task(s) checked; {len(rows)} quarantined (invalid "
                    "history, left out of reports and reminders)") + "\n")
        if rows:
            out.write("\n".join(render_table(
                [t(lang, "Nhiệm vụ", "Task"), t(lang, "Sự kiện", "Event"),
                 t(lang, "Loại", "Kind"), t(lang, "Lý do", "Reason")],
                [[str(r["task_id"]), "" if r["event"] is None else str(r["event"]),
                  str(r["kind"] or ""), str(r["reason"])] for r in rows])) + "\n")
    return EXIT_OK if result.ok else EXIT_ERROR
