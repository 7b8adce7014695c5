# SPDX-License-Identifier: MIT
"""``directive-tracker deadline PHRASE``: the due date of a deadline phrase, explained."""

from __future__ import annotations

import argparse
import unicodedata
from datetime import date
from typing import Any, Final

from .._validators import now_vn
from ..renderers import display_width
from ._common import EXIT_OK, Context, parse_cli_date
from ._i18n import h
from ._output import dmy, pad, t, weekday, write_csv, write_json

__all__ = ["NAME", "add_parser", "run"]

NAME: Final = "deadline"


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``deadline`` subcommand to *sub*."""
    p = sub.add_parser(
        NAME, parents=[common],
        help=h("hạn hoàn thành của một cụm từ thời hạn, kèm căn cứ tính",
               "the due date of a Vietnamese deadline phrase, with its legal explanation"),
        description=h("Đọc cụm từ thời hạn như viết trong văn bản chỉ đạo (có hoặc không có "
                      "dấu) và tính hạn từ ngày --from (không tính ngày bắt đầu, Điều 147 "
                      "Bộ luật Dân sự).",
                      "Read a deadline phrase as written in a directive (with or without "
                      "diacritics) and compute its due date from --from (the start day is "
                      "not counted, Civil Code Art 147)."))
    p.add_argument("phrase", metavar=h("CỤM_TỪ", "PHRASE"),
                   help=h('ví dụ "trong 10 ngày làm việc kể từ ngày nhận được văn bản"',
                          'e.g. "trong 10 ngày làm việc kể từ ngày nhận được văn bản"'))
    p.add_argument("--from", dest="from_date", type=parse_cli_date, default=None,
                   metavar=h("NGÀY", "DATE"),
                   help=h("ngày bắt đầu tính (ngày ký hoặc ngày nhận), dạng DD/MM/YYYY hoặc "
                          "YYYY-MM-DD; mặc định: hôm nay",
                          "the anchor (date of signing or receipt), YYYY-MM-DD or "
                          "DD/MM/YYYY; default: today in Vietnam"))
    p.add_argument("--explain", action="store_true",
                   help=h("trình bày từng bước: ngày nghỉ bỏ qua, ngày làm bù, điều luật áp "
                          "dụng",
                          "show every step: days skipped, make-up days, Civil Code "
                          "articles"))
    p.set_defaults(handler=run)


def run(ctx: Context) -> int:
    """Print the due date of the phrase."""
    from ..settings import read_deadline

    args, out, lang = ctx.args, ctx.out, ctx.lang
    anchor: date = args.from_date if args.from_date is not None else now_vn().date()
    cal = ctx.calendar()
    # What the phrase leaves open is read as the province decided (its stored policy).
    # The parser checks the length and the combining marks first (issue 17 item 6).
    rule = read_deadline(args.phrase, cal.policy)
    # Echo the phrase as read: NFC, whatever the keyboard sent (Windows' emits NFD); only
    # once the parser has accepted it, since normalising an overlong one is quadratic.
    phrase = unicodedata.normalize("NFC", args.phrase)
    explanation = rule.explain(anchor, cal)
    due = explanation.due
    label = rule.label_vi if lang == "vi" else rule.label_en
    steps = [s.text_vi if lang == "vi" else s.text_en for s in explanation.steps]
    # Counted over days no official notice has fixed yet: say so, with or without --explain.
    note = None if due is None else cal.provisional_note(anchor, due)
    record: dict[str, Any] = {
        "phrase": phrase,
        "from": anchor.isoformat(),
        "due": None if due is None else due.isoformat(),
        "due_is_working_day": None if due is None else cal.is_working_day(due),
        "rule": rule.to_text(),
        "label": label,
    }
    if args.format == "json":
        write_json(out, {**record, "rule_data": rule.to_dict(), "explanation": steps,
                         "provisional": note is not None})
        return EXIT_OK
    if args.format == "csv":
        if args.explain:
            write_csv(out, [*record, "explanation"],
                       [{**record, "explanation": "; ".join(steps)}])
        else:
            write_csv(out, list(record), [record])
        return EXIT_OK
    if due is None:
        due_text = t(lang, "không có hạn (nhiệm vụ thường xuyên / không thời hạn)",
                      "no due date (ongoing / open-ended task)")
    else:
        due_text = f"{dmy(due)} ({weekday(due, lang)})"
    rows = [
        (t(lang, "Cụm từ", "Phrase"), phrase),
        (t(lang, "Quy tắc", "Rule"), label),
        (t(lang, "Kể từ", "From"), f"{dmy(anchor)} ({weekday(anchor, lang)})"),
        (t(lang, "Hạn", "Due"), due_text),
    ]
    width = max(display_width(k) for k, _ in rows)
    lines = [f"{pad(k, width)}  {v}" for k, v in rows]
    if note is not None and not args.explain:
        lines.append(f"{pad('', width)}  {note[0] if lang == 'vi' else note[1]}")
    if args.explain:
        lines += ["", t(lang, "Cách tính:", "How it was computed:")]
        lines += [f"  {k}. {step}" for k, step in enumerate(steps, 1)]
    out.write("\n".join(lines) + "\n")
    return EXIT_OK
