# SPDX-License-Identifier: MIT
"""
The parts of an official document that the caller supplies, and helpers shared by the
.docx and HTML writers.

Decree 30/2020/NĐ-CP (05/03/2020) on clerical work, Appendix I ("Thể thức, kỹ thuật trình
bày văn bản hành chính") fixes the components of an administrative document: the Quốc hiệu
and Tiêu ngữ, the issuing agency (with its direct superior, "cơ quan chủ quản"), the number
and symbol, the place-and-date line, the document type and subject (trích yếu), the body,
the signature block (authority prefix, position, name) and the recipients (nơi nhận).
The types here hold what only the office knows (names, signer, register number); the
layout is in :mod:`directive_tracker.official.docx` and
:mod:`directive_tracker.official.html`.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Any

import attrs

from .._validators import check_date
from ..documents import DocumentNumber, format_date_line
from ..exceptions import InvalidTypeError, ValidationError

__all__ = [
    "AUTHORITY_PREFIXES",
    "NATIONAL_MOTTO",
    "NATIONAL_NAME",
    "DocumentDetails",
    "IssuingAgency",
    "Recipients",
    "Signer",
]

#: Quốc hiệu (Decree 30/2020, Appendix I, Part II, item 1).
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
#: Tiêu ngữ, with hyphens between its phrases (Appendix I, Part II, item 1).
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
#: The authority prefixes of a signature block (Decree 30/2020, Art 13 and Appendix I,
#: Part II, item 7): thay mặt, quyền, ký thay, thừa lệnh, thừa ủy quyền.
AUTHORITY_PREFIXES = ("TM.", "Q.", "KT.", "TL.", "TUQ.")

_MAX_LINE = 200


def _is_forbidden(ch: str) -> bool:
    # Control characters (C0 except none, DEL, C1) and bidirectional overrides have no
    # place in an official document: refused at the door rather than printed.
    cat = unicodedata.category(ch)
    return cat == "Cc" or ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _line(value: object, name: str, *, max_length: int = _MAX_LINE) -> str:
    if not isinstance(value, str):
        raise InvalidTypeError(name, value, "a str")
    text = " ".join(unicodedata.normalize("NFC", value).split())
    if not text:
        raise ValidationError(f"{name} must not be empty", param_name=name, value=value)
    if len(text) > max_length:
        raise ValidationError(f"{name} is {len(text)} characters long; at most "
                              f"{max_length} are allowed", param_name=name, value=text[:50])
    if any(_is_forbidden(ch) for ch in text):
        raise ValidationError(f"{name} must not contain control characters or bidirectional "
                              f"overrides, got {value!r}", param_name=name, value=value)
    return text


def _lines(value: object, name: str) -> tuple[str, ...]:
    """A multi-line name: split on line breaks, each line cleaned; at least one line."""
    if not isinstance(value, str):
        raise InvalidTypeError(name, value, "a str")
    parts = [p for p in value.replace("\r\n", "\n").split("\n") if p.strip()]
    if not parts:
        raise ValidationError(f"{name} must not be empty", param_name=name, value=value)
    return tuple(_line(p, name) for p in parts)


def _str_tuple(value: object, name: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidTypeError(name, value, "a sequence of str")
    return tuple(_line(v, name) for v in value)


def _as_tuple(value: object) -> Any:
    """attrs converter: any non-str iterable to a tuple (checked after conversion)."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        return value
    return tuple(value)


def _conv_lines(value: object) -> Any:
    return value if not isinstance(value, str) else value.replace("\r\n", "\n")


@attrs.frozen(kw_only=True)
class IssuingAgency:
    """
    The issuing agency block ("tên cơ quan, tổ chức ban hành văn bản", Appendix I, Part II,
    item 2) and the place of the date line.

    Args:
        name: the issuing agency, e.g. ``"Ủy ban nhân dân tỉnh Ninh Giang"``; a line break
            ("\\n") forces a new line ("ỦY BAN NHÂN DÂN\\nTỈNH NINH GIANG").  Written in
            capitals in the document.
        parent: the direct superior ("cơ quan chủ quản"), e.g. ``"Ủy ban nhân dân tỉnh
            Ninh Giang"`` above ``"Văn phòng"``; ``None`` for a provincial People's
            Committee itself.
        place: the place name (địa danh) of the date line, e.g. ``"Ninh Giang"``.
        short_name: how the body text names the agency ("UBND tỉnh"); default the name
            on one line.

    Raises:
        InvalidTypeError: a field is not a ``str`` (``parent`` may be ``None``).
        ValidationError: an empty line, a line over 200 characters, or a control character
            or bidirectional override in a field.

    .. versionadded:: 0.1.0
    """

    name: str = attrs.field(converter=_conv_lines)
    parent: str | None = attrs.field(default=None, converter=_conv_lines)
    place: str = attrs.field()
    short_name: str | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "name", "\n".join(_lines(self.name, "name")))
        if self.short_name is not None:
            object.__setattr__(self, "short_name", _line(self.short_name, "short_name"))
        if self.parent is not None:
            object.__setattr__(self, "parent", "\n".join(_lines(self.parent, "parent")))
        object.__setattr__(self, "place", _line(self.place, "place"))

    @property
    def body_name(self) -> str:
        """The agency as the body text names it: *short_name*, else the name on one line."""
        return self.short_name or " ".join(self.name.split("\n"))

    @property
    def name_lines(self) -> tuple[str, ...]:
        """The agency's name in capitals, one item per line."""
        return tuple(_upper(p) for p in self.name.split("\n"))

    @property
    def parent_lines(self) -> tuple[str, ...]:
        """The superior's name in capitals, one item per line (empty without a parent)."""
        return () if self.parent is None else tuple(_upper(p) for p in self.parent.split("\n"))


def _upper(text: str) -> str:
    return unicodedata.normalize("NFC", text.upper())


@attrs.frozen(kw_only=True)
class Signer:
    """
    The signature block (Appendix I, Part II, item 7): authority, position and name.

    Args:
        authority: the authority lines above the position, each starting with one of
            :data:`AUTHORITY_PREFIXES`: ``("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH")``; empty
            when the head signs in their own name.
        title: the signer's position ("chức vụ"), e.g. ``"Phó Chủ tịch"``.
        name: the signer's full name ("Nguyễn Văn An").

    Raises:
        InvalidTypeError: a field has the wrong type.
        ValidationError: an authority line without a valid prefix, an empty field, or a
            control character.

    >>> s = Signer(authority=("TM. Ủy ban nhân dân", "KT. Chủ tịch"), title="Phó Chủ tịch",
    ...            name="Nguyễn Văn An")
    >>> s.lines()
    ('TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH')

    .. versionadded:: 0.1.0
    """

    authority: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)
    title: str = attrs.field()
    name: str = attrs.field()

    def __attrs_post_init__(self) -> None:
        lines = _str_tuple(self.authority, "authority")
        for line in lines:
            prefix = line.split(" ", 1)[0].upper()
            if prefix not in AUTHORITY_PREFIXES or " " not in line:
                raise ValidationError(
                    f"an authority line starts with one of {', '.join(AUTHORITY_PREFIXES)} "
                    f"followed by a name (Decree 30/2020, Art 13), got {line!r}",
                    param_name="authority", value=line)
        object.__setattr__(self, "authority", lines)
        object.__setattr__(self, "title", _line(self.title, "title"))
        object.__setattr__(self, "name", _line(self.name, "name"))

    def lines(self) -> tuple[str, ...]:
        """The capitalised lines above the signature: the authority lines, then the title."""
        return (*(_upper(a) for a in self.authority), _upper(self.title))


@attrs.frozen(kw_only=True)
class Recipients:
    """
    The "Nơi nhận:" block (Appendix I, Part II, item 9).

    Each recipient is a line "- {name};"; the last line is "- Lưu: VT, {units}." where the
    archive lists the clerical office ("VT", văn thư) and the drafting unit.

    Args:
        names: the recipients, in order ("Như trên" for a công văn whose "Kính gửi" lists
            them).
        archive: the archive codes, default ``("VT",)``.

    Raises:
        InvalidTypeError, ValidationError: as for :class:`Signer`.

    >>> Recipients(names=("Chủ tịch, các PCT UBND tỉnh",), archive=("VT", "TH")).lines()
    ('- Chủ tịch, các PCT UBND tỉnh;', '- Lưu: VT, TH.')

    .. versionadded:: 0.1.0
    """

    names: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)
    archive: tuple[str, ...] = attrs.field(default=("VT",), converter=_as_tuple)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "names", tuple(n.rstrip(";.").strip() or n
                                                for n in _str_tuple(self.names, "names")))
        archive = _str_tuple(self.archive, "archive")
        if not archive:
            raise ValidationError("archive must name at least the clerical office 'VT'",
                                  param_name="archive")
        object.__setattr__(self, "archive", archive)

    def lines(self) -> tuple[str, ...]:
        """The lines under "Nơi nhận:", each starting with "- "."""
        return (*(f"- {n};" for n in self.names), f"- Lưu: {', '.join(self.archive)}.")


@attrs.frozen(kw_only=True)
class DocumentDetails:
    """
    What the office supplies for one document: who issues it, its register number, its
    date, who signs it and who receives it.

    Args:
        agency: the :class:`IssuingAgency`.
        number: the "số, ký hiệu" (:class:`~directive_tracker.DocumentNumber`): typed
            ``BC`` for a report (``15/BC-UBND``), untyped for a công văn (``123/UBND-TH``).
        issued_on: the date of the date line.
        signer: the :class:`Signer`.
        recipients: the :class:`Recipients`.

    Raises:
        InvalidTypeError: a field has the wrong type (a ``datetime`` is refused).

    .. versionadded:: 0.1.0
    """

    agency: IssuingAgency = attrs.field()
    number: DocumentNumber = attrs.field()
    issued_on: date = attrs.field()
    signer: Signer = attrs.field()
    recipients: Recipients = attrs.field(factory=Recipients)

    def __attrs_post_init__(self) -> None:
        for name, cls in (("agency", IssuingAgency), ("number", DocumentNumber),
                          ("signer", Signer), ("recipients", Recipients)):
            if not isinstance(getattr(self, name), cls):
                raise InvalidTypeError(name, getattr(self, name), f"a {cls.__name__}")
        check_date(self.issued_on, "issued_on")

    @property
    def number_line(self) -> str:
        """``"Số: 15/BC-UBND"`` (Appendix I, Part II, item 3)."""
        return f"Số: {self.number}"

    @property
    def date_line(self) -> str:
        """``"Ninh Giang, ngày 05 tháng 01 năm 2027"`` (Appendix I, Part II, item 4)."""
        return format_date_line(self.agency.place, self.issued_on)


# --------------------------------------------------------------------------- formatting


def vi_number(value: float, decimals: int) -> str:
    """
    Write *value* the Vietnamese way: "," before the decimals, "." between thousands.

    >>> vi_number(1234.5, 1), vi_number(12, 0), vi_number(0.125 * 100, 1)
    ('1.234,5', '12', '12,5')
    """
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_cell(value: object, kind: str, lang: str = "vi") -> str:
    """
    Return a table cell as text: rates as percentages with one decimal, floats with two,
    dates ``dd/mm/yyyy``, ``None`` as ``""``; Vietnamese separators when *lang* is "vi".
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if kind == "rate" and isinstance(value, int | float):
        pct = value * 100
        return (vi_number(pct, 1) if lang == "vi" else f"{pct:,.1f}") + "%"
    if kind == "float" and isinstance(value, int | float):
        return vi_number(value, 2) if lang == "vi" else f"{value:,.2f}"
    if kind == "int" and isinstance(value, int):
        return vi_number(value, 0) if lang == "vi" else f"{value:,d}"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return unicodedata.normalize("NFC", str(value))
