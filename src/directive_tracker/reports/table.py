# SPDX-License-Identifier: MIT
"""
The table model of the reports: :class:`Column`, :class:`Table` and the base of every
report result, :class:`ReportResult`.

A report result converts itself to a :class:`Table`; adapters (the renderers, the CLI)
consume tables.  The rich display of a table in Jupyter (``_repr_html_``) and the
conversion to a DataFrame are presentation, done by an adapter: this module never imports
one.  It holds a *presenter* hook instead (:func:`set_table_presenter`), an object with
``render_html(table, *, lang)`` and ``to_dataframe(table, *, lang)``; the package's
composition root (``directive_tracker/__init__.py``) installs a loader that imports
:mod:`directive_tracker.renderers` on first use, so the dependency runs adapter -> use
case and the renderers load only when a table is displayed.

.. versionadded:: 0.2.0
   Split out of ``reports.py``; ``ReportResult`` is the public name of the former
   private ``_Report`` base.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import attrs

from .. import _presenter as _hook
from ..exceptions import InvalidTypeError

__all__ = ["Column", "ReportResult", "Table", "TablePresenter", "set_table_presenter"]


class TablePresenter(Protocol):
    """
    What displays a :class:`Table`: the port the renderers implement.

    :mod:`directive_tracker.renderers` satisfies it as a module.

    .. versionadded:: 0.2.0
    """

    def render_html(self, report: Table, *, lang: str = ...) -> str:
        """Return *report* as an HTML table."""

    def to_dataframe(self, report: Table, *, lang: str = ...) -> Any:
        """Return *report* as a ``pandas.DataFrame``."""


def set_table_presenter(loader: Callable[[], TablePresenter] | None) -> None:
    """
    Install *loader*, called (on each display) to get the :class:`TablePresenter`.

    ``None`` removes it; ``_repr_html_`` and ``to_dataframe`` then raise
    :class:`NotImplementedError`.

    Raises:
        InvalidTypeError: *loader* is neither callable nor None.

    .. versionadded:: 0.2.0
    """
    if loader is not None and not callable(loader):
        raise InvalidTypeError("loader", loader, "a callable returning a TablePresenter, or None")
    _hook.loader = loader


def _presenter() -> TablePresenter:
    if _hook.loader is None:
        raise NotImplementedError("no table presenter is installed; call "
                                  "directive_tracker.reports.set_table_presenter()")
    presenter: TablePresenter = _hook.loader()
    return presenter


@attrs.frozen(kw_only=True)
class Column:
    """
    One column of a :class:`Table`.

    Args:
        key: machine name (CSV/JSON key, DataFrame column).
        label_vi: Vietnamese header.
        label_en: English header.
        kind: ``"text"``, ``"int"``, ``"rate"`` (a fraction 0–1 shown as a percentage),
            ``"float"`` or ``"date"``.

    .. versionadded:: 0.1.0
    """

    key: str
    label_vi: str
    label_en: str
    kind: str = "text"

    def label(self, lang: str) -> str:
        """Return the header in *lang* (``"vi"`` or ``"en"``)."""
        return self.label_vi if lang == "vi" else self.label_en


@attrs.frozen(kw_only=True)
class Table:
    """
    A report as a plain table: what every renderer consumes.

    Args:
        name: machine name of the report (e.g. ``"scoreboard"``).
        title_vi, title_en: the report title.
        subtitle_vi, subtitle_en: the period or date line.
        columns: the :class:`Column` list.
        rows: one tuple of raw values per row (``None`` = empty cell).
        totals: a totals row (same length as *columns*), or None.
        notes_vi, notes_en: lines printed under the table (e.g. how many tasks were
            left out because their stored history is invalid); usually empty.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``notes_vi`` and ``notes_en``.
    """

    name: str
    title_vi: str
    title_en: str
    subtitle_vi: str
    subtitle_en: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    totals: tuple[Any, ...] | None = None
    notes_vi: tuple[str, ...] = ()
    notes_en: tuple[str, ...] = ()

    def records(self) -> list[dict[str, Any]]:
        """Return the rows as dicts keyed by column key (raw values)."""
        keys = [c.key for c in self.columns]
        return [dict(zip(keys, row, strict=True)) for row in self.rows]

    def to_table(self) -> Table:
        """Return self (so renderers accept tables and report results alike)."""
        return self

    def _repr_html_(self) -> str:
        return _presenter().render_html(self)

    def to_dataframe(self, *, lang: str = "en") -> Any:
        """
        Return the table as a ``pandas.DataFrame`` (extra ``pandas``); see
        :meth:`ReportResult.to_dataframe` for the column types and names.

        Raises:
            MissingExtraError: pandas is not installed.

        .. versionadded:: 0.2.0
        """
        return _presenter().to_dataframe(self, lang=lang)


class ReportResult:
    """
    Base of every report result: converts to a :class:`Table`, displays as HTML in
    Jupyter and converts to a DataFrame (both through the installed presenter).

    .. versionadded:: 0.2.0
       Public name of the former ``_Report`` mixin.
    """

    def to_table(self) -> Table:  # pragma: no cover - overridden
        raise NotImplementedError

    def _repr_html_(self) -> str:
        return _presenter().render_html(self.to_table())

    def to_dataframe(self, *, lang: str = "en") -> Any:
        """
        Return the report as a ``pandas.DataFrame`` (extra ``pandas``), totals excluded.

        Dates are ``datetime64[ns]``, counts ``int64`` (``Int64`` when a value is
        missing), rates and scores ``float64``, statuses and report groups ordered
        categoricals (every status, in the order of ``StatusKind``/``ReportGroup``)
        labelled in *lang*; of a bilingual pair of columns (``status_vi``/``status_en``)
        only the *lang* one is kept, as ``status``.  See
        :func:`directive_tracker.renderers.to_dataframe`.

        Args:
            lang: ``"en"``: English labels and plain snake_case column names
                (``weighted_score_v1``); ``"vi"``: Vietnamese labels and headers.

        Raises:
            MissingExtraError: pandas is not installed.

        .. versionadded:: 0.1.0
        .. versionchanged:: 0.2.0
           Typed columns and plain names.
        """
        return _presenter().to_dataframe(self.to_table(), lang=lang)


#: Former private name of :class:`ReportResult` (kept for code that subclassed it).
_Report = ReportResult

