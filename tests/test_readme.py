# SPDX-License-Identifier: MIT
"""The README's tour runs as written (its outputs are hand-checked: see the comments)."""

from __future__ import annotations

import doctest
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


class TestReadme:
    def test_tour_runs(self) -> None:
        """Every example in README.md gives the output shown.

        The outputs were checked by hand: 02/01/2026 is the swapped day off of
        CV 12729/VPCP-KGVX; 10 working days after Fri 26/04/2024 skip 27–28/04, 29/04
        (swap), 30/04–01/05, 05/05 and 11–12/05 and count Sat 04/05 → 14/05/2024; a task
        due Tue 31/03/2026 and open on Thu 02/04/2026 is 2 working days late (01/04, 02/04).
        """
        result = doctest.testfile(str(README), module_relative=False,
                                  optionflags=doctest.ELLIPSIS)
        assert 0 == result.failed
        assert result.attempted >= 15
