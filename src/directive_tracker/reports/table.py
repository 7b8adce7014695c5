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

__all__ = ["Column", "Label", "ReportResult", "Table", "TablePresenter", "set_table_presenter"]


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


class Label(str):
    """
    A cell text with an English translation: the string itself is Vietnamese, ``en`` the
    English (the totals row's "Tổng cộng" / "Total").

    Renderers show ``en`` when they write English (:func:`Label.text`); everything else
    (CSV, JSON, comparisons) sees the Vietnamese string.

    >>> total = Label("Tổng cộng", en="Total")
    >>> total == "Tổng cộng", Label.text(total, "en"), Label.text("Sở Nội vụ", "en")
    (True, 'Total', 'Sở Nội vụ')

    .. versionadded:: 0.2.0
    """

    en: str

    def __new__(cls, vi: str, *, en: str) -> Label:
        self = super().__new__(cls, vi)
        self.en = en
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_label, (str(self), self.en))

    @staticmethod
    def text(value: object, lang: str) -> object:
        """Return *value* in *lang*: a :class:`Label`'s ``en`` for English, else itself."""
        if isinstance(value, Label) and lang == "en":
            return value.en
        return value


def _label(vi: str, en: str) -> Label:
    return Label(vi, en=en)


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
        lang: ``None`` (every output), or ``"vi"``/``"en"``: a column that repeats
            another in one language (the summary's Vietnamese and English group names);
            the text, Excel and HTML outputs of the other language leave it out.
        machine: a machine code (the summary's group code): kept in CSV, JSON and
            DataFrames, left out of the text and Excel tables a person reads.
        empty: what a person reads for an empty cell (None): ``"—"`` for an unranked
            unit; CSV and JSON keep the cell empty.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 *lang*, *machine* and *empty*.
    """

    key: str
    label_vi: str
    label_en: str
    kind: str = "text"
    lang: str | None = None
    machine: bool = False
    empty: str = ""

    def shown(self, lang: str) -> bool:
        """Return whether a person reading *lang* sees this column (see *lang*, *machine*)."""
        return not self.machine and self.lang in (None, lang)

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
        notes_vi, notes_en: lines printed under the table: how its columns add up, what
            its figures leave out.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 *notes_vi* and *notes_en*.
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

    def notes(self, lang: str) -> tuple[str, ...]:
        """Return the notes in *lang*."""
        return self.notes_vi if lang == "vi" else self.notes_en

    def shown(self, lang: str) -> Table:
        """
        Return the table a person reading *lang* sees: without machine columns and
        columns of the other language (see :class:`Column`).
        """
        keep = [k for k, c in enumerate(self.columns) if c.shown(lang)]
        if len(keep) == len(self.columns):
            return self
        return attrs.evolve(
            self, columns=tuple(self.columns[k] for k in keep),
            rows=tuple(tuple(r[k] for k in keep) for r in self.rows),
            totals=None if self.totals is None else tuple(self.totals[k] for k in keep))

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

