"""The quick links in the API reference.

`/qr/<bank>-<account>-<template>.<format>` is a page route (`routes.quick_link`), not part of
/api/v1, yet it is what most callers use: an address that is an image, for `<img>` tags,
as img.vietqr.io's. It is described here as an OpenAPI path in a section of its own, with the
statuses it really gives (schemathesis calls it like every other operation) and the bounds
of `QRRequestSchema`, which loads it.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from flask_smorest import Api
from werkzeug.routing import Map, Rule

from app.api_docs import PUBLIC, add_section
from app.codes.schemas import MAX_ACCOUNT_TYPED, MAX_BANK, MAX_TEXT_TYPED
from app.render import MAX_HOLDER_NAME, MIMETYPES, TEMPLATES
from app.vietqr import MAX_PURPOSE
from app.vietqr.payload import MAX_AMOUNT_DIGITS

SECTION = "Liên kết nhanh / Quick links"
#: The address as a reader sees it. The app's own rule is `/qr/<spec>.<fmt>` (the parts are
#: split by the view, which also takes `<bank>-<account>` alone); this one names each part.
RULE = "/qr/<bank>-<account>-<template>.<format>"


def _path_parameter(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "in": "path",
        "name": name,
        "required": True,
        "description": description,
        "schema": schema,
    }


def _query_parameter(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"in": "query", "name": name, "description": description, "schema": schema}


def _error(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/responses/{name}"}


#: The parts of the address (the operation's path parameters).
PATH_PARAMETERS = [
    _path_parameter(
        "bank",
        "Ngân hàng: BIN (970415), mã (ICB) hoặc tên ngắn (VietinBank). / The bank: its BIN, "
        "code or short name.",
        {"type": "string", "maxLength": MAX_BANK},
    ),
    _path_parameter(
        "account",
        "Số tài khoản (1-19 chữ cái hoặc chữ số). / The account number (1-19 letters or digits).",
        {"type": "string", "maxLength": MAX_ACCOUNT_TYPED},
    ),
    _path_parameter(
        "template",
        "Mẫu ảnh: `compact` (mã và dấu VietQR), `compact2` (thêm tên, số tiền, nội dung), "
        "`qr_only` (chỉ mã), `print` (biển in). / The picture: the code with its marks, with "
        "the details below, the code alone, or a printable sign.",
        {"type": "string", "enum": list(TEMPLATES)},
    ),
    _path_parameter(
        "format",
        "Định dạng ảnh. / The image format.",
        {"type": "string", "enum": list(MIMETYPES)},
    ),
]

OPERATION: dict[str, Any] = {
    "tags": [SECTION],
    "summary": "Ảnh mã theo địa chỉ kiểu img.vietqr.io / A code image at an img.vietqr.io-style "
    "address",
    "description": (
        "Đổi `https://img.vietqr.io/image/` thành `/qr/` của Quét là đủ: cùng tham số, cùng "
        "ảnh. Địa chỉ là một ảnh, dùng thẳng trong thẻ `<img>` hoặc in ra. Bỏ `-{template}` "
        "thì dùng mẫu `compact`. Ảnh được lưu đệm theo `ETag` (gửi lại `If-None-Match` được "
        "trả 304).\n\n"
        "Switching from img.vietqr.io is a change of host: `/qr/` takes the same parameters and "
        "gives the same picture. The address is an image, for `<img>` tags or printing. Without "
        "`-{template}` the `compact` template is used. Images are cached by `ETag` (a repeated "
        "`If-None-Match` is answered 304).\n\n"
        "Ví dụ / Example: `/qr/ICB-113366668888-compact.png?amount=79000&addInfo=Ung%20Ho"
        "&accountName=NGUYEN%20VAN%20A`"
    ),
    "parameters": [
        _query_parameter(
            "amount",
            "Số tiền (đồng, số nguyên dương); bỏ trống để người trả tự nhập. / The amount in "
            "đồng (a positive whole number); leave it out and the payer types it.",
            {"type": "integer", "minimum": 1, "maximum": 10**MAX_AMOUNT_DIGITS - 1},
        ),
        _query_parameter(
            "addInfo",
            f"Nội dung chuyển khoản (tối đa {MAX_PURPOSE} ký tự trong mã; dấu tiếng Việt được "
            f"bỏ). / The transfer's purpose (at most {MAX_PURPOSE} characters in the code; "
            "Vietnamese diacritics are removed).",
            {"type": "string", "maxLength": MAX_TEXT_TYPED},
        ),
        _query_parameter(
            "accountName",
            "Tên chủ tài khoản, in trên ảnh. / The account holder's name, printed on the picture.",
            {"type": "string", "maxLength": MAX_HOLDER_NAME},
        ),
    ],
    "responses": {
        "200": {
            "description": "Ảnh mã. / The code's picture.",
            "content": {
                mimetype: {"schema": {"type": "string", "format": "binary"}}
                for mimetype in MIMETYPES.values()
            },
        },
        "304": {"description": "Ảnh không đổi (If-None-Match). / Not modified."},
        "400": _error("BAD_REQUEST"),
        "401": _error("UNAUTHORIZED"),
        "404": _error("NOT_FOUND"),
        "422": _error("UNPROCESSABLE_CONTENT"),
    },
    "security": PUBLIC,
}


def document_quick_links(api: Api) -> None:
    """Add the quick links, and their section, to the API reference of `api`'s app."""
    add_section(
        api,
        SECTION,
        "Ảnh mã VietQR theo địa chỉ kiểu img.vietqr.io, dùng thẳng trong thẻ `<img>`. / VietQR "
        "code images at img.vietqr.io-style addresses, for `<img>` tags.",
    )
    rule = Rule(RULE, endpoint="quick_link", defaults={})
    Map([rule])  # binds the rule, so that its parts can be read (flask-smorest's plugin)
    # Copies: apispec completes the documents it is given in place.
    api.spec.path(
        rule=rule, operations={"get": deepcopy(OPERATION)}, parameters=deepcopy(PATH_PARAMETERS)
    )
