# SPDX-License-Identifier: MIT
"""
``directive-tracker check``: quarantined tasks and the database's own integrity.

Prints the backend, the schema version and row counts, the database's own checks (for
SQLite ``PRAGMA integrity_check``), then every task whose stored history the lifecycle
refuses (which task, which event, why): those tasks are left out of reports and
reminders until repaired.  It verifies every task's hash chain and lists each event
whose digest does not match (an event edited, inserted or removed below the library) and
each task whose terms were rewritten without an event, and prints the chains'
fingerprint (keep it apart: a later different value with no new event means a change).

``check --backup FILE`` verifies the hash chains of a JSON-lines backup instead, without
opening any database.

Exit codes: **0** everything is sound; **1** a task is quarantined, a chain is broken or
a database check failed (the problems are listed); 3 the database cannot be opened or
read.
"""

from __future__ import annotations

import argparse
from typing import Any, Final

from ..exceptions import ValidationError
from ..health import check_store
from ._common import EXIT_ERROR, EXIT_OK, Context, path_arg
from ._i18n import h
from ._output import render_table, t, write_csv, write_json

__all__ = ["NAME", "add_parser", "run"]

NAME: Final = "check"


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``check`` subcommand to *sub*."""
    p = sub.add_parser(NAME, parents=[common],
                       help="list quarantined tasks (invalid stored histories) and check "
                            "the database (exit 0 sound, 1 problems found)")
    p.add_argument("--backup", type=path_arg, metavar=h("TỆP", "FILE"),
                   help=h("kiểm tra chuỗi mã băm của tệp sao lưu JSON lines (không mở cơ sở "
                          "dữ liệu)",
                          "verify the hash chains of a JSON-lines backup (no database is "
                          "opened)"))
    p.set_defaults(handler=run)


def run_backup(ctx: Context) -> int:
    """Verify the hash chains of a backup file; list the lines that break them."""
    from ..storage._jsonl import verify_backup

    args, out, lang = ctx.args, ctx.out, ctx.lang
    try:
        with open(args.backup, encoding="utf-8") as fh:
            result = verify_backup(fh)
    except OSError as exc:
        raise ValidationError(f"cannot read {args.backup!r}: {exc.strerror}",
                              message_vi=f"không đọc được {args.backup!r}: {exc.strerror}"
                              ) from None
    except UnicodeDecodeError:
        raise ValidationError(f"{args.backup!r} is not UTF-8 text",
                              message_vi=f"{args.backup!r} không phải văn bản UTF-8") from None
    rows = [{"line": line, "problem": message} for line, message in result.problems]
    if args.format == "json":
        write_json(out, {"ok": result.ok, "tasks": result.tasks, "events": result.events,
                         "unchained_tasks": result.unchained, "broken_chains": rows})
    elif args.format == "csv":
        write_csv(out, ["line", "problem"], rows)
    else:
        out.write(t(lang, "KIỂM TRA TỆP SAO LƯU", "BACKUP CHECK") + "\n")
        out.write(t(lang, f"{result.tasks} nhiệm vụ, {result.events} sự kiện; "
                          f"{result.unchained} nhiệm vụ không có mã băm (bản 0.1); "
                          f"{len(rows)} chuỗi bị phá vỡ",
                    f"{result.tasks} task(s), {result.events} event(s); {result.unchained} "
                    f"task(s) without digests (0.1 backup); {len(rows)} broken chain(s)")
                  + "\n")
        out.writelines(f"  {t(lang, 'dòng', 'line')} {r['line']}: {r['problem']}\n"
                       for r in rows)
    return EXIT_OK if result.ok else EXIT_ERROR


def run(ctx: Context) -> int:
    """Check the store; print the facts, the quarantined tasks and broken hash chains."""
    args, out, lang = ctx.args, ctx.out, ctx.lang
    if args.backup is not None:
        return run_backup(ctx)
    with ctx.existing_store() as store:
        result = check_store(store, ctx.calendar())
    facts = result.facts
    rows = [{"task_id": p.task_id,
             "event": None if p.event_index is None else p.event_index + 1,
             "kind": p.event_kind, "reason": p.reason} for p in result.quarantined]
    chains = [{"task_id": b.task_id,
               "event": None if b.event_index is None else b.event_index + 1,
               "kind": b.event_kind, "reason": b.reason} for b in result.broken_chains]
    if args.format == "json":
        write_json(out, {"ok": result.ok, "backend": facts.backend,
                         "schema_version": facts.schema_version,
                         "counts": dict(facts.counts), "database_problems": list(facts.problems),
                         "tasks_checked": result.tasks, "quarantined": rows,
                         "broken_chains": chains, "fingerprint": result.fingerprint})
    elif args.format == "csv":
        write_csv(out, ["task_id", "event", "kind", "reason"], rows + [
            {**r, "reason": "hash chain: " + str(r["reason"])} for r in chains])
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
        out.write(t(lang, f"Chuỗi mã băm: {len(chains)} chỗ không khớp (sự kiện bị sửa, chèn "
                          "hoặc xóa ngoài thư viện; nội dung, thời hạn bị sửa không có sự "
                          "kiện)",
                    f"Hash chains: {len(chains)} break(s) (events edited, inserted or removed "
                    "below the library; terms rewritten without an event)") + "\n")
        if chains:
            out.write("\n".join(render_table(
                [t(lang, "Nhiệm vụ", "Task"), t(lang, "Sự kiện", "Event"),
                 t(lang, "Loại", "Kind"), t(lang, "Lý do", "Reason")],
                [[str(r["task_id"]), "" if r["event"] is None else str(r["event"]),
                  str(r["kind"] or ""), str(r["reason"])] for r in chains])) + "\n")
        if result.fingerprint is not None:
            out.write(t(lang, "Dấu vân tay chuỗi (lưu riêng để đối chiếu): ",
                        "Chain fingerprint (keep it apart to compare): ")
                      + result.fingerprint + "\n")
    return EXIT_OK if result.ok else EXIT_ERROR
