# SPDX-License-Identifier: MIT
"""The caller-supplied parts of an official document: validation and wording."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

import directive_tracker as dt
from directive_tracker.official import (
    DocumentDetails,
    IssuingAgency,
    Recipients,
    Signer,
)
from directive_tracker.official._layout import format_cell, vi_number


class TestIssuingAgency:
    def test_lines_in_capitals(self) -> None:
        a = IssuingAgency(parent="Ủy ban nhân dân tỉnh Ninh Giang",
                          name="Văn phòng", place="Ninh Giang")
        assert ("ỦY BAN NHÂN DÂN TỈNH NINH GIANG",) == a.parent_lines
        assert ("VĂN PHÒNG",) == a.name_lines
        assert "Văn phòng" == a.body_name

    def test_explicit_line_breaks_and_nfc(self) -> None:
        nfd = "U\u0309y ban nhân dân\r\ntỉnh Ninh Giang"  # "Ủ" decomposed
        a = IssuingAgency(name=nfd, place="  Ninh   Giang ", short_name="UBND tỉnh")
        assert ("ỦY BAN NHÂN DÂN", "TỈNH NINH GIANG") == a.name_lines
        assert "Ninh Giang" == a.place
        assert "UBND tỉnh" == a.body_name
        assert () == a.parent_lines

    @pytest.mark.parametrize("bad", ["", "   ", "UBND\x1b[31m", "UBND\u202etỉnh", "x" * 201])
    def test_bad_names(self, bad: str) -> None:
        with pytest.raises(dt.ValidationError):
            IssuingAgency(name=bad, place="Ninh Giang")

    def test_wrong_type(self) -> None:
        with pytest.raises(dt.InvalidTypeError):
            IssuingAgency(name=42, place="Ninh Giang")  # type: ignore[arg-type]


class TestSigner:
    def test_lines(self) -> None:
        s = Signer(authority=["TM. Ủy ban nhân dân", "KT. Chủ tịch"], title="Phó Chủ tịch",
                   name="Nguyễn Văn An")
        assert ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH") == s.lines()
        assert ("TM. Ủy ban nhân dân", "KT. Chủ tịch") == s.authority

    def test_head_signs_in_own_name(self) -> None:
        assert ("CHỦ TỊCH",) == Signer(title="Chủ tịch", name="Lê Văn C").lines()

    @pytest.mark.parametrize("prefix", ["TM.", "Q.", "KT.", "TL.", "TUQ."])
    def test_every_prefix_of_decree_30(self, prefix: str) -> None:
        s = Signer(authority=(f"{prefix} Giám đốc",), title="Phó Giám đốc", name="A B")
        assert f"{prefix} GIÁM ĐỐC" == s.lines()[0]

    @pytest.mark.parametrize("bad", ["Thay mặt UBND", "TM.", "KT Chủ tịch", "XX. Chủ tịch"])
    def test_bad_authority(self, bad: str) -> None:
        with pytest.raises(dt.ValidationError, match=re.escape("TM., Q., KT., TL., TUQ.")):
            Signer(authority=(bad,), title="Phó Chủ tịch", name="Nguyễn Văn An")

    def test_authority_must_be_a_sequence(self) -> None:
        with pytest.raises(dt.InvalidTypeError):
            Signer(authority="TM. UBND", title="Phó Chủ tịch",  # type: ignore[arg-type]
                   name="Nguyễn Văn An")

    def test_empty_name(self) -> None:
        with pytest.raises(dt.ValidationError):
            Signer(title="Chủ tịch", name=" ")


class TestRecipients:
    def test_lines(self) -> None:
        r = Recipients(names=("Như trên;", "Thường trực Tỉnh ủy"), archive=("VT", "TH"))
        assert ("- Như trên;", "- Thường trực Tỉnh ủy;", "- Lưu: VT, TH.") == r.lines()

    def test_default_archive(self) -> None:
        assert ("- Lưu: VT.",) == Recipients().lines()

    def test_empty_archive(self) -> None:
        with pytest.raises(dt.ValidationError, match="VT"):
            Recipients(archive=())


class TestDocumentDetails:
    def test_lines(self) -> None:
        d = DocumentDetails(agency=IssuingAgency(name="UBND tỉnh", place="Ninh Giang"),
                            number=dt.DocumentNumber.parse("5/BC-UBND"),
                            issued_on=date(2026, 2, 3),
                            signer=Signer(title="Chủ tịch", name="Lê Văn C"))
        # Leading zero below 10 for the number, days 1–9 and months 1–2 (Decree 30/2020).
        assert "Số: 05/BC-UBND" == d.number_line
        assert "Ninh Giang, ngày 03 tháng 02 năm 2026" == d.date_line
        assert ("- Lưu: VT.",) == d.recipients.lines()

    def test_types(self) -> None:
        agency = IssuingAgency(name="UBND tỉnh", place="Ninh Giang")
        signer = Signer(title="Chủ tịch", name="Lê Văn C")
        with pytest.raises(dt.InvalidTypeError):
            DocumentDetails(agency=agency, number="05/BC-UBND",  # type: ignore[arg-type]
                            issued_on=date(2026, 1, 5), signer=signer)
        with pytest.raises(dt.InvalidTypeError):
            DocumentDetails(agency=agency, number=dt.DocumentNumber.parse("05/BC-UBND"),
                            issued_on=datetime(2026, 1, 5), signer=signer)


class TestNumbers:
    def test_vietnamese_separators(self) -> None:
        assert "1.234.567,89" == vi_number(1234567.891, 2)
        assert "0,0" == vi_number(0.0, 1)

    @pytest.mark.parametrize(("value", "kind", "lang", "expected"), [
        (0.125, "rate", "vi", "12,5%"),
        (0.125, "rate", "en", "12.5%"),
        (1 / 3, "rate", "vi", "33,3%"),
        (2.5, "float", "vi", "2,50"),
        (12345, "int", "vi", "12.345"),
        (12345, "int", "en", "12,345"),
        (None, "rate", "vi", ""),
        (date(2026, 5, 4), "date", "vi", "04/05/2026"),
    ])
    def test_format_cell(self, value: object, kind: str, lang: str, expected: str) -> None:
        assert expected == format_cell(value, kind, lang)
