# SPDX-License-Identifier: MIT
"""The public API: what ``import directive_tracker`` offers and the promises about it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import directive_tracker
import directive_tracker.exceptions as exc

#: Modules kept only as deprecated aliases (they warn on import; tested in TestShims).
DEPRECATED_SHIMS = {"directive_tracker.impact": "directive_tracker.calendar_changes"}


def _public_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(directive_tracker.__path__, "directive_tracker."):
        leaf = info.name.rsplit(".", 1)[-1]
        if (leaf.startswith("_") or info.name.endswith("storage.postgres")
                or info.name in DEPRECATED_SHIMS):
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


def _fresh_modules(code: str) -> set[str]:
    """Run *code* in a fresh interpreter and return the names in its sys.modules."""
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\n"
                          "print('\\n'.join(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True)
    return set(out.stdout.split())


class TestLazyImports:
    @pytest.mark.parametrize("module", ["directive_tracker", "directive_tracker.reminders",
                                        "directive_tracker.notifiers",
                                        "directive_tracker.services"])
    def test_no_smtplib_or_ssl(self, module: str) -> None:
        """Importing the package, the use cases or the notifiers loads neither smtplib nor
        ssl: only EmailNotifier needs them, and only when it sends."""
        loaded = _fresh_modules(f"import {module}")
        assert module in loaded
        assert set() == {"smtplib", "ssl"} & loaded

    def test_email_notifier_loads_on_access(self) -> None:
        """dt.EmailNotifier is there when asked for, still without smtplib until a send."""
        loaded = _fresh_modules("import directive_tracker as dt\ndt.EmailNotifier")
        assert "directive_tracker.notifiers.email" in loaded
        assert "smtplib" not in loaded

    def test_bare_import_loads_no_use_case(self) -> None:
        """`import directive_tracker` alone imports no use case, adapter or report module."""
        loaded = _fresh_modules("import directive_tracker")
        assert set() == {"directive_tracker.services", "directive_tracker.reminders",
                         "directive_tracker.reports", "directive_tracker.renderers",
                         "directive_tracker.storage"} & loaded

    def test_dir_lists_every_name(self) -> None:
        """dir() lists every name of __all__, loaded or not."""
        assert [] == sorted(set(directive_tracker.__all__) - set(dir(directive_tracker)))

    def test_unknown_attribute(self) -> None:
        """An unknown name is an AttributeError naming it."""
        with pytest.raises(AttributeError, match="no_such_name"):
            directive_tracker.no_such_name  # type: ignore[attr-defined]  # noqa: B018

    def test_status_is_the_module(self) -> None:
        """dt.status is the module directive_tracker.status (lazy loading keeps it so), and
        the function is dt.evaluate_status."""
        import directive_tracker.status as mod

        assert directive_tracker.status is mod
        assert directive_tracker.evaluate_status is mod.__dict__["evaluate_status"]

    def test_every_use_case_reexported(self) -> None:
        """Every public function of the use-case modules is at the top level, and it is the
        same object (transfer_task was missing in 0.1)."""
        import directive_tracker.calendar_changes as cc
        import directive_tracker.reminders as rem
        import directive_tracker.services as svc

        for mod in (svc, rem, cc):
            fns = [n for n in mod.__all__ if inspect.isfunction(getattr(mod, n))
                   and getattr(mod, n).__module__ == mod.__name__
                   and n not in ("content_key", "similarity", "changed_days")]
            assert fns
            assert [] == [n for n in fns if getattr(directive_tracker, n, None)
                          is not getattr(mod, n)]


class TestShims:
    @pytest.mark.parametrize(("old", "new"), sorted(DEPRECATED_SHIMS.items()))
    def test_shim_warns_and_aliases(self, old: str, new: str) -> None:
        """The old module path warns with DirectiveTrackerDeprecationWarning and gives the
        same objects as the new one."""
        sys.modules.pop(old, None)
        with pytest.warns(exc.DirectiveTrackerDeprecationWarning, match=new):
            shim = importlib.import_module(old)
        target = importlib.import_module(new)
        assert shim.__all__
        assert [] == [n for n in shim.__all__ if getattr(shim, n) is not getattr(target, n)]

    def test_library_never_imports_a_shim(self) -> None:
        """Importing every public module never triggers a deprecation warning."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            for name in _public_modules():
                importlib.import_module(name)


def test_star_import_does_not_shadow_builtin_open() -> None:
    """dt.open(url) is public, but ``from directive_tracker import *`` leaves the builtin
    open alone (the docs' doctests star-import every module)."""
    import builtins

    ns: dict[str, object] = {}
    exec("from directive_tracker import *", ns)
    assert "open" not in ns
    assert callable(directive_tracker.open)
    assert directive_tracker.open is not builtins.open
    assert "open" in dir(directive_tracker)
