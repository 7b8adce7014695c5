# SPDX-License-Identifier: MIT
"""The public API: what ``import directive_tracker`` offers and the promises about it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import directive_tracker
import directive_tracker.exceptions as exc


def _public_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(directive_tracker.__path__, "directive_tracker."):
        leaf = info.name.rsplit(".", 1)[-1]
        if leaf.startswith("_") or info.name.endswith("storage.postgres"):
            continue
        names.append(info.name)
    return sorted(names)


class TestPublicAPI:
    def test_all_importable(self) -> None:
        """Every name in __all__ exists."""
        missing = [n for n in directive_tracker.__all__ if not hasattr(directive_tracker, n)]
        assert [] == missing

    def test_all_unique(self) -> None:
        """__all__ lists each name once."""
        assert len(set(directive_tracker.__all__)) == len(directive_tracker.__all__)

    def test_version(self) -> None:
        """The version is a PEP 440 string."""
        assert "0.1.0" == directive_tracker.__version__

    def test_py_typed_shipped(self) -> None:
        """The package ships py.typed for type checkers (PEP 561)."""
        assert (Path(directive_tracker.__file__).parent / "py.typed").is_file()

    def test_backends_not_reexported(self) -> None:
        """Storage backends are not in the top-level namespace."""
        assert not {"SQLiteStore", "PostgresStore", "MemoryStore"} & set(
            directive_tracker.__all__)

    @pytest.mark.parametrize("module", _public_modules())
    def test_public_callables_documented(self, module: str) -> None:
        """Every public class and function of every public module has a docstring."""
        mod = importlib.import_module(module)
        undocumented = []
        for name in getattr(mod, "__all__", []):
            obj = getattr(mod, name)
            if (inspect.isclass(obj) or inspect.isfunction(obj)) and not inspect.getdoc(obj):
                undocumented.append(name)
        assert [] == undocumented


class TestErrorTree:
    def test_every_error_has_the_root(self) -> None:
        """Every exception in exceptions.__all__ derives from DirectiveTrackerError."""
        errors = [getattr(exc, n) for n in exc.__all__ if n.endswith("Error")]
        assert errors
        assert [] == [e.__name__ for e in errors
                      if not issubclass(e, exc.DirectiveTrackerError)]

    @pytest.mark.parametrize(("error", "builtin"), [
        (exc.ValidationError, ValueError),
        (exc.InvalidTypeError, TypeError),
        (exc.NotFoundError, LookupError),
        (exc.TaskNotFoundError, LookupError),
        (exc.DateOutOfRangeError, ValueError),
        (exc.UnknownCalendarError, LookupError),
        (exc.DeadlinePhraseError, ValueError),
        (exc.MissingExtraError, ImportError),
        (exc.DuplicateIdError, ValueError),
    ])
    def test_builtin_compatible(self, error: type[Exception], builtin: type[Exception]
                                ) -> None:
        """Errors are also the builtin a caller would naturally catch."""
        assert issubclass(error, builtin)

    def test_context_attributes(self) -> None:
        """Errors keep their context as attributes and say what is allowed."""
        e = exc.ConcurrentModificationError("T1", expected_version=3, actual_version=4)
        assert ("T1", 3, 4) == (e.key, e.expected_version, e.actual_version)  # type: ignore[attr-defined]
        assert "expected version 3" in str(e)
        m = exc.MissingExtraError("psycopg", "postgres", "PostgresStore")
        assert "pip install 'directive_tracker[postgres]'" in str(m)

    def test_warning_tree(self) -> None:
        """Deprecations are both ours and DeprecationWarning."""
        assert issubclass(exc.DirectiveTrackerDeprecationWarning, DeprecationWarning)
        assert issubclass(exc.DirectiveTrackerDeprecationWarning, exc.DirectiveTrackerWarning)
