"""One JSON error shape for the API, HTML error pages for people, and a 500 that rolls back."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext as _
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from app.extensions import db


class FieldError(ValueError):
    """A service's refusal of one input field; becomes a 422 (API) or a message beside the field."""

    def __init__(self, field: str, message: str, status: int = 422) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.status = status


def wants_json() -> bool:
    """API callers and machine endpoints get JSON; people get pages."""
    path = request.path
    if path.startswith("/api/") or path.startswith("/qr/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def error_body(status: int, message: str, errors: dict[str, Any] | None = None) -> dict[str, Any]:
    """The API's error shape: {code, status, message, errors}."""
    return {
        "code": status,
        "status": HTTPStatus(status).phrase,
        "message": message,
        "errors": errors or {},
    }


def json_error(status: int, message: str, errors: dict[str, Any] | None = None) -> Response:
    response = jsonify(error_body(status, message, errors))
    response.status_code = status
    return response


def _page(status: int, title: str, message: str) -> tuple[str, int]:
    return render_template("error.html", status=status, title=title, message=message), status


def register_errorhandlers(app: Flask) -> None:
    """Register the handlers for HTTP errors, field errors and unexpected exceptions."""

    @app.errorhandler(FieldError)
    def field_error(error: FieldError) -> Any:
        if wants_json():
            return json_error(error.status, str(error), {error.field: [error.message]})
        return _page(error.status, _("Dữ liệu không hợp lệ"), str(error))

    @app.errorhandler(ValidationError)
    def validation_error(error: ValidationError) -> Any:
        errors = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
        if wants_json():
            return json_error(422, "Invalid input: " + ", ".join(sorted(errors)), errors)
        return _page(422, _("Dữ liệu không hợp lệ"), "; ".join(map(str, errors)))

    @app.errorhandler(ValueError)
    def domain_error(error: ValueError) -> Any:
        # The cores raise ValueError subclasses that name the offending field
        # (PayloadError, RenderError); anything else is a programming error.
        field = getattr(error, "field", None)
        if not isinstance(field, str):
            return unexpected(error)
        as_field_error = FieldError(field, str(getattr(error, "message", error)))
        return field_error(as_field_error)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        status = error.code or 500
        if status >= 500:
            db.session.rollback()
        if wants_json():
            data = getattr(error, "data", None) or {}
            errors: dict[str, Any] = {}
            if isinstance(data.get("errors"), dict):
                errors.update(data["errors"])
            messages = data.get("messages")
            if isinstance(messages, dict):  # webargs: {location: {field: [messages]}}
                for location in messages.values():
                    if isinstance(location, dict):
                        errors.update(location)
            message = data.get("message") or error.description or error.name
            if errors and "message" not in data:
                message = "Invalid input: " + ", ".join(sorted(errors))
            response = json_error(status, message, errors)
            for name, value in error.get_headers() or []:
                if name.lower() not in {"content-type", "content-length"}:
                    response.headers[name] = value
            return response
        return _page(status, error.name, error.description or "")

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Any:
        db.session.rollback()
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        if wants_json():
            return json_error(500, "Internal error; it has been logged.")
        return _page(500, _("Lỗi máy chủ"), _("Đã có lỗi; lỗi đã được ghi lại."))
