# SPDX-License-Identifier: MIT
"""
``directive-tracker rebuild``: recompute every task's status timeline from the event log.

The stores keep each task's status timeline (issue 12) up to date on every write, and
opening an older database computes them once (schema version 7, with the same progress
bar).  A rebuild is needed only after the event log was changed outside the library (a
hand edit: such tasks are marked stale and judged one by one until then), or to check a
store, or to extend the horizon of the periodic duties' occurrences (``--through
DATE``: rows at least to that day; by default they run to each duty's last event's date
plus 400 days, and a later report judges the duty from its log).  It is one
transaction on SQLite and PostgreSQL: an interrupted rebuild leaves
the previous timelines in place.  The progress bar is drawn on standard error when it is
a terminal.

Exit codes: **0** done; 3 the database cannot be opened or written.
"""

from __future__ import annotations

import argparse
from typing import Any, Final

from ..bootstrap import url_scheme
from ._common import EXIT_OK, Context, parse_cli_date
from ._i18n import h
from ._output import t, write_json
from ._progress import Progress

__all__ = ["NAME", "add_parser", "run"]

NAME: Final = "rebuild"

#: Schemes whose stores take a ``progress`` callback when opened (the migration).
_PROGRESS_SCHEMES: Final = frozenset({"sqlite", "postgres", "postgresql"})


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``rebuild`` subcommand to *sub*."""
    p = sub.add_parser(NAME, parents=[common],
                       help=h("tính lại dòng thời gian trạng thái của mọi nhiệm vụ từ nhật "
                              "ký sự kiện (sau khi dữ liệu bị sửa ngoài thư viện)",
                              "recompute every task's status timeline from the event log "
                              "(after data was changed outside the library)"))
    p.add_argument("--through", type=parse_cli_date, default=None, metavar=h("NGÀY", "DATE"),
                   help=h("tính sẵn các kỳ của nhiệm vụ định kỳ đến ít nhất ngày này (mặc "
                          "định: ngày của sự kiện cuối cùng + 400 ngày)",
                          "materialise the periodic duties' occurrences at least to this "
                          "day (default: the last event's date + 400 days)"))
    p.set_defaults(handler=run)


class _Bar:
    """A :class:`Progress` bar fed with ``(done, total)`` calls, opened on the first."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Progress | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None or self.bar.total != total:
            self.close()
            self.bar = Progress(total=total, label=self.label)
        self.bar.advance(done - self.bar.done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def run(ctx: Context) -> int:
    """Open the store (migrating it if needed) and rebuild its status timelines."""
    args, out, lang = ctx.args, ctx.out, ctx.lang
    migrating = _Bar(t(lang, "Nâng cấp cơ sở dữ liệu", "Upgrading the database"))
    options: dict[str, Any] = {}
    if ctx.given_store is None and url_scheme(ctx.store_url()) in _PROGRESS_SCHEMES:
        options["progress"] = migrating
    rebuilding = _Bar(t(lang, "Tính lại", "Rebuilding"))
    try:
        with ctx.existing_store(**options) as store:
            migrating.close()
            n = store.rebuild_timelines(progress=rebuilding,
                                        through=getattr(args, "through", None))
    finally:
        migrating.close()
        rebuilding.close()
    if args.format == "json":
        write_json(out, {"tasks": n})
    else:
        out.write(t(lang, f"Đã tính lại dòng thời gian trạng thái của {n} nhiệm vụ.",
                    f"Rebuilt the status timelines of {n} task(s).") + "\n")
    return EXIT_OK
