"""RFC 9457 problem details for every failure the API returns.

Every problem body has ``type``, ``title``, ``status``, ``detail`` and a stable machine-readable
``code``; some carry more members (``errors`` for validation, each with ``field``, ``source``
— ``body``, ``path``, ``query``, ``header`` or ``cookie`` — and ``message``; ``allowed`` for
refused moves). No body where one is needed is 400 ``empty_body``; one that is not JSON, 400
``malformed_body``.
Media type: ``application/problem+json``.
"""

from __future__ import annotations

import logging
from enum import Enum
from typing import Any

from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from sqlalchemy.exc import DBAPIError, IntegrityError, TimeoutError as PoolTimeoutError

logger = logging.getLogger("shipfloor.errors")

PROBLEM_MEDIA_TYPE = "application/problem+json"

# Stable codes for the statuses Litestar itself raises.
_STATUS_CODES = {
    400: ("bad_request", "Bad request"),
    401: ("not_authenticated", "Not authenticated"),
    403: ("forbidden", "Forbidden"),
    404: ("not_found", "Not found"),
    405: ("method_not_allowed", "Method not allowed"),
    409: ("conflict", "Conflict"),
    413: ("body_too_large", "Request body too large"),
    415: ("unsupported_media_type", "Unsupported media type"),
    422: ("validation_error", "Invalid request"),
    429: ("too_many_requests", "Too many requests"),
    503: ("service_unavailable", "Service unavailable"),
}


class ShipfloorError(Exception):
    """A domain or request failure with a problem response.

    Args:
        status: HTTP status code (4xx or 5xx).
        code: stable machine-readable code, e.g. ``"unknown_product"``.
        detail: a sentence for a person: what went wrong and, where possible, what to do.
        title: short summary; defaults to the status' usual title.
        headers: extra response headers (e.g. ``Retry-After``).
        **extra: further problem members (e.g. ``field="lines[0].quantity"``).
    """

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        title: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.title = title or _STATUS_CODES.get(status, ("error", "Error"))[1]
        self.headers = headers or {}
        self.extra = extra


def NotFound(what: str, ident: object) -> ShipfloorError:  # noqa: N802
    """404 ``<what>_not_found`` for an unknown id."""
    return ShipfloorError(404, f"{what}_not_found", f"No {what.replace('_', ' ')} with id {ident}.")


def problem_response(
    status: int,
    code: str,
    detail: str,
    *,
    title: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response[dict[str, Any]]:
    """Build the ``application/problem+json`` response for one problem."""
    body: dict[str, Any] = {
        "type": f"https://shipfloor.dev/problems/{code}",
        "title": title or _STATUS_CODES.get(status, ("error", "Error"))[1],
        "status": status,
        "detail": detail,
        "code": code,
    }
    body.update(extra)
    return Response(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _shipfloor_error(_: Request, exc: ShipfloorError) -> Response[dict[str, Any]]:
    return problem_response(
        exc.status, exc.code, exc.detail, title=exc.title, headers=exc.headers, **exc.extra
    )


EMPTY_BODY_DETAIL = "The request body is empty; send a JSON object."


def _empty_body() -> Response[dict[str, Any]]:
    return problem_response(400, "empty_body", EMPTY_BODY_DETAIL)


def _source(value: object) -> str:
    # Litestar names a parameter's place with the ``ParamType`` enum (a ``str`` subclass whose
    # ``str()`` is ``ParamType.QUERY``); problems carry the plain word: path, query, header, cookie.
    if isinstance(value, Enum):
        value = value.value
    return str(value) if value else "body"


def _body_missing(errors: list[dict[str, str]]) -> bool:
    # With no body at all Litestar passes no ``data`` argument; the signature model then reports
    # the missing key itself (a KeyError's text, ``'data'``) or msgspec's missing-field message.
    return any(
        e["field"] == "data"
        and e["source"] == "body"
        and (e["message"] == "'data'" or "missing required field `data`" in e["message"])
        for e in errors
    )


def _validation_error(_: Request, exc: ValidationException) -> Response[dict[str, Any]]:
    errors = []
    for item in exc.extra or []:
        if isinstance(item, dict):
            field = item.get("key") or item.get("field") or ""
            errors.append(
                {
                    "field": str(field),
                    "source": _source(item.get("source")),
                    "message": str(item.get("message", "")),
                }
            )
    if _body_missing(errors):
        # A body that was sent either decodes or is malformed: a missing ``data`` means none.
        return _empty_body()
    detail = str(exc.detail or "The request is not valid.")
    if "Invalid JSON" in detail or "JSON is malformed" in detail or "malformed" in detail.lower():
        return problem_response(400, "malformed_body", "The request body is not valid JSON.")
    if errors:
        fields = ", ".join(e["field"] for e in errors if e["field"])
        detail = f"Invalid value for {fields}: {errors[0]['message']}" if fields else detail
    return problem_response(422, "validation_error", detail, errors=errors)


def _http_exception(request: Request, exc: HTTPException) -> Response[dict[str, Any]]:
    status = exc.status_code
    if status >= 500 and status != 503:
        return _internal_error(request, exc)
    code, title = _STATUS_CODES.get(status, ("error", "Error"))
    if isinstance(exc, NotAuthorizedException):
        code = "not_authenticated"
    elif isinstance(exc, PermissionDeniedException):
        code = "forbidden"
    detail = str(exc.detail) if exc.detail else title
    if status == 400:
        # Litestar raises a bare 400 when the body cannot be decoded at all.
        code, detail = "malformed_body", f"The request body is not valid JSON: {detail}"
    headers = dict(exc.headers or {})
    if status == 401:
        headers.setdefault("WWW-Authenticate", "Bearer")
    return problem_response(status, code, detail, title=title, headers=headers)


def _database_unavailable(_: Request, exc: Exception) -> Response[dict[str, Any]]:
    logger.warning("database unavailable: %s", exc.__class__.__name__)
    return problem_response(
        503,
        "database_unavailable",
        "The database cannot be reached right now. Try again in a moment.",
        headers={"Retry-After": "5"},
    )


def _internal_error(request: Request, exc: Exception) -> Response[dict[str, Any]]:
    if _is_connection_failure(exc):
        return _database_unavailable(request, exc)
    if isinstance(exc, RecursionError):
        # msgspec decodes recursively: a body nested thousands of levels deep is bad input.
        return problem_response(400, "malformed_body", "The request body is nested too deeply.")
    logger.exception("unhandled error", exc_info=exc)
    return problem_response(
        HTTP_500_INTERNAL_SERVER_ERROR,
        "internal_error",
        "Something went wrong on the server; nothing was changed. The error has been logged.",
    )


# SQLSTATEs that mean "the database cannot take this connection now": class 08 (connection
# exception), too_many_connections, admin/crash shutdown and cannot_connect_now.
_UNAVAILABLE_SQLSTATES = {"53300", "57P01", "57P02", "57P03"}


def _is_connection_failure(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, (ConnectionError, PoolTimeoutError)):
            return True
        sqlstate = getattr(seen, "sqlstate", None)
        if isinstance(sqlstate, str) and (sqlstate.startswith("08") or sqlstate in _UNAVAILABLE_SQLSTATES):
            return True
        if isinstance(seen, DBAPIError) and (
            seen.connection_invalidated or seen.__class__.__name__ in {"OperationalError", "InterfaceError"}
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


# PostgreSQL's serialization_failure and deadlock_detected: the transaction lost a race.
_RACE_SQLSTATES = {"40001", "40P01"}
CHANGED_CONCURRENTLY = (
    "Another request changed the same data at the same moment; this one changed nothing. Send it again."
)


def _lost_race(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, IntegrityError) or getattr(seen, "sqlstate", None) in _RACE_SQLSTATES:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _dbapi_error(request: Request, exc: DBAPIError) -> Response[dict[str, Any]]:
    if _lost_race(exc):
        # A unique key or check that another request's commit reached first (the same scan id
        # on two batches at once, say). The whole transaction was rolled back, so sending the
        # request again is safe: a replay then gets the stored answer or a clear refusal.
        logger.warning("request lost a race to another transaction", exc_info=exc)
        return problem_response(409, "changed_concurrently", CHANGED_CONCURRENTLY, headers={"Retry-After": "1"})
    return _internal_error(request, exc)


EXCEPTION_HANDLERS = {
    ShipfloorError: _shipfloor_error,
    ValidationException: _validation_error,
    HTTPException: _http_exception,
    DBAPIError: _dbapi_error,
    PoolTimeoutError: _database_unavailable,
    OSError: _internal_error,
    Exception: _internal_error,
}
"""Exception → problem response handlers for the Litestar app."""

__all__ = ["EXCEPTION_HANDLERS", "NotFound", "PROBLEM_MEDIA_TYPE", "ShipfloorError", "problem_response"]
