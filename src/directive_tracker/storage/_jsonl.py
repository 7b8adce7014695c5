# SPDX-License-Identifier: MIT
"""
The JSON-lines export format, shared by every backend (``Store.export_jsonl`` / ``import_jsonl``).

Format version 1, one JSON object per line (UTF-8, non-ASCII kept readable)::

    {"format": "directive_tracker", "version": 1}
    {"type": "settings", "data": {...province policy...}}  # only if the store has one
    {"type": "unit", "data": {...unit record...}}          # sorted by code
    {"type": "succession", "data": {...}}                  # in insertion order
    {"type": "directive", "data": {...}}                   # sorted by id
    {"type": "task", "data": {...task record, with "version"...}}   # sorted by id,
    {"type": "event", "data": {...event record, with "kind"...},    # each followed by
     "digest": "…64 hex digits…"}                                   # its events in order
    {"type": "outbox", "data": {...}}                      # sorted by created_at, key

Records are those of :mod:`directive_tracker.storage._codec`; the ``settings`` line is
:meth:`ProvincePolicy.to_dict <directive_tracker.settings.ProvincePolicy.to_dict>` of
:meth:`Store.get_settings` (absent when the store holds no policy, so such an export reads
as before).  Import accepts at most one ``settings`` line; when the store already holds a
different policy the import is refused (:class:`DuplicateIdError`, nothing written), an
equal one is left as is.  Import reads and validates
every line (JSON, type, fields, duplicates inside the file, events after their task,
tasks whose directive is in the file or the store, ids not already stored) before it
writes anything, then writes everything in one transaction.  Task versions are restored
exactly.

Hash chains: each event line carries the event's digest
(:func:`directive_tracker.integrity.chain_digests`; absent in 0.1 backups).  Import
verifies every task's chain from the task line's terms (read back to the assignment
through its ``terms_changed`` events) before it writes anything, and refuses an edited,
inserted or removed event line, or a task line whose terms were changed, naming the
first line that breaks the chain; a task whose event lines all lack a digest is loaded
with fresh digests unless ``require_digests``.  :func:`verify_backup` runs the same
check without a store.

Limits (each refused with :class:`~directive_tracker.exceptions.ImportFormatError`
naming the line, before anything is written):

* a line longer than :data:`MAX_LINE_CHARS` (16 MiB characters; the longest record the
  library writes, a task whose text fields each hold the 1,000,000-character maximum,
  is far shorter) — read with ``readline(limit)``, so an endless stream without a line
  break (``/dev/zero``, a pipe) is stopped after that many characters instead of
  filling memory;
* a task whose ``version`` exceeds ``1 + (its events) + MAX_EXTRA_WRITES``: restoring a
  version takes one store write per write without an event, so ``"version":
  1000000000`` would mean a billion writes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any

import attrs

from ..events import TaskEvent
from ..exceptions import (
    DirectiveNotFoundError,
    DirectiveTrackerError,
    DuplicateIdError,
    ImportFormatError,
    InvalidTypeError,
)
from ..schemas import check_export_line
from ..tasks import Task
from . import _codec as c
from ._checks import EXPORT_FORMAT_VERSION, MAX_EXTRA_WRITES, MAX_LINE_CHARS, iter_chunks
from .query import TaskQuery

if TYPE_CHECKING:  # annotations only: base imports this module
    from .base import Store

__all__ = ["EXPORT_FORMAT_VERSION", "BackupCheck", "export_records", "import_records",
           "restore_task", "verify_backup"]


FORMAT_NAME = "directive_tracker"

_DECODERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "unit": c.unit_from_record,
    "succession": c.succession_from_record,
    "directive": c.directive_from_record,
    "task": c.task_from_record,
    "event": c.event_from_record,
    "outbox": c.outbox_from_record,
}


def _settings_from_record(data: dict[str, Any]) -> Any:
    from ..settings import ProvincePolicy

    return ProvincePolicy.from_dict(data)


_DECODERS["settings"] = _settings_from_record

#: The key under which :class:`DuplicateIdError` names the stored province policy.
_SETTINGS_KEY = "province_policy"


def _line(kind: str, data: dict[str, Any], digest: str | None = None) -> str:
    obj: dict[str, Any] = {"type": kind, "data": data}
    if digest is not None:
        obj["digest"] = digest
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


_DIGEST = re.compile(r"[0-9a-f]{64}")


def export_records(store: Store, stream: IO[str]) -> int:
    """
    Write *store* to *stream* in the format above; return the number of lines written.

    Raises:
        InvalidTypeError: *stream* has no ``write`` method.

    .. versionadded:: 0.1.0
    """
    if not callable(getattr(stream, "write", None)):
        raise InvalidTypeError("stream", stream, "a text stream open for writing")
    header = {"format": FORMAT_NAME, "version": EXPORT_FORMAT_VERSION}
    stream.write(json.dumps(header, separators=(",", ":")) + "\n")
    n = 1
    settings = store.get_settings()
    if settings is not None:
        stream.write(_line("settings", settings.to_dict()))
        n += 1
    for u in store.get_units():
        stream.write(_line("unit", c.unit_to_record(u)))
        n += 1
    for s in store.get_successions():
        stream.write(_line("succession", c.succession_to_record(s)))
        n += 1
    for d in store.get_directives():
        stream.write(_line("directive", c.directive_to_record(d)))
        n += 1
    ids = [t.id for t in store.get_tasks()]
    for chunk in iter_chunks(ids, 500):
        tasks = store.get_tasks(TaskQuery(ids=chunk))
        events = store.get_events_for(chunk)
        digests = store.get_event_digests(chunk)
        for t in tasks:
            stream.write(_line("task", c.task_to_record(t)))
            n += 1
            chain = digests[t.id]
            for i, e in enumerate(events[t.id]):
                stream.write(_line("event", c.event_to_record(e),
                                   chain[i] if i < len(chain) else None))
                n += 1
    for o in store.get_outbox_items():
        stream.write(_line("outbox", c.outbox_to_record(o)))
        n += 1
    return n


def restore_task(store: Store, task: Task, events: Sequence[TaskEvent]) -> None:
    """
    Store *task* and its *events* so that the stored version equals ``task.version``.

    Uses the :class:`Store` API (so it works on any backend): the first events with
    ``add_task``, the rest in one ``append_events``, then ``Store._restore_version``
    (``update_task`` until the version matches, or one write in the bundled stores).
    The caller validated that ``task.version >= 1`` and
    ``task.version >= 2`` when there are events.
    """
    v, n = task.version, len(events)
    if n == 0:
        stored = store.add_task(task)
    else:
        k = min(n, v - 2)
        stored = store.add_task(task, events[:k])
        if k < n:
            store.append_events(task.id, events[k:], expected_version=stored.version)
            stored = attrs.evolve(stored, version=stored.version + 1)
    store._restore_version(stored, v)  # the storage package's own hook


@attrs.frozen(kw_only=True)
class _Parsed:
    """What a backup holds, read and validated line by line (nothing written)."""

    units: list[Any]
    successions: list[Any]
    directives: list[Any]
    tasks: dict[str, tuple[Task, list[TaskEvent], int]]
    outbox: list[Any]
    settings: Any
    event_lines: dict[str, list[int]]
    event_digests: dict[str, list[str | None]]
    count: int


def _parse(stream: IO[str]) -> _Parsed:
    """Read every line of a backup, checking each on its own (the first pass of import)."""
    if not callable(getattr(stream, "readline", None)):
        raise InvalidTypeError("stream", stream, "a text stream open for reading")
    units: list[Any] = []
    successions: list[Any] = []
    directives: list[Any] = []
    tasks: dict[str, tuple[Task, list[TaskEvent], int]] = {}
    outbox: list[Any] = []
    settings: Any = None
    seen: dict[tuple[str, str], int] = {}
    event_lines: dict[str, list[int]] = {}
    event_digests: dict[str, list[str | None]] = {}
    header_seen = False
    count = 0
    lineno = 0
    while True:
        raw = stream.readline(MAX_LINE_CHARS + 1)
        if not isinstance(raw, str):
            raise InvalidTypeError("stream", stream, "a text stream (not bytes)")
        if not raw:
            break
        lineno += 1
        if len(raw) > MAX_LINE_CHARS:
            raise ImportFormatError(
                f"the line is longer than {MAX_LINE_CHARS:,} characters (the longest a "
                "directive_tracker export holds); this is not an export file", line=lineno)
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as e:
            raise ImportFormatError(f"not valid JSON ({e.msg})", line=lineno) from e
        except (ValueError, RecursionError) as e:  # a 4,301-digit integer; [[[[… nesting
            raise ImportFormatError(f"not valid JSON for this library ({e})"[:300],
                                    line=lineno) from None
        if not isinstance(obj, dict):
            raise ImportFormatError("each line must be a JSON object", line=lineno)
        if not header_seen:
            if obj.get("format") != FORMAT_NAME:
                raise ImportFormatError(
                    f"the first line must be the header {{\"format\": \"{FORMAT_NAME}\", "
                    f"\"version\": {EXPORT_FORMAT_VERSION}}}, got {raw.strip()[:80]!r}",
                    line=lineno)
            if obj.get("version") != EXPORT_FORMAT_VERSION:
                raise ImportFormatError(
                    f"format version {obj.get('version')!r} is not supported; this library "
                    f"reads version {EXPORT_FORMAT_VERSION}", line=lineno)
            header_seen = True
            continue
        kind, data = obj.get("type"), obj.get("data")
        decode = _DECODERS.get(kind) if isinstance(kind, str) else None
        if decode is None or not isinstance(kind, str):
            raise ImportFormatError(
                f"unknown record type {kind!r}; allowed: {', '.join(sorted(_DECODERS))}",
                line=lineno)
        digest = obj.get("digest")
        keys = {"type", "data", "digest"} if kind == "event" and "digest" in obj else {
            "type", "data"}
        if not isinstance(data, dict) or set(obj) != keys:
            raise ImportFormatError(
                "a record must be {\"type\": ..., \"data\": {...}} and nothing else "
                "(an event line may add its \"digest\")", line=lineno)
        if digest is not None and not (isinstance(digest, str) and _DIGEST.fullmatch(digest)):
            raise ImportFormatError(f"the digest {digest!r} is not 64 lowercase hex digits "
                                    "(a SHA-256)", line=lineno)
        check_export_line(obj, line=lineno)  # JSON Schema: refused with the schema path
        try:
            item = decode(data)
        except (DirectiveTrackerError, TypeError, ValueError) as e:
            raise ImportFormatError(f"bad {kind} record: {e}", line=lineno) from e
        key = _key(kind, item)
        if key is not None:
            if key in seen:
                raise ImportFormatError(
                    f"{kind} {key[1]!r} appears twice (first on line {seen[key]})",
                    line=lineno)
            seen[key] = lineno
        count += 1
        if kind == "unit":
            units.append(item)
        elif kind == "succession":
            successions.append(item)
        elif kind == "directive":
            directives.append(item)
        elif kind == "settings":
            settings = item
        elif kind == "task":
            if item.version < 1:
                raise ImportFormatError(f"task {item.id!r} has version {item.version}; "
                                        "a stored task has version >= 1", line=lineno)
            tasks[item.id] = (item, [], lineno)
        elif kind == "event":
            entry = tasks.get(item.task_id)
            if entry is None:
                raise ImportFormatError(
                    f"event of task {item.task_id!r} does not follow that task's line",
                    line=lineno)
            entry[1].append(item)
            event_lines.setdefault(item.task_id, []).append(lineno)
            event_digests.setdefault(item.task_id, []).append(digest)
            if entry[0].version < 2:
                raise ImportFormatError(
                    f"task {item.task_id!r} has version {entry[0].version} but events; a "
                    "task with events has version >= 2", line=lineno)
        else:
            outbox.append(item)
    if not header_seen:
        raise ImportFormatError("the stream is empty; expected the header line", line=1)
    return _Parsed(units=units, successions=successions, directives=directives,
                   tasks=tasks, outbox=outbox, settings=settings, event_lines=event_lines,
                   event_digests=event_digests, count=count)


def import_records(store: Store, stream: IO[str], *, require_digests: bool = False) -> int:
    """
    Read the format above from *stream* and store it; return the number of records.

    Everything is validated before anything is written, then all records are written in
    one ``store.transaction()``.  Every task's hash chain is verified (see the module
    docstring) and the store recomputes the same digests as it writes.

    Args:
        require_digests: refuse a task whose events carry no digest (a backup written
            by 0.1, or one whose digests were stripped); without it such events get
            digests computed fresh.

    Raises:
        ImportFormatError: malformed input (``line`` names the 1-based line), including
            a hash chain that does not verify (the first line that breaks it).
        DuplicateIdError: a unit, directive, task or outbox key already stored.
        InvalidTypeError: *stream* cannot be iterated as text lines.

    .. versionadded:: 0.1.0
    """
    p = _parse(stream)
    units, successions, directives, tasks = p.units, p.successions, p.directives, p.tasks
    outbox, settings, event_lines, count = p.outbox, p.settings, p.event_lines, p.count
    event_digests = p.event_digests
    for t, evs, task_line in tasks.values():
        most = 1 + len(evs) + MAX_EXTRA_WRITES
        if t.version > most:
            raise ImportFormatError(
                f"task {t.id!r} has version {t.version:,} but {len(evs)} events; a version "
                f"counts the writes to a task, at most 1 + events + {MAX_EXTRA_WRITES:,} "
                f"= {most:,} here; the file is damaged or forged", line=task_line)
    _check_histories(tasks, event_lines)
    _check_chains(tasks, event_lines, event_digests, require_digests=require_digests)
    _check_against_store(store, units, directives, tasks, outbox)
    if settings is not None:
        stored = store.get_settings()
        if stored is not None and stored != settings:
            raise DuplicateIdError("settings", _SETTINGS_KEY)
        if stored is not None:
            settings = None  # the same policy: nothing to write
    with store.transaction():
        if settings is not None:
            store.put_settings(settings)
        for u in units:
            store.add_unit(u)
        for s in successions:
            store.add_succession(s)
        for d in directives:
            store.add_directive(d)
        simple: list[tuple[Task, Sequence[TaskEvent]]] = []
        for t, evs, _ in tasks.values():
            if t.version == 1 + len(evs):  # what add_task would store: bulk it
                simple.append((t, evs))
                if len(simple) == 5000:
                    store.add_tasks_bulk(simple)
                    simple = []
            else:
                restore_task(store, t, evs)
        if simple:
            store.add_tasks_bulk(simple)
        for o in outbox:
            store.add_outbox_item(o)
    return count


def _check_histories(tasks: dict[str, tuple[Task, list[TaskEvent], int]],
                     event_lines: dict[str, list[int]]) -> None:
    """
    Refuse a backup whose task log the lifecycle rejects, naming the event's line.

    The one check of :func:`directive_tracker.integrity.check_history` (under
    :data:`~directive_tracker.integrity.STORAGE_POLICY`): in a backup every task's log is
    complete, so a log must start with its ``TaskAssigned`` (a removed or re-dated
    assignment line, an approval without a request are refused).
    """
    if not event_lines:
        return
    from ..calendars import vietnam_calendar
    from ..integrity import STORAGE_POLICY, history_problem

    cal = vietnam_calendar()
    for task_id, lines in event_lines.items():
        task, evs, lineno = tasks[task_id]
        problem = history_problem(task, evs, calendar=cal, policy=STORAGE_POLICY)
        if problem is not None:
            at = lineno if problem.event_index is None else lines[problem.event_index]
            raise ImportFormatError(
                f"task {task_id!r}: the lifecycle refuses its history: "
                f"{problem.describe()}; nothing was imported", line=at
            ) from problem.to_error()


def chain_problems(tasks: dict[str, tuple[Task, list[TaskEvent], int]],
                   event_lines: dict[str, list[int]],
                   event_digests: dict[str, list[str | None]], *,
                   require_digests: bool) -> list[tuple[int, str]]:
    """
    Return ``(line, message)`` for every task of a backup whose hash chain does not
    verify (:func:`directive_tracker.integrity.verify_chain`), in file order.

    A task whose events all lack a digest is a problem only with *require_digests*; a
    task whose events carry digests for some lines only is always one.
    """
    from ..integrity import verify_chain

    out: list[tuple[int, str]] = []
    for task_id, lines in event_lines.items():
        task, evs, task_line = tasks[task_id]
        digests = event_digests[task_id]
        missing = [i for i, d in enumerate(digests) if d is None]
        if len(missing) == len(digests):
            if require_digests:
                out.append((lines[0], f"task {task_id!r}: its events carry no digest (a "
                                      "backup written by directive_tracker 0.1, or digests "
                                      "removed); import it with require_digests=False "
                                      "(CLI: --unchained) only if you trust the file"))
            continue
        if missing:
            out.append((lines[missing[0]], f"task {task_id!r}: this event has no digest but "
                                           "others of the task have one; the file was edited"))
            continue
        breaks = verify_chain(task, evs, digests)
        if breaks:
            first = breaks[0]
            at = task_line if first.event_index is None else lines[first.event_index]
            out.append((at, f"task {task_id!r}: the hash chain does not verify: "
                            f"{first.describe()}; the backup was changed after it was "
                            "written"))
    return sorted(out)


def _check_chains(tasks: dict[str, tuple[Task, list[TaskEvent], int]],
                  event_lines: dict[str, list[int]],
                  event_digests: dict[str, list[str | None]], *,
                  require_digests: bool) -> None:
    """Refuse a backup whose hash chain does not verify, naming the first bad line."""
    problems = chain_problems(tasks, event_lines, event_digests,
                              require_digests=require_digests)
    if problems:
        line, message = problems[0]
        raise ImportFormatError(f"{message}; nothing was imported", line=line)


@attrs.frozen(kw_only=True)
class BackupCheck:
    """
    What :func:`verify_backup` found in a backup file.

    Args:
        tasks: tasks in the file.
        events: events in the file.
        unchained: tasks whose events carry no digest (a 0.1 backup).
        problems: ``(line, message)`` of every task whose hash chain does not verify.

    .. versionadded:: 0.2.0
    """

    tasks: int
    events: int
    unchained: int
    problems: tuple[tuple[int, str], ...]

    @property
    def ok(self) -> bool:
        """True when every chain in the file verifies (unchained tasks aside)."""
        return not self.problems


def verify_backup(stream: IO[str]) -> BackupCheck:
    """
    Read a JSON-lines backup and verify every task's hash chain, writing nothing.

    Raises:
        ImportFormatError: a line that is not a valid record (as :func:`import_records`).
        InvalidTypeError: *stream* cannot be read as text lines.

    .. versionadded:: 0.2.0
    """
    p = _parse(stream)
    unchained = sum(1 for ds in p.event_digests.values() if all(d is None for d in ds))
    return BackupCheck(
        tasks=len(p.tasks), events=sum(len(v[1]) for v in p.tasks.values()),
        unchained=unchained, problems=tuple(chain_problems(
            p.tasks, p.event_lines, p.event_digests, require_digests=False)))


def _key(kind: str, item: Any) -> tuple[str, str] | None:
    if kind == "unit":
        return (kind, item.code)
    if kind in ("directive", "task"):
        return (kind, item.id)
    if kind == "outbox":
        return (kind, item.key)
    if kind == "settings":
        return (kind, _SETTINGS_KEY)
    return None


def _check_against_store(store: Store, units: list[Any], directives: list[Any],
                         tasks: dict[str, tuple[Task, list[TaskEvent], int]],
                         outbox: list[Any]) -> None:
    stored_units = {u.code for u in store.get_units()}
    for u in units:
        if u.code in stored_units:
            raise DuplicateIdError("unit", u.code)
    stored_dirs = {d.id for d in store.get_directives()}
    for d in directives:
        if d.id in stored_dirs:
            raise DuplicateIdError("directive", d.id)
    known_dirs = stored_dirs | {d.id for d in directives}
    for t, _, lineno in tasks.values():
        if t.directive_id not in known_dirs:
            raise ImportFormatError(
                f"task {t.id!r} refers to directive {t.directive_id!r}, which is neither "
                "in the file nor in the store", line=lineno) from DirectiveNotFoundError(
                    t.directive_id)
    ids = list(tasks)
    for chunk in iter_chunks(ids, 500):
        existing = store.get_tasks(TaskQuery(ids=chunk, limit=1))
        if existing:
            raise DuplicateIdError("task", existing[0].id)
    stored_keys = {o.key for o in store.get_outbox_items()}
    for o in outbox:
        if o.key in stored_keys:
            raise DuplicateIdError("outbox item", o.key)
