# SPDX-License-Identifier: MIT
"""
Deprecation helpers (private): keep an old keyword argument working, with a warning.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar, cast

from .exceptions import DirectiveTrackerDeprecationWarning

F = TypeVar("F", bound=Callable[..., Any])


def renamed_keyword(old: str, new: str, *, since: str = "0.2.0") -> Callable[[F], F]:
    """
    Return a decorator that accepts the keyword *old* as *new*, warning with
    :class:`~directive_tracker.exceptions.DirectiveTrackerDeprecationWarning`.

    Giving both is a :class:`TypeError`, as for any argument given twice.
    """

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if old in kwargs:
                if new in kwargs:
                    raise TypeError(f"{fn.__name__}() got both {new!r} and its deprecated "
                                    f"alias {old!r}")
                warnings.warn(f"{fn.__name__}(): the keyword {old!r} is deprecated since "
                              f"{since}; use {new!r}", DirectiveTrackerDeprecationWarning,
                              stacklevel=2)
                kwargs[new] = kwargs.pop(old)
            return fn(*args, **kwargs)

        return cast(F, wrapper)

    return decorate
