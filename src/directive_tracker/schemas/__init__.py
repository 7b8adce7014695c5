# SPDX-License-Identifier: MIT
"""
JSON Schemas (draft 2020-12) of the public records and of the JSON-lines export.

The schema files ship inside the package (``directive_tracker/schemas/*.schema.json``);
each has an ``$id`` of the form ``urn:directive-tracker:schemas:1:<name>`` and refers to
the others by that ``$id`` (register all of them with your validator).  Names:

``common``, ``unit``, ``succession``, ``document-number``, ``directive``,
``deadline-rule``, ``task``, ``event``, ``outbox-item``, ``reminder`` and
``export-line`` (one line of :meth:`~directive_tracker.storage.Store.export_jsonl`) and
``settings`` (the stored province policy, the export's ``settings`` line).

:func:`validate` checks a document with a small built-in validator (the core has no
``jsonschema`` dependency) and reports the first violation with the path of the failing
value and of the schema keyword.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

from ..exceptions import ImportFormatError, ValidationError
from ._validator import Failure, Validator

__all__ = ["SCHEMA_NAMES", "check_export_line", "load_schema", "schema_id", "validate"]

#: Every shipped schema, by name (the file is ``<name>.schema.json``).
SCHEMA_NAMES: tuple[str, ...] = (
    "common", "unit", "succession", "document-number", "directive", "deadline-rule", "task",
    "event", "outbox-item", "reminder", "export-line", "settings")

_ID_PREFIX = "urn:directive-tracker:schemas:1:"


def schema_id(name: str) -> str:
    """Return the ``$id`` of the schema *name* (e.g. ``urn:directive-tracker:schemas:1:task``)."""
    return _ID_PREFIX + name


@functools.cache
def _load(name: str) -> str:
    return (resources.files(__name__) / f"{name}.schema.json").read_text(encoding="utf-8")


def load_schema(name: str) -> dict[str, Any]:
    """
    Return a fresh copy of the shipped schema *name* as a dict.

    Raises:
        ValidationError: *name* is not one of :data:`SCHEMA_NAMES`.

    .. versionadded:: 0.2.0
    """
    if name not in SCHEMA_NAMES:
        raise ValidationError(f"unknown schema {name!r}; known: {', '.join(SCHEMA_NAMES)}",
                              value=name)
    data: dict[str, Any] = json.loads(_load(name))
    return data


@functools.cache
def _validator() -> Validator:
    return Validator([load_schema(n) for n in SCHEMA_NAMES])


def _where(failure: Failure) -> str:
    return failure.instance_path or "(the document)"


def first_error(document: Any, name: str) -> Failure | None:
    """
    Return the first violation of schema *name* (optionally ``name#/json/pointer``) by
    *document*, or None if it is valid.
    """
    base, _, pointer = name.partition("#")
    if base not in SCHEMA_NAMES:
        raise ValidationError(f"unknown schema {base!r}; known: {', '.join(SCHEMA_NAMES)}",
                              value=name)
    ref = schema_id(base) + (f"#{pointer}" if pointer else "")
    return _validator().first_error(document, ref)


def validate(document: Any, name: str) -> None:
    """
    Check *document* (parsed JSON) against the shipped schema *name*.

    Raises:
        ValidationError: the document violates the schema; the message names the value
            (a JSON pointer) and the schema keyword.  Context attributes:
            ``schema_path`` (``<$id>#<pointer to the keyword>``), ``instance_path``
            (JSON pointer into the document) and ``schema`` (*name*).

    .. versionadded:: 0.2.0
    """
    failure = first_error(document, name)
    if failure is not None:
        raise ValidationError(
            f"{name} record does not match its schema at {_where(failure)}: "
            f"{failure.message} (schema path {failure.schema_path})",
            schema_path=failure.schema_path, instance_path=failure.instance_path,
            schema=name)


def check_export_line(obj: Any, *, line: int) -> None:
    """
    Check one record line of the JSON-lines export against ``export-line#/$defs/record``.

    Raises:
        ImportFormatError: the line violates the schema; ``schema_path`` and
            ``instance_path`` are set on the error as in :func:`validate`.

    .. versionadded:: 0.2.0
    """
    failure = first_error(obj, "export-line#/$defs/record")
    if failure is not None:
        err = ImportFormatError(
            f"the record does not match the schema at {_where(failure)}: {failure.message} "
            f"(schema path {failure.schema_path})", line=line)
        err.schema_path = failure.schema_path  # type: ignore[attr-defined]
        err.instance_path = failure.instance_path  # type: ignore[attr-defined]
        err.context.update(schema_path=failure.schema_path,
                           instance_path=failure.instance_path)
        raise err
