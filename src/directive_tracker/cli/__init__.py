# SPDX-License-Identifier: MIT
"""
The ``directive-tracker`` command line (also ``python -m directive_tracker``).

Subcommands::

    directive-tracker calendar 2026          # days off and make-up days, with sources
    directive-tracker deadline "trong 10 ngày làm việc" --from 26/04/2024 --explain
    directive-tracker demo --seed 7 --today 2026-05-08   # a synthetic province in SQLite
    directive-tracker report scoreboard --period "Quý II/2026"
    directive-tracker report overdue --as-of 2026-05-08 --format csv
    directive-tracker remind --as-of 2026-05-08            # dry run; --send console|email
    directive-tracker export --output backup.jsonl
    directive-tracker import backup.jsonl --db other.sqlite3
    directive-tracker --store postgresql://db.tinh.gov.vn/qlcd report summary
    directive-tracker check                  # quarantined tasks, database integrity (exit 0/1)
    directive-tracker rebuild                # recompute the status timelines (progress bar)

Global options (accepted before or after the subcommand):

``--store URL``
    the store, opened by :func:`directive_tracker.open_store`: ``sqlite:///file.sqlite3``,
    ``memory://``, ``postgresql://host/db?schema=NAME`` or a plug-in's scheme.
``--db PATH``
    short for ``--store sqlite:///PATH`` (give one of the two).  Without either, the
    store is ``$DIRECTIVE_TRACKER_STORE``, else ``$DIRECTIVE_TRACKER_DB`` (a SQLite
    path), else ``directive_tracker.sqlite3`` in the working directory (as
    :func:`directive_tracker.storage.default_db_path`).
``--lang vi|en``
    language of labels and messages (default ``vi``, or ``$DIRECTIVE_TRACKER_LANG``).
``--format table|csv|json``
    output format (default ``table``).  CSV and JSON use stable English keys;
    their text values follow ``--lang``.

Exit codes:

=====  ===============================================================
0      success
1      domain or validation error (bad value, unknown item, illegal event), or a
       file named on the command line that cannot be read or written
2      usage error (unknown option, malformed argument): one line, in --lang
3      storage error (database missing, unreadable, or of a newer schema)
4      an optional extra is missing (the message names the ``pip install``)
5      a notification could not be delivered
130    interrupted (Ctrl-C)
=====  ===============================================================

Bad input never prints a traceback: every library error, and every usage error, is
reported as one line on standard error, ``directive-tracker: lỗi: …`` in Vietnamese (the
default) or ``directive-tracker: error: …`` with ``--lang en``.  Help texts, usage
errors, progress, tables and numbers follow ``--lang`` too; the library's exceptions keep
English messages and the command line writes the Vietnamese line from their context
(``code``, ``param_name``, ``value``, ``suggestions``…).

The command line is a thin layer: a private module builds the parser and maps errors to
exit codes, one module per command parses its options and renders the result of the
library's public functions, and every store is opened by
:func:`directive_tracker.open_store`.  A program can run it on a store of its own:
``main(["report", "summary"], store=my_store)``.

.. versionadded:: 0.1.0
.. versionchanged:: 0.2.0 a package; ``--store URL`` and ``$DIRECTIVE_TRACKER_STORE``;
   Vietnamese help and errors by default; ``report --explain``, ``--output`` ``.docx`` and
   ``.html`` with ``--document-config``; ``remind --letter``.
"""

from __future__ import annotations

from ._app import build_parser, main
from ._common import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_MISSING_EXTRA,
    EXIT_NOTIFICATION,
    EXIT_OK,
    EXIT_STORAGE,
    EXIT_USAGE,
    parse_cli_date,
)
from ._output import render_table
from ._progress import Busy, Progress

__all__ = [
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_MISSING_EXTRA",
    "EXIT_NOTIFICATION",
    "EXIT_OK",
    "EXIT_STORAGE",
    "EXIT_USAGE",
    "Busy",
    "Progress",
    "build_parser",
    "main",
    "parse_cli_date",
    "render_table",
]
