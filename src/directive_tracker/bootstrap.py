# SPDX-License-Identifier: MIT
"""
The composition root: open a store from a URL.

:func:`open_store` is the one place that turns a configuration string into a
:class:`~directive_tracker.storage.base.Store`.  The command line, :func:`directive_tracker.open`
(the :class:`~directive_tracker.office.Office` facade) and applications call it, so a backend
chosen by URL works everywhere without code naming its class.

URLs
----

=========================================  ==============================================
``sqlite:///relative/path.sqlite3``        a SQLite file, relative to the working directory
``sqlite:////abs/path.sqlite3``            an absolute path (four slashes, as SQLAlchemy)
``sqlite://`` or ``sqlite:///:memory:``    a private in-memory SQLite database
``memory://``                              a new, empty
                                           :class:`~directive_tracker.storage.MemoryStore`
``postgresql://user@host/db?schema=NAME``  a PostgreSQL store (the ``postgres`` extra);
``postgres://…``                           the URL goes to libpq (``?schema=`` apart)
=========================================  ==============================================

The path of a ``sqlite`` URL is percent-decoded (``%20`` is a space).  Keyword
*options* go to the backend's constructor (``timeout=``/``synchronous=`` for SQLite,
``schema=``/``max_size=``… for PostgreSQL).

Backends are plug-ins: a distribution registers a factory (a callable taking the URL and
keyword options and returning a ``Store``) under its URL scheme in the entry-point group
``directive_tracker.stores``::

    [project.entry-points."directive_tracker.stores"]
    mystore = "my_package.store:open_my_store"

after which ``open_store("mystore://…")`` and ``directive-tracker --store mystore://…``
use it.  The built-in schemes are registered the same way by this library and also
resolved without package metadata (an uninstalled checkout works); when a scheme is
registered by this library and by another distribution, this library's own wins.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import parse_qsl, quote, unquote, urlencode

from .exceptions import InvalidTypeError, ValidationError

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    from .settings import ProvincePolicy
    from .storage.base import Store

__all__ = [
    "ENTRY_POINT_GROUP",
    "StoreFactory",
    "UnknownStoreSchemeError",
    "known_schemes",
    "memory_store_from_url",
    "open_store",
    "postgres_store_from_url",
    "province_policy",
    "sqlite_path_from_url",
    "sqlite_store_from_url",
    "sqlite_url",
    "url_scheme",
]

#: The entry-point group where backends register their URL scheme.
ENTRY_POINT_GROUP: Final = "directive_tracker.stores"

#: A backend factory: ``factory(url, **options) -> Store``.
StoreFactory = Callable[..., "Store"]

_DIST_NAME: Final = "directive_tracker"

#: The built-in schemes: scheme -> "module:attribute" (as in pyproject.toml).
_BUILTIN: Final[dict[str, str]] = {
    "memory": "directive_tracker.bootstrap:memory_store_from_url",
    "sqlite": "directive_tracker.bootstrap:sqlite_store_from_url",
    "postgresql": "directive_tracker.bootstrap:postgres_store_from_url",
    "postgres": "directive_tracker.bootstrap:postgres_store_from_url",
}


class UnknownStoreSchemeError(ValidationError):
    """
    A store URL names a scheme no backend is registered for (a ``ValueError``).

    Attributes:
        scheme: the scheme given ("" when the URL has none).
        known: the schemes that are registered, sorted.

    .. versionadded:: 0.2.0
    """

    def __init__(self, url: str, scheme: str, known: list[str]) -> None:
        shown = url if len(url) <= 80 else url[:77] + "..."
        if scheme:
            what = f"unknown store scheme {scheme!r} in {shown!r}"
        else:
            what = f"{shown!r} is not a store URL (no 'scheme://')"
        super().__init__(f"{what}; known schemes: {', '.join(known)} "
                         f"(e.g. sqlite:///file.sqlite3, memory://)",
                         scheme=scheme, known=known)
        self.scheme = scheme
        self.known = known


def url_scheme(url: str) -> str:
    """
    Return the scheme of a store URL, lowercased ("" when there is no ``scheme://``).

    Raises:
        InvalidTypeError: *url* is not a str.

    >>> url_scheme("SQLite:///a.sqlite3"), url_scheme("a.sqlite3")
    ('sqlite', '')

    .. versionadded:: 0.2.0
    """
    if not isinstance(url, str):
        raise InvalidTypeError("url", url, "a str")
    head, sep, _ = url.partition("://")
    if not sep or not head or not head.replace("+", "").replace("-", "").replace(
            ".", "").isalnum() or not head[0].isalpha():
        return ""
    return head.lower()


def sqlite_path_from_url(url: str) -> str | None:
    """
    Return the file path a ``sqlite`` URL names, ``":memory:"``, or None for other URLs.

    ``sqlite:///a/b.sqlite3`` -> ``"a/b.sqlite3"`` (relative); ``sqlite:////a/b`` ->
    ``"/a/b"`` (absolute); ``sqlite://`` -> ``":memory:"``.  The path is percent-decoded.

    Raises:
        InvalidTypeError: *url* is not a str.
        ValidationError: a ``sqlite`` URL with a host (``sqlite://host/x``) or a query.

    >>> sqlite_path_from_url("sqlite:///data/tinh.sqlite3")
    'data/tinh.sqlite3'
    >>> sqlite_path_from_url("sqlite:////var/lib/dt.sqlite3")
    '/var/lib/dt.sqlite3'
    >>> sqlite_path_from_url("sqlite://")
    ':memory:'

    .. versionadded:: 0.2.0
    """
    if url_scheme(url) != "sqlite":
        return None
    rest = url.partition("://")[2]
    if rest == "":
        return ":memory:"
    if not rest.startswith("/"):
        raise ValidationError(
            f"{url!r}: a sqlite URL has no host; write sqlite:///relative/path or "
            f"sqlite:////absolute/path", param_name="url")
    if "?" in rest or "#" in rest:
        raise ValidationError(f"{url!r}: give SQLite options as keyword arguments, not in "
                              f"the URL", param_name="url")
    path = unquote(rest[1:], errors="surrogateescape")
    if path == "":
        raise ValidationError(f"{url!r} names no file: write sqlite:///file.sqlite3, or "
                              f"sqlite:// for an in-memory database", param_name="url")
    if "\x00" in path:
        raise ValidationError(f"{url!r}: a path cannot contain NUL", param_name="url")
    return path


def sqlite_url(path: str | os.PathLike[str]) -> str:
    """
    Return the ``sqlite`` URL of a file path (the inverse of :func:`sqlite_path_from_url`).

    Characters that mean something in a URL (``%``, ``?``, ``#``, spaces…) are
    percent-encoded, so every path round-trips.

    Raises:
        InvalidTypeError: *path* is not a str or path.

    >>> sqlite_url("data/tinh 1.sqlite3"), sqlite_url("/var/dt.sqlite3")
    ('sqlite:///data/tinh%201.sqlite3', 'sqlite:////var/dt.sqlite3')

    .. versionadded:: 0.2.0
    """
    if not isinstance(path, str | os.PathLike):
        raise InvalidTypeError("path", path, "a str or os.PathLike")
    return "sqlite:///" + quote(os.fspath(path), safe="/\\:~", errors="surrogateescape")


def sqlite_store_from_url(url: str, **options: Any) -> Store:
    """
    Open the SQLite store a ``sqlite://`` URL names (see :func:`sqlite_path_from_url`).

    *options* go to :class:`~directive_tracker.storage.sqlite.SQLiteStore`.  The file is
    created if missing.

    .. versionadded:: 0.2.0
    """
    from .storage.sqlite import SQLiteStore

    path = sqlite_path_from_url(url)
    if path is None:
        raise ValidationError(f"{url!r} is not a sqlite:// URL", param_name="url")
    return SQLiteStore(path if path == ":memory:" else Path(path), **options)


def memory_store_from_url(url: str, **options: Any) -> Store:
    """
    Open a new, empty :class:`~directive_tracker.storage.MemoryStore` (``memory://``).

    Raises:
        ValidationError: anything after ``memory://``, or any option.

    .. versionadded:: 0.2.0
    """
    from .storage.memory import MemoryStore

    if url_scheme(url) != "memory" or url.partition("://")[2] not in ("", "/"):
        raise ValidationError(f"{url!r}: the memory store takes no path: write memory://",
                              param_name="url")
    if options:
        raise ValidationError(f"the memory store takes no options, got "
                              f"{', '.join(sorted(options))}", param_name="options")
    return MemoryStore()


def postgres_store_from_url(url: str, **options: Any) -> Store:
    """
    Open a PostgreSQL store; *url* (``postgresql://…`` or ``postgres://…``) goes to libpq.

    *options* go to :class:`~directive_tracker.storage.postgres.PostgresStore`
    (``schema=``, ``reset=``, ``max_size=``…).  A ``schema`` query parameter
    (``postgresql://host/db?schema=tinh_a``) is taken out of the URL and used as the
    ``schema`` option, so one URL names the store completely (for ``--store``).

    Raises:
        MissingExtraError: psycopg is not installed (``pip install
            'directive_tracker[postgres]'``).
        BackendUnavailableError: the server cannot be reached.

    .. versionadded:: 0.2.0
    """
    from .storage.postgres import PostgresStore  # raises MissingExtraError

    base, sep, query = url.partition("?")
    if sep:
        pairs = parse_qsl(query, keep_blank_values=True)
        schemas = [v for k, v in pairs if k == "schema"]
        if schemas:
            if "schema" in options or len(schemas) > 1:
                raise ValidationError("give the PostgreSQL schema once (schema= in the URL "
                                      "or the schema option)", param_name="schema")
            options = {**options, "schema": schemas[0]}
            rest = urlencode([(k, v) for k, v in pairs if k != "schema"])
            url = base + ("?" + rest if rest else "")
    return PostgresStore(url, **options)


def _entry_points() -> dict[str, EntryPoint]:
    """Return the registered factories by scheme; this library's own win a tie."""
    # Imported here: importlib.metadata costs more than the rest of this module.
    from importlib import metadata

    found: dict[str, EntryPoint] = {}
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        name = ep.name.lower()
        own = ep.dist is not None and ep.dist.name.replace("-", "_") == _DIST_NAME
        if name not in found or own:
            found[name] = ep
    return found


def known_schemes() -> list[str]:
    """
    Return the URL schemes :func:`open_store` accepts (built-in and plug-ins), sorted.

    .. versionadded:: 0.2.0
    """
    return sorted(set(_BUILTIN) | set(_entry_points()))


def _load(target: str) -> StoreFactory:
    module, _, attr = target.partition(":")
    obj: Any = importlib.import_module(module)
    for part in attr.split("."):
        obj = getattr(obj, part)
    return obj  # type: ignore[no-any-return]


def open_store(url: str, **options: Any) -> Store:
    """
    Open the store named by *url* (see the module docstring for the URL forms).

    The scheme is looked up among the factories registered in the entry-point group
    :data:`ENTRY_POINT_GROUP`, then among the built-in ones; the factory receives *url*
    unchanged and *options* as keyword arguments.  The caller owns the store: close it
    (or use it as a context manager).

    Args:
        url: ``scheme://…``; the scheme is case-insensitive.
        options: keyword arguments for the backend.

    Returns:
        The open store.

    Raises:
        InvalidTypeError: *url* is not a str.
        UnknownStoreSchemeError: no backend for the scheme (the message lists the known
            ones); a ``ValidationError``.
        MissingExtraError: the backend needs an optional extra (``postgres``).
        BackendUnavailableError: the backend cannot open the database.

    >>> import directive_tracker as dt
    >>> with dt.open_store("memory://") as store:
    ...     store.get_units()
    []

    .. versionadded:: 0.2.0
    """
    scheme = url_scheme(url)
    eps = _entry_points() if scheme not in _BUILTIN else {}
    if scheme in eps:
        factory: StoreFactory = eps[scheme].load()
    elif scheme in _BUILTIN:
        factory = _load(_BUILTIN[scheme])
    else:
        raise UnknownStoreSchemeError(url, scheme, sorted(set(_BUILTIN) | set(eps)))
    return factory(url, **options)


def province_policy(store: Store) -> ProvincePolicy:
    """
    Return the province policy stored in *store*, or the library's defaults if none.

    The one place that turns stored settings into what the use cases take: the
    calendar is ``province_policy(store).working_calendar()`` and the lifecycle policy
    ``province_policy(store).lifecycle``.  :func:`directive_tracker.open` (the
    :class:`~directive_tracker.office.Office`) and the ``directive-tracker`` command call
    it, so every program opening the same database counts the same deadlines.

    Args:
        store: an open store.

    Returns:
        The stored :class:`~directive_tracker.settings.ProvincePolicy`, else
        ``ProvincePolicy()``.

    Raises:
        InvalidTypeError: *store* is not a Store.
        ValidationError: the stored policy was written by a newer library.

    .. versionadded:: 0.2.0
    """
    from .settings import ProvincePolicy
    from .storage.base import Store

    if not isinstance(store, Store):
        raise InvalidTypeError("store", store, "a Store")
    stored = store.get_settings()
    return ProvincePolicy() if stored is None else stored
