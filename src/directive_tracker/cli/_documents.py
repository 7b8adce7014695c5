# SPDX-License-Identifier: MIT
"""
The official documents of the command line: the options and the configuration file that
supply what only the office knows (agency, register number, signer, recipients).

``report scoreboard|summary --output bao-cao.docx`` writes the periodic report
(:func:`directive_tracker.official.write_report_docx`), ``report NAME --output x.html``
a standalone HTML report (:func:`directive_tracker.official.write_html`) and ``remind
--letter UNIT --output don-doc.docx`` the reminder letter to one unit
(:func:`directive_tracker.official.write_reminder_docx`).

The details come from ``--document-config FILE`` (TOML, or JSON when the name ends in
``.json``) and from options, which win over the file.  Keys of the file (all strings
unless said otherwise)::

    agency = "Ủy ban nhân dân\\ntỉnh Ninh Giang"   # "\\n" breaks the line
    superior_agency = "..."                        # cơ quan chủ quản (optional)
    place = "Ninh Giang"                           # địa danh of the date line
    agency_short_name = "UBND tỉnh"                # optional
    number = "15/BC-UBND"                          # số, ký hiệu
    issued_on = "2026-12-03"                       # optional (default: today)
    signer = "Nguyễn Văn An"
    signer_title = "Phó Chủ tịch"
    authority = ["TM. Ủy ban nhân dân", "KT. Chủ tịch"]   # list (optional)
    recipients = ["Văn phòng Chính phủ", "Thường trực Tỉnh ủy"]  # list (optional)
    archive = ["VT", "TH"]                         # list (optional, default ["VT"])

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ..exceptions import ValidationError
from ._common import parse_cli_date, path_arg
from ._i18n import h

if TYPE_CHECKING:
    from ..official import DocumentDetails

__all__ = ["add_document_options", "document_details"]

_TEXT_KEYS: Final = ("agency", "superior_agency", "place", "agency_short_name", "number",
                     "issued_on", "signer", "signer_title")
_LIST_KEYS: Final = ("authority", "recipients", "archive")


def add_document_options(p: argparse.ArgumentParser, *, letter: bool = False) -> None:
    """Add the options of an official document to *p* (and ``--letter`` for ``remind``)."""
    g = p.add_argument_group(h("văn bản hành chính (.docx, .html)",
                               "official documents (.docx, .html)"))
    if letter:
        g.add_argument("--letter", default=None, metavar=h("MÃ_ĐƠN_VỊ", "UNIT"),
                       help=h("viết công văn đôn đốc gửi đơn vị này (cần --output TỆP.docx)",
                              "write the reminder letter to this unit (needs --output "
                              "FILE.docx)"))
        g.add_argument("--output", type=path_arg, default=None, metavar=h("TỆP", "FILE"),
                       help=h("tệp .docx của công văn đôn đốc", "the letter's .docx file"))
        g.add_argument("--reply-by", type=parse_cli_date, default=None,
                       metavar=h("NGÀY", "DATE"),
                       help=h("hạn đơn vị báo cáo lại", "the date the unit reports back by"))
    g.add_argument("--document-config", type=path_arg, default=None,
                   metavar=h("TỆP", "FILE"),
                   help=h("tệp cấu hình TOML hoặc JSON: cơ quan ban hành, số ký hiệu, người "
                          "ký, nơi nhận (xem docs/guide/cli.md)",
                          "a TOML or JSON file: issuing agency, number, signer, recipients "
                          "(see docs/guide/cli.md)"))
    g.add_argument("--agency", default=None, metavar=h("TÊN", "NAME"),
                   help=h('cơ quan ban hành, ví dụ "Ủy ban nhân dân\\\\ntỉnh Ninh Giang"',
                          'the issuing agency, e.g. "Ủy ban nhân dân\\\\ntỉnh Ninh Giang"'))
    g.add_argument("--superior-agency", default=None, metavar=h("TÊN", "NAME"),
                   help=h("cơ quan chủ quản (nếu có)", "the superior agency, if any"))
    g.add_argument("--place", default=None, metavar=h("ĐỊA_DANH", "PLACE"),
                   help=h("địa danh ghi ở dòng ngày tháng", "the place of the date line"))
    g.add_argument("--number", default=None, metavar=h("SỐ_KÝ_HIỆU", "NUMBER"),
                   help=h('số, ký hiệu văn bản, ví dụ "15/BC-UBND" hoặc "1520/UBND-TH"',
                          'the document number, e.g. "15/BC-UBND" or "1520/UBND-TH"'))
    g.add_argument("--issued-on", type=parse_cli_date, default=None,
                   metavar=h("NGÀY", "DATE"),
                   help=h("ngày ban hành (mặc định: hôm nay)", "issue date (default: today)"))
    g.add_argument("--signer", default=None, metavar=h("HỌ_TÊN", "NAME"),
                   help=h("họ tên người ký", "the signer's full name"))
    g.add_argument("--signer-title", default=None, metavar=h("CHỨC_VỤ", "TITLE"),
                   help=h('chức vụ người ký, ví dụ "Phó Chủ tịch"',
                          'the signer\'s position, e.g. "Phó Chủ tịch"'))
    g.add_argument("--authority", action="append", default=None,
                   metavar=h("QUYỀN_HẠN", "AUTHORITY"),
                   help=h('quyền hạn ký, ví dụ "TM. Ủy ban nhân dân" rồi "KT. Chủ tịch" '
                          '(lặp lại được)',
                          'signing authority, e.g. "TM. Ủy ban nhân dân" then "KT. Chủ '
                          'tịch" (repeatable)'))
    g.add_argument("--recipient", action="append", default=None,
                   metavar=h("NƠI_NHẬN", "RECIPIENT"),
                   help=h("nơi nhận (lặp lại được)", "a recipient (repeatable)"))


def _read_config(name: str) -> dict[str, Any]:
    path = Path(name)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"cannot read --document-config {name!r}: {exc.strerror}",
                              message_vi=f"không đọc được --document-config {name!r}: "
                                         f"{exc.strerror}") from None
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(raw.decode("utf-8"))
        else:
            import tomllib

            data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        kind = "JSON" if path.suffix.lower() == ".json" else "TOML"
        raise ValidationError(f"--document-config {name!r} is not valid {kind}: {exc}",
                              message_vi=f"--document-config {name!r} không đúng cú pháp "
                                         f"{kind}: {exc}") from None
    if not isinstance(data, dict):
        raise ValidationError(f"--document-config {name!r} must hold a table of keys",
                              message_vi=f"--document-config {name!r} phải là một bảng "
                                         f"khóa = giá trị")
    unknown = sorted(set(data) - set(_TEXT_KEYS) - set(_LIST_KEYS))
    if unknown:
        known = ", ".join((*_TEXT_KEYS, *_LIST_KEYS))
        raise ValidationError(
            f"--document-config {name!r}: unknown keys {', '.join(unknown)}; known: {known}",
            message_vi=f"--document-config {name!r}: không có khóa {', '.join(unknown)}; "
                       f"các khóa: {known}")
    for key in _TEXT_KEYS:
        if key in data and not isinstance(data[key], str):
            raise ValidationError(
                f"--document-config {name!r}: {key} must be a string",
                message_vi=f"--document-config {name!r}: {key} phải là một chuỗi")
    for key in _LIST_KEYS:
        value = data.get(key)
        if value is not None and (not isinstance(value, list)
                                  or not all(isinstance(v, str) for v in value)):
            raise ValidationError(
                f"--document-config {name!r}: {key} must be a list of strings",
                message_vi=f"--document-config {name!r}: {key} phải là danh sách chuỗi")
    return data


def document_details(args: argparse.Namespace, *, today: date, required: bool
                     ) -> DocumentDetails | None:
    """
    Return the document details from ``--document-config`` and the options.

    Args:
        args: the parsed command line.
        today: the default issue date.
        required: a .docx needs them (an error names what is missing); for HTML they are
            optional (None when no agency is given).

    Raises:
        ValidationError: a missing or malformed field (in both languages).
    """
    from ..documents import DocumentNumber
    from ..official import DocumentDetails, IssuingAgency, Recipients, Signer

    data: dict[str, Any] = {}
    if getattr(args, "document_config", None):
        data = _read_config(args.document_config)
    options = {"agency": args.agency, "superior_agency": args.superior_agency,
               "place": args.place, "number": args.number, "signer": args.signer,
               "signer_title": args.signer_title, "authority": args.authority,
               "recipients": args.recipient}
    for key, value in options.items():
        if value is not None:
            data[key] = value
    if args.issued_on is not None:
        data["issued_on"] = args.issued_on.isoformat()
    needed = ("agency", "place", "number", "signer", "signer_title")
    missing = [k for k in needed if not data.get(k)]
    if missing:
        if not required and "agency" in missing:
            return None
        flags = ", ".join("--" + k.replace("_", "-") for k in missing)
        raise ValidationError(
            f"an official document needs {flags} (or those keys in --document-config FILE)",
            message_vi=f"văn bản hành chính cần {flags} (hoặc các khóa đó trong "
                       f"--document-config TỆP)")
    issued = today
    if data.get("issued_on"):
        try:
            issued = date.fromisoformat(str(data["issued_on"]))
        except ValueError:
            raise ValidationError(
                f"issued_on {data['issued_on']!r} is not a date YYYY-MM-DD",
                message_vi=f"ngày ban hành {data['issued_on']!r} không đúng dạng "
                           f"NĂM-THÁNG-NGÀY") from None

    def lines(text: str) -> str:
        return text.replace("\\n", "\n")

    return DocumentDetails(
        agency=IssuingAgency(name=lines(data["agency"]),
                             parent=lines(data["superior_agency"])
                             if data.get("superior_agency") else None,
                             place=data["place"],
                             short_name=data.get("agency_short_name") or None),
        number=DocumentNumber.parse(data["number"]), issued_on=issued,
        signer=Signer(authority=tuple(data.get("authority") or ()),
                      title=data["signer_title"], name=data["signer"]),
        recipients=Recipients(names=tuple(data.get("recipients") or ()),
                              archive=tuple(data.get("archive") or ("VT",))))
