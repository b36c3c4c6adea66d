"""The one domain error, one JSON error shape for the API, HTML error pages for people, and a
500 that rolls back.

Services refuse with `DomainError(code, field, status=…, **params)`: `code` is stable
("localities.hamlet_duplicate"), `params` fill the message, and each feature maps its codes to
translatable text in its `messages.py` (registered through its `Feature`). The handler turns the
error into `{code, status, message, errors: {field: [message]}}` for the API; pages catch it and
show `error.message` beside the field (`app.forms.show_beside`).
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from flask import (
    Flask,
    Response,
    current_app,
    has_app_context,
    jsonify,
    make_response,
    render_template,
    request,
)
from flask_babel import format_decimal, get_locale
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from markupsafe import escape
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from app.extensions import db

MESSAGES_KEY = "quet.messages"
JSON_PREFIXES_KEY = "quet.json_prefixes"

#: The kernel's own refusals (request guards, unique-index conflicts).
MESSAGES: Mapping[str, Any] = {
    "conflict": _l("Giá trị này vừa được ghi bởi một yêu cầu khác; hãy tải lại trang và kiểm tra."),
    "forbidden_character": _l(
        "có ký tự không hợp lệ (ký tự NUL hoặc mã Unicode lẻ); hãy xoá và nhập lại"
    ),
    "integer_range": _l("phải là số nguyên từ %(minimum)s đến %(maximum)s"),
}


#: What an HTTP error means to a person (title, what to do), for the HTML error pages.
ERROR_PAGES: Mapping[int, tuple[Any, Any]] = {
    400: (
        _l("Yêu cầu không hợp lệ"),
        _l("Trang không hiểu được yêu cầu này. Hãy quay lại trang trước và thử lại."),
    ),
    401: (_l("Cần đăng nhập"), _l("Hãy đăng nhập để xem trang này.")),
    403: (
        _l("Không có quyền"),
        _l(
            "Tài khoản của bạn không có quyền làm việc này. Nếu bạn cần quyền, hãy hỏi cán bộ "
            "phụ trách địa bàn."
        ),
    ),
    404: (
        _l("Không tìm thấy trang"),
        _l("Không có trang nào ở địa chỉ này. Hãy kiểm tra lại đường dẫn, hoặc về trang chủ."),
    ),
    405: (
        _l("Không mở được trang theo cách này"),
        _l("Địa chỉ này chỉ dùng để gửi biểu mẫu. Hãy mở trang từ trình đơn của Quét."),
    ),
    409: (
        _l("Dữ liệu vừa thay đổi"),
        _l("Dữ liệu vừa được một yêu cầu khác ghi; hãy tải lại trang và kiểm tra."),
    ),
    413: (
        _l("Tệp quá lớn"),
        _l("Tệp hoặc nội dung gửi lên lớn hơn %(megabytes)s MB. Hãy chọn tệp nhỏ hơn."),
    ),
    422: (_l("Dữ liệu không hợp lệ"), _l("Hãy sửa dữ liệu đã nhập rồi gửi lại.")),
    429: (
        _l("Quá nhiều yêu cầu"),
        _l("Bạn đã gửi quá nhiều yêu cầu trong một lúc. Hãy chờ một chút rồi thử lại."),
    ),
    500: (
        _l("Lỗi máy chủ"),
        _l("Đã có lỗi ở phía Quét; lỗi đã được ghi lại. Hãy thử lại sau ít phút."),
    ),
}
#: Any other status.
OTHER_ERROR: tuple[Any, Any] = (
    _l("Không thực hiện được yêu cầu"),
    _l("Hãy quay lại trang trước và thử lại."),
)


class DomainError(Exception):
    """A refusal by a service: a stable `code`, the input `field` it concerns (None for the
    request as a whole), an HTTP `status` and the `params` of its message.

    `detail` is an optional technical text kept as given (the pure cores' English messages,
    "purpose: got 31 characters, at most 25 allowed"), shown to API callers when the code has no
    message of its own. `errors` adds further fields' messages (a file's rows, say).
    """

    def __init__(
        self,
        code: str,
        field: str | None = None,
        *,
        status: int = 422,
        detail: str | None = None,
        errors: Mapping[str, list[str]] | None = None,
        **params: Any,
    ) -> None:
        super().__init__(f"{field}: {code}" if field else code)
        self.code = code
        self.field = field
        self.status = status
        self.detail = detail
        self.errors = dict(errors or {})
        self.params = params

    @property
    def message(self) -> str:
        """The message in the current language (the feature's text for `code`, with `params`)."""
        template = None
        if has_app_context():
            template = current_app.extensions.get(MESSAGES_KEY, {}).get(self.code)
        if template is None:
            return self.detail or self.code
        text = str(template)
        return text % self.params if self.params else text

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


def get_row[T](model: type[T], row_id: int | None, code: str, field: str | None = None) -> T:
    """The row of `model` with that id, or the DomainError `code`: a 404 for a row named by
    the path (no `field`), a 422 on `field` for one named in the input."""
    row = db.session.get(model, row_id) if row_id is not None else None
    if row is None:
        raise DomainError(code, field, status=404 if field is None else 422)
    return row


def register_messages(app: Flask, messages: Mapping[str, Any]) -> None:
    """Add a feature's code → message map to `app` (a code may be defined once)."""
    catalogue = app.extensions.setdefault(MESSAGES_KEY, {})
    for code, message in messages.items():
        if code in catalogue:
            raise RuntimeError(f"the error code {code!r} is defined twice")
        catalogue[code] = message


def register_json_prefixes(app: Flask, prefixes: tuple[str, ...]) -> None:
    """Paths under these prefixes answer errors in JSON (machine endpoints outside /api/)."""
    app.extensions.setdefault(JSON_PREFIXES_KEY, ["/api/"]).extend(prefixes)


def wants_json() -> bool:
    """API callers and machine endpoints get JSON; people get pages."""
    path = request.path
    prefixes = current_app.extensions.get(JSON_PREFIXES_KEY, ["/api/"])
    if path.startswith(tuple(prefixes)):
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


#: The error page without the layout, when even the layout cannot be drawn.
BARE_PAGE = (
    '<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>{status} · {title}</title></head><body><h1>{title}</h1><p>{message}</p>"
    '<p><a href="/">Quét</a></p></body></html>'
)


def error_page(status: int, message: str | None = None) -> tuple[str, int]:
    """The HTML error page for `status` in the reader's language; `message` (already in that
    language) replaces the usual explanation."""
    title, explanation = ERROR_PAGES.get(status, OTHER_ERROR)
    if message is None:
        megabytes = (current_app.config.get("MAX_CONTENT_LENGTH") or 0) / (1024 * 1024)
        message = str(explanation) % {"megabytes": format_decimal(megabytes, "#,##0.#")}
    try:
        page = render_template("error.html", status=status, title=str(title), message=message)
    except Exception:  # the layout failed too (it reads the signed-in user: a database down…)
        current_app.logger.exception("The error page's layout failed; a bare page is sent")
        db.session.rollback()
        page = BARE_PAGE.format(
            language=escape(str(get_locale() or "vi")),
            status=status,
            title=escape(str(title)),
            message=escape(message),
        )
    return page, status


def _people_text(error: HTTPException) -> str | None:
    """The description an HTTP error carries when the app wrote it for people (a translatable
    text); Werkzeug's English defaults and technical texts are not shown on pages."""
    description = error.description
    return str(description) if isinstance(description, LazyString) else None


def register_errorhandlers(app: Flask) -> None:
    """Register the handlers for domain errors, HTTP errors and unexpected exceptions."""
    register_messages(app, MESSAGES)

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError) -> Any:
        message = error.message
        if wants_json():
            errors: dict[str, Any] = {error.field: [message]} if error.field else {}
            errors.update(error.errors)
            # A core's precise English ("purpose: got 31 characters, at most 25 allowed") is the
            # summary for scripts; the field's entry is the feature's text in the reader's language.
            summary = str(error)
            if error.detail and error.detail != message:
                summary = f"{error.field}: {error.detail}" if error.field else error.detail
            return json_error(error.status, summary, errors)
        return error_page(error.status, str(error))

    @app.errorhandler(ValidationError)
    def validation_error(error: ValidationError) -> Any:
        errors = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
        errors = {str(name): messages for name, messages in errors.items()}  # JSON keys are text
        if wants_json():
            return json_error(422, "Invalid input: " + ", ".join(sorted(errors)), errors)
        return error_page(422, "; ".join(map(str, errors)))

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
        else:
            response = make_response(error_page(status, _people_text(error)))
        for name, value in error.get_headers() or []:  # Allow (405), Retry-After (429), …
            if name.lower() not in {"content-type", "content-length"}:
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Any:
        db.session.rollback()
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        if wants_json():
            return json_error(500, "Internal error; it has been logged.")
        return error_page(500)
