# SPDX-License-Identifier: MIT
"""``directive-tracker remind``: the reminders (đôn đốc) due on a date; sent with --send."""

from __future__ import annotations

import argparse
import json
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TextIO

from .._validators import now_vn
from ..exceptions import ValidationError
from ._common import (
    EXIT_NOTIFICATION,
    EXIT_OK,
    Context,
    cannot_write,
    limit_arg,
    parse_cli_date,
    path_arg,
)
from ._documents import add_document_options, document_details
from ._i18n import h
from ._output import reminder_record, t, write_csv, write_json, write_reminders
from ._progress import Busy

if TYPE_CHECKING:
    from ..notifiers import Notifier

__all__ = ["NAME", "add_parser", "run"]

NAME: Final = "remind"


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``remind`` subcommand to *sub*."""
    p = sub.add_parser(
        NAME, parents=[common],
        help=h("các tin nhắc việc, đôn đốc đến hạn trong ngày; chỉ chạy thử nếu không có "
               "--send",
               "the reminders (đôn đốc) due on a date; dry run unless --send"),
        description=h("Liệt kê các tin nhắc việc đến hạn ngày --as-of.  Với --send, các tin "
                      "được ghi vào hộp thư đi và gửi (chạy hai lần không gửi trùng; tin gửi "
                      "lỗi được gửi lại lần sau).  Với --letter MÃ_ĐƠN_VỊ --output "
                      "don-doc.docx: công văn đôn đốc gửi một đơn vị.",
                      "List the reminders due on --as-of.  With --send they are recorded in "
                      "the outbox and delivered (idempotent: running twice sends nothing "
                      "twice; failures are retried next run).  With --letter UNIT --output "
                      "letter.docx: the reminder letter (công văn đôn đốc) to one unit."))
    p.add_argument("--as-of", type=parse_cli_date, default=None, metavar=h("NGÀY", "DATE"),
                   help=h("ngày gửi (mặc định: hôm nay)",
                          "the day to send for (default: today in Vietnam)"))
    p.add_argument("--send", type=_send_arg, default=None, metavar="console|email|webhook:URL",
                   help=h("gửi và ghi nhận (mặc định: chạy thử, không ghi gì); webhook:URL "
                          "gửi JSON có chữ ký tới URL, khóa bí mật lấy từ "
                          "$DIRECTIVE_TRACKER_WEBHOOK_SECRET",
                          "deliver and record (default: dry run, nothing recorded); "
                          "webhook:URL POSTs signed JSON to URL with the secret from "
                          "$DIRECTIVE_TRACKER_WEBHOOK_SECRET"))
    p.add_argument("--limit", type=limit_arg, default=None, metavar="N",
                   help=h("số tin in ra khi chạy thử (mặc định: tất cả)",
                          "reminders to list in the dry run (default: all)"))
    p.add_argument("--smtp-host", default=None, metavar="HOST",
                   help=h("máy chủ thư SMTP", "the SMTP server"))
    p.add_argument("--smtp-port", type=int, default=25, metavar="PORT",
                   help=h("cổng SMTP (mặc định: 25)", "the SMTP port (default: 25)"))
    p.add_argument("--smtp-from", default=None, metavar=h("ĐỊA_CHỈ", "ADDRESS"),
                   help=h("địa chỉ người gửi", "the From address"))
    p.add_argument("--smtp-user", default=None, metavar=h("TÀI_KHOẢN", "USER"),
                   help=h("đăng nhập bằng TÀI_KHOẢN (mật khẩu lấy từ "
                          "$DIRECTIVE_TRACKER_SMTP_PASSWORD)",
                          "log in as USER (password from $DIRECTIVE_TRACKER_SMTP_PASSWORD)"))
    p.add_argument("--starttls", action="store_true",
                   help=h("dùng STARTTLS", "use STARTTLS"))
    p.add_argument("--addresses", type=path_arg, default=None, metavar=h("TỆP", "FILE"),
                   help=h("tệp JSON: mã đơn vị (hoặc MÃ/cấp) -> địa chỉ thư điện tử",
                          "JSON object mapping unit codes (or CODE/level) to e-mail "
                          "addresses"))
    add_document_options(p, letter=True)
    p.set_defaults(handler=run)


def run(ctx: Context) -> int:
    """List the reminders due, or record and send them."""
    from ..reminders import reminders_due, send_reminders

    args, out, err, lang = ctx.args, ctx.out, ctx.err, ctx.lang
    as_of = ctx.today()
    cal = ctx.calendar()
    if args.letter is not None or args.output is not None:
        return _letter(ctx, as_of)
    with ctx.existing_store() as store:
        with Busy(t(lang, "Đang tính lịch nhắc việc", "Computing reminders"), stream=err):
            due = reminders_due(store, cal, as_of=as_of,
                                lifecycle_policy=ctx.lifecycle_policy())
        if args.send is None:
            if args.format == "json":
                write_json(out, [reminder_record(r, lang) for r in due])
            elif args.format == "csv":
                records = [reminder_record(r, lang) for r in due]
                write_csv(out, list(records[0]) if records else ["key"], records)
            else:
                write_reminders(out, due, as_of, lang, calendar=cal, limit=args.limit)
                out.write(t(lang, "(Chạy thử: chưa gửi. Thêm --send console hoặc --send "
                                  "email để gửi và ghi nhận.)\n",
                            "(Dry run: nothing sent. Add --send console or --send email to "
                            "send and record.)\n"))
            return EXIT_OK
        notifier = _notifier(args, out)
        report = send_reminders(store, due, notifier)
    err.write(t(lang,
                f"Đã ghi nhận {len(report.recorded)} tin mới, gửi {len(report.sent)}, "
                f"lỗi {len(report.failed)} (sẽ gửi lại lần sau).\n",
                f"Recorded {len(report.recorded)} new, sent {len(report.sent)}, failed "
                f"{len(report.failed)} (retried next run).\n"))
    if report.failed:
        for key, error in report.failed:
            err.write(f"  {key}: {error}\n")
        return EXIT_NOTIFICATION
    return EXIT_OK


def _send_arg(value: str) -> str:
    """``console``, ``email`` or ``webhook:URL`` (the URL is checked when sending)."""
    if value in ("console", "email") or value.startswith("webhook:"):
        return value
    raise argparse.ArgumentTypeError(f"invalid choice: {value!r} (choose console, email or "
                                     "webhook:URL)")


def _letter(ctx: Context, as_of: date) -> int:
    """Write the reminder letter (công văn đôn đốc) to ``--letter UNIT`` as ``--output``."""
    from ..official import write_reminder_docx
    from ..reports import overdue_list, upcoming_deadlines

    args = ctx.args
    if args.letter is None or args.output is None or \
            not str(args.output).lower().endswith(".docx"):
        raise ValidationError(
            "the reminder letter needs --letter UNIT and --output FILE.docx",
            message_vi="công văn đôn đốc cần --letter MÃ_ĐƠN_VỊ và --output TỆP.docx")
    details = document_details(args, today=now_vn().date(), required=True)
    assert details is not None
    cal = ctx.calendar()
    with ctx.existing_store() as store, \
            Busy(h("Đang lập công văn đôn đốc", "Writing the reminder letter"),
                 stream=ctx.err):
        overdue = overdue_list(store, cal, as_of=as_of, unit=args.letter)
        upcoming = upcoming_deadlines(store, cal, as_of=as_of, unit=args.letter)
        directives = store.get_directives()
        try:
            write_reminder_docx(args.output, unit=args.letter, overdue=overdue,
                                upcoming=upcoming, directives=directives, details=details,
                                reply_by=args.reply_by)
        except OSError as exc:
            raise cannot_write(args.output, exc) from None
    ctx.err.write(h(f"Đã ghi {args.output}\n", f"Wrote {args.output}\n"))
    return EXIT_OK


def _notifier(args: argparse.Namespace, out: TextIO) -> Notifier:
    from ..notifiers import ConsoleNotifier, EmailNotifier, WebhookNotifier

    if args.send == "console":
        return ConsoleNotifier(out)
    if args.send.startswith("webhook:"):
        secret = os.environ.get("DIRECTIVE_TRACKER_WEBHOOK_SECRET")
        if not secret:
            raise ValidationError("--send webhook:URL needs the shared secret in "
                                  "$DIRECTIVE_TRACKER_WEBHOOK_SECRET (at least 16 bytes)")
        return WebhookNotifier(args.send.removeprefix("webhook:"), secret=secret)
    if not args.smtp_host or not args.smtp_from or not args.addresses:
        raise ValidationError("--send email needs --smtp-host, --smtp-from and --addresses "
                              "FILE (a JSON object: unit code -> e-mail address)",
                              message_vi="--send email cần --smtp-host, --smtp-from và "
                                         "--addresses TỆP (tệp JSON: mã đơn vị -> địa chỉ "
                                         "thư điện tử)")
    try:
        book = json.loads(Path(args.addresses).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValidationError(f"cannot read --addresses {args.addresses!r}: {exc.strerror}",
                              message_vi=f"không đọc được --addresses {args.addresses!r}: "
                                         f"{exc.strerror}") from None
    except (ValueError, RecursionError) as exc:  # not JSON, or JSON this library refuses
        raise ValidationError(f"--addresses {args.addresses!r} is not JSON: {exc}",
                              message_vi=f"--addresses {args.addresses!r} không phải JSON: "
                                         f"{exc}") from None
    if not isinstance(book, dict):
        raise ValidationError("--addresses must hold a JSON object: unit code -> address",
                              message_vi="--addresses phải là một đối tượng JSON: mã đơn "
                                         "vị -> địa chỉ")
    password = os.environ.get("DIRECTIVE_TRACKER_SMTP_PASSWORD")
    return EmailNotifier(host=args.smtp_host, port=args.smtp_port, sender=args.smtp_from,
                         addresses=book, starttls=args.starttls, username=args.smtp_user,
                         password=password if args.smtp_user else None)

