# SPDX-License-Identifier: MIT
"""
The mutation fuzzer (``tests/fuzz/mutation.py``) over every entry point, bounded: 200
inputs each in the ordinary run (``DT_FUZZ_MUTATIONS`` changes it).  The full size is
``python -m tests.fuzz.mutation`` (100,000 inputs per entry point).
"""

from __future__ import annotations

import os

import pytest

from .mutation import ENTRY_POINTS, fuzz

#: Inputs per entry point in this run.
MUTATIONS = int(os.environ.get("DT_FUZZ_MUTATIONS", "200"))


def test_every_hypothesis_entry_point_is_mutated() -> None:
    """The mutation fuzzer reaches the same entry points as the hypothesis tests (their
    recorder names), so a new hypothesis entry point needs seeds here too."""
    import ast
    import pathlib

    here = pathlib.Path(__file__).parent
    names: set[str] = set()
    for module in ("test_fuzz_domain.py", "test_fuzz_boundaries.py"):
        for node in ast.walk(ast.parse((here / module).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id == "call" and node.args \
                    and isinstance(node.args[0], ast.Constant):
                names.add(node.args[0].value)
    # Names built at run time: one per record kind, event class and text helper.
    from directive_tracker.events import EVENT_TYPES

    from .test_fuzz_boundaries import SAMPLES
    from .test_fuzz_domain import _TEXT_FUNCTIONS

    names |= {f"records.from_dict[{kind}]" for kind in SAMPLES}
    names |= {cls.__name__ for cls in EVENT_TYPES.values()} | set(_TEXT_FUNCTIONS)
    assert names - set(ENTRY_POINTS) == set()
    assert len(names) >= 60


@pytest.mark.parametrize("name", sorted(ENTRY_POINTS))
def test_mutated_inputs(name: str) -> None:
    """Library errors only, within 100 ms each, the entry point's invariant kept."""
    outcome = fuzz(ENTRY_POINTS[name], MUTATIONS, seed=int(os.environ.get("CI") is None))
    assert outcome.inputs == MUTATIONS
    assert outcome.failures == [], outcome.failures[:3]
