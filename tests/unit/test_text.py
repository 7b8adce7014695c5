# SPDX-License-Identifier: MIT
"""Tests for directive_tracker.text: NFC, folding, Vietnamese collation, legacy encodings."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_tracker.exceptions import InvalidTypeError
from directive_tracker.text import (
    fix_mojibake,
    fold,
    nfc,
    sort_key,
    sort_key_person_name,
    tcvn3_to_unicode,
    vni_to_unicode,
)

NFD_QUYET_DINH = "Quye\u0302\u0301t \u0111i\u0323nh"


class TestNfc:
    def test_composes_nfd(self) -> None:
        """NFD "Quyết định" (combining marks) becomes the 10-code-point NFC form."""
        actual = nfc(NFD_QUYET_DINH)
        expected = "Quy\u1ebft \u0111\u1ecbnh"
        assert expected == actual
        assert len(actual) == 10

    def test_nfc_unchanged(self) -> None:
        """Text already in NFC is returned equal."""
        expected = "Đà Nẵng"
        assert expected == nfc("Đà Nẵng")

    @pytest.mark.parametrize("bad", [None, b"abc", 5, ["a"]])
    def test_refuses_non_str(self, bad: object) -> None:
        """Anything but a str raises InvalidTypeError (a TypeError)."""
        with pytest.raises(InvalidTypeError):
            nfc(bad)  # type: ignore[arg-type]


class TestFold:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Đà Nẵng", "da nang"),
            ("  Đà \t Nẵng\n", "da nang"),
            ("QUYẾT ĐỊNH", "quyet dinh"),
            (NFD_QUYET_DINH, "quyet dinh"),
            ("Ủy ban nhân dân tỉnh", "uy ban nhan dan tinh"),
            ("Thường xuyên", "thuong xuyen"),
            ("Khánh Hòa", "khanh hoa"),
            ("Khánh Hoà", "khanh hoa"),
            ("", ""),
            ("   ", ""),
            ("15/5/2024", "15/5/2024"),
        ],
    )
    def test_examples(self, text: str, expected: str) -> None:
        """Hand-folded examples: marks dropped, đ/Đ mapped to d, lower case, spaces collapsed."""
        assert expected == fold(text)

    def test_refuses_non_str(self) -> None:
        """A bytes value raises InvalidTypeError."""
        with pytest.raises(InvalidTypeError):
            fold(b"Da Nang")  # type: ignore[arg-type]

    @settings(max_examples=300, deadline=None)
    @given(st.text())
    def test_idempotent_and_mark_free(self, text: str) -> None:
        """Folding twice changes nothing and the key never contains combining marks."""
        once = fold(text)
        assert once == fold(once)
        marks = [ch for ch in unicodedata.normalize("NFD", once) if unicodedata.combining(ch)]
        assert not marks

    @settings(max_examples=200, deadline=None)
    @given(st.text())
    def test_nfc_nfd_insensitive(self, text: str) -> None:
        """NFC and NFD spellings of the same text fold to the same key."""
        assert fold(unicodedata.normalize("NFC", text)) == fold(
            unicodedata.normalize("NFD", text)
        )


class TestSortKey:
    def test_alphabet_order(self) -> None:
        """CLDR vi letter order a < ă < â < b … d < đ … o < ô < ơ … u < ư, even from NFD."""
        words = ["Ưng", "ủy", "Zê", "Đông", "Ăn", "Ân", "An", "Ánh", "Ơn", "Ôn", "On", "Bình",
                 "Dũng", "Ê-đê", "Em"]
        expected = ["An", "Ánh", "Ăn", "Ân", "Bình", "Dũng", "Đông", "Em", "Ê-đê", "On", "Ôn",
                    "Ơn", "ủy", "Ưng", "Zê"]
        assert expected == sorted(words, key=sort_key)
        nfd = [unicodedata.normalize("NFD", w) for w in words]
        assert expected == [nfc(w) for w in sorted(nfd, key=sort_key)]

    def test_tone_order_is_secondary(self) -> None:
        """Tones break ties only: none < huyền < hỏi < ngã < sắc < nặng."""
        words = ["mạ", "má", "mã", "mả", "mà", "ma"]
        expected = ["ma", "mà", "mả", "mã", "má", "mạ"]
        assert expected == sorted(words, key=sort_key)

    def test_letters_beat_tones(self) -> None:
        """A primary (letter) difference later in the word outweighs an earlier tone."""
        expected = ["án", "anh"]
        assert expected == sorted(["anh", "án"], key=sort_key)

    def test_case_is_tertiary(self) -> None:
        """Lower case sorts before upper case only when letters and tones tie."""
        expected = ["an", "An", "àn", "Àn"]
        assert expected == sorted(["Àn", "An", "àn", "an"], key=sort_key)

    def test_space_digits_letters(self) -> None:
        """Shorter prefix first; space < digits < letters."""
        words = ["Lê Văn", "Lê", "Lê 2", "Lêa"]
        expected = ["Lê", "Lê 2", "Lê Văn", "Lêa"]
        assert expected == sorted(words, key=sort_key)

    def test_refuses_non_str(self) -> None:
        """An int raises InvalidTypeError."""
        with pytest.raises(InvalidTypeError):
            sort_key(3)  # type: ignore[arg-type]

    @settings(max_examples=300, deadline=None)
    @given(st.text(), st.text())
    def test_consistent_total_order(self, left: str, right: str) -> None:
        """Equal keys only for canonically equivalent text; keys ignore NFC/NFD."""
        if sort_key(left) == sort_key(right):
            assert nfc(left) == nfc(right) or fold(left) == fold(right)
        assert sort_key(unicodedata.normalize("NFD", left)) == sort_key(nfc(left))


class TestSortKeyPersonName:
    def test_given_name_first(self) -> None:
        """People sort by the given name (last word), then by family and middle names."""
        names = ["Nguyễn Văn Bình", "Trần Thị An", "Lê Văn An", "Phạm Ánh", "Đỗ Đức"]
        expected = ["Lê Văn An", "Trần Thị An", "Phạm Ánh", "Nguyễn Văn Bình", "Đỗ Đức"]
        assert expected == sorted(names, key=sort_key_person_name)

    def test_single_word_and_empty(self) -> None:
        """A one-word name sorts by that word; an empty name sorts first."""
        expected = ["", "An", "Lê Bình"]
        assert expected == sorted(["Lê Bình", "An", ""], key=sort_key_person_name)

    def test_refuses_non_str(self) -> None:
        """None raises InvalidTypeError."""
        with pytest.raises(InvalidTypeError):
            sort_key_person_name(None)  # type: ignore[arg-type]


class TestTcvn3:
    @pytest.mark.parametrize(
        ("legacy", "expected"),
        [
            ("QuyÕt ®Þnh", "Quyết định"),
            ("§µ N½ng", "Đà Nẵng"),
            ("Hå ChÝ Minh", "Hồ Chí Minh"),
            ("B¶o Th¾ng", "Bảo Thắng"),
            ("M\xadêng Kh\xad\xacng", "Mường Khương"),
            ("Uû ban nh©n d©n tØnh", "Uỷ ban nhân dân tỉnh"),
            ("Céng hßa x· héi chñ nghÜa ViÖt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
            ("Thø b¶y vµ chñ nhËt", "Thứ bảy và chủ nhật"),
            ("“ASCII – only”", "“ASCII – only”"),
        ],
    )
    def test_known_words(self, legacy: str, expected: str) -> None:
        """Hand-encoded TCVN3 words (byte values from TCVN 5712:1993) convert to NFC Unicode."""
        assert expected == tcvn3_to_unicode(legacy)

    def test_uppercase_font(self) -> None:
        """.VnTimeH headings use lower-case codes; uppercase_font=True upper-cases them."""
        expected = "QUYẾT ĐỊNH"
        assert expected == tcvn3_to_unicode("QUYÕT §ÞNH", uppercase_font=True)
        expected = "QUYếT ĐịNH"
        assert expected == tcvn3_to_unicode("QUYÕT §ÞNH")

    def test_combining_tone_bytes(self) -> None:
        """Bytes 0xB0-0xB4 are combining tones that compose with the preceding letter."""
        expected = "à"
        assert expected == tcvn3_to_unicode("a\xb0")

    def test_refuses_non_str(self) -> None:
        """Bytes must be decoded first: bytes raise InvalidTypeError."""
        with pytest.raises(InvalidTypeError):
            tcvn3_to_unicode(b"Quy\xd5t")  # type: ignore[arg-type]

    def test_refuses_non_bool_flag(self) -> None:
        """uppercase_font must be a bool."""
        with pytest.raises(InvalidTypeError):
            tcvn3_to_unicode("a", uppercase_font="yes")  # type: ignore[arg-type]


class TestVni:
    @pytest.mark.parametrize(
        ("legacy", "expected"),
        [
            ("Quyeát ñònh", "Quyết định"),
            ("Ñaø Naüng", "Đà Nẵng"),
            ("Xin chaøo caùc baïn", "Xin chào các bạn"),
            ("Vieät Nam", "Việt Nam"),
            ("Thaønh phoá Hoà Chí Minh", "Thành phố Hồ Chí Minh"),
            ("Ngöôøi", "Người"),
            ("tröôøng hôïp", "trường hợp"),
            ("Aùnh", "Ánh"),
            ("ÑOÀNG THAÙP", "ĐỒNG THÁP"),
            ("Uyû ban nhaân daân tænh", "Uỷ ban nhân dân tỉnh"),
            ("möôøi ngaøy", "mười ngày"),
            ("Ăn", "Ăn"),
        ],
    )
    def test_known_words(self, legacy: str, expected: str) -> None:
        """Hand-encoded VNI-Windows words convert to NFC Unicode."""
        assert expected == vni_to_unicode(legacy)

    def test_refuses_non_str(self) -> None:
        """A bytearray raises InvalidTypeError."""
        with pytest.raises(InvalidTypeError):
            vni_to_unicode(bytearray(b"a"))  # type: ignore[arg-type]


class TestFixMojibake:
    @pytest.mark.parametrize(
        ("garbled", "expected"),
        [
            ("Quyáº¿t Ä‘á»‹nh", "Quyết định"),
            ("Ä\x90Ã\xa0 Náºµng", "Đà Nẵng"),
            ("Ä\x90Ã  Náºµng", "Ä\x90Ã  Náºµng"),
            ("ÄÃ  Náºµng", "ÄÃ  Náºµng"),
            ("Quyết định", "Quyết định"),
            ("plain ASCII", "plain ASCII"),
            ("", ""),
        ],
    )
    def test_examples(self, garbled: str, expected: str) -> None:
        """UTF-8 read as cp1252/latin-1 is repaired; anything else is left (in NFC)."""
        assert expected == fix_mojibake(garbled)

    def test_nfd_input_not_mojibake(self) -> None:
        """Correct NFD text is only normalised to NFC."""
        expected = "Quyết định"
        assert expected == fix_mojibake(NFD_QUYET_DINH)

    @settings(max_examples=300, deadline=None)
    @given(st.text())
    def test_round_trip(self, text: str) -> None:
        """Any text encoded to UTF-8 and mis-decoded as latin-1 is repaired exactly."""
        garbled = text.encode("utf-8").decode("latin-1")
        assert nfc(text) == fix_mojibake(garbled)

    def test_refuses_non_str(self) -> None:
        """A float raises InvalidTypeError."""
        with pytest.raises(InvalidTypeError):
            fix_mojibake(1.5)  # type: ignore[arg-type]
