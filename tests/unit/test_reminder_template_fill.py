# SPDX-License-Identifier: MIT
"""
The reminders fill their templates from a parse made once (issue 12: ``reminders_due``
re-parsed every template for every reminder).  The definition stays
``string.Template(text).safe_substitute({k: str(v)})`` then NFC: checked here against
it on random templates and fields.
"""

from __future__ import annotations

import string
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from directive_tracker.reminders import (
    DEFAULT_TEMPLATES_EN,
    DEFAULT_TEMPLATES_VI,
    TEMPLATE_FIELDS,
    ReminderTemplates,
    _compiled,
    _fill,
    _fill_text,
)

_NAMES = [*sorted(TEMPLATE_FIELDS), "unknown_field"]

#: Template text: literal runs (braces, quotes, a lone "$", Vietnamese letters, NFD
#: marks) and placeholders written $name, ${name}, $$ and "$$name" (an escaped dollar).
_pieces = st.one_of(
    st.text(alphabet="ab xyzĐđệ{}\"'\n$\u0301", max_size=6),
    st.sampled_from(_NAMES).map(lambda n: f"${n}"),
    st.sampled_from(_NAMES).map(lambda n: f"${{{n}}}"),
    st.sampled_from(_NAMES).map(lambda n: f"$${n}"),
    st.just("$$"),
)
_templates = st.lists(_pieces, max_size=8).map("".join)
_values = st.one_of(st.integers(-5, 500), st.none(),
                    st.text(alphabet="Sở {}$\u0301e\"", max_size=5))


def _reference(text: str, fields: dict[str, object]) -> str:
    """The definition: string.Template's safe_substitute of str() values, then NFC."""
    return unicodedata.normalize("NFC", string.Template(text).safe_substitute(
        {k: str(v) for k, v in fields.items()}))


@given(text=_templates, fields=st.dictionaries(st.sampled_from(_NAMES), _values))
def test_fill_is_safe_substitute(text: str, fields: dict[str, object]) -> None:
    """_fill gives safe_substitute's text: placeholders filled with str(value), missing
    ones left as written, "$$" one "$", a lone "$" kept, braces untouched."""
    assert _reference(text, fields) == _fill(_compiled(text), fields)


@given(text=_templates.filter(lambda t: _compiled(t).keys <= TEMPLATE_FIELDS),  # as checked
       # by ReminderTemplates: no unknown placeholder ("$a" from the literal alphabet)
       values=st.lists(st.text(alphabet="Sở {}$\u0301e\"0", max_size=5),
                       min_size=len(TEMPLATE_FIELDS), max_size=len(TEMPLATE_FIELDS)))
def test_fill_text_is_safe_substitute(text: str, values: list[str]) -> None:
    """With every field given as text (as reminders_due does), the str.format_map fill
    gives the same text."""
    fields = dict(zip(sorted(TEMPLATE_FIELDS), values, strict=True))
    assert _reference(text, fields) == _fill_text(_compiled(text), fields)


def test_default_templates_by_hand() -> None:
    """The default before_due template filled (text written out by hand from
    DEFAULT_TEMPLATES_VI), and render() agrees with the definition on every default."""
    fields = {"recipient_name": "Sở Nội vụ", "task_content": "Rà soát {x}", "task_id": "T1",
              "due": "15/05/2026", "days": 2}
    assert ("Đề nghị Sở Nội vụ khẩn trương thực hiện nhiệm vụ \"Rà soát {x}\" (mã T1), "
            "hạn ngày 15/05/2026, còn 2 ngày làm việc."
            == ReminderTemplates().render("before_due", "vi", fields))
    for lang, table in (("vi", DEFAULT_TEMPLATES_VI), ("en", DEFAULT_TEMPLATES_EN)):
        for name, text in table.items():
            assert _reference(text, fields) == ReminderTemplates().render(name, lang, fields)
