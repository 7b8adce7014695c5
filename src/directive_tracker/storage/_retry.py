# SPDX-License-Identifier: MIT
"""
The one retry loop of the storage backends: exponential backoff on transient errors.

Modelled on apscheduler's data stores (which use tenacity's ``Retrying``): a policy
(:class:`RetryPolicy`) says how long to keep trying and how long to wait, and a call
site iterates over attempts::

    for attempt in policy.attempts("read task 'T1'", retryable):
        with attempt:
            return do_it()

An exception raised inside ``with attempt:`` is swallowed and the loop goes on (after
a logged, backed-off sleep) when ``retryable(error)`` is true and the policy allows
another attempt; otherwise it propagates unchanged, so the caller translates it.
Every retry is logged on the ``directive_tracker.storage._retry`` logger at INFO with
the attempt number, the delay and the error class.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator
from types import TracebackType

import attrs

__all__ = ["Attempt", "RetryPolicy"]

logger = logging.getLogger(__name__)


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """
    How a backend retries a call that hit a transient error (lock, serialization, lost link).

    Args:
        max_seconds: stop retrying once this many seconds have passed since the first
            attempt (None: no time limit).
        max_attempts: try at most this many times in all (None: no count limit).
        initial_delay: seconds to wait before the second attempt.
        max_delay: the wait doubles after each retry up to this many seconds.
        jitter: multiply each wait by a random factor in [1, 2) (spreads out processes
            that collided).
    """

    max_seconds: float | None = None
    max_attempts: int | None = None
    initial_delay: float = 0.005
    max_delay: float = 0.2
    jitter: bool = False

    def attempts(self, what: str, retryable: Callable[[BaseException], bool]
                 ) -> Iterator[Attempt]:
        """Yield one :class:`Attempt` after another until one succeeds or gives up."""
        state = _State(self, what, retryable)
        while not state.done:
            yield Attempt(state)


class _State:
    def __init__(self, policy: RetryPolicy, what: str,
                 retryable: Callable[[BaseException], bool]) -> None:
        self.policy = policy
        self.what = what
        self.retryable = retryable
        self.start = time.monotonic()
        self.number = 0
        self.delay = policy.initial_delay
        self.done = False

    def again(self, error: BaseException) -> bool:
        """Return True (after sleeping) if another attempt should be made after *error*."""
        p = self.policy
        if not isinstance(error, Exception) or not self.retryable(error):
            return False
        if p.max_attempts is not None and self.number >= p.max_attempts:
            return False
        if p.max_seconds is not None and time.monotonic() - self.start >= p.max_seconds:
            return False
        delay = self.delay * (1 + random.random()) if p.jitter else self.delay
        logger.info("retrying %s: attempt %d failed with %s; next attempt in %.3f s",
                    self.what, self.number, type(error).__name__, delay,
                    extra={"attempt": self.number, "delay": delay,
                           "error_class": type(error).__name__, "operation": self.what})
        time.sleep(delay)
        self.delay = min(self.delay * 2, p.max_delay)
        return True


class Attempt:
    """One try of a retried call: a context manager that swallows retryable errors."""

    def __init__(self, state: _State) -> None:
        self._state = state
        state.number += 1

    @property
    def number(self) -> int:
        """1 for the first attempt, 2 for the first retry, …"""
        return self._state.number

    def __enter__(self) -> Attempt:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> bool:
        if exc is None:
            self._state.done = True
            return False
        if self._state.again(exc):
            return True
        self._state.done = True
        return False
