# SPDX-License-Identifier: MIT
"""
Pluggable storage: the :class:`Store` interface and its embedded backends.

``MemoryStore`` (in process; also the fake for unit tests) and ``SQLiteStore`` (stdlib
``sqlite3``; the embedded default) are exported here.  The PostgreSQL backend lives in
:mod:`directive_tracker.storage.postgres` and needs the ``postgres`` extra; it is not
imported here so that the core has no database dependency.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import (
    EXPORT_FORMAT_VERSION,
    OutboxItem,
    OutboxStatus,
    Store,
    TaskQuery,
    TaskSpan,
    UnitTally,
)

if TYPE_CHECKING:
    from .memory import MemoryStore
    from .sqlite import DEFAULT_DB_PATH, SQLiteStore, default_db_path

__all__ = [
    "DEFAULT_DB_PATH",
    "EXPORT_FORMAT_VERSION",
    "MemoryStore",
    "OutboxItem",
    "OutboxStatus",
    "SQLiteStore",
    "Store",
    "TaskQuery",
    "TaskSpan",
    "UnitTally",
    "default_db_path",
]


def __getattr__(name: str) -> Any:
    # Backends are imported on first use so that importing the package stays cheap.
    if name == "MemoryStore":
        from .memory import MemoryStore

        return MemoryStore
    if name in ("SQLiteStore", "DEFAULT_DB_PATH", "default_db_path"):
        from . import sqlite

        return getattr(sqlite, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
