"""What every page form shares: a service's refusal shown beside its field, the filters that
strip typed text and read a picked id, and a lost session that keeps what was typed.

**A lost session.** A form posted without a valid CSRF token (a phone left open all day, the
session cookie gone, the server's key changed) is refused before its view runs, so nothing
changes. Instead of a bare "400 Bad Request" the person sees the page the form is on again,
rendered afresh by its GET view (which changes nothing either), with what they typed back in
the form, a new token, and a message asking them to press the button again. Passwords and
chosen files are never sent back. The page is the form's own address when it answers GET,
else the page the form was posted from (the Referer, when it is on this site); failing both,
an error page says what happened. A form posted from another site gets that error page too:
its values are not put in one of our forms, ready for the person to send.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from flask import Flask, current_app, flash, g, redirect, request
from flask.ctx import RequestContext
from flask.globals import request_ctx
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import FileField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from app.errors import DomainError, error_page, json_error, wants_json
from app.request_guards import MAX_DB_INTEGER, forbidden_character

#: Where the typed values wait while the page is rendered again (in `g`, never in a cookie).
KEPT_KEY = "_quet_kept_form"

SESSION_LOST = _l(
    "Phiên làm việc đã hết hạn nên biểu mẫu chưa được gửi. Những gì bạn đã nhập vẫn còn "
    "(trừ mật khẩu và tệp đã chọn): hãy kiểm tra rồi bấm nút gửi lần nữa."
)
SESSION_LOST_NO_PAGE = _l(
    "Phiên làm việc đã hết hạn nên yêu cầu chưa được gửi. Hãy quay lại trang trước, tải lại "
    "trang rồi thử lại."
)


#: WTForms' own messages (its English source texts) in the reader's language: WTForms ships no
#: Vietnamese catalogue, so without these a Vietnamese page would say "This field is required.".
#: Plural forms share one text (Vietnamese has none; the English reads for any number).
BUILT_IN_MESSAGES: dict[str, Any] = {
    "This field is required.": _l("Cần điền ô này."),
    "Invalid input.": _l("Giá trị không hợp lệ."),
    "Invalid email address.": _l("Địa chỉ email không hợp lệ."),
    "Field must be equal to %(other_name)s.": _l("Phải giống ô %(other_name)s."),
    "Field must be at least %(min)d character long.": _l("Cần ít nhất %(min)d ký tự."),
    "Field must be at least %(min)d characters long.": _l("Cần ít nhất %(min)d ký tự."),
    "Field cannot be longer than %(max)d character.": _l("Tối đa %(max)d ký tự."),
    "Field cannot be longer than %(max)d characters.": _l("Tối đa %(max)d ký tự."),
    "Field must be exactly %(max)d character long.": _l("Cần đúng %(max)d ký tự."),
    "Field must be exactly %(max)d characters long.": _l("Cần đúng %(max)d ký tự."),
    "Field must be between %(min)d and %(max)d characters long.": _l(
        "Cần từ %(min)d đến %(max)d ký tự."
    ),
    "Number must be at least %(min)s.": _l("Số phải từ %(min)s trở lên."),
    "Number must be at most %(max)s.": _l("Số phải không quá %(max)s."),
    "Number must be between %(min)s and %(max)s.": _l("Số phải từ %(min)s đến %(max)s."),
    "Invalid value, must be one of: %(values)s.": _l(
        "Giá trị không hợp lệ; phải là một trong: %(values)s."
    ),
    "Not a valid choice.": _l("Lựa chọn không hợp lệ."),
    "Invalid Choice: could not coerce.": _l("Lựa chọn không hợp lệ."),
    "Invalid choice(s): one or more data inputs could not be coerced.": _l(
        "Lựa chọn không hợp lệ."
    ),
    "'%(value)s' is not a valid choice for this field.": _l(
        "“%(value)s” không phải là lựa chọn hợp lệ."
    ),
    "'%(value)s' are not valid choices for this field.": _l(
        "“%(value)s” không phải là lựa chọn hợp lệ."
    ),
    "Not a valid integer value.": _l("Cần một số nguyên."),
    "Not a valid decimal value.": _l("Cần một số."),
    "Not a valid float value.": _l("Cần một số."),
    "Not a valid date value.": _l("Ngày không hợp lệ."),
    "Not a valid datetime value.": _l("Ngày giờ không hợp lệ."),
    "Not a valid time value.": _l("Giờ không hợp lệ."),
}


class BuiltInMessages:
    """The `translations` WTForms asks for its own messages: those in `BUILT_IN_MESSAGES`
    come in the reader's language, any other as WTForms wrote it."""

    def gettext(self, string: str) -> str:
        text = BUILT_IN_MESSAGES.get(string)
        return string if text is None else str(text)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


class PageForm(FlaskForm):
    """The base of every page form (a `FlaskForm`): WTForms' own messages in the reader's
    language, and, when its page is shown again after a lost session, what was typed into
    it."""

    class Meta:
        def get_translations(self, form: FlaskForm) -> BuiltInMessages:
            return BuiltInMessages()

        def wrap_formdata(self, form: FlaskForm, formdata: Any) -> Any:
            kept: MultiDict[str, str] | None = g.get(KEPT_KEY)
            given = hasattr(formdata, "getlist")  # the view passed data of its own
            if kept and not given and _typed_into(form, kept):
                secret = {f.name for f in form if isinstance(f, PasswordField | FileField)}
                return MultiDict([(k, v) for k, v in kept.items(multi=True) if k not in secret])
            return super().wrap_formdata(form, formdata)  # type: ignore[misc]

    def data_for_service(self) -> dict[str, Any]:
        """What the form gives its service: its fields' data, by name (not the token or the
        button)."""
        return {
            name: field.data
            for name, field in self._fields.items()
            if name not in ("csrf_token", "submit")
        }


def at_most(limit: int) -> Length:
    """A length limit whose message says the limit."""
    return Length(max=limit, message=_l("Quá dài: tối đa %(limit)s ký tự.", limit=limit))


def text_field(label: Any, limit: int, required: bool = False, **kwargs: Any) -> StringField:
    """A text field stripped of surrounding spaces, at most `limit` characters."""
    validators: list[Any] = [at_most(limit)]
    if required:
        validators.insert(0, DataRequired(_l("Không được để trống.")))
    return StringField(label, validators=validators, filters=[strip], **kwargs)


def _typed_into(form: FlaskForm, kept: MultiDict[str, str]) -> bool:
    """Whether `kept` came from this form: every name in it is one of the form's fields."""
    return set(kept.keys()) <= {field.name for field in form}


def show_beside(form: FlaskForm, error: DomainError, fallback: str) -> None:
    """Put `error`'s message beside its field (or beside `fallback` when the form has no such
    field), and the messages of the further fields it names (`error.errors`) that the form has
    beside theirs, keeping what the person typed. A field that already shows the form's own
    refusal keeps only that one: the service judged a value the form had found wrong (and cut)."""
    shown = {field.name for field in form if field.errors}
    main = getattr(form, error.field or fallback, None) or getattr(form, fallback)
    further = [(form[name], messages) for name, messages in error.errors.items() if name in form]
    for field, messages in [(main, [error.message]), *further]:
        if field.name not in shown:
            field.errors = [*field.errors, *messages]


def strip(value: Any) -> Any:
    """A form filter: typed text without surrounding spaces (other values as they are)."""
    return value.strip() if isinstance(value, str) else value


def picked_id(value: object) -> int | None:
    """A form coerce for an id picked from a list: None when blank; 0 (which no row has, so a
    range validator or a lookup refuses it) for anything that is not a whole number the
    database can hold. Never an integer PostgreSQL would refuse."""
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    if text.isascii() and text.isdigit() and len(text) <= 10 and int(text) <= MAX_DB_INTEGER:
        return int(text)
    return 0


# ---- a lost session -------------------------------------------------------------------------


def register_lost_session(app: Flask) -> None:
    """Answer a refused CSRF token on a page with the page again, keeping what was typed."""
    app.register_error_handler(CSRFError, _lost_session)


def _lost_session(error: CSRFError) -> ResponseReturnValue:
    if wants_json():
        return json_error(400, error.description or "CSRF validation failed.")
    target = _page_of_the_form() if _posted_from_this_site() else None
    if target is None:
        return error_page(400, str(SESSION_LOST_NO_PAGE))
    field_name = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    kept = MultiDict([(k, v) for k, v in request.form.items(multi=True) if k != field_name])
    response = current_app.make_response(_render_again(*target, kept))
    if response.status_code == 200:
        response.status_code = 400  # nothing was done: a script must not read it as success
    return response


def _posted_from_this_site() -> bool:
    """Whether nothing says the form came from another site (the browser's Sec-Fetch-Site,
    else the Origin, else the Referer; a client that sends none is taken at its word)."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    for source in (request.headers.get("Origin"), request.referrer):
        if source is not None:
            return _same_origin(source)
    return True


def _same_origin(url: str) -> bool:
    theirs, ours = urlsplit(url), urlsplit(request.host_url)
    return (theirs.scheme, theirs.netloc) == (ours.scheme, ours.netloc)


def _page_of_the_form() -> tuple[str, str] | None:
    """The page to show again, as WSGI's PATH_INFO and QUERY_STRING: this address when it
    answers GET, else the page the form was on (the Referer, on this site), else None."""
    if _answers_get(request.path):
        return request.environ.get("PATH_INFO", ""), request.environ.get("QUERY_STRING", "")
    if not request.referrer:
        return None
    referrer = urlsplit(request.referrer)
    root = request.script_root
    if not _same_origin(request.referrer) or not referrer.path.startswith(root + "/"):
        return None
    path = referrer.path[len(root) :]
    if not _answers_get(unquote(path)):
        return None
    return unquote_to_bytes(path).decode("latin-1"), referrer.query


def _answers_get(path: str) -> bool:
    adapter = request_ctx.url_adapter
    if adapter is None:
        return False
    try:
        adapter.match(path, method="GET")
    except HTTPException:  # not found, not GET, or a redirect to another address
        return False
    return True


def _render_again(path: str, query: str, kept: MultiDict[str, str]) -> ResponseReturnValue:
    """Run the GET view of `path` (a WSGI PATH_INFO) as its own request (its hooks, its login
    checks), sharing this request's session so that the new token is in the one cookie this
    response sets."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    environ = dict(request.environ)
    environ.pop("werkzeug.request", None)
    environ.pop("CONTENT_TYPE", None)
    environ.update(
        REQUEST_METHOD="GET",
        PATH_INFO=path,
        QUERY_STRING=query,
        CONTENT_LENGTH="0",
        **{"wsgi.input": io.BytesIO()},
    )
    page = RequestContext(app, environ, session=request_ctx.session)
    with page:
        setattr(g, KEPT_KEY, kept)
        try:
            flash(str(SESSION_LOST), "warning")
            result = app.preprocess_request()
            if result is None:
                result = app.dispatch_request()
            return app.make_response(result)
        except HTTPException as refused:  # the page itself refuses (signed out meanwhile…)
            return app.handle_user_exception(refused)
        finally:
            g.pop(KEPT_KEY, None)


# ---- a previewed file's rows, posted back to be written -------------------------------------

#: The confirmation's rows are the previewed file's rows again: at most 5,000 short rows.
MAX_CONFIRM_CHARS = 2_000_000


class RowsField(HiddenField):
    """The previewed rows, carried as JSON in a hidden field: a list of objects, of at most
    MAX_CONFIRM_CHARS characters (deeply nested JSON is refused, not a 500)."""

    data: list[dict[str, Any]] | None

    def _value(self) -> str:
        return json.dumps(self.data or [], ensure_ascii=False)

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = None
        raw = valuelist[0] if valuelist else ""
        try:
            rows = (
                json.loads(raw) if isinstance(raw, str) and len(raw) <= MAX_CONFIRM_CHARS else None
            )
        except (ValueError, RecursionError) as error:  # RecursionError: deeply nested JSON
            raise ValueError("the rows are not JSON") from error
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise ValueError("the rows are not a list of objects")
        # The request guard saw only the escaped JSON text; "\\u0000" decodes to a NUL here.
        if any(
            isinstance(text, str) and forbidden_character(text)
            for row in rows
            for pair in row.items()
            for text in pair
        ):
            raise ValueError("the rows hold a character no text may hold")
        self.data = rows


def save_form(
    form: Any,
    fallback: str,
    save: Callable[[dict[str, Any]], Any],
    done: Callable[[Any], str],
    page: Callable[[int], tuple[str, int]],
    *,
    fields: Mapping[str, str] | None = None,
    refused: tuple[int, ...] = (403, 404),
) -> WerkzeugResponse | tuple[str, int]:
    """Validate `form`, call `save(its data)`, then redirect to `done(result)`. A service's
    refusal shows the form again (`page(status)`) with the message beside its field (`fields`
    renames the service's fields to the form's); refusals of the whole request (`refused`)
    become error pages."""
    if not form.validate_on_submit():
        return page(422 if form.is_submitted() else 200)
    try:
        result = save(form.data_for_service())
    except DomainError as error:
        if error.status in refused:
            raise
        renamed = fields or {}
        error.field = renamed.get(error.field or "", error.field)
        error.errors = {renamed.get(k, k): v for k, v in error.errors.items()}
        show_beside(form, error, fallback)
        return page(error.status)
    flash(_("Đã lưu."), "success")
    return redirect(done(result))
