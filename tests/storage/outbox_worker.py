# SPDX-License-Identifier: MIT
"""
A reminder sender run as a separate process by ``test_outbox_claim.py``.

Usage: ``python outbox_worker.py STORE OUT GO MODE LEASE BATCH``

* STORE: ``sqlite:PATH`` or ``postgres:SCHEMA`` (DSN from ``DIRECTIVE_TRACKER_PG_DSN``);
* OUT: a file each delivered message key is appended to (one ``O_APPEND`` write per
  line, so lines of concurrent processes never interleave);
* GO: the process waits until this file exists, so every sender starts at once;
* MODE: ``ok`` (every delivery succeeds), ``flaky`` (every second delivery raises),
  ``hang`` (the first delivery succeeds, then the process blocks until killed);
* LEASE, BATCH: ``send_reminders``'s lease_seconds and batch_size.

Prints the :class:`SendReport` counts as ``sent=N failed=M``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def main() -> int:
    store_arg, out, go, mode, lease, batch = sys.argv[1:7]
    from directive_tracker.exceptions import NotificationError
    from directive_tracker.notifiers import Message, Notifier
    from directive_tracker.reminders import send_reminders

    if store_arg.startswith("sqlite:"):
        from directive_tracker.storage import SQLiteStore

        store = SQLiteStore(store_arg[len("sqlite:"):])
    else:
        from directive_tracker.storage.postgres import PostgresStore

        store = PostgresStore(os.environ["DIRECTIVE_TRACKER_PG_DSN"],
                              schema=store_arg[len("postgres:"):])

    class FileNotifier(Notifier):
        """Appends the key of each delivered message to OUT."""

        calls = 0

        def send(self, message: Message) -> None:
            self.calls += 1
            if mode == "flaky" and self.calls % 2 == 0:
                raise NotificationError(f"relay refused {message.key}")
            fd = os.open(out, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, (message.key + "\n").encode())
            finally:
                os.close(fd)
            if mode == "hang":
                Path(out + ".hung").write_text("1")
                time.sleep(3600)  # killed by the test
            time.sleep(0.002)  # a real transport takes time: widen the race window

    deadline = time.monotonic() + 120
    while not os.path.exists(go):
        if time.monotonic() > deadline:
            return 2
        time.sleep(0.01)
    with store:
        report = send_reminders(store, [], FileNotifier(), lease_seconds=float(lease),
                                batch_size=int(batch))
    print(f"sent={len(report.sent)} failed={len(report.failed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
