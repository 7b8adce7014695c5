# SPDX-License-Identifier: MIT
"""
Directives (văn bản chỉ đạo): the documents, meeting conclusions, margin notes and oral
instructions that assign tasks.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from ._validators import (
    instance_of,
    is_content,
    is_date,
    is_identifier,
    is_name,
    is_optional_date,
    is_optional_identifier,
    is_optional_name,
    optional_instance_of,
    to_nfc_content,
    to_nfc_id,
    to_nfc_name,
)
from .deadlines import CountedFrom, DeadlineRule
from .documents import DocumentNumber, DocumentType
from .exceptions import ValidationError

__all__ = ["Directive", "DirectiveOrigin"]


class DirectiveOrigin(enum.Enum):
    """
    Where a directive comes from (the "origin" axis of Vietnamese trackers).

    .. versionadded:: 0.1.0
    """

    DOCUMENT = "document"
    MEETING_CONCLUSION = "meeting_conclusion"
    MARGIN_NOTE = "margin_note"
    DIRECT = "direct"

    @property
    def label_vi(self) -> str:
        """Vietnamese name."""
        return _ORIGIN_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English name."""
        return _ORIGIN_LABELS[self][1]


_ORIGIN_LABELS = {
    DirectiveOrigin.DOCUMENT: ("Văn bản chỉ đạo", "Written directive"),
    DirectiveOrigin.MEETING_CONCLUSION: ("Kết luận cuộc họp", "Meeting conclusion"),
    DirectiveOrigin.MARGIN_NOTE: ("Ý kiến bút phê", "Leader's margin note"),
    DirectiveOrigin.DIRECT: ("Chỉ đạo trực tiếp", "Oral (direct) instruction"),
}


@attrs.frozen(kw_only=True)
class Directive:
    """
    A directive of the provincial People's Committee (or a higher body it implements).

    Args:
        id: caller-chosen stable identifier (no white space), unique in a store.
        number: the Decree 30/2020 "số, ký hiệu" (None for margin notes and oral
            instructions).
        doc_type: the document type; when omitted it is taken from ``number``.
        origin: a :class:`DirectiveOrigin`.
        issuer: code of the issuing unit (e.g. ``"UBND"``).
        signer: name of the signer, if known.
        issue_date: the date on the document's date line.
        received_date: the date the tracking office received it (on or after
            ``issue_date``), if different.
        summary: the trích yếu (subject line).
        parent_id: id of the directive this one implements (e.g. a Government resolution
            implemented by a provincial plan).

    Text limits: ids 128 characters (no white space, control or format characters, no
    ``=?``); ``issuer`` and ``signer`` one line of at most 1,000; ``summary`` at most
    10,000 (line breaks allowed).  Caps count the text as given, before NFC.

    Raises:
        InvalidTypeError: a field has the wrong type.
        ValidationError: a text over its cap or with a refused character, an empty
            summary, ``received_date`` before ``issue_date``, a
            ``doc_type`` that contradicts ``number``, or a directive that is its own parent.

    .. versionadded:: 0.1.0
    """

    id: str = attrs.field(converter=to_nfc_id, validator=is_identifier)
    number: DocumentNumber | None = attrs.field(
        default=None, validator=optional_instance_of(DocumentNumber))
    doc_type: DocumentType | None = attrs.field(
        default=None, validator=optional_instance_of(DocumentType))
    origin: DirectiveOrigin = attrs.field(default=DirectiveOrigin.DOCUMENT,
                                          validator=instance_of(DirectiveOrigin))
    issuer: str = attrs.field(converter=to_nfc_name, validator=is_name)
    signer: str | None = attrs.field(default=None, converter=to_nfc_name,
                                     validator=is_optional_name)
    issue_date: date = attrs.field(validator=is_date)
    received_date: date | None = attrs.field(default=None, validator=is_optional_date)
    summary: str = attrs.field(converter=to_nfc_content, validator=is_content)
    parent_id: str | None = attrs.field(default=None, converter=to_nfc_id,
                                        validator=is_optional_identifier)

    def __attrs_post_init__(self) -> None:
        if self.received_date is not None and self.received_date < self.issue_date:
            raise ValidationError(
                f"directive {self.id!r}: received_date {self.received_date} is before "
                f"issue_date {self.issue_date}", directive_id=self.id)
        if self.number is not None:
            if self.doc_type is None:
                object.__setattr__(self, "doc_type", self.number.doc_type)
            elif self.number.doc_type is not None and self.number.doc_type != self.doc_type:
                raise ValidationError(
                    f"directive {self.id!r}: doc_type {self.doc_type.name} contradicts the "
                    f"number {self.number}", directive_id=self.id)
        if self.parent_id == self.id:
            raise ValidationError(f"directive {self.id!r} cannot be its own parent",
                                  directive_id=self.id)

    @property
    def anchor_date(self) -> date:
        """The date deadlines count from: ``received_date`` if known, else ``issue_date``."""
        return self.received_date or self.issue_date

    def anchor_for(self, deadline: DeadlineRule, assigned_on: date, /) -> date:
        """
        Return the date *deadline* counts from for a task of this directive.

        The start day itself is not counted (Civil Code Art 147).  The rule's
        ``counted_from`` (read from phrases such as "kể từ ngày ký" or "kể từ ngày nhận
        được văn bản") decides:

        * ``ISSUE`` → ``issue_date``;
        * ``RECEIPT`` → ``received_date``, or ``issue_date`` when no receipt is recorded;
        * ``ASSIGNMENT`` → *assigned_on*;
        * ``EFFECTIVE`` → refused: the directive does not record its effective date, which
          may be weeks after signing; pass the date explicitly instead;
        * not stated → :attr:`anchor_date` (received, else issue date).

        Raises:
            ValidationError: the rule counts from the effective date.
            InvalidTypeError: *assigned_on* is not a date.

        .. versionadded:: 0.1.0
        """
        from ._validators import check_date

        check_date(assigned_on, "assigned_on")
        counted_from = getattr(deadline, "counted_from", None)
        if counted_from is CountedFrom.ISSUE:
            return self.issue_date
        if counted_from is CountedFrom.RECEIPT:
            return self.received_date or self.issue_date
        if counted_from is CountedFrom.ASSIGNMENT:
            return assigned_on
        if counted_from is CountedFrom.EFFECTIVE:
            raise ValidationError(
                f"the deadline {deadline.to_text()!r} counts from the date directive "
                f"{self.id!r} takes effect, which the directive does not record (it may be "
                f"later than the issue date {self.issue_date}); pass anchor= the effective "
                "date", param_name="anchor", directive_id=self.id)
        return self.anchor_date
