# SPDX-License-Identifier: MIT
"""
:class:`~directive_tracker.settings.ProvincePolicy`, the readings of named dates
(:func:`~directive_tracker.settings.read_deadline`) and how ``explain()`` names them
(issue 15 items 4 and the reading of Civil Code Arts 144–148).

Expected values by hand from the 2026 calendar (TB 9441/TB-BNV: Tết 14–22/02/2026, the
statutory days 16–20/02; 30/04–03/05/2026 off; Sat 28/02/2026).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from directive_tracker.calendars import CalendarPolicy, DayOverride, vietnam_calendar
from directive_tracker.deadlines import EndOfPeriod, FixedDate, WorkingDays
from directive_tracker.exceptions import InvalidTypeError, ValidationError
from directive_tracker.lifecycle import LifecyclePolicy
from directive_tracker.office import Office
from directive_tracker.settings import SETTINGS_FORMAT, ProvincePolicy, read_deadline
from directive_tracker.storage import MemoryStore

D = date
ROLL = CalendarPolicy(fixed_date_roll=True, period_end_roll=True)
EXCLUSIVE = CalendarPolicy(before_date_inclusive=False)


class TestProvincePolicy:
    def test_defaults_are_the_library_defaults(self) -> None:
        """An empty policy counts as a program that configures nothing."""
        p = ProvincePolicy()
        assert (CalendarPolicy(), LifecyclePolicy(), ()) == (p.calendar, p.lifecycle,
                                                              p.overrides)
        assert vietnam_calendar() is p.working_calendar()

    def test_dict_form(self) -> None:
        """The stored form is plain JSON with a format number and ISO dates."""
        o = DayOverride(date=D(2026, 10, 15), working=False, reason_vi="Nghỉ do bão",
                        source="CĐ 05/CĐ-UBND, 14/10/2026", decided_on=D(2026, 10, 14))
        data = ProvincePolicy(overrides=(o,)).to_dict()
        assert 1 == SETTINGS_FORMAT == data["format"]
        assert {"date": "2026-10-15", "working": False, "reason_vi": "Nghỉ do bão",
                "reason_en": "", "source": "CĐ 05/CĐ-UBND, 14/10/2026",
                "decided_on": "2026-10-14"} == data["overrides"][0]
        assert {"culture_day_from": 2026, "before_date_inclusive": True,
                "fixed_date_roll": False, "period_end_roll": False} == data["calendar"]
        assert data["lifecycle"]["pause_extends_decided_due"] is True
        assert 2 == data["lifecycle"]["max_extensions"]

    @pytest.mark.parametrize(("data", "error"), [
        ({"format": 2}, ValidationError),
        ({"format": "1"}, ValidationError),
        ({"colour": "red"}, ValidationError),
        ({"calendar": {"weekend": [5, 6]}}, ValidationError),
        ({"lifecycle": {"max_extensions": "2"}}, InvalidTypeError),
        ({"overrides": [{"date": "2026-02-30", "working": False, "reason_vi": "x",
                         "source": "y"}]}, ValidationError),
        ({"overrides": {}}, ValidationError),
        ([], InvalidTypeError),
    ])
    def test_bad_dicts(self, data: Any, error: type[Exception]) -> None:
        """A newer format, unknown keys and bad values are refused, never misread."""
        with pytest.raises(error):
            ProvincePolicy.from_dict(data)

    def test_missing_keys_take_defaults(self) -> None:
        """{} is the default policy (format 1 assumed)."""
        assert ProvincePolicy() == ProvincePolicy.from_dict({})

    def test_types(self) -> None:
        """Fields are type-checked."""
        with pytest.raises(InvalidTypeError):
            ProvincePolicy(calendar={"culture_day_from": 2026})  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            ProvincePolicy(overrides=("2026-10-15",))  # type: ignore[arg-type]

    def test_office_builds_from_the_store(self) -> None:
        """Office takes calendar and lifecycle policy from the stored policy; saving a new
        one changes them.  Culture Day 24/11/2026 (Tue) is off by default, worked with
        culture_day_from=None."""
        store = MemoryStore()
        office = Office(store)
        assert office.calendar.is_working_day(D(2026, 11, 24)) is False
        policy = ProvincePolicy(calendar=CalendarPolicy(culture_day_from=None),
                                lifecycle=LifecyclePolicy(max_extensions=1))
        office.save_province_policy(policy)
        assert office.calendar.is_working_day(D(2026, 11, 24)) is True
        assert LifecyclePolicy(max_extensions=1) == office.lifecycle_policy
        # Another office on the same store reads the same.
        again = Office(store, close_store=False)
        assert (policy.calendar, 1) == (again.calendar.policy,
                                        again.lifecycle_policy.max_extensions)
        # A caller's explicit calendar still wins.
        assert vietnam_calendar() is Office(store, calendar=vietnam_calendar()).calendar


class TestReadDeadline:
    def test_default_policy_reads_as_the_parser(self) -> None:
        """With the default policy nothing changes."""
        assert FixedDate(date=D(2026, 2, 21)) == read_deadline("trước ngày 21/02/2026",
                                                               CalendarPolicy())

    def test_before_date_exclusive(self) -> None:
        """"trước ngày X" read as before X; "hạn X" is not a "trước ngày" phrase."""
        assert FixedDate(date=D(2026, 2, 21), strict=True) == read_deadline(
            "trước ngày 21/02/2026", EXCLUSIVE)
        assert FixedDate(date=D(2026, 5, 1)) == read_deadline("hạn 01/05/2026", EXCLUSIVE)

    def test_roll_readings(self) -> None:
        """Named dates and period ends move when the province reads Art 148(5) so."""
        assert FixedDate(date=D(2026, 5, 1), roll=True) == read_deadline("hạn 01/05/2026",
                                                                         ROLL)
        assert EndOfPeriod(kind="month", index=2, year=2026, roll=True) == read_deadline(
            "trong tháng 2/2026", ROLL)

    def test_phrase_clause_wins(self) -> None:
        """A clause in the phrase itself settles the reading; the policy does not undo it."""
        rule = read_deadline("trong tháng 2/2026 (nếu trùng ngày nghỉ thì chuyển sang ngày "
                             "làm việc tiếp theo)", CalendarPolicy())
        assert EndOfPeriod(kind="month", index=2, year=2026, roll=True) == rule
        rule = read_deadline("trước ngày 21/02/2026 (không bao gồm ngày đó)", CalendarPolicy())
        assert FixedDate(date=D(2026, 2, 21), strict=True) == rule

    def test_rules_pass_through(self) -> None:
        """A rule built in code keeps its own flags."""
        rule = FixedDate(date=D(2026, 5, 1))
        assert rule is read_deadline(rule, ROLL)
        assert WorkingDays(n=3) == read_deadline(WorkingDays(n=3), ROLL)
        with pytest.raises(InvalidTypeError):
            read_deadline(3, ROLL)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            read_deadline("hạn 01/05/2026", None)  # type: ignore[arg-type]

    @pytest.mark.parametrize(("phrase", "policy", "due"), [
        # 21/02/2026 is a Saturday inside the Tết break (14–22/02): stays by default.
        ("trước ngày 21/02/2026", CalendarPolicy(), D(2026, 2, 21)),
        # Art 148(5): the next working day after Sat 21 and Sun 22/02 is Mon 23/02.
        ("trước ngày 21/02/2026", ROLL, D(2026, 2, 23)),
        # Exclusive: Fri 20/02 (a Tết day); kept as is without the roll reading...
        ("trước ngày 21/02/2026", EXCLUSIVE, D(2026, 2, 20)),
        # ...moved back to Fri 13/02, the last working day before the break, with it.
        ("trước ngày 21/02/2026", CalendarPolicy(before_date_inclusive=False,
                                                 fixed_date_roll=True), D(2026, 2, 13)),
        # 01/05/2026 (Fri, Labour Day): 30/04–03/05 off, next working day Mon 04/05.
        ("hạn 01/05/2026", ROLL, D(2026, 5, 4)),
        # The month of February 2026 ends on Sat 28/02; rolled: Mon 02/03.
        ("trong tháng 2/2026", CalendarPolicy(), D(2026, 2, 28)),
        ("trong tháng 2/2026", ROLL, D(2026, 3, 2)),
    ])
    def test_due_dates(self, phrase: str, policy: CalendarPolicy, due: date) -> None:
        """The issue's three examples under each reading."""
        cal = vietnam_calendar(policy=policy)
        assert due == read_deadline(phrase, policy).due_date(D(2026, 2, 2), cal)


class TestExplainNamesTheReading:
    def test_named_date_kept(self) -> None:
        """A named date on a day off: the explanation says why it stays (Art 148(5) does
        not reach a point in time) and that X is included (Art 148(6))."""
        text = FixedDate(date=D(2026, 5, 1)).explain(D(2026, 4, 1)).text_vi
        assert "tính cả ngày này: thời hạn kết thúc vào 24 giờ ngày đó, BLDS 2015 Điều 148 " \
               "khoản 6" in text
        assert ("01/05/2026 là ngày nghỉ (Ngày Quốc tế Lao động (1/5)) nhưng hạn không "
                "chuyển (cách hiểu áp dụng: ngày do văn bản ấn định là một thời điểm") in text
        assert "Điều 148 khoản 5 không áp dụng" in text

    def test_named_date_rolled(self) -> None:
        """With the roll reading it names Art 144 and Art 148(5)."""
        e = FixedDate(date=D(2026, 5, 1), roll=True).explain(D(2026, 4, 1))
        assert D(2026, 5, 4) == e.due
        assert ("cách hiểu áp dụng: thời hạn là khoảng thời gian giữa hai thời điểm, BLDS "
                "2015 Điều 144, nên ngày cuối cùng được chuyển theo Điều 148 khoản 5"
                in e.text_vi)
        assert "Civil Code 2015 Art 144" in e.text_en

    def test_exclusive_reading(self) -> None:
        """"Before X" names its reading."""
        text = FixedDate(date=D(2026, 3, 20), strict=True).explain(D(2026, 3, 1)).text_en
        assert text.startswith('Deadline "before 20/03/2026", that day excluded (the literal '
                               'reading of "before") → the day before, 19/03/2026')

    def test_period_end_kept_and_rolled(self) -> None:
        """The end of February 2026 (Sat 28/02): Art 146 point, or rolled to Mon 02/03."""
        text = EndOfPeriod(kind="month", index=2, year=2026).explain(D(2026, 2, 2)).text_vi
        assert "cuối kỳ là thời điểm do BLDS 2015 Điều 146 xác định" in text
        assert text.endswith("→ 28/02/2026")
        e = EndOfPeriod(kind="month", index=2, year=2026, roll=True).explain(D(2026, 2, 2))
        assert (D(2026, 3, 2), True) == (e.due, "BLDS 2015 Điều 144" in e.text_vi)

    def test_working_day_needs_no_reading(self) -> None:
        """A named working day needs no roll reading: no such step."""
        text = FixedDate(date=D(2026, 3, 20)).explain(D(2026, 3, 1)).text_vi
        assert "cách hiểu áp dụng" not in text


class TestAssignTaskReadsWithThePolicy:
    def test_phrase_read_with_the_calendars_policy(self) -> None:
        """assign_task reads "trước ngày 21/02/2026" with the calendar's policy: under the
        Art 148(5) reading, Sat 21/02 (Tết break 14–22/02/2026) moves to Mon 23/02."""
        from datetime import datetime

        from directive_tracker._tz import VN_TZ
        from directive_tracker.directives import Directive
        from directive_tracker.services import assign_task, register_directive, register_unit
        from directive_tracker.units import Unit, UnitKind

        store = MemoryStore()
        register_unit(store, Unit(code="UBND", name="Ủy ban nhân dân tỉnh",
                                  kind=UnitKind.PROVINCIAL_COMMITTEE))
        register_unit(store, Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT))
        register_directive(store, Directive(id="KH1", issuer="UBND", issue_date=D(2026, 2, 2),
                                            summary="Kế hoạch"))

        def clock() -> datetime:
            return datetime(2026, 2, 2, 9, tzinfo=VN_TZ)

        dues = []
        for k, policy in enumerate((CalendarPolicy(), ROLL)):
            a = assign_task(store, vietnam_calendar(policy=policy), directive_id="KH1",
                            task_id=f"T{k}", content=f"Việc {k}", lead_unit="SNV",
                            deadline="trước ngày 21/02/2026", actor="vanthu", clock=clock)
            dues.append((a.task.due_date, a.task.deadline.to_dict()["roll"]))
        assert [(D(2026, 2, 21), False), (D(2026, 2, 23), True)] == dues



@pytest.mark.parametrize(("read", "data", "names"), [
    (ProvincePolicy.from_dict, {"format": 1, "": 0, 0: 0}, "unknown province policy key(s): "
                                                          ", 0"),
    (ProvincePolicy.from_dict, {"lifecycle": {"x": 1, 2: 3}}, "unknown lifecycle policy "
                                                             "key(s): 2, x"),
    (ProvincePolicy.from_dict, {"overrides": [{"date": "2026-01-02", 1: 2, "z": 3}]},
     "overrides[0]: unknown key(s) 1, z"),
    (CalendarPolicy.from_dict, {"a": 1, 2: 3}, "unknown calendar policy key(s): 2, a"),
])
def test_unknown_keys_of_mixed_types(read: Any, data: dict[Any, Any], names: str) -> None:
    """Issue 17 item 7 (found by tests/fuzz/test_fuzz_boundaries.py): unknown keys that are
    not all strings (a dict built in Python, not JSON) were sorted directly and raised
    TypeError; they are listed by their text ("" < "0" < "x"; "1" < "z"; "2" < "a")."""
    with pytest.raises(ValidationError) as info:
        read(data)
    assert names in str(info.value)


def test_attrs_record_with_unknown_keys_of_mixed_types() -> None:
    """The codec's reader of attrs records (stored units, settings…) names unknown keys of
    any type instead of raising TypeError while sorting them."""
    from directive_tracker._serialization import load_attrs

    with pytest.raises(ValidationError, match=r"unknown fields \[1, 'b'\]"):
        load_attrs(LifecyclePolicy, {"b": 1, 1: 2})
