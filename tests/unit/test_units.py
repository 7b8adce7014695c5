# SPDX-License-Identifier: MIT
"""Units and the succession registry (the 2025 reorganisation)."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pytest

from directive_tracker.exceptions import (
    InvalidTypeError,
    UnitNotFoundError,
    ValidationError,
)
from directive_tracker.units import Succession, SuccessionKind, Unit, UnitKind, UnitRegistry

# Decree 150/2025: the former Sở Kế hoạch và Đầu tư merged into Sở Tài chính, and the
# former Sở Nông nghiệp và PTNT and Sở Tài nguyên và Môi trường into Sở Nông nghiệp và
# Môi trường, effective 01/03/2025 in most provinces.
EFFECTIVE = date(2025, 3, 1)


def _dept(code: str, name: str, **kw: object) -> Unit:
    return Unit(code=code, name=name, kind=UnitKind.DEPARTMENT, **kw)  # type: ignore[arg-type]


@pytest.fixture
def registry() -> UnitRegistry:
    units = [
        Unit(code="UBND", name="Ủy ban nhân dân tỉnh", kind=UnitKind.PROVINCIAL_COMMITTEE),
        _dept("SKHDT", "Sở Kế hoạch và Đầu tư", parent="UBND"),
        _dept("STC", "Sở Tài chính", parent="UBND"),
        _dept("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", parent="UBND"),
        _dept("STNMT", "Sở Tài nguyên và Môi trường", parent="UBND"),
        _dept("SNNMT", "Sở Nông nghiệp và Môi trường", parent="UBND", valid_from=EFFECTIVE),
        Unit(code="H_A", name="UBND huyện A", kind=UnitKind.DISTRICT),
        Unit(code="X_1", name="UBND xã Một", kind=UnitKind.COMMUNE,
             valid_from=date(2025, 7, 1)),
        Unit(code="X_2", name="UBND xã Hai", kind=UnitKind.COMMUNE,
             valid_from=date(2025, 7, 1)),
    ]
    merges = [
        Succession(kind=SuccessionKind.MERGE, predecessors=("SKHDT", "STC"),
                   successors=("STC",), effective=EFFECTIVE,
                   document="Quyết định 01/QĐ-UBND"),
        Succession(kind=SuccessionKind.MERGE, predecessors=("SNNPTNT", "STNMT"),
                   successors=("SNNMT",), effective=EFFECTIVE,
                   document="Quyết định 02/QĐ-UBND"),
        Succession(kind=SuccessionKind.SPLIT, predecessors=("H_A",), successors=("X_1", "X_2"),
                   receiver="X_1", effective=date(2025, 7, 1),
                   document="Nghị quyết 1656/NQ-UBTVQH15"),
    ]
    return UnitRegistry.of(units, merges)


class TestUnit:
    def test_name_is_nfc(self) -> None:
        """A name typed as NFD (Windows keyboard) is stored as NFC."""
        nfd = unicodedata.normalize("NFD", "Sở Nội vụ")
        unit = _dept("SNV", nfd)
        assert "Sở Nội vụ" == unit.name
        assert 9 == len(unit.name)

    def test_is_active_is_inclusive(self) -> None:
        """valid_from and valid_to are both inclusive."""
        u = _dept("S", "Sở", valid_from=date(2025, 3, 1), valid_to=date(2025, 6, 30))
        assert [False, True, True, False] == [
            u.is_active(date(2025, 2, 28)), u.is_active(date(2025, 3, 1)),
            u.is_active(date(2025, 6, 30)), u.is_active(date(2025, 7, 1))]

    @pytest.mark.parametrize(("kwargs", "error"), [
        ({"code": "", "name": "Sở"}, ValidationError),
        ({"code": "S N", "name": "Sở"}, ValidationError),
        ({"code": "S", "name": "   "}, ValidationError),
        ({"code": "S", "name": "Sở\x00"}, ValidationError),
        ({"code": 5, "name": "Sở"}, InvalidTypeError),
        ({"code": "S", "name": "Sở", "valid_from": datetime(2025, 1, 1)}, InvalidTypeError),
        ({"code": "S", "name": "Sở", "valid_from": date(2025, 2, 1),
          "valid_to": date(2025, 1, 31)}, ValidationError),
        ({"code": "S", "name": "Sở", "parent": "S"}, ValidationError),
    ])
    def test_bad_input(self, kwargs: dict[str, object], error: type[Exception]) -> None:
        """Bad fields raise the library's errors (which are also ValueError/TypeError)."""
        with pytest.raises(error):
            Unit(kind=UnitKind.DEPARTMENT, **kwargs)  # type: ignore[arg-type]

    def test_kind_must_be_enum(self) -> None:
        """A plain string is not a UnitKind."""
        with pytest.raises(InvalidTypeError, match="kind"):
            Unit(code="S", name="Sở", kind="department")  # type: ignore[arg-type]

    def test_labels(self) -> None:
        """Kinds carry Vietnamese and English labels."""
        assert "Sở, ban, ngành" == UnitKind.DEPARTMENT.label_vi
        assert "Department or agency" == UnitKind.DEPARTMENT.label_en


class TestSuccession:
    @pytest.mark.parametrize(("kind", "pred", "succ"), [
        (SuccessionKind.MERGE, ("A",), ("B",)),
        (SuccessionKind.SPLIT, ("A",), ("B",)),
        (SuccessionKind.RENAME, ("A", "B"), ("C",)),
    ])
    def test_shape_checked(self, kind: SuccessionKind, pred: tuple[str, ...],
                           succ: tuple[str, ...]) -> None:
        """Merge needs ≥2 predecessors, split ≥2 successors, rename one of each."""
        with pytest.raises(ValidationError):
            Succession(kind=kind, predecessors=pred, successors=succ, effective=EFFECTIVE,
                       document="QĐ", receiver=succ[0])

    def test_labels(self) -> None:
        """Succession kinds carry Vietnamese and English labels."""
        assert [("Hợp nhất, sáp nhập", "Merge"), ("Chia tách", "Split"), ("Đổi tên", "Rename")
                ] == [(k.label_vi, k.label_en) for k in SuccessionKind]

    def test_codes_must_not_repeat(self) -> None:
        """A code listed twice among the predecessors is refused."""
        with pytest.raises(ValidationError, match="must not repeat"):
            Succession(kind=SuccessionKind.MERGE, predecessors=("A", "A"), successors=("B",),
                       effective=EFFECTIVE, document="QĐ")

    def test_rename_needs_a_new_code(self) -> None:
        """Renaming A to A changes nothing and is refused."""
        with pytest.raises(ValidationError, match="new code"):
            Succession(kind=SuccessionKind.RENAME, predecessors=("A",), successors=("A",),
                       effective=EFFECTIVE, document="QĐ")

    def test_split_needs_receiver(self) -> None:
        """A split must say which successor takes the open tasks."""
        with pytest.raises(ValidationError, match="receiver"):
            Succession(kind=SuccessionKind.SPLIT, predecessors=("A",), successors=("B", "C"),
                       effective=EFFECTIVE, document="QĐ")

    def test_receiver_must_be_successor(self) -> None:
        """The receiver is one of the successors."""
        with pytest.raises(ValidationError, match="receiver"):
            Succession(kind=SuccessionKind.RENAME, predecessors=("A",), successors=("B",),
                       effective=EFFECTIVE, document="QĐ", receiver="Z")

    def test_codes_must_be_a_sequence(self) -> None:
        """A bare string is not a list of codes."""
        with pytest.raises(ValidationError):
            Succession(kind=SuccessionKind.RENAME, predecessors="A", successors=("B",),
                       effective=EFFECTIVE, document="QĐ")


class TestRegistry:
    def test_successor_before_and_after(self, registry: UnitRegistry) -> None:
        """Work passes to the receiving body from the effective date (NQ 190/2025)."""
        assert "SKHDT" == registry.successor_of("SKHDT", date(2025, 2, 28))
        assert "STC" == registry.successor_of("SKHDT", date(2025, 3, 1))
        assert "STC" == registry.successor_of("STC", date(2025, 3, 1))
        assert "SNNMT" == registry.successor_of("STNMT", date(2025, 12, 31))

    def test_split_goes_to_receiver(self, registry: UnitRegistry) -> None:
        """A district's open work goes to the named receiving commune from 01/07/2025."""
        assert "H_A" == registry.successor_of("H_A", date(2025, 6, 30))
        assert "X_1" == registry.successor_of("H_A", date(2025, 7, 1))

    def test_predecessor_valid_to_closed(self, registry: UnitRegistry) -> None:
        """A merged-away unit's last day is the day before the effective date."""
        assert date(2025, 2, 28) == registry.get("SKHDT").valid_to
        assert registry.get("STC").valid_to is None
        assert date(2025, 6, 30) == registry.get("H_A").valid_to

    def test_predecessors_of(self, registry: UnitRegistry) -> None:
        """Reports by the new unit roll up every old unit whose work passed to it."""
        assert frozenset({"SKHDT"}) == registry.predecessors_of("STC")
        assert frozenset({"SNNPTNT", "STNMT"}) == registry.predecessors_of("SNNMT")
        assert frozenset({"H_A"}) == registry.predecessors_of("X_1")
        assert frozenset() == registry.predecessors_of("X_2")

    def test_rollup(self, registry: UnitRegistry) -> None:
        """Roll up by the new unit or keep the old one."""
        on = date(2025, 9, 30)
        assert "SNNMT" == registry.rollup_code("STNMT", on, by="new")
        assert "STNMT" == registry.rollup_code("STNMT", on, by="old")
        with pytest.raises(ValidationError, match="by must be"):
            registry.rollup_code("STNMT", on, by="newest")

    def test_chain(self) -> None:
        """A chain of successions is followed to its end."""
        units = [_dept(c, c) for c in ("A", "B", "C")]
        reg = UnitRegistry.of(units, [
            Succession(kind=SuccessionKind.RENAME, predecessors=("A",), successors=("B",),
                       effective=date(2025, 1, 1), document="QĐ 1"),
            Succession(kind=SuccessionKind.RENAME, predecessors=("B",), successors=("C",),
                       effective=date(2025, 7, 1), document="QĐ 2"),
        ])
        assert "B" == reg.successor_of("A", date(2025, 3, 1))
        assert "C" == reg.successor_of("A", date(2025, 7, 1))
        assert frozenset({"A", "B"}) == reg.predecessors_of("C")

    def test_active(self, registry: UnitRegistry) -> None:
        """Active units on a date, sorted by code."""
        codes = [u.code for u in registry.active(date(2025, 7, 1))]
        assert ["SNNMT", "STC", "UBND", "X_1", "X_2"] == codes

    def test_unknown_unit(self, registry: UnitRegistry) -> None:
        """Unknown codes raise UnitNotFoundError, a LookupError."""
        with pytest.raises(UnitNotFoundError):
            registry.get("NOPE")
        with pytest.raises(LookupError):
            registry.successor_of("NOPE", date(2025, 1, 1))
        assert "NOPE" == registry.name_of("NOPE")
        assert "Sở Tài chính" == registry.name_of("STC")

    def test_duplicate_and_unknown_in_succession(self) -> None:
        """Duplicate codes and successions naming unknown units are refused."""
        reg = UnitRegistry.of([_dept("A", "A")])
        with pytest.raises(ValidationError, match="already registered"):
            reg.with_units(_dept("A", "A2"))
        with pytest.raises(ValidationError, match="unknown unit"):
            reg.with_succession(Succession(
                kind=SuccessionKind.RENAME, predecessors=("A",), successors=("B",),
                effective=EFFECTIVE, document="QĐ"))

    def test_wrong_types_refused(self, registry: UnitRegistry) -> None:
        """Only Unit and Succession objects can be added."""
        with pytest.raises(ValidationError, match="expected a Unit"):
            registry.with_units("SNV")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="expected a Succession"):
            registry.with_succession("merge")  # type: ignore[arg-type]

    def test_double_succession_refused(self, registry: UnitRegistry) -> None:
        """A unit that was already merged away cannot be succeeded again."""
        with pytest.raises(ValidationError, match="already succeeded"):
            registry.with_succession(Succession(
                kind=SuccessionKind.RENAME, predecessors=("SKHDT",), successors=("UBND",),
                effective=date(2025, 8, 1), document="QĐ 9"))

    def test_immutable(self, registry: UnitRegistry) -> None:
        """with_units returns a new registry and leaves the old one unchanged."""
        bigger = registry.with_units(_dept("SNV", "Sở Nội vụ"))
        assert "SNV" in bigger
        assert "SNV" not in registry
        assert len(registry) + 1 == len(bigger)


class TestBoundaries:
    """Issue 17 items 2, 6 and 10 at the unit constructors."""

    def test_parent_is_nfc(self) -> None:
        """Unit.parent typed in NFD equals the NFC code (was kept as typed)."""
        nfd = unicodedata.normalize("NFD", "XÃ_HOÀ")
        unit = Unit(code="THON_1", name="Thôn 1", kind=UnitKind.OTHER, parent=nfd)
        assert ("XÃ_HOÀ", 6) == (unit.parent, len(unit.parent or ""))

    def test_receiver_is_nfc(self) -> None:
        """Succession.receiver typed in NFD matches the NFC successor code."""
        nfd = unicodedata.normalize("NFD", "XÃ_MỚI")
        s = Succession(kind=SuccessionKind.SPLIT, predecessors=("A",),
                       successors=("XÃ_MỚI", "B"), effective=date(2025, 7, 1),
                       document="NQ 1", receiver=nfd)
        assert "XÃ_MỚI" == s.task_receiver

    def test_combining_bomb_code_refused_fast(self) -> None:
        """Unit(code='a' + 50,000 pairs of marks) is refused on length (64) in < 1 s."""
        from time import perf_counter

        start = perf_counter()
        with pytest.raises(ValidationError, match="100,001 characters long; at most 64"):
            Unit(code="a" + "\u0301\u0323" * 50000, name="x", kind=UnitKind.OTHER)
        assert perf_counter() - start < 1.0

    @pytest.mark.parametrize("code", ["SNV\r\n", "S\x1bNV", "=?utf-8?q?SNV?=", "S\u200bNV"])
    def test_code_refuses_header_and_control(self, code: str) -> None:
        """Unit codes refuse CR/LF, ESC, zero-width characters and the '=?' opener."""
        with pytest.raises(ValidationError, match="must not contain"):
            Unit(code=code, name="Sở Nội vụ", kind=UnitKind.DEPARTMENT)

    def test_name_is_single_line(self) -> None:
        """A unit name is one line: LF and U+2028 are refused; the cap is 1,000."""
        for name in ("Sở\nNội vụ", "Sở Nội vụ\u2028"):
            with pytest.raises(ValidationError, match="must not contain"):
                Unit(code="SNV", name=name, kind=UnitKind.DEPARTMENT)
        with pytest.raises(ValidationError, match="at most 1,000"):
            Unit(code="SNV", name="x" * 1_001, kind=UnitKind.DEPARTMENT)
