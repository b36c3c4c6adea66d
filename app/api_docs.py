"""What the OpenAPI document says about callers and errors, shared by every API blueprint.

- The bearer scheme (`Authorization: Bearer quet_…`, tokens from the account page) is declared
  once; operations that need a signed-in caller require it, public ones accept it optionally
  (an unknown or revoked token is a 401 even there).
- No catch-all "default" error answer: each operation lists the error statuses its view really
  gives (`answers(blp, 401, 404, …)`), all in the one error shape `{code, status, message,
  errors}`, so a status the document does not name is a bug that schemathesis reports.
- The reference is read by Vietnamese and English speakers alike, so its texts say both
  ("Vietnamese / English"); its sections are named for people: each API blueprint's `tag`
  (`app.api_blueprint.Blueprint(..., tag="Mã thanh toán / Payment codes")`), and a feature may
  add a section of its own for page routes it documents (`add_section`).
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from flask_smorest import Api, Blueprint

BEARER = "bearerAuth"
#: Operations that need a signed-in caller (a bearer token; a browser's session cookie works too).
SIGNED_IN: list[dict[str, list[str]]] = [{BEARER: []}]
#: Public operations: anonymous, or with a token (which must then be valid).
PUBLIC: list[dict[str, list[str]]] = [{}, {BEARER: []}]


def prepare(api: Api) -> None:
    """Before blueprints register: no catch-all error answer (each operation lists its own)."""
    api.DEFAULT_ERROR_RESPONSE_NAME = None


INTRODUCTION = """\
**Tiếng Việt.** API của Quét: tạo và kiểm tra mã VietQR, danh sách ngân hàng, địa bàn hành chính,
tài khoản và nhật ký thay đổi. Thao tác công khai không cần đăng nhập. Thao tác cần đăng nhập dùng
mã truy cập API (tạo ở trang Tài khoản): bấm **Authorize**, dán mã `quet_…`, rồi thử. Mọi lỗi có
cùng dạng `{code, status, message, errors}`, trong đó `errors` nêu từng trường sai. Ảnh mã còn có
ở các liên kết nhanh kiểu img.vietqr.io (mục “Liên kết nhanh”), dùng thẳng trong thẻ `<img>`.

**English.** Quét's API: make and check VietQR codes, the bank directory, administrative units,
accounts and the audit log. Public operations need no sign-in. The others take an API token
(created on the Account page): press **Authorize**, paste the `quet_…` token, then try them.
Every error has the one shape `{code, status, message, errors}`, `errors` naming each wrong
field. Code images are also served at img.vietqr.io-style quick links (section "Quick links"),
for use straight in `<img>` tags.
"""


def declare_security(api: Api) -> None:
    """Declare the bearer scheme (the Authorize button) and introduce the document of the app
    `api` was just bound to."""
    api.spec.components.security_scheme(
        BEARER,
        {
            "type": "http",
            "scheme": "bearer",
            "description": "Mã truy cập API tạo ở trang Tài khoản (`quet_…`), có đúng các vai "
            "trò của chủ mã. / An API token from the account page (`quet_…`), acting with "
            "exactly its owner's roles.",
        },
    )
    api.spec.options["info"] = {**api.spec.options.get("info", {}), "description": INTRODUCTION}


def add_section(api: Api, name: str, description: str | None) -> None:
    """Add a section (an OpenAPI tag) to the reference, after those already there.

    The sections listed here replace the tags flask-smorest adds under each blueprint's Flask
    name (`codes_api`): a person reads "Mã thanh toán / Payment codes" instead.
    """
    sections = [s for s in api.spec.options.get("tags", []) if s["name"] != name]
    api.spec.options["tags"] = [*sections, {"name": name, "description": description or ""}]


def answers(
    blp: Blueprint, *statuses: int, security: list[dict[str, list[str]]] | None = None
) -> Callable[[Any], Any]:
    """Document the error statuses a view gives (and who may call it)."""

    def decorate(view: Any) -> Any:
        for status in sorted(statuses, reverse=True):
            view = blp.alt_response(status, response=HTTPStatus(status).name)(view)
        if security is not None:
            view = blp.doc(security=security)(view)
        return view

    return decorate
