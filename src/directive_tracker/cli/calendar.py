# SPDX-License-Identifier: MIT
"""
``directive-tracker calendar YEAR``: days off and make-up working days, with their basis.

Days whose exact dates no official notice has fixed yet (e.g. the Tết days of a year
without an announced schedule) are marked "dự kiến" / "expected" and cite their basis
(:attr:`~directive_tracker.calendars.DayInfo.basis_vi`).  ``--notices FILE`` loads an
additional notice file; ``--check`` reports the calendar data in use
(:func:`~directive_tracker.calendars.calendar_data_report`).
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any, Final

from ..calendars import (
    DayInfo,
    DayOverride,
    WorkingCalendar,
    _years_text,
    calendar_data_report,
    load_notices,
    vietnam_calendar,
)
from ..exceptions import ValidationError
from ._common import EXIT_OK, Context, parse_cli_date, path_arg, year_arg
from ._i18n import h
from ._output import dm, dmy, plural, render_table, t, weekday, write_csv, write_json

__all__ = ["NAME", "add_parser", "run"]

NAME: Final = "calendar"


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``calendar`` subcommand to *sub*."""
    p = sub.add_parser(
        NAME, parents=[common],
        help=h("ngày nghỉ và ngày làm bù trong năm, kèm lý do và văn bản căn cứ",
               "days off and make-up working days of a year, with reasons and sources"),
        description=h("Liệt kê ngày nghỉ lễ, Tết, nghỉ bù, nghỉ hoán đổi và các ngày thứ Bảy "
                      "làm bù của cơ quan nhà nước trong NĂM, mỗi ngày kèm văn bản quyết định.",
                      "List the holidays, substitute and swapped days off and make-up "
                      "working Saturdays of YEAR for state agencies, each with the deciding "
                      "document."))
    p.add_argument("year", type=year_arg, metavar=h("NĂM", "YEAR"), nargs="?", default=None,
                   help=h("một năm từ 1995 đến 2099 (không bắt buộc với --check)",
                          "a year from 1995 to 2099 (optional with --check)"))
    p.add_argument("--day-off", nargs=3, action="append",
                   metavar=h(("NGÀY", "LÝ_DO", "CĂN_CỨ"), ("DATE", "REASON", "SOURCE")),
                   help=h('thêm một ngày nghỉ do địa phương quyết định, ví dụ --day-off '
                          '2026-10-20 "Nghỉ do bão số 12" "CĐ 05/CĐ-UBND" (lặp lại được)',
                          'an extra day off decided locally, e.g. --day-off 2026-10-20 '
                          '"Nghỉ do bão số 12" "CĐ 05/CĐ-UBND" (repeatable)'))
    p.add_argument("--working-day", nargs=3, action="append",
                   metavar=h(("NGÀY", "LÝ_DO", "CĂN_CỨ"), ("DATE", "REASON", "SOURCE")),
                   help=h("thêm một ngày làm việc do địa phương quyết định (lặp lại được)",
                          "an extra working day decided locally (repeatable)"))
    p.add_argument("--notices", action="append", type=path_arg,
                   metavar=h("TỆP", "FILE"), default=None,
                   help=h("thêm một tệp thông báo chính thức (định dạng JSON của gói, mỗi mục "
                          "ghi văn bản căn cứ và ngày quyết định); nạp sau các tệp trong "
                          "$DIRECTIVE_TRACKER_NOTICES (lặp lại được)",
                          "an additional official-notice file (the package's JSON format, "
                          "every entry citing its document and decision date); loaded after "
                          "those named by $DIRECTIVE_TRACKER_NOTICES (repeatable)"))
    p.add_argument("--check", action="store_true",
                   help=h("báo cáo dữ liệu lịch đang dùng: phiên bản, các tệp thông báo đã "
                          "nạp và những năm đã chính thức hay còn dự kiến",
                          "report the calendar data in use: its version, the notice files "
                          "loaded and which years are confirmed or provisional"))
    p.set_defaults(handler=run, usage_check=_year_or_check)


def _year_or_check(args: argparse.Namespace) -> str | None:
    """A usage error unless YEAR or ``--check`` is given."""
    if args.year is not None or args.check:
        return None
    return h("thiếu đối số bắt buộc: NĂM (hoặc --check)",
             "the following arguments are required: YEAR (or --check)")


def _reason(info: DayInfo, lang: str) -> str:
    return info.reason_vi if lang == "vi" or not info.reason_en else info.reason_en


def _calendar_from_args(ctx: Context) -> WorkingCalendar:
    """Return the province's calendar with the ``--notices`` files and the
    ``--day-off`` / ``--working-day`` overrides added."""
    args = ctx.args
    overrides = []
    for working, triples in ((False, args.day_off or ()), (True, args.working_day or ())):
        for day, reason, source in triples:
            try:
                d = parse_cli_date(day)
            except argparse.ArgumentTypeError as exc:
                raise ValidationError(str(exc), message_vi=str(exc)) from None
            # The reason is typed in one language; show it in both.
            overrides.append(DayOverride(date=d, working=working, reason_vi=reason,
                                         reason_en=reason, source=source))
    base = ctx.calendar()
    files = tuple(load_notices(path) for path in args.notices or ())
    if not overrides and not files:
        return base
    return vietnam_calendar(policy=base.policy, overrides=(*base.overrides, *overrides),
                            notices=(*base.notices, *files))


def _basis(info: DayInfo, lang: str) -> str:
    """The basis printed to clerks: the source, or "dự kiến theo …" for a provisional day."""
    return info.basis_vi if lang == "vi" else info.basis_en


def _run_check(ctx: Context, cal: WorkingCalendar) -> int:
    """Print the calendar data report (``--check``)."""
    args, out, lang = ctx.args, ctx.out, ctx.lang
    report = calendar_data_report(cal, until=args.year)
    if args.format == "json":
        write_json(out, {
            "data_version": report.data_version,
            "files": [{"path": p, "version": v, "entries": n} for p, v, n in report.files],
            "confirmed_years": list(report.confirmed_years),
            "provisional_years": list(report.provisional_years),
            "conflicts": list(report.conflicts),
        })
        return EXIT_OK
    if lang == "vi":
        lines = report.lines_vi()
    else:
        lines = [f"Calendar data: version {report.data_version}"]
        lines += [f"Additional notice file: {p} (version {v}, {n} days)"
                  for p, v, n in report.files]
        lines.append("Years with official notices: " + _years_text(report.confirmed_years))
        lines.append("Provisional years (no official notice yet): "
                     + (_years_text(report.provisional_years) or "none"))
        lines += [f"Conflict: {c}" for c in report.conflicts]
    out.write("\n".join(lines) + "\n")
    return EXIT_OK


def run(ctx: Context) -> int:
    """List the special days and breaks of the year."""
    args, out, lang = ctx.args, ctx.out, ctx.lang
    cal = _calendar_from_args(ctx)
    if args.check:
        return _run_check(ctx, cal)
    assert args.year is not None  # usage_check: YEAR or --check
    year: int = args.year
    specials = cal.special_days_in_year(year)
    start, end = date(year, 1, 1), date(year, 12, 31)
    working_days = len(cal.working_days_in_range(start, end))
    weekday_off = sum(1 for i in specials if not i.is_working and i.date.weekday() < 5)
    makeup = sum(1 for i in specials if i.is_working and i.date.weekday() >= 5)
    provisional = {i.date for i in specials if i.provisional}
    expected = t(lang, "dự kiến", "expected")
    breaks = []
    for b in cal.day_off_breaks(year):
        name = b.name_vi if lang == "vi" else b.name_en
        if any(b.start <= d <= b.end for d in provisional):
            name += f" ({expected})"
        breaks.append((b.start, b.end, name))

    records = [
        {
            "date": i.date.isoformat(),
            "weekday": weekday(i.date, lang),
            "working": i.is_working,
            "kind": i.kind.value,
            "label": i.kind.label_vi if lang == "vi" else i.kind.label_en,
            "reason": _reason(i, lang),
            "source": i.source,
        }
        for i in specials
    ]
    if args.format == "csv":
        write_csv(out, ["date", "weekday", "working", "kind", "label", "reason", "source"],
                  records)
        return EXIT_OK
    if args.format == "json":
        for record, i in zip(records, specials, strict=True):
            record["basis"] = _basis(i, lang)
            record["provisional"] = i.provisional
            record["decided_on"] = None if i.decided_on is None else i.decided_on.isoformat()
        write_json(out, {
            "year": year,
            "provisional": bool(provisional),
            "working_days": working_days,
            "weekdays_off": weekday_off,
            "makeup_working_days": makeup,
            "days": records,
            "breaks": [{"start": s.isoformat(), "end": e.isoformat(),
                        "days": (e - s).days + 1, "name": name} for s, e, name in breaks],
        })
        return EXIT_OK

    src_label = t(lang, "Căn cứ", "Source")
    lines = [
        t(lang, f"Lịch nghỉ năm {year} của cơ quan hành chính nhà nước",
          f"Days off in {year} for Vietnamese state agencies"),
        t(lang, "Tuần làm việc từ thứ Hai đến thứ Sáu (QĐ 188/1999/QĐ-TTg)",
          "Working week Monday to Friday (QĐ 188/1999/QĐ-TTg)"),
        "",
    ]
    rows = []
    for i in specials:
        label = i.kind.label_vi if lang == "vi" else i.kind.label_en
        if i.provisional:
            label += f" ({expected})"
        cell = _reason(i, lang) + f"\n{src_label}: {_basis(i, lang)}"
        rows.append([dmy(i.date), weekday(i.date, lang), label, cell])
    if rows:
        lines += render_table(
            [t(lang, "Ngày", "Date"), t(lang, "Thứ", "Weekday"), t(lang, "Loại", "Kind"),
             t(lang, "Lý do và căn cứ", "Reason and source")], rows)
    else:
        lines.append(t(lang, "Không có ngày nghỉ lễ hay ngày làm bù nào.",
                       "No holidays or make-up days."))
    if breaks:
        lines += ["", t(lang, "Các đợt nghỉ (kể cả cuối tuần liền kề)",
                        "Breaks (including adjacent weekends)")]
        brows = []
        for s, e, name in breaks:
            n = (e - s).days + 1
            span = dmy(s) if s == e else f"{dm(s) if s.year == e.year else dmy(s)} – {dmy(e)}"
            brows.append([span, t(lang, f"{n} ngày", plural(n, "day")), name])
        lines += render_table([t(lang, "Thời gian", "Dates"), t(lang, "Số ngày", "Days"),
                               t(lang, "Dịp", "Occasion")], brows, indent="  ")
    if provisional:
        lines += ["", t(
            lang,
            f"Lưu ý: {len(provisional)} ngày đánh dấu \"dự kiến\" chưa có thông báo chính "
            "thức; thời hạn tính qua các ngày này có thể thay đổi khi có thông báo "
            "(nạp tệp thông báo bằng --notices).",
            f"Note: {plural(len(provisional), 'day')} marked \"expected\" have no official "
            "notice yet; deadlines counted over them may change when the notice is published "
            "(load the notice file with --notices).")]
    lines += ["", t(
        lang,
        f"Tổng cộng: {weekday_off} ngày nghỉ rơi vào ngày thường, {makeup} ngày cuối tuần "
        f"làm bù, {working_days} ngày làm việc trong năm.",
        f"Total: {plural(weekday_off, 'weekday')} off, "
        f"{plural(makeup, 'weekend make-up working day')}, "
        f"{plural(working_days, 'working day')} in the year.")]
    out.write("\n".join(lines) + "\n")
    return EXIT_OK
