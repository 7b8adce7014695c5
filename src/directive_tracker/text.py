# SPDX-License-Identifier: MIT
"""
Vietnamese text helpers: normalisation, accent-insensitive matching, collation, legacy encodings.

State documents must be Unicode NFC (TCVN 6909:2001), but real input arrives in NFD
(Windows' built-in keyboard), without diacritics, in legacy 8-bit font encodings
(TCVN3/ABC ``.Vn…`` fonts, VNI-Windows) or as UTF-8 mis-read as cp1252.  This module
turns all of these into comparable, sortable NFC text:

* :func:`nfc` normalises to NFC;
* :func:`fold` builds a search/match key ("Đà Nẵng" → "da nang");
* :func:`sort_key` and :func:`sort_key_person_name` sort in Vietnamese order (CLDR ``vi``);
* :func:`tcvn3_to_unicode`, :func:`vni_to_unicode` and :func:`fix_mojibake` repair legacy text.

Every function accepts ``str`` only and raises
:class:`~directive_tracker.exceptions.InvalidTypeError`
for anything else.  To keep every call fast (linear time) they refuse, with
:class:`~directive_tracker.exceptions.ValidationError`, text longer than 100,000
characters (checked first, on the raw string) and text with more than 30 combining marks
in a row (the Unicode Stream-Safe Text Format of UAX #15; Vietnamese letters carry at most
two, and normalising longer runs takes quadratic time).  Any other content is accepted.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from ._validators import MAX_TEXT_HELPER_LENGTH, combining_run_overflow
from .exceptions import InvalidTypeError, ValidationError

__all__ = [
    "SortKey",
    "fix_mojibake",
    "fold",
    "nfc",
    "sort_key",
    "sort_key_person_name",
    "tcvn3_to_unicode",
    "vni_to_unicode",
]

#: A collation key (primary letters, secondary tones, tertiary case), compared as tuples.
SortKey = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]

_WHITESPACE = re.compile(r"\s+")


def _require_str(value: object, param_name: str = "text") -> str:
    """Return *value* if it is a ``str`` the helpers can process in linear time."""
    if not isinstance(value, str):
        raise InvalidTypeError(param_name, value, "a str")
    if len(value) > MAX_TEXT_HELPER_LENGTH:
        raise ValidationError(
            f"{param_name} is {len(value):,} characters long; the text helpers accept at "
            f"most {MAX_TEXT_HELPER_LENGTH:,}", param_name=param_name,
            max_length=MAX_TEXT_HELPER_LENGTH)
    _check_combining_runs(value, param_name)
    return value


def _check_combining_runs(value: str, param_name: str) -> None:
    overflow = combining_run_overflow(value)
    if overflow is not None:
        raise ValidationError(
            f"{param_name} has more than 30 combining marks in a row (at position "
            f"{overflow}); Vietnamese letters carry at most two", param_name=param_name,
            position=overflow)


def _nfc_checked(value: str, param_name: str = "text") -> str:
    """NFC of text produced by a conversion (which may have created combining runs)."""
    _check_combining_runs(value, param_name)
    return unicodedata.normalize("NFC", value)


def nfc(text: str) -> str:
    """
    Return *text* in Unicode Normalization Form C (precomposed, as TCVN 6909:2001 requires).

    Args:
        text: any string (NFC, NFD or mixed).

    Returns:
        The NFC form; "Quyết định" typed as 25 NFD code points becomes 10 NFC code points.

    Raises:
        InvalidTypeError: *text* is not a ``str``.
        ValidationError: *text* is longer than 20,000 characters or has more than 30
            combining marks in a row (see the module docstring).

    .. versionadded:: 0.1.0
    """
    return unicodedata.normalize("NFC", _require_str(text))


def fold(text: str) -> str:
    """
    Return the accent-, case- and spacing-insensitive search key of *text*.

    Steps: NFD, drop every combining mark, map ``đ``→``d`` and ``Đ``→``D`` (they have no
    decomposition), ``casefold()``, collapse runs of whitespace to one space, strip.
    Example: ``fold("  Đà  Nẵng ") == "da nang"``; ``fold("QUYẾT ĐỊNH") == "quyet dinh"``.

    Args:
        text: any string.

    Returns:
        The folded key (possibly empty).

    Raises:
        InvalidTypeError: *text* is not a ``str``.
        ValidationError: *text* is longer than 20,000 characters or has more than 30
            combining marks in a row (see the module docstring).

    .. versionadded:: 0.1.0
    """
    decomposed = unicodedata.normalize("NFD", _require_str(text))
    stripped = _without_marks(decomposed).replace("đ", "d").replace("Đ", "D")
    # casefold may produce new combining sequences for a few non-Vietnamese letters.
    folded = _without_marks(unicodedata.normalize("NFD", stripped.casefold()))
    return _WHITESPACE.sub(" ", folded).strip()


#: The combining marks below U+0370 (U+0300–U+036F except U+034F, whose combining class
#: is 0); no character below U+0300 is one.
_LOW_MARKS = re.compile("[" + "".join(
    chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c))) + "]+")
_BEYOND_LOW = re.compile("[^\x00-\u036f]")


def _without_marks(text: str) -> str:
    """*text* without its combining marks: one regular expression when every character
    is below U+0370 (Vietnamese in NFD), else character by character."""
    if _BEYOND_LOW.search(text) is None:
        return _LOW_MARKS.sub("", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


# --------------------------------------------------------------------------- collation

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_MODIFIED = {
    ("a", _BREVE): "ă",
    ("a", _CIRCUMFLEX): "â",
    ("e", _CIRCUMFLEX): "ê",
    ("o", _CIRCUMFLEX): "ô",
    ("o", _HORN): "ơ",
    ("u", _HORN): "ư",
}
#: CLDR vi secondary order: no tone < huyền < hỏi < ngã < sắc < nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

# Primary weight bands: whitespace < punctuation/symbols < digits < letters < anything else.
_SPACE_WEIGHT = 1
_PUNCT_BASE = 10
_DIGIT_BASE = 0x20000
_LETTER_BASE = 0x20100
_OTHER_BASE = 0x20200


def _primary_weight(base: str) -> int:
    lower = base.lower()
    if lower in _LETTER_RANK:
        return _LETTER_BASE + _LETTER_RANK[lower]
    if base.isspace():
        return _SPACE_WEIGHT
    if base.isdigit():
        return _DIGIT_BASE + unicodedata.digit(base, 0)
    if not base.isalnum():
        return _PUNCT_BASE + ord(base)
    return _OTHER_BASE + ord(lower)


def sort_key(text: str) -> SortKey:
    """
    Return a Vietnamese collation key for *text* (CLDR ``vi`` tailoring, three levels).

    * Primary: letters in the Vietnamese alphabet order a < ă < â < b < c < d < đ < e < ê <
      … < o < ô < ơ < … < u < ư < … < z; whitespace < punctuation < digits < letters <
      other scripts.
    * Secondary (only when the letters tie): tones in the order no tone < huyền < hỏi < ngã
      < sắc < nặng, compared letter by letter from the left.
    * Tertiary (only when tones tie too): lower case before upper case.

    The text is NFC/NFD-insensitive.  Use it as ``sorted(names, key=sort_key)``:
    ``["Ưng", "Ánh", "ủy", "Đông", "Ăn", "An"]`` sorts to ``["An", "Ánh", "Ăn", "Đông", "ủy",
    "Ưng"]``.

    Args:
        text: any string.

    Returns:
        A tuple ``(primary, secondary, tertiary)`` of int tuples; compare keys, do not inspect.

    Raises:
        InvalidTypeError: *text* is not a ``str``.
        ValidationError: *text* is longer than 20,000 characters or has more than 30
            combining marks in a row (see the module docstring).

    .. versionadded:: 0.1.0
    """
    decomposed = unicodedata.normalize("NFD", _require_str(text))
    primary: list[int] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    index = 0
    length = len(decomposed)
    while index < length:
        base = decomposed[index]
        index += 1
        marks: list[str] = []
        while index < length and unicodedata.combining(decomposed[index]):
            marks.append(decomposed[index])
            index += 1
        letter = base.lower()
        tone = 0
        extra = 0
        for mark in marks:
            if (letter, mark) in _MODIFIED:
                letter = _MODIFIED[(letter, mark)]
            elif mark in _TONE_RANK:
                tone = _TONE_RANK[mark]
            else:
                # Marks foreign to Vietnamese (diaeresis, cedilla, …) weigh after the tones.
                extra = extra * 0x400 + ord(mark)
        primary.append(_primary_weight(letter))
        secondary.append(tone if not extra else 10 + extra)
        tertiary.append(1 if base != base.lower() else 0)
    return tuple(primary), tuple(secondary), tuple(tertiary)


def sort_key_person_name(name: str) -> tuple[SortKey, SortKey]:
    """
    Return a collation key that sorts Vietnamese personal names by given name first.

    Vietnamese lists of people are customarily alphabetised by the given name (the last word:
    "An" in "Nguyễn Văn An"), then by the family and middle names in written order.  This is
    common practice, not a legal rule [M]; use :func:`sort_key` to sort by the full name.

    Args:
        name: a full name, family name first ("Trần Thị Bình").

    Returns:
        ``(sort_key(given_name), sort_key(family_and_middle_names))``.

    Raises:
        InvalidTypeError: *name* is not a ``str``.
        ValidationError: *name* is longer than 20,000 characters or has more than 30
            combining marks in a row.

    .. versionadded:: 0.1.0
    """
    words = _require_str(name, "name").split()
    if not words:
        return sort_key(""), sort_key("")
    return sort_key(words[-1]), sort_key(" ".join(words[:-1]))


def _c1_bytes(exc: UnicodeError) -> tuple[bytes, int]:
    """Encoding error handler of :func:`fix_mojibake`: the C1 characters cp1252 leaves
    undefined (U+0081, U+008D, U+008F, U+0090, U+009D) are the bytes of their code
    points, as latin-1 has them; any other character fails the encoding."""
    if isinstance(exc, UnicodeEncodeError):
        chunk = exc.object[exc.start:exc.end]
        if all(ord(ch) < 0x100 for ch in chunk):
            return bytes(ord(ch) for ch in chunk), exc.end
    raise exc


_C1_ERRORS = "directive_tracker.c1_as_latin1"
codecs.register_error(_C1_ERRORS, _c1_bytes)


def fix_mojibake(text: str) -> str:
    """
    Repair UTF-8 text that was decoded as cp1252 (or latin-1): "Quyáº¿t Ä‘á»‹nh" → "Quyết định".

    The text is re-encoded with cp1252 (latin-1 for the five bytes cp1252 leaves undefined)
    and decoded as UTF-8.  Text that is not such mojibake (it cannot be re-encoded, or the
    bytes are not valid UTF-8) is returned unchanged, only normalised to NFC, so the
    function is safe to apply to every cell of an import.

    Args:
        text: possibly garbled text.

    Returns:
        The repaired text in NFC.

    Raises:
        InvalidTypeError: *text* is not a ``str``.
        ValidationError: *text* is longer than 20,000 characters or has more than 30
            combining marks in a row (see the module docstring).

    .. versionadded:: 0.1.0
    """
    value = _require_str(text)
    if value.isascii():  # ASCII is its own cp1252 and UTF-8 (and NFC)
        return value
    try:  # one C-speed pass (character by character, 6,000 characters took 5 ms)
        raw = value.encode("cp1252", _C1_ERRORS)
    except UnicodeEncodeError:
        return unicodedata.normalize("NFC", value)
    try:
        repaired = raw.decode("utf-8")
    except UnicodeDecodeError:
        return unicodedata.normalize("NFC", value)
    return _nfc_checked(repaired)


# --------------------------------------------------------------------------- legacy encodings

#: TCVN 5712:1993 bytes 0xA1-0xFF (the range TCVN3/ABC ``.Vn`` fonts use) in byte order,
#: from glibc's ``TCVN5712-1`` charmap.  Those bytes decode identically with cp1252 and
#: latin-1 (U+00A1-U+00FF), so the table is keyed by that character.  0xB0-0xB4 are the
#: combining tone marks; the NFC step composes them.
_TCVN3_HIGH = (
    "\u0102\u00c2\u00ca\u00d4\u01a0\u01af\u0110\u0103"  # 0xA1-0xA8
    "\u00e2\u00ea\u00f4\u01a1\u01b0\u0111\u1eb0\u0300"  # 0xA9-0xB0
    "\u0309\u0303\u0301\u0323\u00e0\u1ea3\u00e3\u00e1"  # 0xB1-0xB8
    "\u1ea1\u1eb2\u1eb1\u1eb3\u1eb5\u1eaf\u1eb4\u1eae"  # 0xB9-0xC0
    "\u1ea6\u1ea8\u1eaa\u1ea4\u1ec0\u1eb7\u1ea7\u1ea9"  # 0xC1-0xC8
    "\u1eab\u1ea5\u1ead\u00e8\u1ec2\u1ebb\u1ebd\u00e9"  # 0xC9-0xD0
    "\u1eb9\u1ec1\u1ec3\u1ec5\u1ebf\u1ec7\u00ec\u1ec9"  # 0xD1-0xD8
    "\u1ec4\u1ebe\u1ed2\u0129\u00ed\u1ecb\u00f2\u1ed4"  # 0xD9-0xE0
    "\u1ecf\u00f5\u00f3\u1ecd\u1ed3\u1ed5\u1ed7\u1ed1"  # 0xE1-0xE8
    "\u1ed9\u1edd\u1edf\u1ee1\u1edb\u1ee3\u00f9\u1ed6"  # 0xE9-0xF0
    "\u1ee7\u0169\u00fa\u1ee5\u1eeb\u1eed\u1eef\u1ee9"  # 0xF1-0xF8
    "\u1ef1\u1ef3\u1ef7\u1ef9\u00fd\u1ef5\u1ed0"  # 0xF9-0xFF
)
_TCVN3_TABLE = {0xA1 + offset: char for offset, char in enumerate(_TCVN3_HIGH)}


def tcvn3_to_unicode(text: str, *, uppercase_font: bool = False) -> str:
    """
    Convert TCVN3 (ABC, TCVN 5712:1993 VN3) text, decoded as cp1252 or latin-1, to Unicode NFC.

    Legacy ``.VnTime``-font documents store Vietnamese letters in the bytes 0xA1-0xFF;
    read as cp1252 they appear as "QuyÕt ®Þnh" and become "Quyết định".  ASCII and
    characters outside U+00A1-U+00FF pass through unchanged, so cp1252 punctuation
    (curly quotes, dashes) survives.

    TCVN3 has no codes for capitals with tone marks: headings set in the upper-case
    ``.VnTimeH`` fonts use the lower-case codes.  Pass ``uppercase_font=True`` for such text
    to upper-case the result ("QUYÕT §ÞNH" → "QUYẾT ĐỊNH").

    Args:
        text: TCVN3 text decoded with cp1252 or latin-1.
        uppercase_font: the text was set in a ``.VnxxxH`` (all capitals) font.

    Returns:
        The Unicode text in NFC.

    Raises:
        InvalidTypeError: *text* is not a ``str`` or *uppercase_font* is not a ``bool``.
        ValidationError: *text* is longer than 20,000 characters, or it (or its
            conversion: bytes 0xB0-0xB4 are combining tone marks) has more than 30
            combining marks in a row.

    .. versionadded:: 0.1.0
    """
    value = _require_str(text)
    if not isinstance(uppercase_font, bool):
        raise InvalidTypeError("uppercase_font", uppercase_font, "a bool")
    converted = _nfc_checked(value.translate(_TCVN3_TABLE))
    return converted.upper() if uppercase_font else converted


# VNI-Windows writes a vowel as an ASCII base letter followed by one "mark" byte (the
# order below: no tone, sắc, huyền, hỏi, ngã, nặng); ơ, ư, đ and the i/ỵ forms are single
# bytes.  Table after the VNI chart of xvnkb (vni.h), checked against known words.
_VNI_TONES = ("", "ù", "ø", "û", "õ", "ï")  # plain vowels and ơ (ô), ư (ö), y
_VNI_CIRCUMFLEX = ("â", "á", "à", "å", "ã", "ä")  # â, ê, ô
_VNI_BREVE = ("ê", "é", "è", "ú", "ü", "ë")  # ă
_TONE_MARKS = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


def _build_vni_table() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(base: str, marks: tuple[str, ...], target_base: str) -> None:
        for mark, tone in zip(marks, _TONE_MARKS, strict=True):
            if not mark:
                continue
            for vni_base, out_base in ((base, target_base), (base.upper(), target_base.upper())):
                for vni_mark in (mark, mark.upper()):
                    table[vni_base + vni_mark] = unicodedata.normalize("NFC", out_base + tone)

    for vowel in "aeouy":
        add(vowel, _VNI_TONES, vowel)
    add("ô", _VNI_TONES, "ơ")
    add("ö", _VNI_TONES, "ư")
    for vowel, target in (("a", "â"), ("e", "ê"), ("o", "ô")):
        add(vowel, _VNI_CIRCUMFLEX, target)
    add("a", _VNI_BREVE, "ă")
    singles = {"ô": "ơ", "ö": "ư", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ñ": "đ"}
    for vni, out in singles.items():
        table[vni] = out
        table[vni.upper()] = out.upper()
    return table


_VNI_TABLE = _build_vni_table()
_VNI_PATTERN = re.compile(
    "|".join(re.escape(key) for key in sorted(_VNI_TABLE, key=len, reverse=True))
)


def vni_to_unicode(text: str) -> str:
    """
    Convert VNI-Windows text, decoded as cp1252 or latin-1, to Unicode NFC.

    VNI writes most accented vowels as a base letter plus a mark byte: "Quyeát ñònh" →
    "Quyết định", "Ñaø Naüng" → "Đà Nẵng".  The case of each output letter follows the
    base letter, so title case typed as "Aùnh" gives "Ánh".  Other characters pass through.

    Args:
        text: VNI text decoded with cp1252 or latin-1.

    Returns:
        The Unicode text in NFC.

    Raises:
        InvalidTypeError: *text* is not a ``str``.
        ValidationError: *text* is longer than 20,000 characters or has more than 30
            combining marks in a row (see the module docstring).

    .. versionadded:: 0.1.0
    """
    value = _require_str(text)
    converted = _VNI_PATTERN.sub(lambda match: _VNI_TABLE[match.group(0)], value)
    return _nfc_checked(converted)
