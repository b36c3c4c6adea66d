"""What every request must be before a view sees it, and the fields that say so in schemas.

One guard per class of hostile input, for the whole app:

- path segments: `<string:…>` takes at most 200 characters (a longer URL matches no rule);
- integers the database cannot hold: the `int` URL converter is bounded to 1..2^31-1 (ids are
  INTEGER on PostgreSQL), so `/localities/99999999999999999999` is a 404; `Id` and
  `BoundedInteger` bound every integer of a query or body schema (a 422 naming the field);
  `query_int` does the same for pages reading `request.args`;
- text no database or document should hold: a NUL (PostgreSQL refuses it in text) or a lone
  surrogate ("\\ud800", not valid Unicode) in a path segment, query parameter, form field, file
  name or JSON string is a 422 naming the parameter, checked once before every view;
- JSON that Python's parser cannot read safely (nested thousands deep, integers of thousands of
  digits) is a 400 before flask-smorest or a view parses it again;
- every string field of a schema has a documented maximum length (`Text`), so a 9 MB field is
  refused by length before anything looks at it, and messages never echo the input.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import timedelta, timezone
from typing import Any

from flask import Flask, request
from marshmallow import ValidationError, fields, validate
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter, Map, UnicodeConverter

from app.errors import DomainError
from app.extensions import quiet_for_plain_requests

#: The largest value of PostgreSQL's INTEGER (ids, counts): 2^31 - 1.
MAX_DB_INTEGER = 2**31 - 1

_FORBIDDEN = re.compile("[\x00\ud800-\udfff]")
#: A raw query string that may decode to a NUL or a lone surrogate: one holds a NUL byte, a
#: non-ASCII byte, or a percent-escape of either. Without any, every decoded name and value is
#: plain ASCII without NUL, whatever Werkzeug does with invalid escapes.
_RISKY_QUERY = re.compile(rb"[\x00\x80-\xff]|%(?:00|[89a-fA-F][0-9a-fA-F])")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_NAME_SHOWN = 40  # characters of a parameter name quoted in a message


def forbidden_character(text: str) -> str | None:
    """Why ``text`` cannot be stored or shown ("a NUL character", "a lone surrogate U+D800"),
    or None when it is fine."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    char = found.group()
    return "a NUL character" if char == "\x00" else f"a lone surrogate U+{ord(char):04X}"


def shown_name(name: str) -> str:
    """A parameter name safe to quote in a message: escaped and cut short."""
    if len(name) > _NAME_SHOWN:
        name = name[:_NAME_SHOWN] + "…"
    return name if name.isprintable() and not _FORBIDDEN.search(name) else ascii(name)[1:-1]


# ---- integers -------------------------------------------------------------------------------


class BoundedIntConverter(IntegerConverter):
    """The app's `<int:…>`: ASCII digits only, 1..2^31-1 unless the rule says otherwise.

    Out of range, the URL matches no rule: a 404, never a database error. At most ten digits
    are read, so a path of thousands of digits is not even converted.
    """

    regex = r"[0-9]{1,10}"

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = 1,
        max: int | None = MAX_DB_INTEGER,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=False)


class BoundedStringConverter(UnicodeConverter):
    """The app's `<string:…>` and `<…>`: one path segment of at most 200 characters unless the
    rule says otherwise, so no view receives (or echoes) a longer one."""

    def __init__(
        self, map: Map, minlength: int = 1, maxlength: int | None = 200, length: int | None = None
    ) -> None:
        super().__init__(map, minlength=minlength, maxlength=maxlength, length=length)


class BoundedInteger(fields.Integer):
    """An integer the database can hold (default 0..2^31-1), documented as such."""

    def __init__(self, *, minimum: int = 0, maximum: int = MAX_DB_INTEGER, **kwargs: Any) -> None:
        extra = kwargs.pop("validate", None)
        validators: list[Any] = [validate.Range(min=minimum, max=maximum)]
        if extra is not None:
            validators += list(extra) if isinstance(extra, list | tuple) else [extra]
        super().__init__(validate=validators, **kwargs)


class Id(BoundedInteger):
    """A row id: 1..2^31-1."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(minimum=1, **kwargs)


def query_int(name: str, default: int, *, minimum: int = 1, maximum: int = MAX_DB_INTEGER) -> int:
    """The integer query parameter `name` of a page, or `default` when absent or blank.

    Anything else that is not a whole number in minimum..maximum is a 422 naming it.
    """
    raw = str(request.args.get(name, "")).strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 10) or not (
        minimum <= int(raw) <= maximum
    ):
        raise DomainError("integer_range", name, minimum=minimum, maximum=maximum)
    return int(raw)


# ---- texts ----------------------------------------------------------------------------------


def no_forbidden_characters(value: str) -> None:
    """Marshmallow validator: refuse a NUL or a lone surrogate."""
    reason = forbidden_character(value)
    if reason is not None:
        raise ValidationError(f"contains {reason}, which is not allowed")


class _LengthFirst(fields.String):
    """Refuse an oversized value by its length alone: no other validator (pattern, character
    scan) runs over it, and the message does not quote it."""

    max_length: int

    def _validate(self, value: Any) -> None:
        if isinstance(value, str) and len(value) > self.max_length:
            raise ValidationError(f"Longer than maximum length {self.max_length}.")
        super()._validate(value)


class Text(_LengthFirst):
    """A string with a documented maximum length, refusing NUL and lone surrogates."""

    def __init__(self, *, max_length: int, min_length: int | None = None, **kwargs: Any) -> None:
        extra = kwargs.pop("validate", None)
        validators: list[Any] = [
            validate.Length(min=min_length, max=max_length),
            no_forbidden_characters,
        ]
        if extra is not None:
            validators += list(extra) if isinstance(extra, list | tuple) else [extra]
        self.max_length = max_length
        super().__init__(validate=validators, **kwargs)


class EmailText(_LengthFirst, fields.Email):
    """An e-mail address (at most 254 characters, RFC 5321), without NUL or lone surrogates."""

    def __init__(self, **kwargs: Any) -> None:
        self.max_length = 254
        super().__init__(**kwargs)
        self.validators.insert(0, validate.Length(max=self.max_length))
        self.validators.append(no_forbidden_characters)


# ---- the guard over every request -----------------------------------------------------------


def _request_texts() -> Iterator[tuple[str, str]]:
    """(parameter name, text) for every text of the request a view may read."""
    for name, value in (request.view_args or {}).items():
        if isinstance(value, str):
            yield name, value
    for name, value in request.args.items(multi=True):
        yield name, name
        yield name, value
    if request.method in _BODY_METHODS and request.mimetype in _FORM_TYPES:
        # A part whose name Werkzeug cannot read is kept under None: no view reads it.
        for name, value in request.form.items(multi=True):
            if isinstance(name, str):
                yield name, name
                yield name, value
        for name, upload in request.files.items(multi=True):
            if isinstance(name, str):
                yield name, name
                yield name, upload.filename or ""
    if request.is_json and request.get_data(cache=True).strip():
        yield from _json_texts(_json_body())


def _json_body() -> Any:
    """The request's JSON, parsed once (Flask caches it for the view); unreadable JSON is a 400."""
    try:
        return request.get_json()
    except RecursionError as error:
        raise _bad_json("nested too deeply") from error
    except BadRequest as error:  # Flask's answer to a ValueError: say which one
        cause = error.__context__
        if isinstance(cause, json.JSONDecodeError):
            raise _bad_json(f"{cause.msg} at character {cause.pos}") from error
        if isinstance(cause, ValueError) and "integer string conversion" in str(cause):
            raise _bad_json("a number has more than 4300 digits") from error
        raise _bad_json("not UTF-8 JSON") from error


def _bad_json(reason: str) -> BadRequest:
    error = BadRequest(f"Invalid JSON body: {reason}.")
    error.data = {"message": error.description, "errors": {"json": [error.description]}}  # type: ignore[attr-defined]
    return error


def _json_texts(body: Any) -> Iterator[tuple[str, str]]:
    """(dotted path, text) for every key and string of a JSON document, without recursion."""
    stack: list[tuple[str, Any]] = [("json", body)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            yield where, item
        elif isinstance(item, dict):
            for key, child in item.items():
                path = key if where == "json" else f"{where}.{key}"
                yield path, key
                stack.append((path, child))
        elif isinstance(item, list):
            stack.extend((f"{where}.{i}", child) for i, child in enumerate(item))


def _may_hold_forbidden_text() -> bool:
    """False when the request provably holds no NUL or lone surrogate: path segments checked,
    a query string without a risky byte or escape, no form and no JSON body (the usual GET)."""
    for value in (request.view_args or {}).values():
        if isinstance(value, str) and _FORBIDDEN.search(value):
            return True
    if _RISKY_QUERY.search(request.query_string):
        return True
    if request.method in _BODY_METHODS:
        return True
    return "CONTENT_TYPE" in request.environ and request.is_json


def plain_query(environ: Mapping[str, Any]) -> bool:
    """True when a WSGI request's query string and body provably hold nothing this guard
    refuses: no Content-Type (so no form or JSON body is read) and a query without a risky byte
    or escape. The path segments are the caller's to check (`forbidden_character`)."""
    return not environ.get("CONTENT_TYPE") and not _RISKY_QUERY.search(
        environ.get("QUERY_STRING", "").encode("latin-1")
    )


def refuse_unstorable_text() -> None:
    """before_request: a 422 naming the first parameter holding a NUL or a lone surrogate."""
    if not _may_hold_forbidden_text():
        return
    for name, text in _request_texts():
        reason = forbidden_character(text)
        if reason is None:
            continue
        raise DomainError("forbidden_character", shown_name(name), reason=reason)


def register_request_guards(app: Flask) -> None:
    """Bound the `int` and `string` URL converters (before any rule is added) and check every
    request."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.url_map.converters["string"] = app.url_map.converters["default"] = BoundedStringConverter
    # Nothing to refuse in a plain request (see `plain_query`).
    app.before_request(quiet_for_plain_requests(app, refuse_unstorable_text))


# ---- days and moments ---------------------------------------------------------------------

#: Vietnam's time (UTC+7 all year): a moment typed without an offset is read in it.
VIETNAM_TIME = timezone(timedelta(hours=7))


class _ShortIso:
    """ISO text documented with its length: a longer text is refused by its length before it
    is parsed (put it before the marshmallow field)."""

    LENGTH: int
    OBJ_TYPE: str

    def __init__(self, **kwargs: Any) -> None:
        metadata = {"maxLength": self.LENGTH, **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)  # type: ignore[call-arg]

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str) and len(value) > self.LENGTH:
            raise self.make_error("invalid", input=value, obj_type=self.OBJ_TYPE)  # type: ignore[attr-defined]
        return super()._deserialize(value, attr, data, **kwargs)  # type: ignore[misc]


class Day(_ShortIso, fields.Date):
    """A day as ISO text (YYYY-MM-DD)."""

    LENGTH = 10


class Moment(_ShortIso, fields.AwareDateTime):
    """A moment as ISO text; without an offset it is Vietnam's time (people type local times)."""

    LENGTH = 40

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(default_timezone=VIETNAM_TIME, **kwargs)
