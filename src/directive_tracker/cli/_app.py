# SPDX-License-Identifier: MIT
"""
The parser, the global options, the command table and the mapping of errors to exit codes.

A command is a module with ``NAME``, ``add_parser(subparsers, common)`` (which sets
``handler``) and ``run(ctx) -> int``; :data:`COMMANDS` lists them in help order.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final, TextIO

from .._version import __version__
from ..exceptions import (
    DirectiveTrackerError,
    MissingExtraError,
    NotificationError,
    StorageError,
)
from . import (
    calendar,
    check,
    deadline,
    demo,
    export,
    import_,
    rebuild,
    remind,
    report,
    series,
)
from ._common import (
    _FORMATS,
    _LANGS,
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_MISSING_EXTRA,
    EXIT_NOTIFICATION,
    EXIT_OK,
    EXIT_STORAGE,
    EXIT_USAGE,
    PROG,
    STORE_ENV,
    Context,
    path_arg,
    url_arg,
)
from ._i18n import LANG, Parser, detect_lang, error_message, h

if TYPE_CHECKING:
    from ..authorization import AuthorizationPolicy
    from ..storage.base import Store

__all__ = ["COMMANDS", "build_parser", "main"]

#: The subcommands, in the order ``--help`` lists them.
COMMANDS: Final[tuple[ModuleType, ...]] = (calendar, deadline, demo, report, remind, export,
                                           import_, check, rebuild, series)

Handler = Callable[[Context], int]


def _add_global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Add the global options; on subcommands the defaults are suppressed."""
    env_lang = os.environ.get("DIRECTIVE_TRACKER_LANG", "vi")
    default_lang: Any = argparse.SUPPRESS if suppress else (
        env_lang if env_lang in _LANGS else "vi")
    default_format: Any = argparse.SUPPRESS if suppress else "table"
    default_none: Any = argparse.SUPPRESS if suppress else None
    parser.add_argument("--lang", choices=_LANGS, default=default_lang,
                        help=h("ngôn ngữ của nhãn và thông báo: vi (mặc định, hoặc "
                               "$DIRECTIVE_TRACKER_LANG) hoặc en (English)",
                               "language of labels and messages (default: vi, or "
                               "$DIRECTIVE_TRACKER_LANG)"))
    parser.add_argument("--format", choices=_FORMATS, default=default_format,
                        help=h("dạng kết quả (mặc định: table, bảng)",
                               "output format (default: table)"))
    parser.add_argument("--store", type=url_arg, default=default_none, metavar="URL",
                        help=h(f"kho dữ liệu, ví dụ sqlite:///tinh.sqlite3, "
                               f"postgresql://host/db?schema=tinh (mặc định: ${STORE_ENV})",
                               f"the store, e.g. sqlite:///tinh.sqlite3, "
                               f"postgresql://host/db?schema=tinh (default: ${STORE_ENV})"))
    parser.add_argument("--db", type=path_arg, default=default_none,
                        metavar=h("ĐƯỜNG_DẪN", "PATH"),
                        help=h("tệp cơ sở dữ liệu SQLite, viết tắt của --store "
                               "sqlite:///ĐƯỜNG_DẪN (mặc định: $DIRECTIVE_TRACKER_DB, nếu "
                               "không có thì ./directive_tracker.sqlite3)",
                               "SQLite database, short for --store sqlite:///PATH (default: "
                               "$DIRECTIVE_TRACKER_DB, else ./directive_tracker.sqlite3)"))


def build_parser() -> argparse.ArgumentParser:
    """
    Return the argument parser of ``directive-tracker`` (used by :func:`main` and the docs).

    .. versionadded:: 0.1.0
    """
    parser = Parser(
        prog=PROG,
        description=h("Theo dõi văn bản chỉ đạo, nhiệm vụ và thời hạn của Ủy ban nhân dân "
                      "tỉnh, tính theo ngày làm việc của Việt Nam.  (English: add --lang "
                      "en.)",
                      "Track directives, tasks and deadlines of a Vietnamese provincial "
                      "People's Committee in Vietnamese working days."),
        epilog=h("Mã thoát: 0 thành công, 1 lỗi dữ liệu hoặc giá trị, 2 sai cách dùng, "
                 "3 lỗi kho dữ liệu, 4 thiếu gói tùy chọn, 5 gửi thông báo không được, "
                 "130 bị ngắt.",
                 "Exit codes: 0 ok, 1 domain/validation error, 2 usage error, 3 storage "
                 "error, 4 missing optional extra, 5 notification failure, 130 "
                 "interrupted."),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help=h("in số phiên bản rồi thoát",
                               "show program's version number and exit"))
    _add_global_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar=h("LỆNH", "COMMAND"),
                                title=h("các lệnh", "commands"))
    common = Parser(add_help=False)
    common._optionals.title = h("tùy chọn chung", "global options")
    _add_global_options(common, suppress=True)
    for command in COMMANDS:
        command.add_parser(sub, common)
    return parser


def main(argv: Sequence[str] | None = None, *, store: Store | None = None,
         authorization: AuthorizationPolicy | None = None) -> int:
    """
    Run the command line and return its exit code (see :mod:`directive_tracker.cli`).

    Args:
        argv: the arguments without the program name; default ``sys.argv[1:]``.
        store: for a program that embeds the command line: the store every command uses
            (``--store``/``--db`` are then refused); it is not closed.
        authorization: for a program that embeds the command line: the
            :class:`~directive_tracker.authorization.AuthorizationPolicy` the commands that
            record events (the e-office import) ask; a refusal is exit code 1 with a
            "không có quyền" / "permission denied" line, and nothing is written.

    Returns:
        The exit code: 0 ok, 1 domain/validation error, 2 usage error, 3 storage
        error, 4 missing extra, 5 notification failure, 130 interrupted.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 the *store* argument.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    token = LANG.set(detect_lang(argv))
    try:
        return _main(argv, store, authorization)
    finally:
        LANG.reset(token)


def _main(argv: list[str], store: Store | None,
          authorization: AuthorizationPolicy | None = None) -> int:
    out, err = sys.stdout, sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    LANG.set(args.lang)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(err)
        return EXIT_USAGE
    usage_check: Callable[[argparse.Namespace], str | None] | None = getattr(
        args, "usage_check", None)
    message = usage_check(args) if usage_check is not None else None
    if message is not None:
        try:
            parser.error(message)  # usage and one line, exit code 2
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.store is not None and args.db is not None:
        return _fail(err, h("chỉ dùng một trong hai: --store URL hoặc --db ĐƯỜNG_DẪN",
                            "give --store URL or --db PATH, not both"), EXIT_USAGE)
    if store is not None and (args.store is not None or args.db is not None):
        return _fail(err, h("chương trình này đã chọn kho dữ liệu: không dùng được --store "
                            "và --db",
                            "this program chose the store: --store and --db are not "
                            "available"), EXIT_USAGE)
    try:
        return handler(Context(args, out, err, store, authorization))
    except MissingExtraError as exc:
        return _fail(err, exc, EXIT_MISSING_EXTRA)
    except StorageError as exc:
        return _fail(err, exc, EXIT_STORAGE)
    except NotificationError as exc:
        return _fail(err, exc, EXIT_NOTIFICATION)
    except DirectiveTrackerError as exc:
        return _fail(err, exc, EXIT_ERROR)
    except KeyboardInterrupt:
        err.write("\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``directive-tracker report … | head``): stop quietly,
        # and keep Python from complaining when it flushes stdout at exit.
        _silence_stdout()
        return EXIT_OK
    except OSError as exc:
        # A file named on the command line cannot be read or written (full disk, no
        # permission): one line, like every other error, not a traceback.
        where = f" {str(exc.filename)!r}" if exc.filename is not None else ""
        return _fail(err, h(f"không dùng được{where}: {exc.strerror or exc}",
                            f"cannot use{where}: {exc.strerror or exc}"), EXIT_ERROR)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


_LINE_BREAKS = re.compile(r"[\r\n]+")


def _fail(err: TextIO, exc: BaseException | str, code: int) -> int:
    # One line, always: a driver's message may span several (psycopg's does).  The
    # library's English message becomes Vietnamese from the error's context (_i18n).
    text = error_message(exc, LANG.get())
    # Split at line breaks, not re.sub(r"\s*[\r\n]+\s*"): that backtracks on a long run
    # of spaces (a 21,000-space file name took 1.7 s, mutation fuzz of issue 17).
    message = " ".join(part.strip() for part in _LINE_BREAKS.split(text) if part.strip())
    err.write(f"{PROG}: {h('lỗi', 'error')}: {message}\n")
    return code
