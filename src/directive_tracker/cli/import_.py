# SPDX-License-Identifier: MIT
"""
``directive-tracker import FILE``: load JSON lines written by ``export``, or an e-office
export (``.xlsx`` / ``.csv``, see :mod:`directive_tracker.eoffice`).
"""

from __future__ import annotations

import argparse
import stat
from pathlib import Path
from typing import Any, Final, TextIO, cast

from ..exceptions import ValidationError
from ..storage._checks import MAX_LINE_CHARS
from ._common import EXIT_ERROR, EXIT_OK, Context, path_arg
from ._i18n import h
from ._output import t
from ._progress import CountingReader, Progress

__all__ = ["NAME", "add_parser", "run"]

NAME: Final = "import"


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``import`` subcommand to *sub*."""
    p = sub.add_parser(NAME, parents=[common],
                       help=h("nạp tệp JSON lines do lệnh export ghi, hoặc tệp xuất từ hệ "
                              "thống quản lý văn bản (.xlsx/.csv); kiểm tra từng dòng trước khi "
                              "ghi",
                              "load JSON lines written by export, or an e-office export "
                              "(.xlsx/.csv); every line or row is checked before writing"))
    p.add_argument("file", type=path_arg, metavar=h("TỆP", "FILE"),
                   help=h("tệp JSON lines sao lưu, hoặc tệp .xlsx/.csv xuất từ hệ thống quản "
                          "lý văn bản",
                          "a JSON lines backup, or an e-office .xlsx/.csv export"))
    p.add_argument("--sheet", help=h("tệp .xlsx: tên trang tính (mặc định trang đầu)",
                                     "e-office .xlsx: the worksheet (default the first)"))
    p.add_argument("--dry-run", action="store_true",
                   help=h("tệp xuất: chỉ kiểm tra từng dòng, không ghi",
                          "e-office: check every row, write nothing"))
    p.add_argument("--write-valid-rows", action="store_true",
                   help=h("tệp xuất: ghi các dòng hợp lệ, chép các dòng bị từ chối ra tệp riêng",
                          "e-office: write the valid rows, copy refused ones to a rejects "
                          "file"))
    p.add_argument("--rejects", type=path_arg, metavar=h("TỆP", "FILE"),
                   help=h("tệp xuất: tệp ghi các dòng bị từ chối (mặc định TỆP.rejects.csv)",
                          "e-office: the rejects file (default FILE.rejects.csv)"))
    p.add_argument("--unchained", action="store_true",
                   help=h("tệp sao lưu của phiên bản 0.1 (sự kiện chưa có mã băm chuỗi): "
                          "chấp nhận và tính mã băm mới; chỉ dùng với tệp tin cậy",
                          "accept a backup written by version 0.1 (events without hash-chain "
                          "digests): digests are computed fresh; only for a trusted file"))
    p.set_defaults(handler=run)


#: File suffixes read as e-office exports rather than JSON lines.
EOFFICE_SUFFIXES: Final = (".xlsx", ".csv")


def run_eoffice(ctx: Context) -> int:
    """Check every row of an e-office export, then write it (all or nothing by default)."""
    from ..eoffice import import_eoffice

    args = ctx.args
    with ctx.existing_store() as store:
        result = import_eoffice(store, Path(args.file), calendar=ctx.calendar(),
                                sheet=args.sheet, write_valid_rows=args.write_valid_rows,
                                rejects_path=args.rejects, dry_run=args.dry_run,
                                authorization=ctx.authorization)
    ctx.out.write(result.to_text() + "\n")
    # Any refused row is exit 1, also when the valid rows were written (--write-valid-rows).
    return EXIT_OK if result.ok else EXIT_ERROR


def remove_sqlite_files(path: Path, *, main_file: bool = True) -> None:
    """Delete a SQLite database's ``-wal`` and ``-shm`` files, and the file itself."""
    names = [path.name + "-wal", path.name + "-shm"] + ([path.name] if main_file else [])
    for name in names:
        (path.parent / name).unlink(missing_ok=True)


def _count_lines(fh: TextIO) -> int:
    """
    Return the number of lines of a JSON-lines file, for the progress bar.

    Each line is read with the import's own bound (:data:`MAX_LINE_CHARS`): at the first
    longer line counting stops and 0 (an indeterminate counter) is returned, since the
    import refuses that line.  So a file without line breaks (a device such as
    ``/dev/full``, issue 17 item 6) is never read whole.
    """
    n = 0
    while True:
        line = fh.readline(MAX_LINE_CHARS + 1)
        if not line:
            return n
        if len(line) > MAX_LINE_CHARS:
            return 0
        n += 1


def run(ctx: Context) -> int:
    """Validate the file, then load it into the store in one transaction."""
    args = ctx.args
    source = Path(args.file)
    if source.suffix.lower() in EOFFICE_SUFFIXES:
        return run_eoffice(ctx)
    for option in ("sheet", "rejects"):
        if getattr(args, option) is not None:
            raise ValidationError(f"--{option} applies to e-office .xlsx/.csv files only")
    if args.dry_run or args.write_valid_rows:
        raise ValidationError("--dry-run and --write-valid-rows apply to e-office "
                              ".xlsx/.csv files only")
    try:
        with source.open(encoding="utf-8") as fh:
            total = _count_lines(fh) if stat.S_ISREG(source.stat().st_mode) else 0
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
            n = store.import_jsonl(cast(TextIO, CountingReader(fh, bar)),
                                   require_digests=not args.unchained)
        done = True
    finally:
        if created and not done and path is not None:
            # "Nothing written" includes the database file this command just created.
            remove_sqlite_files(path)
    where = ctx.describe()
    ctx.out.write(t(ctx.lang, f"Đã nhập {n} bản ghi vào {where}\n",
                    f"Imported {n} records into {where}\n"))
    return EXIT_OK
