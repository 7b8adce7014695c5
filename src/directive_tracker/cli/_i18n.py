# SPDX-License-Identifier: MIT
"""
The command line's languages: Vietnamese first (``--lang vi``, the default), English
with ``--lang en``.

Everything a clerk reads goes through here:

* :func:`h` picks the text of the current language for help texts and messages; the
  language of a run is a context variable (:data:`LANG`) that :func:`main` sets from the
  command line (``--lang``) or ``$DIRECTIVE_TRACKER_LANG`` *before* it builds the parser,
  so ``--help`` and argparse's usage errors are in the chosen language too;
* :class:`Parser` is an :class:`argparse.ArgumentParser` whose usage errors are one line
  in that language (``directive-tracker: lỗi: …``), never a usage block, and whose
  section titles and ``-h`` help are translated;
* :func:`error_message` renders a library error: the library keeps English messages for
  developers, with structured context (``code``, ``param_name``, ``value``,
  ``suggestions``…); the command line writes them in Vietnamese from that context and
  never shows a parameter name.

Numbers in Vietnamese output are written by
:func:`directive_tracker.official.format_cell` (the one formatter: "12,5%", "1.234").

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Sequence
from contextvars import ContextVar
from datetime import date
from typing import Any, Final, NoReturn, TypeVar

from ..exceptions import (
    BackendUnavailableError,
    DateLineError,
    DateOutOfRangeError,
    DeadlinePhraseError,
    DirectiveNotFoundError,
    DocumentNumberError,
    ImportFormatError,
    InvalidTransitionError,
    MissingExtraError,
    NotFoundError,
    ParseError,
    SchemaVersionError,
    TaskNotFoundError,
    UnitNotFoundError,
    UnknownCalendarError,
)

__all__ = ["LANG", "Parser", "detect_lang", "error_message", "h"]

_T = TypeVar("_T")

LANGS: Final = ("vi", "en")
#: The language of the current run (``"vi"`` or ``"en"``); English outside a run of
#: :func:`~directive_tracker.cli.main` (a program calling :func:`parse_cli_date` reads
#: developer messages).
LANG: ContextVar[str] = ContextVar("directive_tracker_cli_lang", default="en")


def h(vi: _T, en: _T) -> _T:
    """Return *vi* or *en* for the language of the current run."""
    return vi if LANG.get() == "vi" else en


def detect_lang(argv: Sequence[str]) -> str:
    """
    Return the language asked for by *argv* (``--lang X`` or ``--lang=X``, the last valid
    one wins), else ``$DIRECTIVE_TRACKER_LANG``, else ``"vi"``.  An unknown value is left
    to argparse to refuse (in the language found so far).

    >>> detect_lang(["report", "--lang", "en"]), detect_lang(["--lang=vi"]), detect_lang([])
    ('en', 'vi', 'vi')
    """
    found: str | None = None
    args = list(argv)
    for k, arg in enumerate(args):
        if arg == "--":
            break
        value = args[k + 1] if arg == "--lang" and k + 1 < len(args) else \
            arg.split("=", 1)[1] if arg.startswith("--lang=") else None
        if value in LANGS:
            found = value
    if found in LANGS:
        return str(found)
    env = os.environ.get("DIRECTIVE_TRACKER_LANG", "vi")
    return env if env in LANGS else "vi"


def dmy(d: date) -> str:
    """Return *d* as dd/mm/yyyy."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


# --------------------------------------------------------------------------- argparse

#: argparse's own messages (Python 3.11-3.13) -> Vietnamese.
_ARGPARSE_VI: Final[tuple[tuple[str, str], ...]] = (
    (r"the following arguments are required: (.*)", r"thiếu đối số bắt buộc: \1"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
     r"đối số \1: không có lựa chọn \2 (chọn một trong: \3)"),
    (r"invalid choice: (.*?) \(choose from (.*)\)",
     r"không có lựa chọn \1 (chọn một trong: \2)"),
    (r"argument (\S+): expected one argument", r"đối số \1 cần một giá trị"),
    (r"argument (\S+): expected at least one argument", r"đối số \1 cần ít nhất một giá trị"),
    (r"argument (\S+): ignored explicit argument (.*)", r"đối số \1 không nhận giá trị \2"),
    (r"argument (\S+): not allowed with argument (\S+)",
     r"không dùng đối số \1 cùng với \2"),
    (r"argument (\S+): invalid (\S+) value: (.*)", r"đối số \1: giá trị không hợp lệ \3"),
    (r"unrecognized arguments: (.*)", r"không hiểu các đối số: \1"),
    (r"ambiguous option: (\S+) could match (.*)", r"tùy chọn \1 không rõ: có thể là \2"),
    (r"argument (\S+): (.*)", r"đối số \1: \2"),
)


def translate_usage_error(message: str, lang: str) -> str:
    """Return argparse's *message* in *lang*."""
    if lang != "vi":
        return message
    for pattern, repl in _ARGPARSE_VI:
        m = re.fullmatch(pattern, message, flags=re.S)
        if m:
            return m.expand(repl)
    return message


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any,
                  prefix: str | None = None) -> None:
        if prefix is None:
            prefix = h("cách dùng: ", "usage: ")
        super().add_usage(usage, actions, groups, prefix)


class Parser(argparse.ArgumentParser):
    """
    An argument parser in the language of the run: translated section titles and ``-h``
    help, and usage errors as one line (``directive-tracker report: lỗi: đối số --as-of:
    ngày không hợp lệ '32/13/2026' …``), exit code 2.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        add_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = h("đối số", "positional arguments")
        self._optionals.title = h("tùy chọn", "options")
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help=h("in hướng dẫn này rồi thoát",
                                     "show this help message and exit"))

    def error(self, message: str) -> NoReturn:
        """Write one line (the error and where to find help) and exit with code 2."""
        lang = LANG.get()
        text = translate_usage_error(message, lang)
        hint = h(f"xem: {self.prog} --help", f"see: {self.prog} --help")
        self.exit(2, f"{self.prog}: {h('lỗi', 'error')}: {text} ({hint})\n")


# --------------------------------------------------------------------------- library errors

_KIND_VI: Final = {"unit": "đơn vị", "directive": "văn bản chỉ đạo", "task": "nhiệm vụ",
                   "item": "mục"}
_KIND_EN: Final = {"unit": "unit", "directive": "directive", "task": "task", "item": "item"}


def _quoted(values: Sequence[object]) -> str:
    return ", ".join(repr(str(v)) for v in values)


def _not_found(exc: NotFoundError, lang: str) -> str:
    kind = "unit" if isinstance(exc, UnitNotFoundError) else "directive" if isinstance(
        exc, DirectiveNotFoundError) else "task" if isinstance(exc, TaskNotFoundError) \
        else "item"
    key = getattr(exc, "key", "")
    sugg: tuple[str, ...] = tuple(getattr(exc, "suggestions", ()) or ())
    if lang == "vi":
        what = "mã" if kind == "unit" else "số hiệu"
        text = f"không có {_KIND_VI[kind]} {what} {str(key)!r}"
        return text + (f"; có phải: {_quoted(sugg)}?" if sugg else "")
    text = f"no {_KIND_EN[kind]} {str(key)!r}"
    return text + (f"; did you mean {_quoted(sugg)}?" if sugg else "")


def _vi_parse(exc: ParseError) -> str:
    text = str(getattr(exc, "text", ""))
    if isinstance(exc, DeadlinePhraseError):
        return (f"không đọc được thời hạn {text!r}: cần đúng một thời hạn, ví dụ "
                f"'trong 10 ngày làm việc', 'trước ngày 15/6/2026', 'trước 30/6/2026', "
                f"'hằng quý'")
    if isinstance(exc, DocumentNumberError):
        return (f"không đọc được số, ký hiệu văn bản {text!r}: cần dạng '12/CT-UBND' "
                f"hoặc '123/2026/QĐ-UBND'")
    if isinstance(exc, DateLineError):
        return (f"không đọc được dòng địa danh, ngày tháng {text!r}: cần dạng "
                f"'Hà Nội, ngày 05 tháng 01 năm 2026'")
    what = re.match(r"cannot read (.+?) '", str(exc))
    if what and what[1] == "reporting period label":
        return (f"không đọc được kỳ báo cáo {text!r}: viết dạng \"Tháng 5/2026\", \"Quý "
                f"II/2026\" (hoặc \"Quý 2/2026\"), \"6 tháng đầu năm 2026\", \"6 tháng "
                f"cuối năm 2026\", \"9 tháng năm 2026\" hoặc \"Năm 2026\"")
    return f"không đọc được {text!r}"


def error_message(exc: BaseException | str, lang: str) -> str:
    """
    Return the one-line message the command line prints for *exc* in *lang*.

    English: the library's message (a developer's reading), except where it would show
    a parameter name.  Vietnamese: written from the error's context (``code``,
    ``param_name``, ``value``, ``suggestions``…) and the CLI's own ``message_vi``; an
    error the table below does not know keeps its English message.
    """
    if isinstance(exc, str):
        return exc
    ctx: dict[str, Any] = dict(getattr(exc, "context", {}) or {})
    code = ctx.get("code")
    vi_text = ctx.get("message_vi")
    if isinstance(exc, NotFoundError):
        return _not_found(exc, lang)
    if isinstance(exc, DateOutOfRangeError):
        value, first, last = ctx["value"], ctx["first"], ctx["last"]
        if lang == "vi":
            return (f"ngày {dmy(value)} nằm ngoài khoảng lịch được hỗ trợ (từ {dmy(first)} "
                    f"đến {dmy(last)})")
        return (f"the date {value.isoformat()} is outside the supported range "
                f"{first.isoformat()} to {last.isoformat()} (inclusive)")
    if code == "as_of_in_future":
        if lang == "en":
            return (f"the report date {dmy(ctx['value'])} is after today "
                    f"({dmy(ctx['today'])}): a report cannot judge days that have not "
                    f"happened; leave out --as-of to report a period provisionally, as of "
                    f"today")
        return (f"ngày báo cáo {dmy(ctx['value'])} chưa đến (hôm nay là {dmy(ctx['today'])}): "
                f"không đánh giá nhiệm vụ theo ngày chưa xảy ra; bỏ --as-of để lập báo cáo "
                f"kỳ, số liệu tạm tính đến hôm nay")
    if code == "period_not_started":
        period = ctx["period"]
        if lang == "en":
            return (f"the period {period.label_en} starts on {dmy(period.start)}, after "
                    f"today ({dmy(ctx['today'])}): there are no figures yet")
        return (f"kỳ báo cáo {period.label_vi} bắt đầu ngày {dmy(period.start)}, sau hôm "
                f"nay ({dmy(ctx['today'])}): chưa có số liệu")
    if code == "not_periodic" and lang == "vi":
        return (f"nhiệm vụ {ctx['task_id']!r} không phải nhiệm vụ định kỳ (thời hạn không "
                f"lặp lại): không có các kỳ")
    if code == "unknown_occurrence" and lang == "vi":
        near = ", ".join(ctx.get("suggestions") or ()) or "không có"
        return (f"nhiệm vụ {ctx['task_id']!r} không có kỳ {ctx['value']!r}; các kỳ gần "
                f"nhất: {near}")
    if lang == "en":
        # A nested check's "(q must be between 1 and 4 …)" names a parameter: drop it.
        return re.sub(r" \(\w+ must be between .*\)$", "", str(exc))
    if vi_text:
        return str(vi_text)
    if isinstance(exc, ParseError):
        return _vi_parse(exc)
    if isinstance(exc, MissingExtraError):
        return (f"cần cài gói tùy chọn {ctx['package']!r}: "
                f"pip install 'directive_tracker[{ctx['extra']}]'")
    if isinstance(exc, SchemaVersionError):
        return (f"cơ sở dữ liệu có phiên bản lược đồ {ctx['found']}, mới hơn phiên bản "
                f"thư viện hỗ trợ ({ctx['supported']}): hãy nâng cấp directive_tracker")
    if isinstance(exc, BackendUnavailableError) and "path" in ctx:
        return (f"không có cơ sở dữ liệu tại {ctx['path']!r}: chạy 'directive-tracker "
                f"demo' để tạo dữ liệu mẫu, 'directive-tracker import TỆP' để nạp bản sao "
                f"lưu, hoặc chỉ rõ --db ĐƯỜNG_DẪN")
    if isinstance(exc, ImportFormatError):
        where = f"dòng {ctx['line']}: " if ctx.get("line") is not None else ""
        return f"không nhập được, chưa ghi gì: {where}{ctx.get('reason', '')}"
    if isinstance(exc, InvalidTransitionError):
        return (f"nhiệm vụ {ctx['task_id']!r}: không thể ghi nhận {ctx['event_kind']!r} ở "
                f"trạng thái {ctx['state']!r}")
    if isinstance(exc, UnknownCalendarError):
        return (f"không có lịch {ctx['name']!r}; các lịch có: "
                f"{', '.join(map(str, ctx.get('known', [])))}")
    name = ctx.get("param_name")
    if name in _PARAM_VI and "value" in ctx:
        m = re.search(r"between (\S+) and (\S+) \(inclusive\)", str(exc))
        if m:
            return (f"{_PARAM_VI[name]} phải từ {m[1]} đến {m[2]}, không nhận "
                    f"{ctx['value']}")
    return str(exc)


#: Parameter names -> what a clerk calls them (never shown in English either).
_PARAM_VI: Final = {"year": "năm", "working_days": "số ngày làm việc", "seed": "seed",
                    "directives": "số văn bản", "limit": "số dòng"}
