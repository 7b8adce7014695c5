# SPDX-License-Identifier: MIT
"""
A small JSON Schema (draft 2020-12) validator for exactly the keywords the shipped schemas use.

The core library has no dependency on ``jsonschema``; this module validates documents
against :mod:`directive_tracker.schemas` on import.  The test suite checks that it agrees
with ``jsonschema`` on valid and mutated documents.

Supported keywords: ``$ref`` (to a shipped schema ``$id`` and/or a JSON pointer
fragment), ``$defs``, ``type``, ``const``, ``enum``, ``properties``, ``required``,
``additionalProperties``, ``items``, ``minItems``, ``uniqueItems``, ``minimum``,
``maximum``, ``minLength``, ``maxLength``, ``pattern``, ``allOf``, ``anyOf``, ``oneOf``,
``if``/``then``/``else``.  Annotations (``$schema``, ``$id``, ``$comment``, ``title``,
``description``, ``default``, ``examples``, ``format``) are not asserted (``format`` is an
annotation by default in 2020-12, as in ``jsonschema``).  Any other keyword in a schema is
refused when the schema is compiled, so a schema cannot silently use a keyword this
validator ignores.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["SchemaError", "Validator", "json_equal"]

_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "default",
                          "examples", "format"})
_KEYWORDS = frozenset({"$ref", "$defs", "type", "const", "enum", "properties", "required",
                       "additionalProperties", "items", "minItems", "uniqueItems", "minimum",
                       "maximum", "minLength", "maxLength", "pattern", "allOf", "anyOf",
                       "oneOf", "if", "then", "else"})


class SchemaError(Exception):
    """A shipped schema uses a keyword or a ``$ref`` this validator does not support."""


class Failure:
    """
    The first violation found: where in the document and which schema keyword.

    ``instance_path`` is a JSON pointer into the document (``""`` for the root);
    ``schema_path`` is ``<schema $id>#<JSON pointer to the failing keyword>``.
    """

    __slots__ = ("_args", "_message", "_rev_path", "schema_path")

    def __init__(self, schema_path: str, message: str, *args: Any) -> None:
        # The message is formatted only when read: failures of "if" and of the branches
        # of "anyOf"/"oneOf" are routine and mostly discarded.
        self.schema_path = schema_path
        self._message = message
        self._args = args
        self._rev_path: list[str | int] = []

    @property
    def message(self) -> str:
        """What is wrong, in words."""
        return self._message.format(*self._args) if self._args else self._message

    @message.setter
    def message(self, value: str) -> None:
        self._message, self._args = value, ()

    @property
    def path(self) -> tuple[str | int, ...]:
        """The instance path as keys and indexes from the root."""
        return tuple(reversed(self._rev_path))

    @property
    def instance_path(self) -> str:
        """The instance path as a JSON pointer."""
        return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in self.path)


Check = Callable[[Any], "Failure | None"]


class _Joined:
    """The messages of failed branches, joined when formatted."""

    __slots__ = ("failures",)

    def __init__(self, failures: list[Failure | None]) -> None:
        self.failures = failures

    def __format__(self, spec: str) -> str:
        return "; ".join(f.message for f in self.failures if f is not None)


def _is_type(value: Any, name: str) -> bool:
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "string":
        return isinstance(value, str)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if name == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if name == "number":
        return isinstance(value, int | float)
    raise SchemaError(f"unknown type {name!r}")


def json_equal(a: Any, b: Any) -> bool:
    """JSON equality: ``1 == 1.0`` but ``true != 1``; objects and arrays compared deeply."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if type(a) is not type(b):
        return False
    return bool(a == b)


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


class Validator:
    """
    Validate documents against a set of schemas that refer to each other by ``$id``.

    Args:
        schemas: the schema documents; each must have a ``"$id"``.

    Raises:
        SchemaError: a schema uses an unsupported keyword or an unresolvable ``$ref``.
    """

    def __init__(self, schemas: Mapping[str, Mapping[str, Any]] | list[Mapping[str, Any]]
                 ) -> None:
        docs = list(schemas.values()) if isinstance(schemas, Mapping) else list(schemas)
        self._docs: dict[str, Mapping[str, Any]] = {}
        for doc in docs:
            sid = doc.get("$id")
            if not isinstance(sid, str):
                raise SchemaError("every schema needs a string $id")
            self._docs[sid] = doc
        self._compiled: dict[str, Check] = {}
        for sid in self._docs:
            self.check_for(sid)

    def check_for(self, ref: str) -> Check:
        """Return the compiled check of ``ref`` (``$id`` optionally with ``#/pointer``)."""
        check = self._compiled.get(ref)
        if check is None:
            sid, _, pointer = ref.partition("#")
            if sid not in self._docs:
                raise SchemaError(f"unknown schema {sid!r}")
            node: Any = self._docs[sid]
            if pointer:
                for part in pointer.lstrip("/").split("/"):
                    part = part.replace("~1", "/").replace("~0", "~")
                    if not isinstance(node, Mapping) or part not in node:
                        raise SchemaError(f"cannot resolve {ref!r}")
                    node = node[part]
            cell: list[Check] = []
            # placeholder first: schemas may refer to themselves recursively
            self._compiled[ref] = lambda v: cell[0](v)
            compiled = self._compile(node, sid, pointer)
            cell.append(compiled)
            self._compiled[ref] = check = compiled
        return check

    def first_error(self, instance: Any, ref: str) -> Failure | None:
        """Return the first violation of schema *ref* by *instance*, or None if valid."""
        return self.check_for(ref)(instance)

    # -- compilation ---------------------------------------------------------------------

    def _compile(self, node: Any, sid: str, ptr: str) -> Check:
        if node is True:
            return lambda v: None
        if node is False:
            return lambda v: Failure(f"{sid}#{ptr}", "no value is allowed here")
        if not isinstance(node, Mapping):
            raise SchemaError(f"{sid}#{ptr}: a schema must be an object or a boolean")
        unknown = set(node) - _KEYWORDS - _ANNOTATIONS
        if unknown:
            raise SchemaError(f"{sid}#{ptr}: unsupported keyword(s) {sorted(unknown)}")
        checks: list[Check] = []

        def at(keyword: str) -> str:
            return f"{sid}#{ptr}/{keyword}"

        if "$ref" in node:
            ref = node["$ref"]
            target = f"{sid}{ref}" if ref.startswith("#") else ref
            checks.append(self.check_for(target))  # resolved now: a bad $ref fails here
        if "type" in node:
            types_ = node["type"] if isinstance(node["type"], list) else [node["type"]]
            path = at("type")
            for t in types_:
                _is_type(None, t)  # refuses unknown names now

            def check_type(v: Any) -> Failure | None:
                if any(_is_type(v, t) for t in types_):
                    return None
                return Failure(path, "{!r} is not of type {}", v, " or ".join(types_))
            checks.append(check_type)
        if "const" in node:
            const, path_c = node["const"], at("const")
            checks.append(lambda v: None if json_equal(v, const)
                          else Failure(path_c, "{!r} is not {!r}", v, const))
        if "enum" in node:
            allowed, path_e = list(node["enum"]), at("enum")
            checks.append(lambda v: None if any(json_equal(v, a) for a in allowed)
                          else Failure(path_e, "{!r} is not one of {!r}", v, allowed))
        if "minimum" in node or "maximum" in node:
            lo, hi, path_lo, path_hi = (node.get("minimum"), node.get("maximum"),
                                        at("minimum"), at("maximum"))

            def check_range(v: Any) -> Failure | None:
                if isinstance(v, bool) or not isinstance(v, int | float):
                    return None
                if lo is not None and v < lo:
                    return Failure(path_lo, "{!r} is less than the minimum {}", v, lo)
                if hi is not None and v > hi:
                    return Failure(path_hi, "{!r} is greater than the maximum {}", v, hi)
                return None
            checks.append(check_range)
        if "minLength" in node or "maxLength" in node or "pattern" in node:
            min_len, max_len = node.get("minLength"), node.get("maxLength")
            pattern = re.compile(node["pattern"]) if "pattern" in node else None
            p_min, p_max, p_pat = at("minLength"), at("maxLength"), at("pattern")

            def check_str(v: Any) -> Failure | None:
                if not isinstance(v, str):
                    return None
                if min_len is not None and len(v) < min_len:
                    return Failure(p_min, "{!r} is shorter than {} characters", v, min_len)
                if max_len is not None and len(v) > max_len:
                    return Failure(p_max, "{!r}… is longer than {} characters", v[:40], max_len)
                if pattern is not None and pattern.search(v) is None:
                    return Failure(p_pat, "{!r} does not match {!r}", v, pattern.pattern)
                return None
            checks.append(check_str)
        if "required" in node:
            required, path_r = list(node["required"]), at("required")

            def check_required(v: Any) -> Failure | None:
                if isinstance(v, dict):
                    for name in required:
                        if name not in v:
                            return Failure(path_r, "{!r} is a required property", name)
                return None
            checks.append(check_required)
        if "properties" in node or "additionalProperties" in node:
            props = {k: self._compile(s, sid, f"{ptr}/properties/{_escape(k)}")
                     for k, s in node.get("properties", {}).items()}
            extra = (self._compile(node["additionalProperties"], sid,
                                   f"{ptr}/additionalProperties")
                     if "additionalProperties" in node else None)

            def check_props(v: Any) -> Failure | None:
                if not isinstance(v, dict):
                    return None
                for key, value in v.items():
                    sub = props.get(key, extra)
                    if sub is None:
                        continue
                    failure = sub(value)
                    if failure is not None:
                        if sub is extra and node["additionalProperties"] is False:
                            failure.message = f"additional property {key!r} is not allowed"
                        failure._rev_path.append(key)
                        return failure
                return None
            checks.append(check_props)
        if "items" in node or "minItems" in node or "uniqueItems" in node:
            item = (self._compile(node["items"], sid, f"{ptr}/items")
                    if "items" in node else None)
            min_items, unique = node.get("minItems"), node.get("uniqueItems", False)
            p_min_i, p_uniq = at("minItems"), at("uniqueItems")

            def check_items(v: Any) -> Failure | None:
                if not isinstance(v, list):
                    return None
                if min_items is not None and len(v) < min_items:
                    return Failure(p_min_i, "the array has fewer than {} items", min_items)
                if unique:
                    for i, a in enumerate(v):
                        if any(json_equal(a, b) for b in v[:i]):
                            return Failure(p_uniq, "{!r} appears twice", a)
                if item is not None:
                    for i, x in enumerate(v):
                        failure = item(x)
                        if failure is not None:
                            failure._rev_path.append(i)
                            return failure
                return None
            checks.append(check_items)
        for combinator in ("allOf", "anyOf", "oneOf"):
            if combinator in node:
                subs = [self._compile(s, sid, f"{ptr}/{combinator}/{i}")
                        for i, s in enumerate(node[combinator])]
                dispatch = (self._discriminated(node["allOf"], sid, ptr)
                            if combinator == "allOf" else None)
                checks.append(self._combine(combinator, subs, at(combinator), dispatch))
        if "if" in node:
            cond = self._compile(node["if"], sid, f"{ptr}/if")
            then = self._compile(node["then"], sid, f"{ptr}/then") if "then" in node else None
            other = self._compile(node["else"], sid, f"{ptr}/else") if "else" in node else None

            def check_if(v: Any) -> Failure | None:
                branch = then if cond(v) is None else other
                return None if branch is None else branch(v)
            checks.append(check_if)

        if len(checks) == 1:
            return checks[0]

        def check_all(v: Any) -> Failure | None:
            for c in checks:
                failure = c(v)
                if failure is not None:
                    return failure
            return None
        return check_all

    def _discriminated(self, branches: list[Any], sid: str, ptr: str
                       ) -> tuple[str, dict[str, Check]] | None:
        """
        Recognise ``allOf: [{if: {properties: {K: {const: "x"}}, required: [K]},
        then: ...}, ...]`` (one branch per value of a string key K) and return (K, the
        ``then`` check by value), or None for any other shape.
        """
        key: str | None = None
        table: dict[str, Check] = {}
        for i, b in enumerate(branches):
            if not isinstance(b, Mapping) or set(b) != {"if", "then"}:
                return None
            cond = b["if"]
            if not isinstance(cond, Mapping) or set(cond) != {"properties", "required"}:
                return None
            props, req = cond["properties"], cond["required"]
            if len(props) != 1 or list(req) != list(props):
                return None
            (k, sub), = props.items()
            if key not in (None, k) or not isinstance(sub, Mapping) or set(sub) != {"const"} \
                    or not isinstance(sub["const"], str) or sub["const"] in table:
                return None
            key = k
            table[sub["const"]] = self._compile(b["then"], sid, f"{ptr}/allOf/{i}/then")
        return None if key is None else (key, table)

    @staticmethod
    def _combine(combinator: str, subs: list[Check], path: str,
                 dispatch: tuple[str, dict[str, Check]] | None = None) -> Check:
        if dispatch is not None:
            key, table = dispatch

            def check_dispatch(v: Any) -> Failure | None:
                if not isinstance(v, dict):
                    for s in subs:  # every "if" holds for a non-object: all branches apply
                        failure = s(v)
                        if failure is not None:
                            return failure
                    return None
                value = v.get(key)
                # Only a present string value can equal a branch's string const.
                branch = table.get(value) if isinstance(value, str) else None
                return None if branch is None else branch(v)
            return check_dispatch
        if combinator == "allOf":
            def check_all_of(v: Any) -> Failure | None:
                for s in subs:
                    failure = s(v)
                    if failure is not None:
                        return failure
                return None
            return check_all_of
        if combinator == "anyOf":
            def check_any_of(v: Any) -> Failure | None:
                failures = [s(v) for s in subs]
                if any(f is None for f in failures):
                    return None
                return Failure(path, "the value matches none of the allowed forms: {}",
                               _Joined(failures))
            return check_any_of

        def check_one_of(v: Any) -> Failure | None:
            failures = [s(v) for s in subs]
            matched = sum(f is None for f in failures)
            if matched == 1:
                return None
            if matched == 0:
                return Failure(path, "the value matches none of the allowed forms: {}",
                               _Joined(failures))
            return Failure(path, "the value matches {} forms; exactly one is allowed", matched)
        return check_one_of
