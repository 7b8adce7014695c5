# SPDX-License-Identifier: MIT
"""``directive-tracker demo``: a synthetic province, then its scoreboard and reminders."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ..bootstrap import open_store, sqlite_url, url_scheme
from ..exceptions import BackendUnavailableError, ValidationError
from ._common import EXIT_OK, Context, limit_arg, parse_cli_date
from ._i18n import h
from ._output import (
    COMPACT_SCOREBOARD,
    dmy,
    emit_table,
    reminder_record,
    select,
    t,
    write_json,
    write_reminders,
)
from ._progress import Busy, Progress
from .import_ import remove_sqlite_files

if TYPE_CHECKING:
    from ..storage.base import Store

__all__ = ["NAME", "add_parser", "run"]

NAME: Final = "demo"


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``demo`` subcommand to *sub*."""
    p = sub.add_parser(
        NAME, parents=[common],
        help=h("tạo một tỉnh giả lập trong SQLite, rồi in bảng tổng hợp và tin nhắc việc",
               "create a synthetic province in SQLite, then print its scoreboard and "
               "reminders"),
        description=h("Tạo cơ sở dữ liệu SQLite mới (--db) chứa một tỉnh giả lập: các đơn vị "
                      "sau sắp xếp năm 2025, văn bản chỉ đạo có số, ký hiệu theo Nghị định "
                      "30, nhiệm vụ với thời hạn bằng tiếng Việt và một năm diễn biến; rồi in "
                      "bảng tổng hợp của quý và tin nhắc việc hôm nay.  Với --store URL của "
                      "loại kho khác, kho phải trống.  (English: --lang en.)",
                      "Create a new SQLite database (--db) holding a realistic synthetic "
                      "province: units after the 2025 reorganisation, directives with Decree "
                      "30 numbers, tasks with Vietnamese deadline phrases and a year of "
                      "events; then print the quarterly scoreboard and today's reminders.  "
                      "With --store URL of another backend, the store must be empty."))
    p.add_argument("--seed", type=int, default=2026,
                   help=h("hạt giống ngẫu nhiên (mặc định: 2026)", "random seed (default: 2026)"))
    p.add_argument("--today", type=parse_cli_date, default=None, metavar=h("NGÀY", "DATE"),
                   help=h("ngày \"hôm nay\" của bản giả lập (mặc định: hôm nay; từ "
                          "01/07/2025)",
                          "the demo's today (default: today in Vietnam; from 2025-07-01)"))
    p.add_argument("--directives", type=int, default=24, metavar="N",
                   help=h("số văn bản chỉ đạo ban hành trong năm (mặc định: 24)",
                          "number of directives to issue over the year (default: 24)"))
    p.add_argument("--force", action="store_true",
                   help=h("thay cơ sở dữ liệu nếu đã có", "replace the database if it exists"))
    p.add_argument("--limit", type=limit_arg, default=15, metavar="N",
                   help=h("số tin nhắc việc in ra (mặc định: 15; 0 = tất cả)",
                          "reminders to list (default: 15; 0 = all)"))
    p.set_defaults(handler=run)


@contextmanager
def _new_sqlite(path: Path, force: bool) -> Iterator[Store]:
    """
    Yield a store in a temporary file beside *path*, put in place only once complete.

    A bad option (--directives 0), an error or Ctrl-C then leaves no half-built file
    and, with --force, the old database untouched.
    """
    if path.exists() and not force:
        raise ValidationError(
            f"{str(path)!r} already exists; the demo writes a new database: give another "
            f"--db PATH, or --force to replace it", path=str(path),
            message_vi=f"{str(path)!r} đã có; bản giả lập ghi một cơ sở dữ liệu mới: chỉ "
                       f"--db ĐƯỜNG_DẪN khác, hoặc thêm --force để thay")
    if path.exists() and not path.is_file():
        raise ValidationError(f"{str(path)!r} is not a file: give --db a file path",
                              path=str(path),
                              message_vi=f"{str(path)!r} không phải tệp: --db cần đường "
                                         f"dẫn một tệp")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        try:
            store = open_store(sqlite_url(tmp))
        except BackendUnavailableError as exc:
            raise BackendUnavailableError(
                f"cannot create SQLite database {str(path)!r}: {exc.__cause__ or exc}",
                path=str(path)) from None
        with store:
            yield store
        # The old database's WAL and shared-memory files would be replayed onto the new
        # one: remove them with it.
        remove_sqlite_files(path, main_file=False)
        os.replace(tmp, path)
    finally:
        remove_sqlite_files(tmp)


@contextmanager
def _empty_store(ctx: Context) -> Iterator[Store]:
    """Yield the (non-SQLite) store, refusing one that holds data already."""
    with ctx.any_store() as store:
        if store.get_units():
            raise ValidationError(f"{ctx.describe()} already holds data; the demo needs an "
                                  f"empty store",
                                  message_vi=f"{ctx.describe()} đã có dữ liệu; bản giả lập "
                                             f"cần một kho trống")
        yield store


def run(ctx: Context) -> int:
    """Build the demo province and print its quarterly scoreboard and reminders."""
    from .. import demo
    from ..periods import PeriodKind, ReportingPeriod
    from ..reminders import reminders_due
    from ..reports import scoreboard, summary
    from ..settings import ProvincePolicy

    args, out, err, lang = ctx.args, ctx.out, ctx.err, ctx.lang
    today = ctx.today("today")
    path = ctx.sqlite_path()
    # A new demo database holds no province policy: the library's calendar, not the one
    # stored in the file about to be replaced (which may not even be a database).
    cal = ProvincePolicy().working_calendar()
    opened = _new_sqlite(path, args.force) if path is not None else _empty_store(ctx)
    with opened as store:
        with Progress(total=0, label=t(lang, "Tạo dữ liệu", "Generating"), stream=err) as bar:
            info = demo.build_demo(store, seed=args.seed, today=today, calendar=cal,
                                   directives=args.directives, progress=bar.advance)
        period = ReportingPeriod.containing(today, PeriodKind.QUARTER)
        with Busy(t(lang, "Đang lập báo cáo", "Computing the reports"), stream=err):
            board = scoreboard(store, cal, period=period, today=today)
            groups = summary(store, cal, period=period, today=today)
            due = reminders_due(store, cal, as_of=today)

    where = ctx.describe()
    db_option = f"--db {path}" if path is not None else f"--store {where}"
    header = t(
        lang,
        f"Đã tạo tỉnh giả lập {demo.PROVINCE_NAME} trong {where!r}: {info.units} đơn vị "
        f"({info.successions} lần sắp xếp năm 2025), {info.directives} văn bản chỉ đạo, "
        f"{info.tasks} nhiệm vụ, {info.events} sự kiện từ {dmy(info.first_day)} đến "
        f"{dmy(info.today)} (seed {args.seed}).",
        f"Created the synthetic province of {demo.PROVINCE_NAME} in {where!r}: {info.units} "
        f"units ({info.successions} reorganisations in 2025), {info.directives} directives, "
        f"{info.tasks} tasks, {info.events} events from {dmy(info.first_day)} to "
        f"{dmy(info.today)} (seed {args.seed}).")
    if args.format == "json":
        write_json(out, {
            "database": where, "seed": args.seed, "today": today,
            "first_day": info.first_day, "units": info.units, "directives": info.directives,
            "tasks": info.tasks, "events": info.events,
            "scoreboard": board.to_table().records(),
            "summary": groups.to_table().records(),
            "reminders": [reminder_record(r, lang) for r in due],
        })
        return EXIT_OK
    if args.format == "csv":
        emit_table(out, board.to_table(), args)
        return EXIT_OK
    out.write(header + "\n\n")
    emit_table(out, select(board.to_table(), list(COMPACT_SCOREBOARD), COMPACT_SCOREBOARD),
               args)
    out.write("\n")
    emit_table(out, select(groups.to_table(), ["label_vi" if lang == "vi" else "label_en",
                                               "count", "share"]), args)
    out.write("\n")
    write_reminders(out, due, today, lang, calendar=cal, limit=args.limit)
    if lang == "vi":
        # An English-speaking developer trying the demo learns that English exists.
        out.write("\n(English: add --lang en, e.g. directive-tracker --lang en demo …, or set "
                  "DIRECTIVE_TRACKER_LANG=en.)\n")
    if url_scheme(ctx.store_url()) == "memory" or ctx.given_store is not None:
        return EXIT_OK  # the province lives only in this process: no command to suggest
    out.write("\n" + t(
        lang,
        f"Xem thêm: directive-tracker {db_option} report scoreboard --period "
        f"\"{period.label_vi}\"; directive-tracker {db_option} remind --as-of {today}",
        f"Next: directive-tracker {db_option} report scoreboard --period "
        f"\"{period.label_vi}\"; directive-tracker {db_option} remind --as-of {today}") + "\n")
    return EXIT_OK

