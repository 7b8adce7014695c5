# SPDX-License-Identifier: MIT
"""``renderers.render_grid``: the one text-table layout (render_text and the CLI use it)."""

from __future__ import annotations

import unicodedata

from directive_tracker.renderers import render_grid


class TestRenderGrid:
    def test_wide_and_combining_characters_align(self) -> None:
        """北京 takes 4 columns; NFD "Sở" (S, o, horn, hook) takes 2, like NFC."""
        nfd = unicodedata.normalize("NFD", "Sở")
        assert ["Tên   Số",
                "────  ──",
                "北京  1",
                f"{nfd}    22"] == render_grid(["Tên", "Số"], [["北京", "1"], [nfd, "22"]])

    def test_right_alignment_and_rule(self) -> None:
        """Numbers flush right (header too); the rule character and indent are chosen."""
        assert ["  a    n",
                "  --  --",
                "  x    7",
                "  yy  10"] == render_grid(["a", "n"], [["x", "7"], ["yy", "10"]],
                                           indent="  ", rule="-", right=[False, True])

    def test_multi_line_cells_and_no_rows(self) -> None:
        """A line break continues a cell below; no rows leaves the header and rule."""
        assert ["k  v", "─  ──", "1  ab", "   c"] == render_grid(["k", "v"], [["1", "ab\nc"]])
        assert ["k", "─"] == render_grid(["k"], [])
