# SPDX-License-Identifier: MIT
"""
The report registry: :data:`REPORTS`, every report by the name the command line uses.

A new report is one module of :mod:`directive_tracker.reports` (its row and result
classes and its function) plus one :func:`register_report` call here; the command line
(``directive-tracker report NAME``) reads this mapping for its choices, its dispatch and
the filters it accepts.

>>> list(REPORTS)
['scoreboard', 'summary', 'overdue', 'directives', 'upcoming']
>>> sorted(REPORTS["overdue"].filters)
['by', 'unit']

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from .._validators import check_str
from ..exceptions import InvalidTypeError, ValidationError
from .overdue import overdue_list
from .progress import directive_progress
from .scoreboards import scoreboard
from .summaries import summary
from .upcoming import upcoming_deadlines

__all__ = ["FILTERS", "REPORTS", "ReportSpec", "register_report"]

#: The keyword filters a report may accept besides ``as_of``: a reporting ``period``,
#: a lead ``unit``, and ``by`` (roll merged units up to their successor or not).
FILTERS = frozenset({"period", "unit", "by"})


def _filters(value: object) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, (set, frozenset, tuple, list)):
        raise InvalidTypeError("filters", value, "a set of filter names")
    out = frozenset(value)
    unknown = out - FILTERS
    if unknown:
        raise ValidationError(f"unknown report filters {sorted(unknown)}; known: "
                              f"{sorted(FILTERS)}", param_name="filters")
    return out


@attrs.frozen(kw_only=True)
class ReportSpec:
    """
    One registered report.

    Args:
        name: the command-line name (``directive-tracker report NAME``).
        function: ``(store, calendar, *, as_of, **filters) -> ReportResult``.
        title_vi, title_en: a short title for menus and help texts.
        filters: the keyword filters *function* accepts among :data:`FILTERS`.

    .. versionadded:: 0.2.0
    """

    name: str
    function: Callable[..., Any]
    title_vi: str
    title_en: str
    filters: frozenset[str] = attrs.field(default=frozenset(), converter=_filters)

    def title(self, lang: str) -> str:
        """Return the title in *lang* (``"vi"`` or ``"en"``)."""
        return self.title_vi if lang == "vi" else self.title_en


_REPORTS: dict[str, ReportSpec] = {}
#: Every registered report by name, in registration order; a read-only live view.
REPORTS: Mapping[str, ReportSpec] = MappingProxyType(_REPORTS)


def register_report(spec: ReportSpec, *, replace: bool = False) -> ReportSpec:
    """
    Add *spec* to :data:`REPORTS` under ``spec.name``; return it.

    Raises:
        InvalidTypeError: *spec* is not a :class:`ReportSpec`, or its function is not
            callable.
        ValidationError: the name is taken and *replace* is False, or it is not a plain
            lower-case word (letters, digits, ``-``, ``_``).

    .. versionadded:: 0.2.0
    """
    if not isinstance(spec, ReportSpec):
        raise InvalidTypeError("spec", spec, "a ReportSpec")
    name = check_str(spec.name, "name", max_length=40)
    if not name.replace("-", "").replace("_", "").isalnum() or name != name.lower():
        raise ValidationError(f"a report name is a lower-case word, got {name!r}",
                              param_name="name")
    if not callable(spec.function):
        raise InvalidTypeError("function", spec.function, "a callable")
    if name in _REPORTS and not replace:
        raise ValidationError(f"report {name!r} is already registered; pass replace=True",
                              param_name="name")
    _REPORTS[name] = spec
    return spec


register_report(ReportSpec(
    name="scoreboard", function=scoreboard, filters={"period", "by"},
    title_vi="Bảng tổng hợp kết quả thực hiện nhiệm vụ theo đơn vị",
    title_en="Task results by unit"))
register_report(ReportSpec(
    name="summary", function=summary, filters={"period", "unit", "by"},
    title_vi="Tổng hợp tình hình thực hiện nhiệm vụ", title_en="4-way summary"))
register_report(ReportSpec(
    name="overdue", function=overdue_list, filters={"unit", "by"},
    title_vi="Danh sách nhiệm vụ quá hạn", title_en="Overdue tasks"))
register_report(ReportSpec(
    name="directives", function=directive_progress, filters={"period"},
    title_vi="Tiến độ thực hiện các văn bản chỉ đạo", title_en="Progress by directive"))
register_report(ReportSpec(
    name="upcoming", function=upcoming_deadlines, filters={"unit", "by"},
    title_vi="Nhiệm vụ sắp đến hạn", title_en="Upcoming deadlines"))
