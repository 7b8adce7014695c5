# SPDX-License-Identifier: MIT
"""
A mutation fuzzer for every public entry point of the fuzz suite (issue 17), cheap enough
to try 100,000 inputs per entry point in minutes.

The hypothesis tests beside this module (``test_fuzz_domain.py``,
``test_fuzz_boundaries.py``) draw their inputs from strategies; generating them costs
1.5–25 ms per input, so 100,000 inputs for each of the 60 entry points takes hours of
CPU.  This module reaches the same entry points the way coverage-free fuzzers such as
libFuzzer and atheris do: it starts from **seed inputs** (valid values of each entry
point, plus the issue's hostile payloads), and applies one to four random **mutations**
per input:

* text: insert special characters (NUL, controls, lone surrogates, bidi controls,
  U+2028, combining marks, ``=?``), random code points or parser keywords; delete,
  duplicate (up to past every length cap) or splice slices; replace the text with a
  pathological one (combining-mark runs of 29–32 and the 100,001-character bomb, text of
  exactly each cap and one over it); NFD, upper case, folding;
* values: other types in place of any value (None, booleans, integers at the edges of
  every width, NaN and infinities, lists, dicts, dates at the ends of ``datetime.date``,
  aware datetimes in years 1 and 9999 with any offset, naive datetimes), enum members
  swapped for others or for their values;
* structures: keys dropped, added, renamed; list items dropped, repeated (past
  ``MAX_ITEMS``), swapped; backup lines dropped, repeated, moved, cut or re-encoded.

Every call must return or raise a
:class:`~directive_tracker.exceptions.DirectiveTrackerError`, within ``--max-ms``
(100 ms) of CPU time of the calling thread; a call over the bound or slower than every
earlier one is timed twice more and the fastest of the three counts (as in conftest.py).
Where the hypothesis test checks an invariant of a result (a record survives
``to_dict``/``from_dict``, parsed text is NFC), the same check runs here.

Run it (from the repository root)::

    python -m tests.fuzz.mutation                       # every entry point, 100,000 each
    python -m tests.fuzz.mutation -n 20000 -j 2 text.fold "records.*"
    python -m tests.fuzz.mutation "!import_*" "!cli.*"    # all but those
    python -m tests.fuzz.mutation --list

Figures go to ``--out`` (default ``fuzz-results/mutation-<UTC time>/``): one JSON file per
entry point and ``summary.md``.  The exit code is 1 if any entry point failed.  The
ordinary test run exercises every entry point with 200 inputs
(``test_fuzz_mutation.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import enum
import fnmatch
import io
import json
import math
import multiprocessing
import os
import random
import sys
import tempfile
import time
import traceback
import unicodedata
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

import attrs

from directive_tracker.exceptions import DirectiveTrackerError

# The hypothesis modules register their settings profile in conftest.py at import.
from . import conftest as _conftest  # noqa: F401
from . import test_fuzz_boundaries as fb
from . import test_fuzz_domain as fd

__all__ = ["ENTRY_POINTS", "EntryPoint", "Mutator", "Outcome", "fuzz"]

# --------------------------------------------------------------------------- mutations

_SPECIAL_CHARS = (*fd._SPECIAL, "\u0085", "\u2066", "\u200e", "\x1b[31m", "\r\n", "=?", "?=",
                  "\ud83d", "\U0001f600", "\U000e0001")
_CAPS = (29, 30, 31, 60, 64, 65, 100, 128, 129, 200, 201, 300, 301, 500, 501, 1000,
         1001, 10_000, 10_001, 20_001)
_UNITS = ("\u0301", "\u0301\u0323", "\u0f73", "a", "x ", "ệ", "9/", "ngày ", "\ud800",
          "\u202e", "=?", "中", "\n")
_INTS = (0, -1, 1, 2, 7, 31, 32, 99, 100, 101, 255, 1000, 9999, 10_000, -(2 ** 31),
         2 ** 31 - 1, 2 ** 63 - 1, 2 ** 63, -(2 ** 63) - 1, 2 ** 64, 10 ** 30, 1_000_000_000)
_DATES = (date.min, date.max, date(1900, 1, 1), date(1911, 1, 1), date(1945, 9, 2),
          date(2025, 7, 1), date(2026, 2, 16), date(2026, 2, 20), date(2026, 12, 31),
          date(2099, 12, 31), date(9999, 12, 1))
_OFFSETS = (timedelta(0), timedelta(hours=7), timedelta(hours=-12), timedelta(hours=14),
            timedelta(hours=23, minutes=59), -timedelta(hours=23, minutes=59),
            timedelta(hours=7, minutes=6, seconds=30))


class Mutator:
    """Random mutations of text, values and structures (see the module docstring)."""

    def __init__(self, rng: random.Random, words: tuple[str, ...] = fd._WORDS,
                 splice: tuple[str, ...] = fd._VALID_INPUTS) -> None:
        self.rng = rng
        self.words = words
        self.splice = splice

    # -- text --------------------------------------------------------------------------

    def char(self) -> str:
        r = self.rng.random()
        if r < 0.5:
            return self.rng.choice(_SPECIAL_CHARS)
        if r < 0.7:
            return chr(self.rng.randrange(0x20, 0x7F))
        if r < 0.85:
            return chr(self.rng.randrange(0x80, 0x3000))
        return chr(self.rng.randrange(0, 0x110000))

    def text(self, s: str) -> str:
        for _ in range(self.rng.randint(1, 3)):
            s = self._text_once(s)
        return s

    def _text_once(self, s: str) -> str:
        rng = self.rng
        i = rng.randint(0, len(s))
        op = rng.randrange(12)
        if op == 0:
            return s[:i] + "".join(self.char() for _ in range(rng.randint(1, 4))) + s[i:]
        if op == 1:
            return s[:i] + rng.choice(self.words) + rng.choice(("", " ")) + s[i:]
        if op == 2 and s:
            j = rng.randint(i, min(len(s), i + 20))
            return s[:i] + s[j:]
        if op == 3 and s:  # repeat a slice, up to past the longest cap
            j = rng.randint(i, min(len(s), i + 8))
            piece = s[i:j] or s[:1]
            return s[:i] + piece * rng.choice((2, 3, 31, 200, 1001, 20_001 // len(piece))) + s[j:]
        if op == 4:
            unit = rng.choice(_UNITS)
            n = rng.choice(_CAPS)
            return rng.choice(("", s[:i], "trong ", "Số: 05/", "Đà Nẵng, ngày ")) + unit * n
        if op == 5:
            return rng.choice((fd.HEADER_PAYLOAD, fd.COMBINING_BOMB, "", " ", "x" * 1_000_001,
                               "a" + "\u0301" * 30, "a" + "\u0301" * 31))
        if op == 6:  # (long text: its head only; normalising a mark bomb is quadratic)
            return unicodedata.normalize(rng.choice(("NFD", "NFKD", "NFKC")), s[:300]) + s[300:]
        if op == 7:
            return rng.choice((s.upper(), s.lower(), s.casefold(), s.swapcase()))
        if op == 8:
            other = rng.choice(self.splice)
            k = rng.randint(0, len(other))
            return s[:i] + other[k:] if rng.random() < 0.5 else other[:k] + s[i:]
        if op == 9 and s:
            return s[:i]
        if op == 10 and s:  # replace one character
            return s[:i] + self.char() + s[i + 1:]
        return s + rng.choice(("", " ", ".", "\n", "\x00", "/", "-", "0", "9" * 20))

    # -- values ------------------------------------------------------------------------

    def odd(self, depth: int = 0) -> Any:
        """A value of any type (what a damaged file or a careless caller passes)."""
        rng = self.rng
        op = rng.randrange(14 if depth < 2 else 11)
        if op == 0:
            return None
        if op == 1:
            return rng.choice((True, False))
        if op == 2:
            return rng.choice(_INTS)
        if op == 3:
            return rng.choice((math.nan, math.inf, -math.inf, 0.5, -0.0, 1e308, 2.0))
        if op == 4:
            return self.text(rng.choice(self.splice))
        if op == 5:
            return rng.choice(_DATES)
        if op == 6:
            return self.datetime()
        if op == 7:
            return rng.choice(_DATES).isoformat()
        if op == 8:
            return self.datetime().isoformat() if rng.random() < 0.9 else "2026-01-05T08:00:00"
        if op == 9:
            return rng.choice(("", "T1", "SNV", "STC", "CT-05", "2026-Q1", "monthly",
                               "fixed_date", "assigned", "pending", "quarter", "receipt"))
        if op == 10:
            return self.text("")
        if op == 11:
            return [self.odd(depth + 1) for _ in range(rng.randint(0, 3))]
        if op == 12:
            return {self.text(""): self.odd(depth + 1) for _ in range(rng.randint(0, 3))}
        return b"\xff\x00bytes"

    def datetime(self) -> datetime:
        rng = self.rng
        if rng.random() < 0.3:
            d = rng.choice(_DATES)
        else:
            d = date.fromordinal(rng.randint(1, date.max.toordinal()))
        tz = timezone(rng.choice(_OFFSETS) if rng.random() < 0.8 else
                      timedelta(minutes=rng.randint(-1439, 1439)))
        dt = datetime(d.year, d.month, d.day, rng.randrange(24), rng.randrange(60),
                      rng.randrange(60), rng.choice((0, 999_999)))
        r = rng.random()
        return dt if r < 0.1 else dt.replace(tzinfo=UTC if r < 0.2 else tz)

    def value(self, v: Any, depth: int = 0) -> Any:
        """*v* mutated once (recursively into lists and dicts)."""
        rng = self.rng
        if rng.random() < 0.12 or depth > 4:
            return self.odd(depth)
        if isinstance(v, bool):
            return not v if rng.random() < 0.7 else self.odd(depth)
        if isinstance(v, enum.Enum):
            members = list(type(v))
            return rng.choice(members) if rng.random() < 0.6 else \
                rng.choice((v.value, v.name, str(v.value).upper()))
        if isinstance(v, int):
            return rng.choice((v + rng.randint(-3, 3), rng.choice(_INTS), -v, v * 1000))
        if isinstance(v, float):
            return rng.choice((math.nan, math.inf, -v, v * 1e300))
        if isinstance(v, str):
            return self.text(v)
        if isinstance(v, datetime):
            return self.datetime() if rng.random() < 0.8 else v.replace(tzinfo=None)
        if isinstance(v, date):
            r = rng.random()
            if r < 0.4:
                return rng.choice(_DATES)
            if r < 0.8:
                return date.fromordinal(min(max(v.toordinal() + rng.randint(-800, 800), 1),
                                            date.max.toordinal()))
            return v.isoformat()
        if isinstance(v, list | tuple):
            return type(v)(self.sequence(list(v), depth)) if isinstance(v, list) else \
                tuple(self.sequence(list(v), depth))
        if isinstance(v, dict):
            return self.mapping(v, depth)
        return self.odd(depth)

    def sequence(self, items: list[Any], depth: int = 0) -> list[Any]:
        rng = self.rng
        out = list(items)
        op = rng.randrange(6)
        if op == 0 and out:
            del out[rng.randrange(len(out))]
        elif op == 1 and out:
            k = rng.randrange(len(out))
            out[k:k] = [out[k]] * rng.choice((1, 2, 1001))
        elif op == 2:
            out.insert(rng.randint(0, len(out)), self.odd(depth + 1))
        elif op == 3 and len(out) > 1:
            a, b = rng.randrange(len(out)), rng.randrange(len(out))
            out[a], out[b] = out[b], out[a]
        elif op == 4 and out:
            k = rng.randrange(len(out))
            out[k] = self.value(out[k], depth + 1)
        else:
            out = [] if rng.random() < 0.3 else [*out, self.odd(depth + 1)]
        return out

    def mapping(self, d: dict[Any, Any], depth: int = 0, *, fixed_keys: bool = False
                ) -> dict[Any, Any]:
        """*d* with one value mutated, or (unless *fixed_keys*) a key dropped, added or
        renamed."""
        rng = self.rng
        out = dict(d)
        op = rng.randrange(6) if not fixed_keys else 4
        keys = list(out)
        if op == 0 and keys:
            del out[rng.choice(keys)]
        elif op == 1:
            out[rng.choice((self.text(""), rng.choice(_INTS), None))] = self.odd(depth + 1)
        elif op == 2 and keys:
            k = rng.choice(keys)
            out[self.text(str(k))] = out.pop(k)
        elif keys:
            k = rng.choice(keys)
            out[k] = self.value(out[k], depth + 1)
        return out

    def record(self, d: dict[Any, Any], *, fixed_keys: bool = False) -> Any:
        """One to four mutations of a dict (rarely, unless *fixed_keys*: anything)."""
        if not fixed_keys and self.rng.random() < 0.03:
            return self.odd()
        for _ in range(self.rng.randint(1, 4)):
            d = self.mapping(d, fixed_keys=fixed_keys)
        return d


# --------------------------------------------------------------------------- entry points

@attrs.frozen
class EntryPoint:
    """
    One public entry point: its seed inputs, how to mutate one, what the timed call does,
    and (optionally) what is prepared outside the timed call (a file) and a check of a
    successful result.
    """

    name: str
    seeds: tuple[Any, ...]
    mutate: Callable[[Mutator, Any], Any]
    call: Callable[[Any], Any]
    prepare: Callable[[Any, Path], Any] | None = None
    check: Callable[[Any, Any], None] | None = None


def _text_mutate(m: Mutator, s: Any) -> Any:
    return m.text(s) if m.rng.random() < 0.97 else m.odd()


def _kwargs_mutate(m: Mutator, kw: dict[str, Any]) -> dict[str, Any]:
    return m.record(kw, fixed_keys=True) if isinstance(kw, dict) else kw


def _record_mutate(m: Mutator, d: Any) -> Any:
    return m.record(d) if isinstance(d, dict) else m.odd()


def _nfc(*texts: Any) -> None:
    for t in texts:
        if isinstance(t, str):
            assert unicodedata.is_normalized("NFC", t), t[:80]


def _parser(name: str, fn: Callable[[str], Any], seeds: tuple[str, ...] = fd._VALID_INPUTS,
            check: Callable[[Any, Any], None] | None = None) -> EntryPoint:
    return EntryPoint(name, seeds, _text_mutate, fn, check=check)


def _check_document_number(inp: Any, number: Any) -> None:
    from directive_tracker.documents import DocumentNumber

    assert DocumentNumber.parse(str(number), typed=number.doc_type is not None) == number


def _check_event(inp: Any, event: Any) -> None:
    from directive_tracker.events import event_from_dict, event_to_dict

    assert event_from_dict(event_to_dict(event)) == event


def _check_record(inp: Any, obj: Any) -> None:
    from directive_tracker import records

    assert records.from_dict(records.to_dict(obj)) == obj


def _kw(cls: Callable[..., Any]) -> Callable[[Any], Any]:
    return lambda kw: cls(**kw)


def _domain_entry_points() -> list[EntryPoint]:
    from directive_tracker.deadlines import FixedDate, rule_from_dict
    from directive_tracker.directives import Directive, DirectiveOrigin
    from directive_tracker.documents import (
        DocumentNumber,
        DocumentType,
        format_date_line,
        parse_date_line,
    )
    from directive_tracker.events import EVENT_TYPES, event_from_dict
    from directive_tracker.periods import ReportingPeriod
    from directive_tracker.phrases import parse_deadline
    from directive_tracker.tasks import Priority, Task
    from directive_tracker.units import Succession, SuccessionKind, Unit, UnitKind

    at = datetime(2026, 1, 5, 8, tzinfo=timezone(timedelta(hours=7)))
    eps = [
        _parser("parse_deadline", parse_deadline),
        EntryPoint("DocumentNumber.parse", tuple({"text": s, "typed": t}
                                                 for s in fd._VALID_INPUTS
                                                 for t in (None, True, False)),
                   lambda m, kw: {"text": m.text(kw["text"]),
                                  "typed": m.rng.choice((None, True, False))},
                   lambda kw: DocumentNumber.parse(kw["text"], typed=kw["typed"]),
                   check=_check_document_number),
        _parser("DocumentType.from_abbreviation", DocumentType.from_abbreviation,
                ("QĐ", "CT", "TB", "qd", "CTr", "NQ", "KH", "BC", "UBND")),
        _parser("parse_date_line", parse_date_line,
                check=lambda i, r: _nfc(r[0])),
        EntryPoint("format_date_line", ({"place": "Đà Nẵng", "d": date(2020, 1, 5)},
                                        {"place": "Hà Nội", "d": date(2026, 12, 3)}),
                   _kwargs_mutate, lambda kw: format_date_line(kw["place"], kw["d"])),
        _parser("ReportingPeriod.parse", ReportingPeriod.parse),
        EntryPoint("rule_from_dict", fd._VALID_RULES, _record_mutate, rule_from_dict),
        EntryPoint("ReportingPeriod.from_dict",
                   ({"kind": "quarter", "year": 2024, "index": 2},
                    {"kind": "year", "year": 2025, "index": None}),
                   _record_mutate, ReportingPeriod.from_dict),
        EntryPoint("event_from_dict", fd._VALID_EVENTS, _record_mutate, event_from_dict,
                   check=_check_event),
        EntryPoint("Unit", ({"code": "SNV", "name": "Sở Nội vụ", "kind": UnitKind.DEPARTMENT,
                             "parent": "UBND", "valid_from": None, "valid_to": None},
                            {"code": "UBND_XA_HOA_VANG", "name": "UBND xã Hòa Vang",
                             "kind": UnitKind.COMMUNE, "parent": None,
                             "valid_from": date(2025, 7, 1), "valid_to": None}),
                   _kwargs_mutate, _kw(Unit),
                   check=lambda i, u: _nfc(u.code, u.name, u.parent)),
        EntryPoint("Succession", ({"kind": SuccessionKind.MERGE,
                                   "predecessors": ["SNV", "STC"], "successors": ["SNV"],
                                   "effective": date(2025, 7, 1), "document": "NQ 1/NQ-HĐND",
                                   "receiver": "SNV", "note": "Hợp nhất"},),
                   _kwargs_mutate, _kw(Succession)),
        EntryPoint("Task", ({"id": "T1", "directive_id": "CT-05", "content": "Rà soát",
                             "lead_unit": "SNV", "coordinating_units": ["STC"],
                             "deadline": FixedDate(date=date(2026, 5, 15)),
                             "anchor": date(2026, 1, 5), "due_date": date(2026, 5, 15),
                             "assigned_on": date(2026, 1, 5), "parent_id": None,
                             "priority": Priority.NORMAL, "tags": ["cải cách"],
                             "version": 1},),
                   _kwargs_mutate, _kw(Task), check=lambda i, t: _nfc(t.id, t.content)),
        EntryPoint("Directive", ({"id": "CT-05", "number": DocumentNumber.parse("05/CT-UBND"),
                                  "origin": DirectiveOrigin.DOCUMENT,
                                  "issuer": "UBND tỉnh", "signer": "Nguyễn Văn An",
                                  "issue_date": date(2026, 1, 2),
                                  "received_date": date(2026, 1, 5), "summary": "Chỉ thị",
                                  "parent_id": None},),
                   _kwargs_mutate, _kw(Directive)),
        EntryPoint("DocumentNumber", ({"number": 5, "year": 2025,
                                       "doc_type": DocumentType.QUYET_DINH,
                                       "issuer": "UBND", "unit": None},
                                      {"number": 123, "year": None, "doc_type": None,
                                       "issuer": "UBND", "unit": "KT"}),
                   _kwargs_mutate, _kw(DocumentNumber)),
    ]
    extras = {"percent": 50, "attachments": ("bc.pdf",), "requested_due": date(2026, 2, 1),
              "new_due": date(2026, 2, 2), "previous_due": date(2026, 1, 5),
              "completed_on": date(2026, 1, 5), "from_unit": "SNV", "to_unit": "STC",
              "waiting_on": "BTC"}
    for cls in sorted(EVENT_TYPES.values(), key=lambda c: c.kind):
        kwargs: dict[str, Any] = {"task_id": "T1", "at": at, "actor": "SNV", "note": ""}
        for f in cls.__attrs_attrs__:
            if f.name not in kwargs:
                kwargs[f.name] = extras.get(f.name, "Lý do")
        eps.append(EntryPoint(cls.__name__, (kwargs,), _kwargs_mutate, _kw(cls)))
    latin1 = ("a" + "\xb0\xb1" * 40, "Ì\x81" * 40, "Quyáº¿t Ä‘á»‹nh", "QuyÕt ®Þnh",
              "Quyeát ñònh")
    for name, fn in sorted(fd._TEXT_FUNCTIONS.items()):
        eps.append(_parser(name, fn, fd._VALID_INPUTS + latin1))
    return eps


# -- boundaries --------------------------------------------------------------------------

def _records_entry_points() -> list[EntryPoint]:
    from directive_tracker import records

    eps = []
    for kind, sample in sorted(fb.SAMPLES.items()):
        eps.append(EntryPoint(
            f"records.from_dict[{kind}]",
            ({"record": sample, "kind": kind.partition(".")[0]},),  # "kind.form" samples
            lambda m, inp: {"record": _record_mutate(m, inp["record"]),
                            "kind": m.rng.choice((None, inp["kind"]))},
            lambda inp: records.from_dict(inp["record"], kind=inp["kind"]),
            check=_check_record))
    return eps


def _backup_mutate(m: Mutator, lines: list[str]) -> list[str]:
    rng = m.rng
    out = list(lines)
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(out)) if out else 0
        op = rng.randrange(8)
        if not out or op == 0:
            out.insert(i, m.text("") if rng.random() < 0.5 else json.dumps(m.odd(), default=str))
        elif op == 1:
            del out[i]
        elif op == 2:
            out.insert(rng.randint(0, len(out)), out[i])
        elif op == 3:
            j = rng.randrange(len(out))
            out[i], out[j] = out[j], out[i]
        elif op == 4:
            k = rng.randint(0, len(out[i]))
            out[i] = out[i][:k] + m.char() + out[i][k + 1:]
        elif op == 5:
            out[i] = out[i][:rng.randint(0, len(out[i]))]
        else:
            try:
                obj = json.loads(out[i])
            except ValueError:
                continue
            if isinstance(obj, dict) and isinstance(obj.get("data"), dict) and obj["data"]:
                obj["data"] = m.record(obj["data"])
            elif isinstance(obj, dict):
                obj = m.record(obj)
            try:
                out[i] = json.dumps(obj, ensure_ascii=rng.random() < 0.5, default=str)
            except (ValueError, TypeError):  # NaN is fine for json; other types use str
                continue
    return out


def _backup_text(lines: list[str], rng_end: str = "\n") -> str:
    return "\n".join(lines) + rng_end


def _eoffice_seed() -> dict[str, Any]:
    fields = list(fb.TEMPLATE_HEADERS)
    rows = [[fb.TEMPLATE_HEADERS[f] for f in fields]]
    for n in range(3):
        rows.append([fb._EOFFICE_ROW[f].replace("E1", f"E{n}") for f in fields])
    return {"rows": rows, "delimiter": ",", "encoding": "utf-8", "raw": None,
            "write_valid": False}


#: Most rows (header included) and cells per row of a fuzzed e-office file.
_EOFFICE_ROWS = 30


def _eoffice_mutate(m: Mutator, inp: dict[str, Any]) -> dict[str, Any]:
    rng = m.rng
    rows = [list(r) for r in inp["rows"]]
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(10)
        if op < 6 and rows:  # a cell
            r = rng.randrange(len(rows))
            if rows[r]:
                c = rng.randrange(len(rows[r]))
                rows[r][c] = m.text(rows[r][c]) if rng.random() < 0.8 else rng.choice(
                    ("", "=1+1", "45292", "31/02/2026", "Hoàn thành", "sở nội vụ",
                     "QuyÕt ®Þnh", "01/01/1900", "STC; STC; SNV", str(rng.choice(_INTS))))
        elif op == 6 and rows:
            r = rng.randrange(len(rows))
            rows[r] = m.sequence(rows[r])
            rows[r] = [c if isinstance(c, str) else str(c) for c in rows[r]]
        elif op == 7:
            rows = m.sequence(rows)
            rows = [r if isinstance(r, list) else [str(r)] for r in rows]
            rows = [[c if isinstance(c, str) else str(c) for c in r] for r in rows]
        elif op == 8:
            rows.insert(0, [m.text("")])
        else:
            rows = rows[:rng.randint(0, len(rows))]
    # A few rows, as the hypothesis test draws (a long file costs linear time: that is
    # the e-office benchmark's business, not a fuzzed input's).
    rows = [r[:40] for r in rows[:_EOFFICE_ROWS]]
    return {"rows": rows, "delimiter": rng.choice((",", ";", "\t")),
            "encoding": rng.choice(("utf-8", "utf-8-sig", "cp1252")),
            "raw": None if rng.random() < 0.95 else bytes(
                rng.randrange(256) for _ in range(rng.randint(0, 200))),
            "write_valid": rng.random() < 0.5}


def _prepare_csv(inp: dict[str, Any], workdir: Path) -> tuple[Path, bool]:
    path = workdir / "e.csv"
    data = inp["raw"] if inp["raw"] is not None else \
        fb._csv_bytes(inp["rows"], inp["delimiter"], inp["encoding"])
    path.write_bytes(data)
    return path, inp["write_valid"]


def _xml_text(s: str) -> str:
    """*s* without the characters XML 1.0 cannot hold (what a spreadsheet can contain)."""
    return "".join(c for c in s if c in "\t\n\r" or "\x20" <= c <= "\ud7ff"
                   or "\ue000" <= c <= "\ufffd" or c >= "\U00010000")


def _xlsx_bytes(rows: list[list[str]], numbers: bool) -> bytes:
    """A minimal .xlsx (inline strings; digits as numbers when *numbers*): written by hand,
    10–20 times faster than openpyxl, so the fuzz time goes to the reader."""
    def cell(r: int, c: int, v: str) -> str:
        col = ""
        n = c + 1
        while n:
            n, rem = divmod(n - 1, 26)
            col = chr(65 + rem) + col
        if numbers and v.isdigit() and len(v) < 12:
            return f'<c r="{col}{r}"><v>{v}</v></c>'
        return f'<c r="{col}{r}" t="inlineStr"><is><t xml:space="preserve">' \
               f"{escape(_xml_text(v))}</t></is></c>"
    sheet = "".join(f'<row r="{r}">' + "".join(cell(r, c, v) for c, v in enumerate(row))
                    + "</row>" for r, row in enumerate(rows, 1))
    ns = "http://schemas.openxmlformats.org"
    files = {
        "[Content_Types].xml":
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{ns}/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            'sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            'worksheet+xml"/></Types>',
        "_rels/.rels":
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml":
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}/'
            f'spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml":
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}/spreadsheetml/'
            f'2006/main"><sheetData>{sheet}</sheetData></worksheet>',
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, body in files.items():
            z.writestr(name, body.encode("utf-8", errors="replace"))
    return buf.getvalue()


def _prepare_xlsx(inp: dict[str, Any], workdir: Path) -> tuple[Path, bool]:
    path = workdir / "e.xlsx"
    data = _xlsx_bytes(inp["rows"], numbers=inp["encoding"] == "cp1252")
    if inp["raw"] is not None:  # a damaged workbook: bytes cut or overwritten
        k = len(inp["raw"]) % max(len(data), 1)
        data = data[:k] + inp["raw"] + data[k + len(inp["raw"]):]
    path.write_bytes(data)
    return path, False


def _eoffice_call(prepared: tuple[Path, bool]) -> Any:
    return fb._eoffice(*prepared)


def _prepare_notice(inp: Any, workdir: Path) -> Path:
    doc, ascii_, cut = inp
    try:
        text = json.dumps(doc, ensure_ascii=ascii_, default=str)
    except (ValueError, TypeError):
        text = "{}"
    if cut is not None:
        k = cut % (len(text) + 1)
        text = text[:k] + text[k + 1:]
    path = workdir / "n.json"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    return path


def _notice_mutate(m: Mutator, inp: Any) -> Any:
    doc = inp[0]
    if isinstance(doc, dict) and isinstance(doc.get("entries"), list) and doc["entries"] \
            and m.rng.random() < 0.5:
        doc = dict(doc)
        doc["entries"] = list(doc["entries"])
        i = m.rng.randrange(len(doc["entries"]))
        e = doc["entries"][i]
        doc["entries"][i] = m.record(e) if isinstance(e, dict) else m.odd()
    else:
        doc = _record_mutate(m, doc)
    return (doc, m.rng.random() < 0.5, None if m.rng.random() < 0.9 else m.rng.randrange(400))


_URL_SEEDS = ("sqlite:///a.sqlite3", "sqlite://", "memory://", "sqlite:///:memory:",
              "SQLite:///x.db", "sqlite:a.db", "memory:", "postgresql://h/db", "x://y",
              "sqlite:///a%20b.sqlite3", "sqlite:///%ff.db", "sqlite:///a?mode=ro")


def _open_store_call(url: str) -> Any:
    from directive_tracker.bootstrap import open_store

    return open_store(url)


def _allowed_url(url: Any) -> bool:
    """What test_open_store lets through: no PostgreSQL (network), no file outside the
    temporary directory."""
    from directive_tracker.bootstrap import sqlite_path_from_url, url_scheme

    if not isinstance(url, str):
        return True
    try:
        if url_scheme(url) in ("postgresql", "postgres"):
            return False
        path = sqlite_path_from_url(url)
    except DirectiveTrackerError:
        return True
    return path in (None, ":memory:") or not (os.path.isabs(path) or ".." in path)


_CLI_SEEDS = (
    ["report", "summary", "--as-of", "2026-01-12"], ["report", "scoreboard"],
    ["--lang", "en", "report", "overdue", "--unit", "SNV"],
    ["--format", "json", "report", "directives"], ["report", "upcoming", "--as-of", "2026-01-19"],
    ["remind", "--as-of", "2026-01-19"], ["remind", "--as-of", "2026-01-19", "--letter"],
    ["export", "--output", "x.jsonl"], ["import", "backup.jsonl", "--dry-run"],
    ["import", "e.csv"], ["check"], ["deadline", "trong 10 ngày làm việc", "--explain"],
    ["deadline", "trước ngày 20 hằng tháng", "--from", "2026-01-05"], ["calendar", "2026"],
    ["calendar", "--check"], ["--format", "csv", "report", "summary", "--period", "Quý I/2026"],
    ["series", "T2"], ["rebuild"], ["report", "summary", "--output", "x.html"],
)
_CLI_WORDS = ("report", "remind", "export", "import", "check", "deadline", "calendar",
              "series", "rebuild", "--as-of", "--period", "--by", "--unit", "--explain",
              "--output", "--lang", "--format", "--limit", "--letter", "--dry-run",
              "--write-valid-rows", "--from", "--day-off", "--working-day", "-h", "--help",
              "vi", "en", "csv", "json", "table", "2026-01-12", "12/01/2026", "SNV", "T1",
              "x.csv", "x.docx", "x.xlsx", "o.sqlite3-wal", "-1", "0", "\x00", "")


def _cli_mutate(m: Mutator, argv: list[str]) -> list[str]:
    rng = m.rng
    out = list(argv)
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(5)
        i = rng.randint(0, len(out))
        if op == 0:
            out.insert(i, rng.choice(_CLI_WORDS))
        elif op == 1 and out:
            del out[min(i, len(out) - 1)]
        elif op == 2 and out:
            k = min(i, len(out) - 1)
            out[k] = m.text(out[k]).replace("/", "_").replace("\\", "_")
        elif op == 3:
            out.insert(i, m.text(rng.choice(m.splice)).replace("/", "_").replace("\\", "_"))
        elif out:
            k = min(i, len(out) - 1)
            out[k] = rng.choice(_CLI_WORDS)
    return out


def _cli_call(argv: list[str]) -> int:
    from directive_tracker.cli import main

    old = sys.stdout, sys.stderr
    out, err = io.StringIO(), io.StringIO()
    sys.stdout, sys.stderr = out, err
    try:
        code = main(argv, store=fb._seeded())
    finally:
        sys.stdout, sys.stderr = old
    assert code in (0, 1, 2, 3, 4, 5), (code, argv, err.getvalue()[-500:])
    assert "Traceback" not in err.getvalue(), (argv, err.getvalue()[-2000:])
    return code


_OUTBOX_STORE: list[Any] = []


def _outbox_payloads_call(kw: Any) -> Any:
    """``Store.outbox_payloads`` of an SQLite store holding two reminders' outbox items
    (one store per process, made on first use: the call only reads)."""
    if not isinstance(kw, dict):
        return None
    if not _OUTBOX_STORE:
        from directive_tracker.storage import SQLiteStore
        from directive_tracker.storage.outbox import OutboxItem

        store = SQLiteStore(":memory:")
        at = datetime(2026, 1, 5, 8, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
        for key in ("reminder:T1:SNV:unit:2026-01-05:on_due:due=2026-01-05",
                    "reminder:T1:SNV:head:2026-01-12:overdue:due=2026-01-05"):
            store.add_outbox_item(OutboxItem(key=key, created_at=at,
                                             payload={"task_id": "T1", "slot": "on_due"}))
        _OUTBOX_STORE.append(store)
    return _OUTBOX_STORE[0].outbox_payloads(kw.get("ranges"), fields=kw.get("fields"))


def _boundary_entry_points() -> list[EntryPoint]:
    from directive_tracker.bootstrap import sqlite_path_from_url, url_scheme
    from directive_tracker.calendars import CalendarPolicy
    from directive_tracker.occurrences import Series
    from directive_tracker.periods import DayOfLastMonth, ReportingPeriod
    from directive_tracker.phrases import parse_deadline
    from directive_tracker.settings import ProvincePolicy
    from directive_tracker.storage.memory import MemoryStore

    def check_key(inp: Any, period: Any) -> None:
        assert ReportingPeriod.from_key(period.key) == period

    def series_mutate(m: Mutator, inp: dict[str, Any]) -> dict[str, Any]:
        """The rule's fields (never its keys: the test builds ``Recurring(**rule)``, as
        the hypothesis test's fixed dictionaries do), the phrase, the dates, the span."""
        out = dict(inp)
        for _ in range(m.rng.randint(1, 3)):
            field = m.rng.choice(("rule", "rule", "start", "span", "end"))
            rule = out["rule"]
            if field != "rule":
                out[field] = m.value(out[field]) if out[field] is not None else \
                    m.rng.choice((None, m.rng.randint(-30, 20 * 366), m.rng.choice(_INTS)))
            elif isinstance(rule, dict):
                out["rule"] = m.record(rule, fixed_keys=True)
            else:
                out["rule"] = m.text(rule) if m.rng.random() < 0.7 else \
                    m.rng.choice(fb._RECURRING)
        return out

    def occurrences(inp: dict[str, Any]) -> Any:
        if not isinstance(inp["rule"], dict | str) or not isinstance(inp["start"], date) \
                or not isinstance(inp["span"], int) \
                or not isinstance(inp["end"], int | None) or isinstance(inp["end"], bool):
            return None  # the hypothesis test's shapes only (its helper would TypeError)
        if isinstance(inp["rule"], dict) and not all(isinstance(k, str) for k in inp["rule"]):
            return None
        return fb._occurrences(inp["rule"], inp["start"], inp["span"], inp["end"])

    eps = [
        _parser("ReportingPeriod.from_key", ReportingPeriod.from_key,
                ("2024", "2024-Q2", "2024-H1", "2024-9M", "2024-05", "2024-12", "0001-Q1",
                 "9999"), check=check_key),
        _parser("DayOfLastMonth.parse", DayOfLastMonth.parse, fb._SUBMISSION),
        EntryPoint("ProvincePolicy.from_dict", (fb._POLICY,), _record_mutate,
                   ProvincePolicy.from_dict),
        EntryPoint("CalendarPolicy.from_dict", (fb._POLICY["calendar"],), _record_mutate,
                   CalendarPolicy.from_dict),
        _parser("parse_deadline (recurring)", parse_deadline, fb._RECURRING),
        EntryPoint("Series.occurrences", tuple(
            {"rule": r, "start": date(2026, 1, 5), "span": 400, "end": None}
            for r in (*fb._RECURRING, {"freq": "monthly", "day": 20, "month": None,
                                      "weekday": None, "roll": True})),
            series_mutate, occurrences),
        EntryPoint("Series.until", ({"text": "đến hết năm 2027", "start": date(2026, 1, 5)},
                                    {"text": "đến ngày 31/12/2026", "start": date(2026, 1, 5)}),
                   lambda m, kw: {"text": _text_mutate(m, kw["text"]),
                                  "start": m.value(kw["start"])},
                   lambda kw: Series.until(kw["text"], kw["start"], fb._CAL)),
        EntryPoint("import_jsonl (memory)", (list(fb.BACKUP_LINES),), _backup_mutate,
                   lambda lines: fb._import_into(MemoryStore, _backup_text(lines))),
        EntryPoint("import_jsonl (sqlite)", (list(fb.BACKUP_LINES),), _backup_mutate,
                   lambda lines: fb._import_into(fb._sqlite_memory, _backup_text(lines))),
        EntryPoint("import_eoffice (csv)", (_eoffice_seed(),), _eoffice_mutate,
                   _eoffice_call, prepare=_prepare_csv),
        EntryPoint("import_eoffice (xlsx)", (_eoffice_seed(),), _eoffice_mutate,
                   _eoffice_call, prepare=_prepare_xlsx),
        EntryPoint("load_notices", ((fb._NOTICE, True, None),), _notice_mutate,
                   fb._load_uncached, prepare=_prepare_notice),
        _parser("url_scheme", url_scheme, _URL_SEEDS),
        _parser("sqlite_path_from_url", sqlite_path_from_url, _URL_SEEDS),
        EntryPoint("open_store", _URL_SEEDS, _text_mutate, _open_store_call),
        EntryPoint("cli.main(argv)", _CLI_SEEDS, _cli_mutate, _cli_call),
        EntryPoint("Store.outbox_payloads (sqlite)",
                   ({"ranges": [("reminder:T1:SNV:unit:", "reminder:T1:SNV:unit;")],
                     "fields": ["task_id", "slot"]},
                    {"ranges": [("reminder:T1:", "reminder:T1;"), ("", "r")],
                     "fields": []}),
                   _kwargs_mutate, _outbox_payloads_call),
    ]
    return eps


def _all_entry_points() -> dict[str, EntryPoint]:
    eps = _domain_entry_points() + _records_entry_points() + _boundary_entry_points()
    out = {ep.name: ep for ep in eps}
    assert len(out) == len(eps), "entry point names must be distinct"
    return out


ENTRY_POINTS: dict[str, EntryPoint] = _all_entry_points()

#: Inputs an entry point skips rather than calls (the hypothesis tests' filters).
_SKIP: dict[str, Callable[[Any], bool]] = {
    "open_store": lambda url: not _allowed_url(url),
    "cli.main(argv)": lambda argv: not fb._safe(argv),
}


# --------------------------------------------------------------------------- the run

#: The largest input tried, in characters of text (and items): stacked repetitions can
#: build a gigabyte, whose cost is linear in its size (quoting it, copying it) and says
#: nothing about the library.  The hypothesis strategies stay below it too (their longest
#: sample is 1,000,000 characters).
MAX_INPUT_CHARS = 2_000_000


def _size(value: Any, limit: int = MAX_INPUT_CHARS) -> int:
    """About how many characters and items *value* holds (stops counting past *limit*)."""
    total = 0
    stack = [value]
    while stack and total <= limit:
        v = stack.pop()
        if isinstance(v, str | bytes):
            total += len(v)
        elif isinstance(v, dict):
            total += len(v)
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list | tuple):
            total += len(v)
            stack.extend(v)
        else:
            total += 1
    return total


@attrs.define
class Outcome:
    """The figures of one entry point."""

    name: str
    inputs: int = 0
    refused: int = 0
    slowest_ms: float = 0.0
    slowest_input: str = ""
    failures: list[str] = attrs.Factory(list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


def _short(value: Any, limit: int = 300) -> str:
    try:
        text = repr(value)
    except Exception:  # a repr that fails still names its type
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[:limit] + f"… ({len(text):,} chars)"


_REFUSED = object()


def _timed(fn: Callable[[Any], Any], arg: Any) -> tuple[Any, float]:
    start = time.thread_time()
    try:
        result = fn(arg)
    except DirectiveTrackerError:
        result = _REFUSED
    return result, time.thread_time() - start


def _release(result: Any) -> None:
    close = getattr(result, "close", None)
    if result is not _REFUSED and callable(close):
        with contextlib.suppress(DirectiveTrackerError):
            close()


def fuzz(ep: EntryPoint, n: int, *, seed: int = 0, max_ms: float = 100.0,
         max_failures: int = 10) -> Outcome:
    """Try *n* mutated inputs on *ep*; return its figures (failures listed, not raised)."""
    rng = random.Random(f"{seed}:{ep.name}")
    m = Mutator(rng)
    out = Outcome(ep.name)
    skip = _SKIP.get(ep.name)
    begin = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dt-mutate-") as tmp:
        workdir = Path(tmp)
        (workdir / "backup.jsonl").write_text("\n".join(fb.BACKUP_LINES) + "\n",
                                              encoding="utf-8")
        keep = set(os.listdir(workdir))
        with fb._inside(workdir):
            while out.inputs < n and len(out.failures) < max_failures:
                inp = rng.choice(ep.seeds)
                try:
                    inp = ep.mutate(m, inp)
                except RecursionError:
                    continue
                if (skip is not None and skip(inp)) or _size(inp) > MAX_INPUT_CHARS:
                    continue
                try:
                    arg = inp if ep.prepare is None else ep.prepare(inp, workdir)
                    result, elapsed = _timed(ep.call, arg)
                    if elapsed * 1000 > max_ms or elapsed > max(out.slowest_ms / 1000, 0.002):
                        again = [_timed(ep.call, arg) for _ in range(2)]
                        for extra, _ in again:
                            _release(extra)
                        elapsed = min(elapsed, *(t for _, t in again))
                    out.inputs += 1
                    if result is _REFUSED:
                        out.refused += 1
                    elif ep.check is not None:
                        ep.check(inp, result)
                    _release(result)
                    if elapsed * 1000 > out.slowest_ms:
                        out.slowest_ms, out.slowest_input = elapsed * 1000, _short(inp)
                    if elapsed * 1000 > max_ms:
                        out.failures.append(f"{elapsed * 1000:.1f} ms on {_short(inp)}")
                except Exception as e:  # a failure is recorded, not raised
                    out.inputs += 1
                    tb = "".join(traceback.format_exception(e)[-6:])
                    out.failures.append(f"{type(e).__name__}: {_short(str(e), 200)} on "
                                        f"{_short(inp)}\n{tb}")
                for name in set(os.listdir(workdir)) - keep:  # files an input left
                    with contextlib.suppress(OSError):
                        (workdir / name).unlink()
    out.seconds = time.perf_counter() - begin
    return out


def _run_one(job: tuple[str, int, int, float, str]) -> dict[str, Any]:
    name, n, seed, max_ms, out_dir = job
    with contextlib.suppress(OSError):
        os.nice(19)
    outcome = fuzz(ENTRY_POINTS[name], n, seed=seed, max_ms=max_ms)
    data = outcome.to_dict()
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in name)
    Path(out_dir, f"{safe}.json").write_text(json.dumps(data, ensure_ascii=True, indent=1),
                                             encoding="utf-8")
    with open(Path(out_dir, "log.txt"), "a", encoding="utf-8") as log:
        log.write(f"{datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ} {name} inputs={outcome.inputs} "
                  f"failures={len(outcome.failures)} seconds={outcome.seconds:.0f}\n")
    return data


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.fuzz.mutation",
                                description=__doc__.split("\n\n")[0])
    p.add_argument("patterns", nargs="*",
                   help="entry point names (shell patterns; '!PATTERN' leaves out)")
    p.add_argument("-n", "--inputs", type=int, default=100_000)
    p.add_argument("-j", "--jobs", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--max-ms", type=float, default=100.0)
    p.add_argument("--out", default=None)
    p.add_argument("--list", action="store_true")
    a = p.parse_args(argv)
    take = [pat for pat in a.patterns if not pat.startswith("!")]
    drop = [pat[1:] for pat in a.patterns if pat.startswith("!")]
    names = [n for n in ENTRY_POINTS
             if (not take or any(fnmatch.fnmatchcase(n, pat) for pat in take))
             and not any(fnmatch.fnmatchcase(n, pat) for pat in drop)]
    if a.list:
        print("\n".join(names))
        return 0
    out_dir = Path(a.out or f"fuzz-results/mutation-{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
    out_dir.mkdir(parents=True, exist_ok=True)
    print(f"mutation fuzz: {len(names)} entry points x {a.inputs:,} inputs, {a.jobs} "
          f"job(s), results in {out_dir}", flush=True)
    jobs = [(name, a.inputs, a.seed, a.max_ms, str(out_dir)) for name in names]
    if a.jobs > 1:
        with multiprocessing.get_context("fork").Pool(a.jobs, maxtasksperchild=1) as pool:
            results = pool.map(_run_one, jobs, chunksize=1)
    else:
        results = [_run_one(job) for job in jobs]
    lines = ["| Entry point | inputs | refused | slowest ms | failures |",
             "|---|---:|---:|---:|---:|"]
    for r in sorted(results, key=lambda r: r["name"]):
        lines.append(f"| `{r['name']}` | {r['inputs']:,} | {r['refused']:,} | "
                     f"{r['slowest_ms']:.2f} | {len(r['failures'])} |")
    total = sum(r["inputs"] for r in results)
    lines.append(f"| **total ({len(results)} entry points)** | **{total:,}** | | "
                 f"**{max((r['slowest_ms'] for r in results), default=0):.2f}** | "
                 f"**{sum(len(r['failures']) for r in results)}** |")
    summary = "\n".join(lines)
    (out_dir / "summary.md").write_text(summary + "\n", encoding="utf-8")
    print(summary)
    for r in results:
        for f in r["failures"][:3]:
            print(f"\nFAILED {r['name']}: {f}")
    return 1 if any(r["failures"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
