# SPDX-License-Identifier: MIT
"""
The example notebook ``docs/examples/scoreboard.ipynb`` is valid and its code runs
against the current API (the docs build excludes it, so nothing else would notice when
an API it uses changes).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "examples" / "scoreboard.ipynb"


def _cells() -> list[dict[str, Any]]:
    data = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    cells: list[dict[str, Any]] = data["cells"]
    return cells


def _source(cell: dict[str, Any]) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else str(src)


class TestScoreboardNotebook:
    def test_is_nbformat_4(self) -> None:
        """The file is JSON in notebook format 4, every cell with a type and a source."""
        data = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
        assert 4 == data["nbformat"]
        assert all(c["cell_type"] in ("markdown", "code") and "source" in c
                   for c in data["cells"])
        assert all("outputs" in c for c in data["cells"] if c["cell_type"] == "code")

    def test_code_cells_run(self) -> None:
        """
        Every code cell runs in order and builds the scoreboard DataFrame and the chart.

        The demo province has 27 units (1 committee, 14 departments after Decree 150/2025,
        8 communes and wards, 4 former units); the chart has one bar per unit that has an
        on-time rate, i.e. had a task fall due.
        """
        pytest.importorskip("pandas")
        matplotlib = pytest.importorskip("matplotlib")
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        namespace: dict[str, Any] = {}
        try:
            for cell in _cells():
                if cell["cell_type"] == "code":
                    exec(compile(_source(cell), str(NOTEBOOK), "exec"), namespace)
            assert 27 == namespace["info"].units
            df = namespace["df"]
            expected = ["rank", "unit_name", "assigned", "completed_on_time",
                        "completed_late", "in_progress_on_time", "overdue", "on_time_rate",
                        "on_time_rate_original"]
            assert [] == [c for c in expected if c not in df.columns]
            ax = namespace["ax"]
            assert int(df["on_time_rate"].notna().sum()) == len(ax.patches)
            assert "Tỷ lệ hoàn thành đúng hạn, quý II/2026 (%)" == ax.get_title()
        finally:
            plt.close("all")
