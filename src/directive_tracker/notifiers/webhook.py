# SPDX-License-Identifier: MIT
"""
:class:`WebhookNotifier`: POST each message as signed JSON to an HTTP(S) endpoint.

For the gateways a province runs itself (Zalo OA, SMS, Telegram relays, an e-office
inbox): the gateway receives one JSON document per reminder, checks its signature and
delivers it.  Standard library only (``urllib.request``, ``hmac``).

The wire format (version 1, JSON Schema in ``docs/reference/webhook-message.schema.json``
and in :data:`MESSAGE_SCHEMA`)::

    POST <url>
    Content-Type: application/json; charset=utf-8
    User-Agent: directive-tracker/<version>
    Idempotency-Key: <hex SHA-256 of the outbox key>
    X-Directive-Tracker-Timestamp: <seconds since the Unix epoch, UTC>
    X-Directive-Tracker-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>." + body)>

    {"schema": "directive-tracker/reminder", "version": 1, "key": ..., "recipient": ...,
     "recipient_name": ..., "level": ..., "subject": ..., "body": ..., "task_id": ...}

The signed content is the timestamp, a full stop, and the exact body bytes, so a
receiver that checks the signature and refuses timestamps older than a few minutes
(:func:`verify_signature` does both) cannot be fed a replayed or altered request.  The
outbox key is a stable idempotency key: a retry after a lost answer carries the same
``key`` and ``Idempotency-Key``, so the gateway can drop the duplicate.

Any answer other than 2xx, a redirect (never followed: a redirect would resend the
signed body somewhere the sender did not choose), a timeout or a refused connection
raises :class:`~directive_tracker.exceptions.NotificationError`; the reminder service
records the item FAILED and retries it on the next run.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

from .._validators import check_str
from ..exceptions import InvalidTypeError, NotificationError, ValidationError
from .base import Message, Notifier, _check_message

if TYPE_CHECKING:
    import ssl
    import urllib.request

__all__ = [
    "MESSAGE_SCHEMA",
    "MESSAGE_SCHEMA_VERSION",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "WebhookNotifier",
    "message_document",
    "sign",
    "verify_signature",
]

#: Version of the JSON document (the ``version`` member); bumped on any incompatible change.
MESSAGE_SCHEMA_VERSION: Final = 1
#: The header carrying ``sha256=<hex>``.
SIGNATURE_HEADER: Final = "X-Directive-Tracker-Signature"
#: The header carrying the signing time in whole seconds since the Unix epoch.
TIMESTAMP_HEADER: Final = "X-Directive-Tracker-Timestamp"
#: Shortest accepted secret, in bytes (RFC 2104: at least the hash output, 32, is best).
MIN_SECRET_BYTES: Final = 16
_MAX_ANSWER = 64 * 1024

#: JSON Schema (draft 2020-12) of the document a :class:`WebhookNotifier` posts.
MESSAGE_SCHEMA: Final[Mapping[str, Any]] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://directive-tracker.invalid/schemas/webhook-message-1.json",
    "title": "directive_tracker reminder webhook message, version 1",
    "type": "object",
    "additionalProperties": False,
    "required": ["schema", "version", "key", "recipient", "recipient_name", "level",
                 "subject", "body", "task_id"],
    "properties": {
        "schema": {"const": "directive-tracker/reminder"},
        "version": {"const": 1},
        "key": {"type": "string", "minLength": 1,
                "description": "outbox key; identical on every retry of one reminder"},
        "recipient": {"type": "string", "minLength": 1,
                      "description": "recipient code (unit code, office or chairman code)"},
        "recipient_name": {"type": "string", "minLength": 1},
        "level": {"enum": ["lead_unit", "unit_head", "office_leadership", "chairman",
                           "coordinating_unit"]},
        "subject": {"type": "string", "minLength": 1},
        "body": {"type": "string", "minLength": 1},
        "task_id": {"type": ["string", "null"]},
    },
}


def message_document(message: Message) -> dict[str, Any]:
    """
    Return the JSON document (version 1, see :data:`MESSAGE_SCHEMA`) for *message*.

    Raises:
        InvalidTypeError: *message* is not a :class:`Message`.

    .. versionadded:: 0.2.0
    """
    m = _check_message(message)
    return {"schema": "directive-tracker/reminder", "version": MESSAGE_SCHEMA_VERSION,
            "key": m.key, "recipient": m.recipient, "recipient_name": m.recipient_name,
            "level": m.level.value, "subject": m.subject, "body": m.body,
            "task_id": m.task_id}


def _secret(secret: object) -> bytes:
    if isinstance(secret, str):
        secret = secret.encode("utf-8")
    if not isinstance(secret, bytes):
        raise InvalidTypeError("secret", secret, "a str or bytes")
    if len(secret) < MIN_SECRET_BYTES:
        raise ValidationError(f"the webhook secret must be at least {MIN_SECRET_BYTES} "
                              f"bytes long, got {len(secret)}", param_name="secret")
    return secret


def sign(body: bytes, timestamp: int, secret: str | bytes) -> str:
    """
    Return the signature header value ``sha256=<hex>`` of *body* sent at *timestamp*.

    The signed content is ``b"<timestamp>." + body`` (the decimal timestamp, a full
    stop, the exact body bytes); the key is *secret* (UTF-8 when a str).

    Raises:
        InvalidTypeError: a wrong type.
        ValidationError: a secret shorter than 16 bytes.

    .. versionadded:: 0.2.0
    """
    if not isinstance(body, bytes):
        raise InvalidTypeError("body", body, "bytes")
    if isinstance(timestamp, bool) or not isinstance(timestamp, int):
        raise InvalidTypeError("timestamp", timestamp, "an int (seconds since the epoch)")
    mac = hmac.new(_secret(secret), str(timestamp).encode("ascii") + b"." + body,
                   hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify_signature(body: bytes, timestamp: str, signature: str, secret: str | bytes, *,
                     tolerance: int = 300, now: float | None = None) -> bool:
    """
    Return whether a received webhook request is authentic and fresh (receiver side).

    Args:
        body: the exact request body bytes.
        timestamp: the :data:`TIMESTAMP_HEADER` value.
        signature: the :data:`SIGNATURE_HEADER` value.
        secret: the shared secret.
        tolerance: largest accepted distance between *timestamp* and *now*, in seconds
            (both directions; replays older than this are refused).
        now: the receiver's clock (seconds since the epoch); default ``time.time()``.

    Returns:
        True when the signature matches (compared in constant time) and the timestamp
        is within *tolerance*; False otherwise, including a malformed timestamp.

    .. versionadded:: 0.2.0
    """
    if not (isinstance(timestamp, str) and timestamp.isascii() and timestamp.isdigit()):
        return False
    ts = int(timestamp)
    if abs((time.time() if now is None else now) - ts) > tolerance:
        return False
    return hmac.compare_digest(sign(body, ts, secret), str(signature))


def _url(url: object) -> str:
    u = check_str(url, "url")
    if not u.isascii() or any(ch.isspace() or ord(ch) < 0x20 or ch == "\x7f" for ch in u):
        raise ValidationError(f"the webhook URL must be ASCII with no spaces or control "
                              f"characters (percent-encode them), got {u!r}",
                              param_name="url")
    parts = urlsplit(u)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(f"the webhook URL must be http:// or https:// with a host, "
                              f"got {u!r}", param_name="url")
    if parts.username is not None or parts.password is not None:
        raise ValidationError("the webhook URL must not carry credentials (user:password@); "
                              "authentication is the signature", param_name="url")
    return u


def _no_redirects() -> type[urllib.request.HTTPRedirectHandler]:
    import urllib.request

    class _Refuse(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None  # urllib then raises HTTPError with the 3xx status

    return _Refuse


class WebhookNotifier(Notifier):
    """
    POST each message as signed JSON (see the module docstring for the wire format).

    Args:
        url: the endpoint, ``http://`` or ``https://`` (https is verified with
            *ssl_context*, default :func:`ssl.create_default_context`).  No credentials
            in the URL.
        secret: the shared HMAC key, at least 16 bytes (32 random bytes are best); never
            sent, never shown by ``repr``.
        timeout: socket timeout in seconds, for connecting and for each read.
        headers: extra request headers (e.g. a gateway's API token), ASCII only; they
            cannot replace the content type, signature, timestamp or idempotency key.
        ssl_context: TLS context for https.
        clock: returns the current time in seconds since the epoch (default
            ``time.time``), used for the timestamp.
        use_env_proxy: honour ``http_proxy``/``https_proxy`` from the environment
            (default False: connect directly, so a stray proxy setting cannot divert
            signed reminders).

    Raises:
        ValidationError: a URL that is not http(s) or carries credentials, a short
            secret, a non-positive timeout, a reserved or non-ASCII header.
        InvalidTypeError: an argument of the wrong type.

    .. versionadded:: 0.2.0
    """

    def __init__(self, url: str, *, secret: str | bytes, timeout: float = 10.0,
                 headers: Mapping[str, str] | None = None,
                 ssl_context: ssl.SSLContext | None = None,
                 clock: Callable[[], float] | None = None,
                 use_env_proxy: bool = False) -> None:
        self.url = _url(url)
        self._secret = _secret(secret)
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
            raise ValidationError(f"timeout must be a positive number of seconds, got "
                                  f"{timeout!r}", param_name="timeout")
        self.timeout = float(timeout)
        extra: dict[str, str] = {}
        reserved = {"content-type", "content-length", "idempotency-key", "host",
                    SIGNATURE_HEADER.lower(), TIMESTAMP_HEADER.lower()}
        if headers is not None and not isinstance(headers, Mapping):
            raise InvalidTypeError("headers", headers, "a mapping of header name to value")
        for name, value in (headers or {}).items():
            name = check_str(name, "headers key")
            value = check_str(value, f"headers[{name!r}]")
            if (not name.isascii() or not all(ch.isalnum() or ch in "-_" for ch in name)
                    or not value.isascii()
                    or any(ord(ch) < 0x20 or ch == "\x7f" for ch in value)):
                raise ValidationError(f"header {name!r} must be an ASCII token with an ASCII "
                                      "value without control characters",
                                      param_name="headers")
            if name.lower() in reserved:
                raise ValidationError(f"header {name!r} is set by the notifier",
                                      param_name="headers")
            extra[name] = value
        self.headers: Mapping[str, str] = dict(extra)
        if clock is not None and not callable(clock):
            raise InvalidTypeError("clock", clock, "a callable returning epoch seconds")
        if not isinstance(use_env_proxy, bool):
            raise InvalidTypeError("use_env_proxy", use_env_proxy, "a bool")
        self.ssl_context = ssl_context
        self.clock: Callable[[], float] = time.time if clock is None else clock
        self.use_env_proxy = use_env_proxy

    def _request(self, message: Message) -> urllib.request.Request:
        """Return the signed POST request for *message* (not sent)."""
        import urllib.request

        body = json.dumps(message_document(message), ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")
        ts = int(self.clock())
        from .._version import __version__

        req = urllib.request.Request(self.url, data=body, method="POST")
        for name, value in self.headers.items():
            req.add_header(name, value)
        req.add_header("Content-Type", "application/json; charset=utf-8")
        req.add_header("User-Agent", f"directive-tracker/{__version__}")
        req.add_header("Idempotency-Key",
                       hashlib.sha256(message.key.encode("utf-8")).hexdigest())
        req.add_header(TIMESTAMP_HEADER, str(ts))
        req.add_header(SIGNATURE_HEADER, sign(body, ts, self._secret))
        return req

    def _opener(self) -> urllib.request.OpenerDirector:
        import ssl
        import urllib.request

        handlers: list[Any] = [
            _no_redirects()(),
            urllib.request.HTTPSHandler(
                context=self.ssl_context or ssl.create_default_context()),
        ]
        if not self.use_env_proxy:
            handlers.append(urllib.request.ProxyHandler({}))
        return urllib.request.build_opener(*handlers)

    def send(self, message: Message) -> None:
        """
        POST *message*; return when the endpoint answers 2xx.

        Raises:
            NotificationError: connection refused or reset, timeout, TLS failure, a
                redirect (not followed) or any non-2xx status (the cause is chained;
                ``status`` holds the HTTP status when there was one).  The reminder
                service records the item FAILED and retries it next run.
            InvalidTypeError: *message* is not a :class:`Message`.

        .. versionadded:: 0.2.0
        """
        import http.client
        import urllib.error

        message = _check_message(message)
        req = self._request(message)
        where = f"{urlsplit(self.url).scheme}://{urlsplit(self.url).netloc}"
        try:
            with self._opener().open(req, timeout=self.timeout) as answer:
                status = int(answer.status)
                answer.read(_MAX_ANSWER)
        except urllib.error.HTTPError as exc:
            code = int(exc.code)
            what = ("a redirect (not followed)" if 300 <= code < 400
                    else f"HTTP {code} {exc.reason}")
            exc.close()
            raise NotificationError(
                f"webhook for reminder {message.key!r} to {where}: {what}",
                key=message.key, recipient=message.recipient, status=code) from exc
        except (urllib.error.URLError, http.client.HTTPException, OSError,
                ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise NotificationError(
                f"webhook for reminder {message.key!r} to {where} failed: "
                f"{type(reason).__name__}: {reason}",
                key=message.key, recipient=message.recipient) from exc
        if not 200 <= status < 300:
            raise NotificationError(f"webhook for reminder {message.key!r} to {where}: "
                                    f"HTTP {status}", key=message.key,
                                    recipient=message.recipient, status=status)

    def __repr__(self) -> str:
        return f"WebhookNotifier(url={self.url!r}, timeout={self.timeout})"
