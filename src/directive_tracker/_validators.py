# SPDX-License-Identifier: MIT
"""
Private input checks shared by every module (converters and validators, as in apscheduler).

Public functions call these at their boundary so that bad input fails early with a
library error that names the parameter and what is allowed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo
from typing import Any

import attrs

from ._tz import VN_TZ
from .exceptions import InvalidTypeError, ValidationError

#: The time zone of every timestamp the library produces (UTC+7, no DST); falls back to
#: a fixed UTC+7 offset where no time-zone database exists (see :mod:`._tz`).
VIETNAM_TZ: tzinfo = VN_TZ


def check_date(value: object, param_name: str = "date") -> date:
    """Return *value* if it is a ``date`` (and not a ``datetime``), else raise InvalidTypeError."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidTypeError(param_name, value, "a datetime.date (not a datetime)")
    return value


def check_optional_date(value: object, param_name: str = "date") -> date | None:
    """Like :func:`check_date` but let ``None`` through."""
    if value is None:
        return None
    return check_date(value, param_name)


def check_int(value: object, param_name: str, *, minimum: int | None = None,
              maximum: int | None = None) -> int:
    """Return *value* if it is an ``int`` (not a ``bool``) within the bounds (inclusive)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(param_name, value, "an int")
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        lo = "-inf" if minimum is None else str(minimum)
        hi = "+inf" if maximum is None else str(maximum)
        shown = str(value) if value.bit_length() <= 64 else \
            f"a {value.bit_length()}-bit number"  # str() refuses over 4,300 digits
        raise ValidationError(
            f"{param_name} must be between {lo} and {hi} (inclusive), got {shown}",
            param_name=param_name,
            value=value,
        )
    return value


# -- text at the boundary -------------------------------------------------------------
# Every piece of text that enters the library goes through one function, in one order:
#
#   1. type: a ``str``;
#   2. length cap on the raw string, before anything else touches it (normalisation is
#      quadratic on pathological input, so it must never see more than the cap);
#   3. characters: lone surrogates always; for ids, codes and single-line fields also
#      control, format and line-separator characters (see the tables below);
#   4. at most MAX_COMBINING_RUN combining characters in a row (the Unicode Stream-Safe
#      Text Format, UAX #15 section 13), which bounds the cost of normalising to linear;
#   5. NFC (TCVN 6909:2001 text is precomposed), then emptiness and the cap once more
#      (NFC can lengthen a few compatibility characters).
#
# The caps and character rules are documented in docs/guide/input-limits.md.

#: Longest id (task, directive, event task_id, unit references in queries), in characters.
MAX_ID_LENGTH = 128
#: Longest unit code ("SNV", "UBND_XA_HOA_VANG").
MAX_CODE_LENGTH = 64
#: Longest single-line text: names, actors, deciders, issuers, signers.
MAX_NAME_LENGTH = 1_000
#: Longest short label: tags, attachment references, the document a transfer cites.
MAX_LABEL_LENGTH = 1_000
#: Longest free text: a task's content, a directive's summary, notes, reasons, evidence.
MAX_CONTENT_LENGTH = 10_000
#: Longest text the generic :func:`check_str` accepts (e.g. notifier messages).
MAX_TEXT = 1_000_000
#: Longest text the public text helpers (fold, sort_key, repairs) accept: twice the
#: longest stored text; their Python loops stay far below 100 ms per call.
MAX_TEXT_HELPER_LENGTH = 20_000
#: Most items in one tuple field (tags, attachments, coordinating units).
MAX_ITEMS = 1_000
#: Most combining characters in a row (UAX #15 stream-safe limit; Vietnamese needs 2).
MAX_COMBINING_RUN = 30

# Characters that are starters (canonical combining class 0) but decompose into
# non-starters, so they lengthen a run of combining marks under NFD/NFKD.  Computed over
# the whole code space by tests/unit/test_text.py (Unicode of the running Python).
_DECOMPOSES_TO_NON_STARTERS = frozenset("\u0f73\u0f75\u0f81\uff9e\uff9f")

_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"  # embeddings, overrides, isolates
_SURROGATES = "\ud800-\udfff"
#: Refused everywhere: lone surrogates (they cannot be encoded in UTF-8) and NUL.
_FORBIDDEN_ANY = re.compile(f"[\x00{_SURROGATES}]")
_NOTHING = re.compile(r"(?!)")  # only the combining-run check
#: Refused in multi-line text: C0 controls except TAB, LF and CR; DEL; C1 controls;
#: bidirectional embedding, override and isolate controls (Trojan Source, CVE-2021-42574).
_FORBIDDEN_MULTILINE = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI_CONTROLS}{_SURROGATES}]")
#: Refused in single-line text: every C0 control (TAB, LF, CR too), DEL, C1 (NEL U+0085
#: included), LINE SEPARATOR U+2028, PARAGRAPH SEPARATOR U+2029, bidi controls.
_FORBIDDEN_LINE = re.compile(
    f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI_CONTROLS}{_SURROGATES}]")
#: Unicode general categories refused in ids and codes (besides white space): controls,
#: format characters (zero-width, bidi, BOM), lone surrogates, private use, separators.
_ID_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp", "Zs"})
#: The RFC 2047 encoded-word opener, refused in ids and codes (they reach e-mail headers).
ENCODED_WORD_OPENER = "=?"


_C0_NAMES = (
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB", "LF", "VT", "FF",
    "CR", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM",
    "SUB", "ESC", "FS", "GS", "RS", "US",
)


def _describe(ch: str) -> str:
    """Name a refused character: "NUL (U+0000)", "U+2028 (LINE SEPARATOR)"."""
    code = ord(ch)
    if code < 0x20:
        return f"{_C0_NAMES[code]} (U+{code:04X})"
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate (U+{code:04X})"
    name = unicodedata.name(ch, "") or {0x7F: "DEL", 0x85: "NEL"}.get(code, "a control")
    return f"U+{code:04X} ({name})"


def _excerpt(value: str) -> str:
    """Return a short, printable (escaped) excerpt of *value* for error messages."""
    return (value[:50] + "…") if len(value) > 50 else value


def _too_long(value: str, param_name: str, max_length: int) -> ValidationError:
    return ValidationError(
        f"{param_name} is {len(value):,} characters long; at most {max_length:,} are allowed",
        param_name=param_name, value=_excerpt(value), max_length=max_length)


def combining_run_overflow(value: str) -> int | None:
    """
    Return the index where *value* exceeds :data:`MAX_COMBINING_RUN` combining characters in
    a row, or None if it does not (linear; ASCII returns at once).

    Only the stretches of at least ``MAX_COMBINING_RUN + 1`` characters at or above
    U+0300 (no character below it is a non-starter) are scanned one by one; Vietnamese
    text has none, so the common case is one regular-expression pass.
    """
    if value.isascii():
        return None
    for stretch in _HIGH_STRETCH.finditer(value):
        index = _scan_combining(value, stretch.start(), stretch.end())
        if index is not None:
            return index
    return None


def _scan_combining(value: str, start: int, end: int) -> int | None:
    """The character-by-character count of :func:`combining_run_overflow` over
    ``value[start:end]`` (the character before *start*, if any, is a starter)."""
    run = 0
    combining = unicodedata.combining
    for index in range(start, end):
        ch = value[index]
        if ch < "\u0300":  # no character below U+0300 is a non-starter
            run = 0
        elif combining(ch) or ch in _DECOMPOSES_TO_NON_STARTERS:
            run += 1
            if run > MAX_COMBINING_RUN:
                return index
        else:
            run = 0
    return None


#: Stretches that may hold an overlong combining run: every character at or above U+0300.
_HIGH_STRETCH = re.compile(f"[^\x00-\u02ff]{{{MAX_COMBINING_RUN + 1},}}")


def _check_chars(value: str, param_name: str, forbidden: re.Pattern[str], what: str) -> None:
    bad = forbidden.search(value)
    if bad is not None:
        ch = bad.group()
        raise ValidationError(
            f"{param_name} must not contain {_describe(ch)} (at position {bad.start()}); "
            f"{what}", param_name=param_name, value=_excerpt(value), position=bad.start())
    overflow = combining_run_overflow(value)
    if overflow is not None:
        raise ValidationError(
            f"{param_name} has more than {MAX_COMBINING_RUN} combining marks in a row (at "
            f"position {overflow}); Vietnamese letters carry at most two",
            param_name=param_name, value=_excerpt(value), position=overflow)


def _finish(value: str, text: str, param_name: str, *, allow_empty: bool,
            max_length: int) -> str:
    if not allow_empty and not text.strip():
        raise ValidationError(f"{param_name} must not be empty", param_name=param_name,
                              value=value)
    if len(text) > max_length:  # NFC lengthens a few compatibility characters
        raise _too_long(text, param_name, max_length)
    return text


def check_str(value: object, param_name: str, *, allow_empty: bool = False,
              max_length: int | None = None) -> str:
    """
    Return *value* in NFC if it is an acceptable ``str`` (the generic, lenient check).

    Order: the length cap on the raw string (*max_length*, default :data:`MAX_TEXT`), then
    NUL and lone surrogates are refused, then runs of more than
    :data:`MAX_COMBINING_RUN` combining marks, then NFC and (unless *allow_empty*) empty
    or white-space-only text.  Other control characters pass: fields with stricter rules
    use :func:`check_line`, :func:`check_content`, :func:`check_identifier` or
    :func:`check_code`.

    Raises:
        InvalidTypeError: *value* is not a ``str``.
        ValidationError: too long, a forbidden character, or empty.
    """
    if not isinstance(value, str):
        raise InvalidTypeError(param_name, value, "a str")
    cap = MAX_TEXT if max_length is None else max_length
    if len(value) > cap:
        raise _too_long(value, param_name, cap)
    if value.isascii() and "\x00" not in value and (allow_empty or value.strip()):
        # ASCII without NUL passes the character checks (no lone surrogate, no
        # combining mark) and is its own NFC: the same answer as below, without the
        # scans (every outbox key range of a reminders_due run is checked: 300,000 at
        # 100,000 tasks).  Property-tested against _check_str_general.
        return value
    return _check_str_general(value, param_name, allow_empty=allow_empty, max_length=cap)


def _check_str_general(value: str, param_name: str, *, allow_empty: bool,
                       max_length: int) -> str:
    """:func:`check_str` after the type and length checks, for any text."""
    _check_chars(value, param_name, _FORBIDDEN_ANY,
                 "text must be valid Unicode without NUL characters")
    return _finish(value, unicodedata.normalize("NFC", value), param_name,
                   allow_empty=allow_empty, max_length=max_length)


def _checked_text(value: object, param_name: str, forbidden: re.Pattern[str], what: str, *,
                  allow_empty: bool, max_length: int) -> str:
    """Type, cap on the raw string, *forbidden* characters, then NFC: the one order."""
    if not isinstance(value, str):
        raise InvalidTypeError(param_name, value, "a str")
    if len(value) > max_length:
        raise _too_long(value, param_name, max_length)
    _check_chars(value, param_name, forbidden, what)
    return _finish(value, unicodedata.normalize("NFC", value), param_name,
                   allow_empty=allow_empty, max_length=max_length)


def check_line(value: object, param_name: str, *, allow_empty: bool = False,
               max_length: int = MAX_NAME_LENGTH) -> str:
    """
    Return *value* in NFC if it is acceptable single-line text (a name, an actor).

    Like :func:`check_str` (cap first, default :data:`MAX_NAME_LENGTH`), and also refuses
    every C0 control character (TAB, LF and CR included), DEL, the C1 controls (NEL
    U+0085 included), U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR and the
    bidirectional embedding/override/isolate controls: such text ends up in e-mail
    subjects, terminal output and one-line report cells.

    Raises:
        InvalidTypeError: *value* is not a ``str``.
        ValidationError: too long, a forbidden character, or empty.
    """
    return _checked_text(value, param_name, _FORBIDDEN_LINE,
                         "single-line text may not contain control characters, line breaks "
                         "or bidirectional controls",
                         allow_empty=allow_empty, max_length=max_length)


def check_content(value: object, param_name: str, *, allow_empty: bool = False,
                  max_length: int = MAX_CONTENT_LENGTH) -> str:
    """
    Return *value* in NFC if it is acceptable multi-line text (content, a note, a reason).

    Like :func:`check_str` (cap first, default :data:`MAX_CONTENT_LENGTH`), and also refuses
    the C0 control characters other than TAB, LF and CR (ESC, BEL, VT, FF, …), DEL, the
    C1 controls and the bidirectional embedding/override/isolate controls.  Line breaks
    (LF, CRLF, U+2028) are kept verbatim.

    Raises:
        InvalidTypeError: *value* is not a ``str``.
        ValidationError: too long, a forbidden character, or empty.
    """
    return _checked_text(value, param_name, _FORBIDDEN_MULTILINE,
                         "text may contain TAB and line breaks but no other control "
                         "characters and no bidirectional controls",
                         allow_empty=allow_empty, max_length=max_length)


def check_optional_str(value: object, param_name: str, **kwargs: Any) -> str | None:
    """Like :func:`check_str` but let ``None`` through."""
    if value is None:
        return None
    return check_str(value, param_name, **kwargs)


def check_identifier(value: object, param_name: str = "id", *,
                     max_length: int = MAX_ID_LENGTH) -> str:
    """
    Return *value* in NFC if it is a usable id (task, directive, unit reference).

    An id is 1 to *max_length* (default 128) characters, checked on the raw string first;
    any letters, marks, digits, punctuation and symbols of any script; no white space of
    any kind, no control, format (zero-width, bidi, BOM), private-use, surrogate or
    separator characters (general categories Cc, Cf, Cs, Co, Zs, Zl, Zp); not the RFC 2047
    encoded-word opener ``=?`` (ids travel in e-mail headers); at most
    :data:`MAX_COMBINING_RUN` combining marks in a row.

    Raises:
        InvalidTypeError: *value* is not a ``str``.
        ValidationError: empty, too long, or a character that is not allowed.
    """
    if not isinstance(value, str):
        raise InvalidTypeError(param_name, value, "a str")
    if len(value) > max_length:
        raise _too_long(value, param_name, max_length)
    if not value:
        raise ValidationError(f"{param_name} must not be empty", param_name=param_name,
                              value=value)
    if value.isascii() and value.isalnum():
        return value  # ASCII letters and digits only: every check below passes, NFC too
    category = unicodedata.category
    for index, ch in enumerate(value):
        if ch.isspace() or category(ch) in _ID_FORBIDDEN_CATEGORIES:
            what = "white space" if ch.isspace() else "control or format characters"
            raise ValidationError(
                f"{param_name} must not contain {what}, got {_describe(ch)} at position "
                f"{index} in {_excerpt(value)!r}; ids are letters, digits, punctuation and "
                "symbols", param_name=param_name, value=_excerpt(value), position=index)
    if ENCODED_WORD_OPENER in value:
        raise ValidationError(
            f"{param_name} must not contain '=?' (the start of an RFC 2047 encoded word, "
            f"which mail software decodes in headers), got {value!r}",
            param_name=param_name, value=value)
    _check_chars(value, param_name, _NOTHING, "")
    return _finish(value, unicodedata.normalize("NFC", value), param_name,
                   allow_empty=False, max_length=max_length)


def check_code(value: object, param_name: str = "code") -> str:
    """
    Return *value* in NFC if it is a usable unit code: an id of at most 64 characters.

    Raises:
        InvalidTypeError: *value* is not a ``str``.
        ValidationError: see :func:`check_identifier`.
    """
    return check_identifier(value, param_name, max_length=MAX_CODE_LENGTH)


def nfc(value: str) -> str:
    """
    Return *value* in Unicode NFC (TCVN 6909:2001 text is precomposed).

    Raises:
        ValidationError: more than :data:`MAX_TEXT` characters or more than
            :data:`MAX_COMBINING_RUN` combining marks in a row (normalising such text
            takes quadratic time).
    """
    if len(value) > MAX_TEXT:
        raise _too_long(value, "text", MAX_TEXT)
    _check_chars(value, "text", _NOTHING, "")
    return unicodedata.normalize("NFC", value)


# -- timestamps --------------------------------------------------------------------------

#: Earliest and latest timestamps accepted, as Vietnam dates (inclusive).  Four-digit years
#: keep ISO strings sortable; the margin to datetime's limits keeps every conversion safe.
MIN_TIMESTAMP_DATE = date(1900, 1, 1)
MAX_TIMESTAMP_DATE = date(2999, 12, 31)


def check_aware_datetime(value: object, param_name: str = "at") -> datetime:
    """
    Return *value*, a timezone-aware ``datetime``, converted to Asia/Ho_Chi_Minh.

    Raises:
        InvalidTypeError: *value* is not a ``datetime``.
        ValidationError: *value* is naive, cannot be converted (an offset that pushes it
            past year 1 or 9999), or its Vietnam date lies outside 1900-01-01 to
            2999-12-31 (inclusive).
    """
    if not isinstance(value, datetime):
        raise InvalidTypeError(param_name, value, "a timezone-aware datetime.datetime")
    try:
        offset = value.utcoffset()
    except (ValueError, TypeError, OverflowError) as e:  # a broken tzinfo
        raise ValidationError(f"{param_name}: the time zone gives no usable offset ({e})",
                              param_name=param_name, value=value) from None
    if value.tzinfo is None or offset is None:
        raise ValidationError(
            f"{param_name} must be timezone-aware (e.g. tzinfo=ZoneInfo('Asia/Ho_Chi_Minh')), "
            f"got naive {value.isoformat()}",
            param_name=param_name, value=value)
    try:
        local = value.astimezone(VIETNAM_TZ)
    except (OverflowError, ValueError):
        local = None
    if local is None or not MIN_TIMESTAMP_DATE <= local.date() <= MAX_TIMESTAMP_DATE:
        raise ValidationError(
            f"{param_name} must lie between {MIN_TIMESTAMP_DATE} and {MAX_TIMESTAMP_DATE} "
            f"(Vietnam time), got {value.isoformat()}", param_name=param_name, value=value)
    return local


def now_vn() -> datetime:
    """Return the current time in Asia/Ho_Chi_Minh (the default clock)."""
    return datetime.now(UTC).astimezone(VIETNAM_TZ)


def local_date(value: datetime) -> date:
    """Return the calendar date of an aware datetime in Vietnam."""
    return value.astimezone(VIETNAM_TZ).date()



# -- attrs converters and validators ----------------------------------------------------
# mypy's attrs plugin accepts only named functions as converters, so converters here are
# lenient (normalise what they can, pass the rest through) and the validators, which
# receive the attribute and so can name it, do the refusing.  A converter normalises only
# text within its field's cap and without overlong combining runs: anything else reaches
# the validator untouched, which refuses it (so the cap is checked before NFC runs).


def _safe_nfc(value: object, cap: int) -> Any:
    if isinstance(value, str) and len(value) <= cap and combining_run_overflow(value) is None:
        return unicodedata.normalize("NFC", value)
    return value


def to_nfc(value: object) -> Any:
    """attrs converter: NFC-normalise a ``str`` up to :data:`MAX_TEXT` characters."""
    return _safe_nfc(value, MAX_TEXT)


def to_nfc_id(value: object) -> Any:
    """attrs converter: NFC-normalise a ``str`` up to :data:`MAX_ID_LENGTH` characters."""
    return _safe_nfc(value, MAX_ID_LENGTH)


def to_nfc_name(value: object) -> Any:
    """attrs converter: NFC-normalise a ``str`` up to :data:`MAX_NAME_LENGTH` characters."""
    return _safe_nfc(value, MAX_NAME_LENGTH)


def to_nfc_content(value: object) -> Any:
    """attrs converter: NFC-normalise a ``str`` up to :data:`MAX_CONTENT_LENGTH` characters."""
    return _safe_nfc(value, MAX_CONTENT_LENGTH)


def to_vn_time(value: object) -> Any:
    """attrs converter: express an aware ``datetime`` in Asia/Ho_Chi_Minh; pass others through."""
    if isinstance(value, datetime):
        try:
            if value.utcoffset() is not None:
                return value.astimezone(VIETNAM_TZ)
        except (OverflowError, ValueError, TypeError):
            pass  # left for the validator to refuse with the field's name
    return value


def to_label_tuple(value: object) -> Any:
    """attrs converter: like :func:`to_str_tuple`, normalising only items within the label
    cap (:data:`MAX_LABEL_LENGTH`, which is also the id cap's upper bound)."""
    if isinstance(value, (list, tuple, set, frozenset)):
        if len(value) > MAX_ITEMS:
            return tuple(value)  # refused by the validator without normalising
        return tuple(_safe_nfc(v, MAX_LABEL_LENGTH) for v in value)
    return value


def to_str_tuple(value: object) -> Any:
    """attrs converter: turn an iterable of ``str`` (not a bare ``str``) into an NFC tuple."""
    if isinstance(value, (list, tuple, set, frozenset)):
        if len(value) > MAX_ITEMS:
            return tuple(value)  # refused by the validator without normalising
        return tuple(to_nfc(v) for v in value)
    return value


def is_date(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: a ``date`` that is not a ``datetime``."""
    check_date(value, attribute.name)


def is_optional_date(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: ``None`` or a ``date`` that is not a ``datetime``."""
    check_optional_date(value, attribute.name)


def is_text(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: a non-empty ``str`` that :func:`check_str` accepts (≤ 1,000,000)."""
    check_str(value, attribute.name, max_length=MAX_TEXT)


def is_optional_text(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: ``None`` or what :func:`is_text` accepts."""
    check_optional_str(value, attribute.name, max_length=MAX_TEXT)


def is_text_or_empty(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: a ``str`` (may be empty) that :func:`check_str` accepts."""
    check_str(value, attribute.name, allow_empty=True, max_length=MAX_TEXT)


def is_name(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: non-empty single-line text (:func:`check_line`, ≤ 1,000)."""
    check_line(value, attribute.name)


def is_optional_name(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: ``None`` or what :func:`is_name` accepts."""
    if value is not None:
        check_line(value, attribute.name)


def is_content(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: non-empty multi-line text (:func:`check_content`, ≤ 10,000)."""
    check_content(value, attribute.name)


def is_optional_content(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: ``None`` or what :func:`is_content` accepts."""
    if value is not None:
        check_content(value, attribute.name)


def is_content_or_empty(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: multi-line text that may be empty (:func:`check_content`)."""
    check_content(value, attribute.name, allow_empty=True)


def is_label(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: a short label, multi-line rules (:func:`check_content`, ≤ 1,000)."""
    check_content(value, attribute.name, max_length=MAX_LABEL_LENGTH)


def is_aware_datetime(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: a timezone-aware ``datetime`` (see :func:`check_aware_datetime`)."""
    check_aware_datetime(value, attribute.name)


def _check_tuple(value: object, name: str) -> tuple[Any, ...]:
    if not isinstance(value, tuple):
        raise InvalidTypeError(name, value, "a sequence of str")
    if len(value) > MAX_ITEMS:
        raise ValidationError(f"{name} has {len(value):,} items; at most {MAX_ITEMS:,} are "
                              "allowed", param_name=name, max_items=MAX_ITEMS)
    return value


def is_str_tuple(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: a tuple of at most 1,000 non-empty ``str`` (:func:`check_str`)."""
    for item in _check_tuple(value, attribute.name):
        check_str(item, attribute.name, max_length=MAX_TEXT)


def is_label_tuple(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: a tuple of at most 1,000 labels (:func:`is_label`)."""
    for item in _check_tuple(value, attribute.name):
        check_content(item, attribute.name, max_length=MAX_LABEL_LENGTH)


def is_code_tuple(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: a tuple of at most 1,000 unit codes (:func:`check_code`)."""
    for item in _check_tuple(value, attribute.name):
        check_code(item, attribute.name)


def instance_of(cls: type | tuple[type, ...]) -> Callable[[object, attrs.Attribute[Any], object],
                                                          None]:
    """Return an attrs validator that raises :class:`InvalidTypeError` unless *value* is a *cls*."""
    names = " or ".join(c.__name__ for c in (cls if isinstance(cls, tuple) else (cls,)))

    def validate(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            raise InvalidTypeError(attribute.name, value, f"a {names}")
    return validate


def optional_instance_of(cls: type) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """Like :func:`instance_of` but let ``None`` through."""
    inner = instance_of(cls)

    def validate(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            inner(inst, attribute, value)
    return validate


def is_identifier(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: see :func:`check_identifier`."""
    check_identifier(value, attribute.name)


def is_optional_identifier(_inst: object, attribute: attrs.Attribute[Any], value: object
                           ) -> None:
    """attrs validator: ``None`` or what :func:`is_identifier` accepts."""
    if value is not None:
        check_identifier(value, attribute.name)


def is_code(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: see :func:`check_code`."""
    check_code(value, attribute.name)


def is_optional_code(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: ``None`` or what :func:`is_code` accepts."""
    if value is not None:
        check_code(value, attribute.name)
