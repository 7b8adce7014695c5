# SPDX-License-Identifier: MIT
"""
What every command shares: exit codes, argument types and the :class:`Context` through
which a command reaches its options, its output streams and its store.

The store is always opened by :func:`directive_tracker.open_store` from the URL that
:meth:`Context.store_url` resolves (``--store``, ``--db``, ``$DIRECTIVE_TRACKER_STORE``,
``$DIRECTIVE_TRACKER_DB``, ``./directive_tracker.sqlite3``, in that order), or is the one
an embedding program passed to :func:`directive_tracker.cli.main`.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Final, TextIO

from .._validators import now_vn
from ..bootstrap import open_store, sqlite_path_from_url, sqlite_url
from ..exceptions import BackendUnavailableError, ValidationError
from ._i18n import h

if TYPE_CHECKING:
    from ..authorization import AuthorizationPolicy
    from ..calendars import WorkingCalendar
    from ..lifecycle import LifecyclePolicy
    from ..settings import ProvincePolicy
    from ..storage.base import Store

__all__ = [
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_MISSING_EXTRA",
    "EXIT_NOTIFICATION",
    "EXIT_OK",
    "EXIT_STORAGE",
    "EXIT_USAGE",
    "Context",
    "parse_cli_date",
]

#: Exit code 0, success.
EXIT_OK: Final = 0
#: Exit code 1, a domain or validation error (any other library error).
EXIT_ERROR: Final = 1
#: Exit code 2, a usage error (unknown option or malformed argument).
EXIT_USAGE: Final = 2
#: Exit code 3, a storage error (:class:`~directive_tracker.exceptions.StorageError`).
EXIT_STORAGE: Final = 3
#: Exit code 4, an optional dependency is missing
#: (:class:`~directive_tracker.exceptions.MissingExtraError`).
EXIT_MISSING_EXTRA: Final = 4
#: Exit code 5, a notification failed (:class:`~directive_tracker.exceptions.NotificationError`).
EXIT_NOTIFICATION: Final = 5
#: Exit code 130, interrupted by the user (Ctrl-C).
EXIT_INTERRUPTED: Final = 130

PROG: Final = "directive-tracker"
_LANGS: Final = ("vi", "en")
_FORMATS: Final = ("table", "csv", "json")
#: The environment variable naming the store URL (``--store`` wins over it).
STORE_ENV: Final = "DIRECTIVE_TRACKER_STORE"

_DMY_RE: Final = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO_RE: Final = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_cli_date(text: str) -> date:
    """
    Read a date given on the command line: ``2026-01-10`` (ISO) or ``10/01/2026`` (d/m/yyyy).

    Args:
        text: the argument as typed.

    Returns:
        The date.

    Raises:
        argparse.ArgumentTypeError: *text* is not one of the two forms or not a real date
            (argparse turns it into a usage error, exit code 2).

    >>> parse_cli_date("10/01/2026")
    datetime.date(2026, 1, 10)

    .. versionadded:: 0.1.0
    """
    m = _ISO_RE.match(text)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    else:
        m = _DMY_RE.match(text)
        if not m:
            raise argparse.ArgumentTypeError(h(
                f"ngày không hợp lệ {text!r}: viết dạng NGÀY/THÁNG/NĂM (10/01/2026) hoặc "
                f"NĂM-THÁNG-NGÀY (2026-01-10)",
                f"invalid date {text!r}: use YYYY-MM-DD (2026-01-10) or DD/MM/YYYY (10/01/2026)"))
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
    try:
        return date(y, mo, d)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(h(
            f"ngày không hợp lệ {text!r}: không có ngày {d:02d}/{mo:02d}/{y} trên lịch",
            f"invalid date {text!r}: {exc}")) from None



def path_arg(text: str) -> str:
    """
    Check a file path given on the command line (argparse type).

    Raises:
        argparse.ArgumentTypeError: the path is empty, holds a NUL character (which no
            operating system accepts) or cannot be encoded as a file name (a usage error,
            exit code 2).
    """
    if "\x00" in text:
        raise argparse.ArgumentTypeError(h(
            f"đường dẫn không hợp lệ {text!r}: có ký tự NUL",
            f"invalid path {text!r}: it contains a NUL character"))
    if text == "":
        raise argparse.ArgumentTypeError(h("đường dẫn trống: hãy cho tên tệp",
                                           "invalid path '': give a file name"))
    try:
        os.fsencode(text)
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError(h(
            f"đường dẫn không hợp lệ {text!r}: không phải văn bản hợp lệ cho tên tệp",
            f"invalid path {text!r}: it is not valid text for a file name (a lone "
            f"surrogate)")) from None
    return text


def url_arg(text: str) -> str:
    """Check a store URL given on the command line (argparse type; NUL is refused)."""
    if "\x00" in text:
        raise argparse.ArgumentTypeError(h(
            f"địa chỉ kho dữ liệu không hợp lệ {text!r}: có ký tự NUL",
            f"invalid store URL {text!r}: it contains a NUL character"))
    return text


def year_arg(text: str) -> int:
    """Read a year (argparse type)."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(h(
            f"năm không hợp lệ {text!r}: viết bốn chữ số, ví dụ 2026",
            f"invalid year {text!r}: use four digits, e.g. 2026")) from None


def limit_arg(text: str) -> int | None:
    """Read a count, 0 meaning "all" (argparse type)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(h(
            f"số lượng không hợp lệ {text!r}: viết một số nguyên",
            f"invalid count {text!r}: use a whole number")) from None
    if value < 0:
        raise argparse.ArgumentTypeError(h(
            f"số lượng không hợp lệ {text!r}: viết 0 (tất cả) hoặc lớn hơn",
            f"invalid count {text!r}: use 0 (all) or more"))
    return value or None


def cannot_write(path: str | Path, exc: OSError) -> ValidationError:
    """Return the one-line error for an output file that cannot be written."""
    return ValidationError(f"cannot write {str(path)!r}: {exc.strerror or exc}",
                           param_name="output",
                           message_vi=f"không ghi được {str(path)!r}: {exc.strerror or exc}")


class Context:
    """
    One run of a command: parsed options, output streams and the way to the store.

    Args:
        args: the parsed command line.
        out: standard output.
        err: standard error (messages, progress).
        store: a store to use instead of opening one (an embedding program's); the
            command never closes it.
        authorization: the embedding program's authorization policy, for the commands
            that record events (the e-office import).
    """

    def __init__(self, args: argparse.Namespace, out: TextIO, err: TextIO,
                 store: Store | None = None, authorization: AuthorizationPolicy | None = None
                 ) -> None:
        self.args = args
        self.authorization = authorization
        self.out = out
        self.err = err
        self.lang: str = args.lang
        self.given_store = store
        self._policy: ProvincePolicy | None = None

    def today(self, name: str = "as_of") -> date:
        """Return the date option *name*, or today in Vietnam when it was not given."""
        value: date | None = getattr(self.args, name, None)
        return value if value is not None else now_vn().date()

    def province_policy(self) -> ProvincePolicy:
        """
        Return the province policy stored in the store (read once per run), else the
        library's defaults.

        The store is consulted when it exists: the embedding program's store, an existing
        SQLite file, or a server URL given with ``--store`` / ``$DIRECTIVE_TRACKER_STORE``
        (then a store that cannot be reached is an error, exit code 3).  A missing SQLite
        file is not created: the defaults apply.
        """
        if self._policy is None:
            self._policy = self._read_policy()
        return self._policy

    def _read_policy(self) -> ProvincePolicy:
        from ..bootstrap import province_policy, url_scheme
        from ..settings import ProvincePolicy

        if self.given_store is not None:
            return province_policy(self.given_store)
        url = self.store_url()
        if sqlite_path_from_url(url) is not None:
            path = self.sqlite_path()
            if path is None or not path.is_file():
                return ProvincePolicy()
        elif url_scheme(url) == "memory":
            return ProvincePolicy()
        with open_store(url) as store:
            return province_policy(store)

    def calendar(self) -> WorkingCalendar:
        """Return the province's calendar: that of the stored province policy
        (:meth:`province_policy`), the official Vietnamese one when none is stored."""
        return self.province_policy().working_calendar()

    def lifecycle_policy(self) -> LifecyclePolicy:
        """Return the lifecycle policy of the stored province policy (default the library's)."""
        return self.province_policy().lifecycle

    def store_url(self) -> str:
        """
        Return the store URL: ``--store``, ``--db`` (as a sqlite URL), then
        ``$DIRECTIVE_TRACKER_STORE``, ``$DIRECTIVE_TRACKER_DB``, else the default file.
        """
        from ..storage.sqlite import default_db_path

        store: str | None = getattr(self.args, "store", None)
        db: str | None = getattr(self.args, "db", None)
        if store is not None:
            return store
        if db is not None:
            return sqlite_url(db)
        env = os.environ.get(STORE_ENV, "").strip()
        if env:
            return env
        return sqlite_url(default_db_path())

    def sqlite_path(self) -> Path | None:
        """Return the SQLite file the store URL names (None: not a SQLite file)."""
        if self.given_store is not None:
            return None
        path = sqlite_path_from_url(self.store_url())
        return None if path is None or path == ":memory:" else Path(path)

    def describe(self) -> str:
        """Return how messages name the store: its file, else its URL without password."""
        path = self.sqlite_path()
        if path is not None:
            return str(path)
        if self.given_store is not None:
            return type(self.given_store).__name__
        return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", self.store_url())

    @contextmanager
    def existing_store(self) -> Iterator[Store]:
        """
        Open the store for a command that reads or adds to existing data.

        A SQLite file must exist already: a typo in ``--db`` must not create an empty
        database (exit code 3 instead).
        """
        if self.given_store is not None:
            yield self.given_store
            return
        path = self.sqlite_path()
        if path is not None and not path.is_file():
            raise BackendUnavailableError(
                f"no database at {str(path)!r}: run 'directive-tracker demo' to create one, "
                f"'directive-tracker import FILE' to load a backup, or give --db PATH",
                path=str(path))
        with open_store(self.store_url()) as store:
            yield store

    @contextmanager
    def any_store(self) -> Iterator[Store]:
        """Open the store, creating an empty SQLite file if there is none (``import``)."""
        if self.given_store is not None:
            yield self.given_store
            return
        with open_store(self.store_url()) as store:
            yield store
