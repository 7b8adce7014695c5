# SPDX-License-Identifier: MIT
"""``directive-tracker import FILE``: load JSON lines written by ``export``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Final, TextIO, cast

from ..exceptions import ValidationError
from ._common import EXIT_OK, Context, path_arg
from ._i18n import h
from ._output import t
from ._progress import CountingReader, Progress

__all__ = ["NAME", "add_parser", "run"]

NAME: Final = "import"


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``import`` subcommand to *sub*."""
    p = sub.add_parser(NAME, parents=[common],
                       help=h("nạp tệp JSON lines do lệnh export ghi (kiểm tra trước khi "
                              "ghi)",
                              "load JSON lines written by export (validated before "
                              "writing)"))
    p.add_argument("file", type=path_arg, metavar=h("TỆP", "FILE"),
                   help=h("tệp JSON lines", "the JSON lines file"))
    p.set_defaults(handler=run)


def remove_sqlite_files(path: Path, *, main_file: bool = True) -> None:
    """Delete a SQLite database's ``-wal`` and ``-shm`` files, and the file itself."""
    names = [path.name + "-wal", path.name + "-shm"] + ([path.name] if main_file else [])
    for name in names:
        (path.parent / name).unlink(missing_ok=True)


def run(ctx: Context) -> int:
    """Validate the file, then load it into the store in one transaction."""
    args = ctx.args
    source = Path(args.file)
    try:
        with source.open(encoding="utf-8") as fh:
            total = sum(1 for _ in fh)
    except OSError as exc:
        raise ValidationError(f"cannot read {args.file!r}: {exc.strerror}",
                              message_vi=f"không đọc được {args.file!r}: {exc.strerror}"
                              ) from None
    except UnicodeDecodeError:
        raise ValidationError(f"{args.file!r} is not UTF-8 text (expected the JSON lines "
                              f"written by 'directive-tracker export')",
                              message_vi=f"{args.file!r} không phải văn bản UTF-8 (cần tệp "
                                         f"JSON lines do 'directive-tracker export' ghi)"
                              ) from None
    path = ctx.sqlite_path()
    created = path is not None and not path.exists()
    done = False
    try:
        with ctx.any_store() as store, source.open(encoding="utf-8") as fh, \
                Progress(total=total, label=t(ctx.lang, "Nhập", "Import"),
                         stream=ctx.err) as bar:
            n = store.import_jsonl(cast(TextIO, CountingReader(fh, bar)))
        done = True
    finally:
        if created and not done and path is not None:
            # "Nothing written" includes the database file this command just created.
            remove_sqlite_files(path)
    where = ctx.describe()
    ctx.out.write(t(ctx.lang, f"Đã nhập {n} bản ghi vào {where}\n",
                    f"Imported {n} records into {where}\n"))
    return EXIT_OK
