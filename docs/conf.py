# SPDX-License-Identifier: MIT
"""Sphinx configuration: MyST Markdown pages, autodoc API reference, doctests, furo theme."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

from sphinx.util.nodes import make_refnode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from directive_tracker import __version__  # noqa: E402

project = "directive_tracker"
author = "directive_tracker developers"
copyright = "2026, directive_tracker developers"
release = __version__
version = ".".join(__version__.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "examples/*.ipynb"]
language = "en"

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3

# autodoc: members in source order, type hints in the signature, Google-style sections.
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"members": True, "undoc-members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
napoleon_use_ivar = True

# -n (nitpicky): every cross-reference must resolve, except to the standard library and
# third-party packages (no network in CI, so no intersphinx inventories).
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(datetime|typing|collections|argparse|io|enum|decimal|pathlib|sqlite3|"
               r"contextlib|types|zoneinfo|email|smtplib|logging|threading|abc|os|ssl|"
               r"string|random|json|csv|re|unicodedata)(\..*)?"),
    (r"py:.*", r"(attrs|attr|psycopg|psycopg_pool|numpy|pandas|matplotlib|openpyxl|"
               r"dateutil|holidays)(\..*)?"),
    (r"py:.*", r"(TextIO|Any|Final|NoReturn|Self|Callable|Iterable|Iterator|Sequence|Mapping|"
               r"date|datetime|tzinfo|timedelta|Path|ClassVar|Literal|Protocol)"),
    (r"py:.*", r"(int|str|bool|float|bytes|object|None|dict|list|tuple|set|frozenset|type)"),
    (r"py:.*", r"(ValueError|TypeError|LookupError|ImportError|KeyError|OSError|Exception|"
               r"BaseException|UserWarning|DeprecationWarning|ArgumentTypeError)"),
]

# Type hints name ``date`` while some classes have a field called ``date``: not ambiguous
# for readers, but Sphinx would warn about "more than one target".
suppress_warnings = ["ref.python"]

# Doctests: every ``>>>`` example in the guides and docstrings runs in CI.
# Docstring examples are written in their module's namespace, so every public name of
# every module is made available (``from module import *`` honours ``__all__``).
doctest_global_setup = """
import builtins as _builtins
import importlib as _importlib
import pkgutil as _pkgutil
import datetime
from datetime import date, datetime as _datetime, timedelta
import directive_tracker
try:
    import pandas as _pandas
except ImportError:
    _pandas = None
for _info in _pkgutil.walk_packages(directive_tracker.__path__, "directive_tracker."):
    if _info.name.rpartition(".")[2].startswith("_") or _info.name.endswith("postgres"):
        continue
    _module = _importlib.import_module(_info.name)
    for _n in getattr(_module, "__all__", ()):
        if hasattr(_builtins, _n):  # office.open must not shadow the builtin open
            continue
        try:
            globals()[_n] = getattr(_module, _n)
        except ImportError:  # a lazily imported backend that is not written yet
            pass
"""



def _resolve_by_suffix(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    """
    Resolve a Python reference by its unique dotted suffix, or tolerate a module not yet built.

    Docstrings say ``:class:`TaskNotFoundError``` (Napoleon's ``Raises:`` does too) or name
    a re-export such as ``directive_tracker.storage.Store``; both resolve to the one
    documented object whose full name ends with that suffix.  A reference into a
    ``directive_tracker`` module that does not exist yet renders as plain text, so the
    build stays green while the library grows; anything else still warns.
    """
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "").lstrip("~.")
    parts = target.split(".")
    if any(part.startswith("_") and not part.startswith("__") for part in parts):
        return contnode  # a private helper: not documented, shown as text
    want_module = node.get("reftype") == "mod"
    objects = {name: entry for name, entry in env.get_domain("py").objects.items()
               if (entry.objtype == "module") == want_module}
    for i in range(len(parts)):
        suffix = "." + ".".join(parts[i:])
        matches = [name for name in objects if name.endswith(suffix) or name == suffix[1:]]
        if len(matches) > 1:  # prefer the reference's own class, then its own module
            for scope in (node.get("py:class"), None):
                prefix = ".".join(p for p in (node.get("py:module"), scope) if p) + "."
                near = [name for name in matches if name.startswith(prefix)
                        and name.count(".") == prefix.count(".") + suffix.count(".") - 1]
                if len(near) == 1:
                    matches = near
                    break
        if len(matches) == 1:
            entry = objects[matches[0]]
            return make_refnode(app.builder, node["refdoc"], entry.docname, entry.node_id,
                                contnode, matches[0])
        if len(matches) > 1:
            break
    resolved = _resolve_in_context(app, env, node, contnode, target)
    if resolved is not None:
        return resolved
    if target.startswith("directive_tracker."):
        if want_module:
            try:
                missing = importlib.util.find_spec(target) is None
            except ImportError:
                missing = True
            return contnode if missing else None
        module = target
        while module:
            try:
                if importlib.util.find_spec(module) is not None:
                    break
            except (ImportError, ValueError):
                pass
            module = module.rpartition(".")[0]
        if module in ("", "directive_tracker"):
            return contnode
        try:
            obj: Any = importlib.import_module(module)
            for name in target[len(module) + 1:].split("."):
                obj = getattr(obj, name)
        except ImportError:  # a lazily imported backend that is not written yet
            return contnode
        except AttributeError:
            return None
    return None


def _resolve_in_context(app: Any, env: Any, node: Any, contnode: Any, target: str) -> Any:
    """
    Resolve a short name from where it is written: an inherited member, or a real object.

    ``:meth:`due_date``` in the docstring of a subclass resolves to the documented base
    class method; a name that exists in the reference's module or class but is not
    documented (not in ``__all__``) renders as plain text.
    """
    modname = node.get("py:module")
    if not modname or ("." in target and not target.startswith(modname)):
        return None
    try:
        obj: Any = importlib.import_module(modname)
    except ImportError:
        return None
    objects = env.get_domain("py").objects
    clsname = node.get("py:class")
    if clsname:
        cls: Any = obj
        for name in clsname.split("."):
            cls = getattr(cls, name, None)
        for base in getattr(cls, "__mro__", ()):
            full = f"{base.__module__}.{base.__qualname__}.{target}"
            if full in objects:
                entry = objects[full]
                return make_refnode(app.builder, node["refdoc"], entry.docname,
                                    entry.node_id, contnode, full)
        if cls is not None and hasattr(cls, target.rpartition(".")[2]):
            return contnode
    if "." not in target and (hasattr(obj, target) or any(
            name.startswith(modname + ".") and name.endswith("." + target)
            for name in objects)):
        return contnode  # undocumented, or a method several classes of the module share
    return None


def _plain_attribute_docstring(self: Any) -> list[str]:
    """
    Keep attribute and property docstrings as written.

    Napoleon reads "First day (inclusive) of the window: ..." as "type: description";
    this project states types in annotations, never in the first line.
    """
    lines: list[str] = self.__class__(self._consume_to_end(), self._config).lines()
    return lines


def setup(app: Any) -> None:
    """Register the reference resolver and the plain attribute docstrings."""
    from sphinx.ext.napoleon.docstring import GoogleDocstring

    GoogleDocstring._parse_attribute_docstring = _plain_attribute_docstring
    app.connect("missing-reference", _resolve_by_suffix)


html_theme = "furo"
html_title = f"directive_tracker {release}"
html_static_path: list[str] = []
