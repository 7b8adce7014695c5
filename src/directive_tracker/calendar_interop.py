# SPDX-License-Identifier: MIT
"""
Bridges from :class:`~directive_tracker.calendars.WorkingCalendar` to numpy, pandas and
python-holidays, and the numpy/pandas paths of the bulk methods.

Every object built here encodes the calendar *exactly* over the supported range
(:data:`~directive_tracker.calendars.FIRST_SUPPORTED_DATE` ..
:data:`~directive_tracker.calendars.LAST_SUPPORTED_DATE`), make-up Saturdays included:

* numpy and pandas know a weekly mask plus a list of holidays, but no extra working
  days.  So the mask is all seven days (``"1111111"``) and *every* non-working day of
  the range (weekends included) is a holiday; a make-up Saturday is then simply a day
  that is not in the list.  Outside the supported range these objects treat every day
  as a working day: do not use them there (the library raises instead).
* numpy's ``busday_offset`` rolls a non-working start day before moving.  The library
  does not count the start day (Civil Code Art 147), which equals rolling *backward*
  when moving forward and *forward* when moving backward, so
  ``cal.add_working_days(d, n) == numpy.busday_offset(d, n, roll="backward" if n > 0
  else "forward", busdaycal=cal.to_numpy_busdaycalendar())``.  pandas'
  ``CustomBusinessDay`` applies exactly that rule, so ``Timestamp(d) + n * offset``
  agrees directly.
* python-holidays' :class:`~holidays.HolidayBase` has a weekend and a
  ``weekend_workdays`` set: :func:`to_holidays` puts the days off that are not plain
  weekends in the dictionary and the make-up Saturdays in ``weekend_workdays``, so
  ``h.is_working_day(d)`` and ``h.get_nth_working_day(d, n)`` agree with the calendar.

numpy and pandas are optional extras, imported only here, on first use; a missing one
raises :class:`~directive_tracker.exceptions.MissingExtraError` naming the extra.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import functools
from datetime import date
from typing import TYPE_CHECKING, Any

from .exceptions import InvalidTypeError, MissingExtraError, ValidationError

if TYPE_CHECKING:  # pragma: no cover
    from .calendars import WorkingCalendar

__all__ = ["to_holidays", "to_numpy_busdaycalendar", "to_pandas_offset"]

#: The day numpy counts datetime64[D] from.
_EPOCH_ORD = date(1970, 1, 1).toordinal()


def _np(feature: str) -> Any:
    try:
        import numpy
    except ImportError as e:  # pragma: no cover - numpy is installed in the test env
        raise MissingExtraError("numpy", "numpy", feature) from e
    return numpy


def _pd(feature: str) -> Any:
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - pandas is installed in the test env
        raise MissingExtraError("pandas", "pandas", feature) from e
    return pandas


def _off_days64(calendar: WorkingCalendar) -> Any:
    """Every non-working day of the supported range as a datetime64[D] array."""
    tables = calendar._np
    if "off64" not in tables:
        np = _np("WorkingCalendar.to_numpy_busdaycalendar()")
        off = np.asarray([d.toordinal() - _EPOCH_ORD for d in calendar._off], dtype=np.int64)
        tables["off64"] = off.astype("datetime64[D]")
    return tables["off64"]


def to_numpy_busdaycalendar(calendar: WorkingCalendar) -> Any:
    """
    Return a :class:`numpy.busdaycalendar` with the calendar's working days.

    The weekmask is ``"1111111"`` and the holidays are every non-working day of the
    supported range, so make-up Saturdays are working days.  To move like
    :meth:`~directive_tracker.calendars.WorkingCalendar.add_working_days` use
    ``numpy.busday_offset(d, n, roll="backward" if n > 0 else "forward", busdaycal=...)``;
    for a <= b, ``numpy.busday_count(a + 1, b + 1)`` counts [a+1, b+1) = the library's
    (a, b]; when b < a numpy counts (b, a] instead of [b, a), so order the bounds first
    and negate (``working_days_between(a, b) == -busday_count(b + 1, a + 1)``).

    Raises:
        MissingExtraError: numpy is not installed (extra ``numpy``).

    .. versionadded:: 0.2.0
    """
    np = _np("WorkingCalendar.to_numpy_busdaycalendar()")
    tables = calendar._np
    if "busdaycal" not in tables:
        tables["busdaycal"] = np.busdaycalendar(weekmask="1111111",
                                                holidays=_off_days64(calendar))
    return tables["busdaycal"]


def to_pandas_offset(calendar: WorkingCalendar) -> Any:
    """
    Return a pandas ``CustomBusinessDay`` with the calendar's working days.

    ``pandas.Timestamp(d) + n * offset`` equals ``add_working_days(d, n)`` for n != 0
    (pandas does not count a non-working start day either); ``offset.rollforward`` and
    ``offset.rollback`` equal :meth:`~directive_tracker.calendars.WorkingCalendar.roll_forward`
    and ``roll_backward``.

    Raises:
        MissingExtraError: pandas is not installed (extra ``pandas``).

    .. versionadded:: 0.2.0
    """
    pd = _pd("WorkingCalendar.to_pandas_offset()")
    tables = calendar._np
    if "pandas_offset" not in tables:
        tables["pandas_offset"] = pd.offsets.CustomBusinessDay(
            weekmask="Mon Tue Wed Thu Fri Sat Sun", holidays=_off_days64(calendar))
    return tables["pandas_offset"]


@functools.cache
def _holidays_class() -> type:
    from holidays import HolidayBase

    class WorkingCalendarHolidays(HolidayBase):
        """python-holidays view of a WorkingCalendar (days off and make-up Saturdays)."""

        def __init__(self, calendar: WorkingCalendar, language: str = "vi",
                     **kwargs: Any) -> None:
            if language not in ("vi", "en"):
                raise ValidationError(f"language must be 'vi' or 'en', got {language!r}",
                                      param_name="language", value=language)
            self.dt_calendar = calendar
            self.dt_language = language
            # python-holidays counts weekdays from 0 = Monday; the policy from 1 (ISO)
            self.weekend = {d - 1 for d in calendar.policy.rest_weekdays}
            super().__init__(**kwargs)

        def _populate(self, year: int) -> None:
            from .calendars import FIRST_SUPPORTED_DATE, LAST_SUPPORTED_DATE, DayKind

            if not FIRST_SUPPORTED_DATE.year <= year <= LAST_SUPPORTED_DATE.year:
                return
            for info in self.dt_calendar.special_days_in_year(year):
                if info.is_working:
                    if info.date.weekday() in self.weekend:
                        self.weekend_workdays.add(info.date)
                elif info.kind is not DayKind.WEEKEND:
                    name = info.reason_vi if self.dt_language == "vi" else info.reason_en
                    self[info.date] = name

    return WorkingCalendarHolidays


def to_holidays(calendar: WorkingCalendar, *, language: str = "vi", **kwargs: Any) -> Any:
    """
    Return a :class:`holidays.HolidayBase` instance equal to the calendar.

    Its dictionary holds the days off that are not plain weekends (named by their
    ``reason_vi``, or ``reason_en`` with ``language="en"``); its weekend is the policy's
    ``rest_weekdays`` (Saturday and Sunday by default) and its ``weekend_workdays`` hold
    the make-up (and extra) working days on a weekend, so ``is_working_day`` and
    ``get_nth_working_day`` agree with the calendar.
    Years outside 1995–2099 are empty.  Other keyword arguments go to ``HolidayBase``;
    ``years`` defaults to the whole supported range, so that ``weekend_workdays`` is
    complete from the start (python-holidays fills a year only when a date of it is
    looked up in the dictionary).

    Raises:
        ValidationError: *language* is not ``"vi"`` or ``"en"``.

    .. versionadded:: 0.2.0
    """
    from .calendars import FIRST_SUPPORTED_DATE, LAST_SUPPORTED_DATE

    kwargs.setdefault("years", range(FIRST_SUPPORTED_DATE.year, LAST_SUPPORTED_DATE.year + 1))
    return _holidays_class()(calendar, language=language, **kwargs)


# --------------------------------------------------------------------------- bulk

def _to_positions(calendar: WorkingCalendar, values: Any, name: str) -> tuple[Any, Any]:
    """
    Return (positions into the calendar's day tables as int64, the pandas index or None).

    Accepts a numpy ``datetime64`` array (any unit; whole days only), a pandas Series of
    ``datetime64`` (naive, midnight) or of ``datetime.date`` objects.
    """
    from .calendars import _FIRST_ORD, _POS, _bad_date

    np = _np(f"{name} as a numpy array")
    index = None
    arr = values
    if type(values).__module__.startswith("pandas"):
        index = values.index
        if getattr(values.dtype, "tz", None) is not None:
            raise InvalidTypeError(name, values, "dates (a tz-aware Series is ambiguous: "
                                   "convert to Vietnamese dates first)")
        arr = values.to_numpy()
    if arr.dtype.kind == "O":
        try:
            pos = np.fromiter(map(_POS.__getitem__, arr), dtype=np.int64, count=len(arr))
        except (KeyError, TypeError):
            for k, v in enumerate(arr):
                if v not in _POS or type(v) is not date:
                    _bad_date(v, f"{name}[{k}]")
            raise  # pragma: no cover - unreachable
        return pos, index
    if arr.dtype.kind != "M":
        raise InvalidTypeError(name, values, "datetime64 values or dates")
    days = arr.astype("datetime64[D]")
    if np.isnat(days).any():
        k = int(np.flatnonzero(np.isnat(days))[0])
        raise InvalidTypeError(f"{name}[{k}]", None, "a date (NaT is not a date)")
    if (days != arr).any():
        k = int(np.flatnonzero(days != arr)[0])
        raise ValidationError(f"{name}[{k}] has a time of day; pass whole days",
                              param_name=f"{name}[{k}]", value=str(arr[k]))
    pos = days.astype(np.int64) + (_EPOCH_ORD - _FIRST_ORD)
    bad = (pos < 0) | (pos >= len(calendar._le))
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        _bad_date(date.fromordinal(int(pos[k]) + _FIRST_ORD), f"{name}[{k}]")
    return pos, index


def _tables(calendar: WorkingCalendar) -> dict[str, Any]:
    np = _np("bulk calendar methods with arrays")
    t = calendar._np
    if "le" not in t:
        calendar._numpy_tables()
    if "wd64" not in t:
        t["wd64"] = (np.asarray([d.toordinal() - _EPOCH_ORD for d in calendar._wdates],
                                dtype=np.int64)).astype("datetime64[D]")
    return t


def add_working_days_array(calendar: WorkingCalendar, dates: Any, ns: Any) -> Any:
    """The numpy/pandas path of ``WorkingCalendar.add_working_days_many``."""
    from .calendars import _range_error

    np = _np("add_working_days_many with arrays")
    pos, index = _to_positions(calendar, dates, "dates")
    if isinstance(ns, int) and not isinstance(ns, bool):
        nsa = np.full(len(pos), ns, dtype=np.int64)
    else:
        nsa = np.asarray(ns)
        if nsa.dtype.kind not in "iu" or nsa.shape != pos.shape:
            raise InvalidTypeError("ns", ns, f"an int or {len(pos)} integers")
        nsa = nsa.astype(np.int64)
    t = _tables(calendar)
    ks = np.where(nsa > 0, t["le"][pos] + nsa - 1, t["lt"][pos] + nsa)
    bad = (ks < 0) | (ks >= calendar._nwork)
    if bad.any():
        from .calendars import _DATES

        k = int(np.flatnonzero(bad)[0])
        raise _range_error(_DATES[int(pos[k])],
                           f"dates[{k}]: the result of moving {int(nsa[k])} working day(s) from")
    result = t["wd64"][ks]
    if index is not None:
        pd = _pd("add_working_days_many with a Series")
        if dates.dtype.kind == "O":  # dates in, dates out
            return pd.Series(list(result.astype(object)), index=index, name=dates.name,
                             dtype=object)
        return pd.Series(result, index=index, name=dates.name)
    if dates.dtype.kind == "O":
        return result.astype(object)
    return result


def working_days_between_array(calendar: WorkingCalendar, starts: Any, ends: Any) -> Any:
    """The numpy/pandas path of ``WorkingCalendar.working_days_between_many``."""
    a, index = _to_positions(calendar, starts, "starts")
    b, _ = _to_positions(calendar, ends, "ends")
    if a.shape != b.shape:
        raise ValidationError(
            f"starts has {len(a)} items but ends has {len(b)}; they must match",
            param_name="ends", value=len(b))
    t = _tables(calendar)
    counts = t["le"][b] - t["le"][a]
    if index is not None:
        pd = _pd("working_days_between_many with a Series")
        return pd.Series(counts, index=index, name=None)
    return counts
