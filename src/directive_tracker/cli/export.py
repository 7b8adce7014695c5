# SPDX-License-Identifier: MIT
"""``directive-tracker export``: the whole store as JSON lines (a lossless backup)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any, Final

from ..exceptions import ValidationError
from ._common import EXIT_OK, Context, cannot_write, path_arg
from ._i18n import h
from ._output import t
from ._progress import Busy

__all__ = ["NAME", "SQLITE_COMPANIONS", "add_parser", "check_output_path", "run"]

NAME: Final = "export"

#: The files SQLite keeps beside a database: opening one for writing destroys data.
SQLITE_COMPANIONS: Final = ("-wal", "-shm", "-journal")


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``export`` subcommand to *sub*."""
    p = sub.add_parser(NAME, parents=[common],
                       help=h("ghi toàn bộ cơ sở dữ liệu ra tệp JSON lines (bản sao lưu "
                              "đầy đủ)",
                              "write the whole database as JSON lines (a lossless backup)"))
    p.add_argument("--output", "-o", type=path_arg, default=None, metavar=h("TỆP", "FILE"),
                   help=h("tệp ghi ra (mặc định: đầu ra chuẩn)",
                          "file to write (default: standard output)"))
    p.set_defaults(handler=run)


def check_output_path(output: str, database: Path) -> None:
    """
    Refuse an output file that is the SQLite *database* or one of its companion files.

    Opening such a file for writing truncates it before a line is read: the database
    itself, its write-ahead log (``-wal``: committed transactions not yet checkpointed),
    its shared-memory index (``-shm``: other connections crash with SIGBUS) or its
    rollback journal (``-journal``).  Paths are compared resolved (relative paths,
    ``..`` and symbolic links), and existing files also by identity (hard links).

    Raises:
        ValidationError: *output* names one of those files.
    """
    target = Path(output)
    protected = [database] + [database.with_name(database.name + s) for s in SQLITE_COMPANIONS]
    resolved = target.resolve()
    for path in protected:
        same = path.resolve() == resolved
        if not same and target.exists() and path.exists():
            same = os.path.samefile(target, path)
        if same:
            what = ("the database itself" if path == database
                    else f"the database's {path.name[len(database.name):]} file")
            what_vi = ("chính cơ sở dữ liệu" if path == database
                       else f"tệp {path.name[len(database.name):]} của cơ sở dữ liệu")
            raise ValidationError(f"cannot export into {what} ({output!r}): give another "
                                  f"--output FILE", param_name="output",
                                  message_vi=f"không thể xuất vào {what_vi} ({output!r}): "
                                             f"chọn --output TỆP khác")


def run(ctx: Context) -> int:
    """Write the backup to standard output or ``--output``."""
    args, out, err = ctx.args, ctx.out, ctx.err
    to_stdout = args.output in (None, "-")
    database = ctx.sqlite_path()
    if not to_stdout and database is not None:
        # Before anything is opened: even opening the store can replay a WAL.
        check_output_path(args.output, database)
    with ctx.existing_store() as store, \
            Busy(t(ctx.lang, "Đang xuất", "Exporting"), stream=err):
        if to_stdout:
            n = store.export_jsonl(out)
        else:
            try:
                fh = open(args.output, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
            except OSError as exc:
                raise cannot_write(args.output, exc) from None
            with fh:
                n = store.export_jsonl(fh)
    if not to_stdout:
        err.write(t(ctx.lang, f"Đã xuất {n} dòng vào {args.output}\n",
                    f"Exported {n} lines to {args.output}\n"))
    return EXIT_OK
