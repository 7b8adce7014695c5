# SPDX-License-Identifier: MIT
"""
Official outputs: documents an office can sign and send.

* :func:`write_report_docx` / :func:`write_reminder_docx`: the periodic report and the
  reminder letter (công văn đôn đốc) as .docx in the form of Decree 30/2020/NĐ-CP,
  Appendix I (extra ``docx``);
* :func:`write_html` / :func:`render_html_document`: any report as one standalone HTML
  file with an A4 print stylesheet (standard library only).

The office supplies what only it knows in a :class:`DocumentDetails`: the
:class:`IssuingAgency`, the register number (:class:`~directive_tracker.DocumentNumber`),
the date, the :class:`Signer` and the :class:`Recipients`.

This package is an adapter: it reads report results through their public attributes.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from ._layout import (
    AUTHORITY_PREFIXES,
    NATIONAL_MOTTO,
    NATIONAL_NAME,
    DocumentDetails,
    IssuingAgency,
    Recipients,
    Signer,
)
from .docx import directive_reference, write_reminder_docx, write_report_docx
from .html import neutralise, render_html_document, write_html

__all__ = [
    "AUTHORITY_PREFIXES",
    "NATIONAL_MOTTO",
    "NATIONAL_NAME",
    "DocumentDetails",
    "IssuingAgency",
    "Recipients",
    "Signer",
    "directive_reference",
    "neutralise",
    "render_html_document",
    "write_html",
    "write_reminder_docx",
    "write_report_docx",
]
