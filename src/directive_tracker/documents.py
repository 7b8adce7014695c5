# SPDX-License-Identifier: MIT
"""
Document types, numbers ("số, ký hiệu") and date lines of Decree 30/2020/NĐ-CP.

* :class:`DocumentType`: the administrative document types of Appendix III with their
  abbreviations, plus the common legal normative types and the công văn, which has none.
* :class:`DocumentNumber`: ``05/QĐ-UBND``, ``15/2025/QĐ-UBND`` (legal documents carry the
  year), ``123/UBND-KT`` (công văn: issuer, then drafting unit).
* :func:`format_date_line` / :func:`parse_date_line`: "Đà Nẵng, ngày 05 tháng 01 năm 2020".

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
import re
import unicodedata
from datetime import date
from typing import Any

import attrs

from ._validators import check_content, check_date, check_str, combining_run_overflow
from .exceptions import (
    DateLineError,
    DocumentNumberError,
    InvalidTypeError,
    ValidationError,
)
from .text import fold

__all__ = [
    "DocumentNumber",
    "DocumentType",
    "format_date_line",
    "parse_date_line",
]


class DocumentType(enum.Enum):
    """
    A document type and its abbreviation (Decree 30/2020/NĐ-CP, Art 9 and Appendix III).

    The value is the official abbreviation ("QĐ", "QyĐ", "CTr").  The công văn (official
    letter) has no abbreviation: :attr:`CONG_VAN` has the value ``""`` and a
    :class:`DocumentNumber` of a công văn has ``doc_type=None``.  Besides Appendix III the
    enum carries the legal normative types most often implemented by provincial
    directives (Nghị định NĐ, Thông tư TT, Thông tư liên tịch TTLT, Văn bản hợp nhất VBHN);
    laws and National Assembly resolutions ("45/2019/QH14") have no type in their symbol.

    Attributes:
        abbreviation: the abbreviation written in the symbol (``""`` for công văn).
        name_vi: the full Vietnamese name ("Quyết định").
        name_en: an English name ("Decision").

    .. versionadded:: 0.1.0
    """

    NGHI_QUYET = "NQ"
    QUYET_DINH = "QĐ"
    CHI_THI = "CT"
    QUY_CHE = "QC"
    QUY_DINH = "QyĐ"
    THONG_CAO = "TC"
    THONG_BAO = "TB"
    HUONG_DAN = "HD"
    CHUONG_TRINH = "CTr"
    KE_HOACH = "KH"
    PHUONG_AN = "PA"
    DE_AN = "ĐA"
    DU_AN = "DA"
    BAO_CAO = "BC"
    BIEN_BAN = "BB"
    TO_TRINH = "TTr"
    HOP_DONG = "HĐ"
    CONG_DIEN = "CĐ"
    BAN_GHI_NHO = "BGN"
    BAN_THOA_THUAN = "BTT"
    GIAY_UY_QUYEN = "GUQ"
    GIAY_MOI = "GM"
    GIAY_GIOI_THIEU = "GGT"
    GIAY_NGHI_PHEP = "GNP"
    PHIEU_GUI = "PG"
    PHIEU_CHUYEN = "PC"
    PHIEU_BAO = "PB"
    BAN_SAO_Y = "SY"
    BAN_TRICH_SAO = "TrS"
    BAN_SAO_LUC = "SL"
    NGHI_DINH = "NĐ"
    THONG_TU = "TT"
    THONG_TU_LIEN_TICH = "TTLT"
    VAN_BAN_HOP_NHAT = "VBHN"
    CONG_VAN = ""

    @property
    def abbreviation(self) -> str:
        """The abbreviation written in the symbol ("QĐ"); ``""`` for :attr:`CONG_VAN`."""
        return str(self.value)

    @property
    def name_vi(self) -> str:
        """The full Vietnamese name, as in Appendix III ("Quyết định")."""
        return _TYPE_NAMES[self][0]

    @property
    def name_en(self) -> str:
        """An English name ("Decision")."""
        return _TYPE_NAMES[self][1]

    @property
    def label_vi(self) -> str:
        """Same as :attr:`name_vi` (the label convention of the other enums)."""
        return self.name_vi

    @property
    def label_en(self) -> str:
        """Same as :attr:`name_en`."""
        return self.name_en

    @property
    def is_legal_normative(self) -> bool:
        """True for types that exist only as legal normative documents (NĐ, TT, TTLT, VBHN)."""
        return self in _LEGAL_NORMATIVE

    @classmethod
    def from_abbreviation(cls, text: str) -> DocumentType:
        """
        Return the type written *text* ("QĐ"), tolerant of case and missing diacritics.

        Matching tries, in order: the exact abbreviation ("HD" is Hướng dẫn, "HĐ" Hợp đồng);
        the abbreviation ignoring case ("qđ", "CTR"); the abbreviation ignoring case and
        diacritics ("QD" → QĐ, "Qyd" → QyĐ), only where that is unambiguous ("DA" is Dự án
        by the exact rule, never Đề án).  ``""`` gives :attr:`CONG_VAN`.

        Args:
            text: an abbreviation, surrounding white space allowed.

        Returns:
            The matching :class:`DocumentType`.

        Raises:
            InvalidTypeError: *text* is not a ``str``.
            ValidationError: *text* is no known abbreviation (the message lists them).

        .. versionadded:: 0.1.0
        """
        if not isinstance(text, str):
            raise InvalidTypeError("text", text, "a str")
        if len(text) > _MAX_ABBREVIATION_TEXT:  # before normalising (item 6 of issue 17)
            raise ValidationError(
                f"a document type abbreviation has at most {_MAX_ABBREVIATION_TEXT} "
                f"characters, got {len(text):,}", text=text[:_MAX_ABBREVIATION_TEXT])
        found = (_lookup_type(unicodedata.normalize("NFC", text).strip())
                 if combining_run_overflow(text) is None else None)
        if found is None:
            known = ", ".join(t.abbreviation for t in cls if t.abbreviation)
            raise ValidationError(
                f"unknown document type abbreviation {text!r}; known abbreviations "
                f"(Decree 30/2020, Appendix III, plus NĐ, TT, TTLT, VBHN): {known}; "
                f"use '' for công văn",
                text=text,
            )
        return found


_TYPE_NAMES: dict[DocumentType, tuple[str, str]] = {
    DocumentType.NGHI_QUYET: ("Nghị quyết", "Resolution"),
    DocumentType.QUYET_DINH: ("Quyết định", "Decision"),
    DocumentType.CHI_THI: ("Chỉ thị", "Directive"),
    DocumentType.QUY_CHE: ("Quy chế", "Regulation (statute)"),
    DocumentType.QUY_DINH: ("Quy định", "Regulation (rules)"),
    DocumentType.THONG_CAO: ("Thông cáo", "Communiqué"),
    DocumentType.THONG_BAO: ("Thông báo", "Notice"),
    DocumentType.HUONG_DAN: ("Hướng dẫn", "Guidance"),
    DocumentType.CHUONG_TRINH: ("Chương trình", "Programme"),
    DocumentType.KE_HOACH: ("Kế hoạch", "Plan"),
    DocumentType.PHUONG_AN: ("Phương án", "Option plan"),
    DocumentType.DE_AN: ("Đề án", "Scheme"),
    DocumentType.DU_AN: ("Dự án", "Project"),
    DocumentType.BAO_CAO: ("Báo cáo", "Report"),
    DocumentType.BIEN_BAN: ("Biên bản", "Minutes"),
    DocumentType.TO_TRINH: ("Tờ trình", "Submission"),
    DocumentType.HOP_DONG: ("Hợp đồng", "Contract"),
    DocumentType.CONG_DIEN: ("Công điện", "Official dispatch (telegram)"),
    DocumentType.BAN_GHI_NHO: ("Bản ghi nhớ", "Memorandum of understanding"),
    DocumentType.BAN_THOA_THUAN: ("Bản thỏa thuận", "Agreement"),
    DocumentType.GIAY_UY_QUYEN: ("Giấy ủy quyền", "Power of attorney"),
    DocumentType.GIAY_MOI: ("Giấy mời", "Invitation"),
    DocumentType.GIAY_GIOI_THIEU: ("Giấy giới thiệu", "Letter of introduction"),
    DocumentType.GIAY_NGHI_PHEP: ("Giấy nghỉ phép", "Leave permit"),
    DocumentType.PHIEU_GUI: ("Phiếu gửi", "Dispatch slip"),
    DocumentType.PHIEU_CHUYEN: ("Phiếu chuyển", "Transfer slip"),
    DocumentType.PHIEU_BAO: ("Phiếu báo", "Notification slip"),
    DocumentType.BAN_SAO_Y: ("Bản sao y", "True copy"),
    DocumentType.BAN_TRICH_SAO: ("Bản trích sao", "Extract copy"),
    DocumentType.BAN_SAO_LUC: ("Bản sao lục", "Transcribed copy"),
    DocumentType.NGHI_DINH: ("Nghị định", "Decree"),
    DocumentType.THONG_TU: ("Thông tư", "Circular"),
    DocumentType.THONG_TU_LIEN_TICH: ("Thông tư liên tịch", "Joint circular"),
    DocumentType.VAN_BAN_HOP_NHAT: ("Văn bản hợp nhất", "Consolidated text"),
    DocumentType.CONG_VAN: ("Công văn", "Official letter"),
}

_LEGAL_NORMATIVE = frozenset({
    DocumentType.NGHI_DINH,
    DocumentType.THONG_TU,
    DocumentType.THONG_TU_LIEN_TICH,
    DocumentType.VAN_BAN_HOP_NHAT,
})

_BY_EXACT = {t.abbreviation: t for t in DocumentType}
_BY_CASEFOLD = {t.abbreviation.casefold(): t for t in DocumentType}


def _build_folded() -> dict[str, DocumentType]:
    groups: dict[str, list[DocumentType]] = {}
    for doc_type in DocumentType:
        groups.setdefault(fold(doc_type.abbreviation), []).append(doc_type)
    return {key: members[0] for key, members in groups.items() if len(members) == 1}


_BY_FOLDED = _build_folded()


def _lookup_type(text: str) -> DocumentType | None:
    return (_BY_EXACT.get(text) or _BY_CASEFOLD.get(text.casefold())
            or _BY_FOLDED.get(fold(text)))


# --------------------------------------------------------------------------- numbers

_MAX_NUMBER_TEXT = 200
_MAX_DATE_LINE_TEXT = 300
_MAX_ABBREVIATION_TEXT = 100
_MAX_CODE_TEXT = 60
_MIN_YEAR, _MAX_YEAR = 1945, 2999
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
                         "\u2014": "-", "\u2212": "-", "\uff0f": "/"})
_NUMBER_PATTERN = re.compile(
    r"""
    (?:s[oố]\s*(?:hi[eệ]u\s*)?[:.]?\s*)?     # optional "Số:" / "Số hiệu:" prefix
    (?P<number>[0-9]{1,9})\s*/\s*
    (?:(?P<year>[0-9]{4})\s*/\s*)?
    (?P<symbol>[^\s/-]+(?:\s*-\s*[^\s/-]+)*)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_EXPECTED_NUMBER = (
    'a document number and symbol "{số}/{LOẠI}-{CƠ QUAN}" such as "05/QĐ-UBND", '
    '"15/2025/QĐ-UBND" (legal documents carry the year) or "123/UBND-KT" (công văn: '
    'issuer, then drafting unit), optionally after "Số:"'
)


def _is_symbol_char(ch: str) -> bool:
    if ch.isascii():
        return ch.isalnum() or ch == "&"
    if ch in "đĐ":
        return True
    decomposed = unicodedata.normalize("NFD", ch)
    return (decomposed[0].isascii() and decomposed[0].isalpha()
            and all(unicodedata.combining(mark) for mark in decomposed[1:]))


def _canonical_code(value: object) -> Any:
    """attrs converter: NFC, strip, upper-case a code written all in lower case."""
    if (not isinstance(value, str) or len(value) > _MAX_CODE_TEXT
            or combining_run_overflow(value) is not None):
        return value  # refused, unnormalised, by the validator
    code = unicodedata.normalize("NFC", value).strip()
    if code == code.lower():
        code = unicodedata.normalize("NFC", code.upper())
    return code


def _check_code(value: object, param_name: str, *, allow_hyphens: bool) -> None:
    text = check_str(value, param_name, max_length=_MAX_CODE_TEXT)
    parts = text.split("-") if allow_hyphens else [text]
    for part in parts:
        if not part or not all(_is_symbol_char(ch) for ch in part):
            what = "letters, digits and '&'" + (
                ", in parts joined by '-'" if allow_hyphens else " (no '-', '/' or spaces)")
            raise ValidationError(f"{param_name} must consist of {what}, got {text!r}",
                                  param_name=param_name, value=text)


def _validate_issuer(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_code(value, attribute.name, allow_hyphens=False)


def _validate_unit(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _check_code(value, attribute.name, allow_hyphens=True)


def _validate_number(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(attribute.name, value, "an int")
    if not 1 <= value <= 999_999_999:
        raise ValidationError(
            f"number must be between 1 and 999999999 (the serial in the register), got {value}",
            param_name="number", value=value)


def _validate_year(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(attribute.name, value, "an int or None")
    if not _MIN_YEAR <= value <= _MAX_YEAR:
        raise ValidationError(
            f"year must be between {_MIN_YEAR} and {_MAX_YEAR}, got {value}",
            param_name="year", value=value)


def _validate_doc_type(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, DocumentType):
        raise InvalidTypeError(attribute.name, value, "a DocumentType or None")
    if value is DocumentType.CONG_VAN:
        raise ValidationError(
            "doc_type must be None for a công văn (it has no type abbreviation in its "
            "symbol, e.g. '123/UBND-KT')", param_name="doc_type", value=value)


@attrs.frozen(kw_only=True, order=False)
class DocumentNumber:
    """
    The "số, ký hiệu" of a document (Decree 30/2020/NĐ-CP, Art 8(3) and Appendix I).

    Forms (canonical spelling as produced by ``str()``):

    * typed document: ``{số}/{LOẠI}-{CƠ QUAN}`` — ``05/QĐ-UBND``, ``07/CT-UBND``;
    * legal normative document, with the year: ``15/2025/QĐ-UBND``, ``09/2019/NĐ-CP``;
    * công văn (no type): ``{số}/{CƠ QUAN}-{ĐƠN VỊ}`` — ``123/UBND-KT``,
      ``2450/VPCP-KGVX``; ``doc_type`` is ``None`` and ``unit`` the drafting unit or field;
    * untyped legal documents with only an issuer: ``45/2019/QH14``.

    Numbers below 10 are written with a leading zero ("05").  Codes written all in lower
    case are upper-cased; codes with capitals keep their case ("TTg" in ``QĐ-TTg``).

    Args:
        number: the serial in the issuer's register, ≥ 1.
        year: the year in the number of a legal normative document, else ``None``.
        doc_type: the :class:`DocumentType`; ``None`` for a công văn (not ``CONG_VAN``).
        issuer: the issuing body's code ("UBND"): letters, digits, ``&``.
        unit: extra symbol parts after the issuer — the drafting unit of a công văn ("KT")
            or of a typed document; parts may be joined by "-".

    Raises:
        InvalidTypeError: a field has the wrong type.
        ValidationError: number < 1, year outside 1945–2999, ``doc_type=CONG_VAN``, or a
            code with characters other than letters, digits and ``&``.

    .. versionadded:: 0.1.0
    """

    number: int = attrs.field(validator=_validate_number)
    year: int | None = attrs.field(default=None, validator=_validate_year)
    doc_type: DocumentType | None = attrs.field(default=None, validator=_validate_doc_type)
    issuer: str = attrs.field(converter=_canonical_code, validator=_validate_issuer)
    unit: str | None = attrs.field(default=None, converter=_canonical_code,
                                   validator=_validate_unit)

    @property
    def symbol(self) -> str:
        """The ký hiệu after the number (and year): ``"QĐ-UBND"``, ``"UBND-KT"``."""
        parts = [self.doc_type.abbreviation] if self.doc_type is not None else []
        parts.append(self.issuer)
        if self.unit is not None:
            parts.append(self.unit)
        return "-".join(parts)

    @property
    def document_type(self) -> DocumentType | None:
        """``doc_type``, or :attr:`DocumentType.CONG_VAN` for an untyped number with a unit."""
        if self.doc_type is None and self.unit is not None:
            return DocumentType.CONG_VAN
        return self.doc_type

    def __str__(self) -> str:
        year = f"{self.year}/" if self.year is not None else ""
        return f"{self.number:02d}/{year}{self.symbol}"

    @classmethod
    def parse(cls, text: str, *, typed: bool | None = None) -> DocumentNumber:
        """
        Read a document number such as "Số: 05/QĐ-UBND", "15/2025/QĐ-UBND", "123/UBND-KT".

        Tolerates a leading "Số:"/"Số"/"So:" (any case), spaces around "/" and "-",
        dashes other than "-", lower case and NFD input.  The first symbol part decides the
        form: if it is a known :class:`DocumentType` abbreviation (see
        :meth:`DocumentType.from_abbreviation`), the document is typed and the next part is
        the issuer (a type with no issuer, "05/QĐ", is refused); otherwise it is a công văn
        whose first part is the issuer.  Because a
        few issuer codes coincide with abbreviations (Cục Thuế "CT" vs Chỉ thị "CT"),
        pass ``typed=False`` to force the công văn reading or ``typed=True`` to require a
        type.

        Args:
            text: the number as written.
            typed: ``None`` to decide as above, ``True``/``False`` to force.

        Returns:
            The :class:`DocumentNumber`; ``DocumentNumber.parse(str(n)) == n``.

        Raises:
            InvalidTypeError: *text* is not a ``str`` or *typed* not a ``bool``/``None``.
            DocumentNumberError: the text is not a document number (the message quotes it
                and shows the expected forms).

        .. versionadded:: 0.1.0
        """
        if not isinstance(text, str):
            raise InvalidTypeError("text", text, "a str")
        if typed is not None and not isinstance(typed, bool):
            raise InvalidTypeError("typed", typed, "a bool or None")
        if len(text) > _MAX_NUMBER_TEXT:  # the cap comes before normalisation
            raise DocumentNumberError(
                text[:_MAX_NUMBER_TEXT] + "…",
                f"{_EXPECTED_NUMBER}, at most {_MAX_NUMBER_TEXT} characters")
        try:
            checked = check_content(text, "text", allow_empty=True, max_length=_MAX_NUMBER_TEXT)
        except ValidationError as error:
            raise DocumentNumberError(text, f"{_EXPECTED_NUMBER} ({error.message})") from None
        cleaned = checked.translate(_DASHES).strip()
        match = _NUMBER_PATTERN.fullmatch(cleaned)
        if match is None:
            raise DocumentNumberError(text, _EXPECTED_NUMBER)
        parts = [part.strip() for part in match["symbol"].split("-")]
        doc_type: DocumentType | None = None
        if typed is not False:
            first = _lookup_type(parts[0])
            if first is not None and first is not DocumentType.CONG_VAN and len(parts) > 1:
                doc_type = first
                parts = parts[1:]
            elif typed or (typed is None and first is not None and len(parts) == 1):
                raise DocumentNumberError(
                    text, "a typed number whose symbol starts with a document type "
                          "abbreviation and an issuer, such as '05/QĐ-UBND'")
        try:
            return cls(
                number=int(match["number"]),
                year=int(match["year"]) if match["year"] else None,
                doc_type=doc_type,
                issuer=parts[0],
                unit="-".join(parts[1:]) or None,
            )
        except ValidationError as error:
            raise DocumentNumberError(text, f"{_EXPECTED_NUMBER} ({error.message})") from error


# --------------------------------------------------------------------------- date lines

_DATE_LINE_PATTERN = re.compile(
    r"""
    (?P<place>.+?)\s*,?\s*
    ng[aà]y\s*(?P<day>[0-9]{1,2})\s+
    th[aá]ng\s*(?P<month>[0-9]{1,2})\s+
    n[aă]m\s*(?P<year>[0-9]{4})\s*\.?
    """,
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)
_EXPECTED_DATE_LINE = (
    '"{place}, ngày DD tháng MM năm YYYY" (Decree 30/2020, Appendix I), such as '
    '"Đà Nẵng, ngày 05 tháng 01 năm 2020"'
)
_WHITESPACE = re.compile(r"\s+")


def _clean_place(place: str) -> str:
    return _WHITESPACE.sub(" ", place).strip().rstrip(",").strip()


def format_date_line(place: str, d: date) -> str:
    """
    Write the date line of a document (Decree 30/2020/NĐ-CP, Appendix I).

    The day and month are written with a leading zero only for days 1–9 and for the months
    January and February: "Đà Nẵng, ngày 05 tháng 01 năm 2020", "ngày 28 tháng 02 năm
    2023", "ngày 12 tháng 3 năm 2023".

    Args:
        place: the place name (địa danh); white space is collapsed.
        d: the date.

    Returns:
        The date line in NFC.

    Raises:
        InvalidTypeError: *place* is not a ``str`` or *d* not a ``date`` (a ``datetime``
            is refused).
        ValidationError: *place* is empty, longer than 200 characters, or contains a line
            break or another control character.

    .. versionadded:: 0.1.0
    """
    text = check_content(place, "place", max_length=200)
    check_date(d, "d")
    if "\n" in text or "\r" in text:
        raise ValidationError("place must be a single line", param_name="place", value=text)
    cleaned = _clean_place(text)
    if not cleaned:
        raise ValidationError("place must not be empty", param_name="place", value=text)
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"{cleaned}, ngày {d.day:02d} tháng {month} năm {d.year:04d}"


def parse_date_line(text: str) -> tuple[str, date]:
    """
    Read a date line such as "Đà Nẵng, ngày 05 tháng 01 năm 2020".

    Tolerant of NFD input, any case, missing diacritics ("ngay", "thang", "nam"), missing
    comma, missing or extra leading zeros and a final full stop.

    Args:
        text: the date line.

    Returns:
        ``(place, date)``; the place has its white space collapsed.

    Raises:
        InvalidTypeError: *text* is not a ``str``.
        DateLineError: the text is not a date line or the date does not exist.

    .. versionadded:: 0.1.0
    """
    if not isinstance(text, str):
        raise InvalidTypeError("text", text, "a str")
    if len(text) > _MAX_DATE_LINE_TEXT:  # the cap comes before normalisation
        raise DateLineError(text[:_MAX_DATE_LINE_TEXT] + "…",
                            f"{_EXPECTED_DATE_LINE}, at most {_MAX_DATE_LINE_TEXT} characters")
    try:
        checked = check_content(text, "text", allow_empty=True, max_length=_MAX_DATE_LINE_TEXT)
    except ValidationError as error:
        raise DateLineError(text, f"{_EXPECTED_DATE_LINE} ({error.message})") from None
    cleaned = checked.strip()
    match = _DATE_LINE_PATTERN.fullmatch(cleaned)
    if match is None:
        raise DateLineError(text, _EXPECTED_DATE_LINE)
    place = _clean_place(match["place"])
    if not place or "\n" in match["place"].strip():
        raise DateLineError(text, _EXPECTED_DATE_LINE + " on one line, with a place name")
    try:
        value = date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError as error:
        raise DateLineError(text, f"a date that exists ({error})") from error
    return place, value
