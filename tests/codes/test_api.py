"""The codes API: banks, making codes, checking payloads and photos, images."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from flask.testing import FlaskClient
from PIL import Image

from app.render import render_png, render_sign_png

VIETQR_IO_SAMPLE = (
    "00020101021238560010A0000007270126000697041501121133666688880208QRIBFTTA5303704"
    "5405790005802VN62220818Ung Ho Quy Vac Xin63043ACF"
)


def make(client: FlaskClient, **body: Any) -> Any:
    body.setdefault("bank", "970415")
    body.setdefault("account", "113366668888")
    return client.post("/api/v1/qr", json=body)


def assert_field_error(response: Any, field: str, status: int = 422) -> None:
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"code", "status", "message", "errors"}
    assert body["code"] == status
    assert field in body["errors"], body


def decode_png(data: bytes) -> str:
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))
    assert len(results) == 1
    return str(results[0].text)


# ---- banks --------------------------------------------------------------------------------


def test_bank_list(client: FlaskClient) -> None:
    body = client.get("/api/v1/banks").get_json()
    assert body["count"] == len(body["banks"]) >= 66
    bins = {bank["bin"] for bank in body["banks"]}
    assert {"970415", "970436", "971025", "963369", "970406"} <= bins


def test_bank_search(client: FlaskClient) -> None:
    body = client.get("/api/v1/banks?q=vietin").get_json()
    assert [bank["code"] for bank in body["banks"]] == ["ICB"]


@pytest.mark.parametrize("bank_id", ["970415", "ICB", "icb", "VietinBank"])
def test_bank_detail(client: FlaskClient, bank_id: str) -> None:
    body = client.get(f"/api/v1/banks/{bank_id}").get_json()
    assert body["bin"] == "970415" and body["code"] == "ICB"


def test_unknown_bank_is_404_naming_the_bank(client: FlaskClient) -> None:
    assert_field_error(client.get("/api/v1/banks/999999x"), "bank", 404)


# ---- making codes -------------------------------------------------------------------------


def test_make_reproduces_the_vietqr_io_sample(client: FlaskClient) -> None:
    response = make(client, bank="vietinbank", amount=79000, purpose="Ung Ho Quy Vac Xin")
    assert response.status_code == 200
    body = response.get_json()
    assert body["payload"] == VIETQR_IO_SAMPLE
    assert body["bank"]["code"] == "ICB"
    assert body["initiation"] == "dynamic"
    assert body["amount"] == 79000 and body["service"] == "account"
    assert set(body["images"]) == {"png", "svg", "sign_png", "sign_pdf"}


def test_make_static_code_without_amount(client: FlaskClient) -> None:
    body = make(client, bank="ACB", account="257678859").get_json()
    assert body["payload"] == (
        "00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F"
    )
    assert body["initiation"] == "static" and body["amount"] is None


def test_make_transliterates_vietnamese_and_keeps_it_for_the_sign(client: FlaskClient) -> None:
    body = make(client, purpose="Mừng cưới Đào", account_name="Nguyễn Thị Hồng Đào").get_json()
    assert "0813Mung cuoi Dao" in body["payload"]
    assert body["payload"].isascii()
    assert body["account_name"] == "Nguyễn Thị Hồng Đào"
    assert "note=M%E1%BB%ABng" in body["images"]["sign_png"]


def test_make_card_code(client: FlaskClient) -> None:
    body = make(client, bank="970403", account="9704 0311 0123 4567", service="card").get_json()
    assert "QRIBFTTC" in body["payload"] and body["account"] == "9704031101234567"


def test_account_spaces_and_dashes_are_normalised(client: FlaskClient) -> None:
    assert make(client, account="1133-6666 8888").get_json()["account"] == "113366668888"


def test_initiation_override(client: FlaskClient) -> None:
    body = make(client, amount=50000, initiation="static").get_json()
    assert body["initiation"] == "static" and body["payload"].startswith("000201010211")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"bank": "no such bank"}, "bank"),
        ({"bank": None}, "bank"),
        ({"account": "12345678901234567890"}, "account"),
        ({"account": ""}, "account"),
        ({"account": "123", "service": "card"}, "account"),
        ({"service": "wallet"}, "service"),
        ({"amount": 0}, "amount"),
        ({"amount": -5}, "amount"),
        ({"amount": 12.5}, "amount"),
        ({"amount": "50.000"}, "amount"),
        ({"amount": "50,000"}, "amount"),
        ({"amount": "12345678901234"}, "amount"),
        ({"amount": True}, "amount"),
        ({"purpose": "Chúc mừng 🎉"}, "purpose"),
        ({"purpose": "x" * 26}, "purpose"),
        ({"initiation": "sometimes"}, "initiation"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(
    client: FlaskClient, body: dict[str, Any], field: str
) -> None:
    assert_field_error(make(client, **body), field)


def test_missing_fields_are_named(client: FlaskClient) -> None:
    response = client.post("/api/v1/qr", json={})
    assert_field_error(response, "bank")
    assert "account" in response.get_json()["errors"]


def test_every_bad_field_is_named_at_once(client: FlaskClient) -> None:
    response = make(
        client, bank="no such bank", account="12 3$", amount="50.000", purpose="Chúc mừng 🎉"
    )
    assert_field_error(response, "bank")
    errors = response.get_json()["errors"]
    assert set(errors) == {"bank", "account", "amount", "purpose"}
    assert "không viết 50.000" in errors["amount"][0]
    assert all(len(messages) == 1 for messages in errors.values())


def test_a_name_that_matches_several_banks_lists_them(client: FlaskClient) -> None:
    response = make(client, bank="Ngân hàng")
    assert_field_error(response, "bank")
    message = response.get_json()["errors"]["bank"][0]
    assert message.startswith("Tên này khớp với nhiều ngân hàng: ")
    assert "ABBANK (970425)" in message and "và những ngân hàng khác" in message
    assert "ambiguous" in response.get_json()["message"]  # the core's English for scripts


def test_a_misspelt_bank_offers_the_close_names(client: FlaskClient) -> None:
    message = make(client, bank="Vietcombak").get_json()["errors"]["bank"][0]
    assert message.startswith("Không tìm thấy ngân hàng này. Có phải bạn muốn chọn: ")
    assert "Vietcombank (970436)" in message
    client.get("/lang/en")
    message = make(client, bank="Vietcombak").get_json()["errors"]["bank"][0]
    assert "Vietcombank (970436)" in message and "Did you mean" in message


def test_a_bank_like_nothing_says_so_without_candidates(client: FlaskClient) -> None:
    message = make(client, bank="zzzz qqqq").get_json()["errors"]["bank"][0]
    assert message == "Không tìm thấy ngân hàng này. Chọn trong danh sách hoặc nhập mã BIN."


def test_not_json_is_a_4xx(client: FlaskClient) -> None:
    response = client.post("/api/v1/qr", data="bank=ICB", content_type="text/plain")
    assert 400 <= response.status_code < 500
    assert response.get_json()["code"] == response.status_code


def test_truncate_on_request(client: FlaskClient) -> None:
    body = make(client, purpose="x" * 40, truncate=True).get_json()
    assert "0825" + "x" * 25 in body["payload"]


# ---- decoding -----------------------------------------------------------------------------


def test_decode_valid_payload(client: FlaskClient) -> None:
    body = client.post("/api/v1/qr/decode", json={"payload": VIETQR_IO_SAMPLE}).get_json()
    assert body["valid"] is True
    assert body["bank"]["code"] == "ICB"
    assert body["account"] == "113366668888"
    assert body["amount"] == 79000 and body["purpose"] == "Ung Ho Quy Vac Xin"
    assert body["initiation"] == "dynamic" and body["service"] == "account"
    assert body["defects"] == []
    assert [tag["tag"] for tag in body["tags"]][:3] == ["00", "01", "38"]


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        (VIETQR_IO_SAMPLE[:-1] + "E", "bad_crc"),
        (VIETQR_IO_SAMPLE[:60], None),
        (VIETQR_IO_SAMPLE.replace("0818Ung", "0830Ung"), None),
        (VIETQR_IO_SAMPLE.replace("Ung Ho", "Ủng Hộ"), "non_ascii"),
        ("0002010102113" + "9" * 600, None),
    ],
)
def test_decode_defects_are_a_200_with_valid_false(
    client: FlaskClient, payload: str, code: str | None
) -> None:
    response = client.post("/api/v1/qr/decode", json={"payload": payload})
    assert response.status_code == 200
    body = response.get_json()
    assert body["valid"] is False
    assert body["defects"]
    assert all(set(d) >= {"tag", "code", "message"} for d in body["defects"])
    if code:
        assert code in {d["code"] for d in body["defects"]}


def test_decode_needs_a_payload(client: FlaskClient) -> None:
    assert_field_error(client.post("/api/v1/qr/decode", json={}), "payload")
    assert_field_error(client.post("/api/v1/qr/decode", json={"payload": "   "}), "payload")
    assert_field_error(client.post("/api/v1/qr/decode", data="x"), "payload")


def _upload(client: FlaskClient, data: bytes, name: str = "photo.png") -> Any:
    return client.post(
        "/api/v1/qr/decode",
        data={"image": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_decode_photo_of_a_sign(client: FlaskClient) -> None:
    from app.render import Sign

    sign = render_sign_png(Sign(VIETQR_IO_SAMPLE, "VietinBank", "113366668888", "Nguyễn Văn A"))
    photo = Image.open(io.BytesIO(sign)).convert("RGB").rotate(7, expand=True, fillcolor="gray")
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=70)
    body = _upload(client, buffer.getvalue(), "sign.jpg").get_json()
    assert body["payload"] == VIETQR_IO_SAMPLE and body["valid"] is True


def test_upload_errors_name_the_image_field(client: FlaskClient) -> None:
    assert_field_error(_upload(client, b"not an image at all"), "image")
    blank = io.BytesIO()
    Image.new("L", (200, 200), 255).save(blank, "PNG")
    assert_field_error(_upload(client, blank.getvalue()), "image")
    two = Image.new("L", (900, 420), 255)
    two.paste(Image.open(io.BytesIO(render_png(VIETQR_IO_SAMPLE, size=400))), (0, 10))
    other = client.post("/api/v1/qr", json={"bank": "ACB", "account": "257678859"})
    two.paste(Image.open(io.BytesIO(render_png(other.get_json()["payload"], size=400))), (470, 10))
    buffer = io.BytesIO()
    two.save(buffer, "PNG")
    assert_field_error(_upload(client, buffer.getvalue()), "image")
    response = client.post("/api/v1/qr/decode", data={}, content_type="multipart/form-data")
    assert_field_error(response, "image")


def test_decompression_bomb_is_refused(client: FlaskClient) -> None:
    bomb = io.BytesIO()
    Image.new("1", (20_000, 20_000), 1).save(bomb, "PNG")
    assert len(bomb.getvalue()) < 2_000_000
    assert_field_error(_upload(client, bomb.getvalue()), "image")


@pytest.mark.app_config(MAX_CONTENT_LENGTH=1000)
def test_oversized_upload_is_413(client: FlaskClient) -> None:
    response = _upload(client, b"x" * 5000)
    assert response.status_code == 413
    assert response.get_json()["code"] == 413


# ---- images -------------------------------------------------------------------------------


@pytest.mark.parametrize("encoder", ["zxing", "qrcode"])
def test_png_image_decodes_to_the_payload(client: FlaskClient, app: Any, encoder: str) -> None:
    app.config["QR_ENCODER"] = encoder
    response = client.get(
        "/api/v1/qr/image.png", query_string={"payload": VIETQR_IO_SAMPLE, "size": 500}
    )
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert Image.open(io.BytesIO(response.data)).size == (500, 500)
    assert decode_png(response.data) == VIETQR_IO_SAMPLE


def test_svg_image(client: FlaskClient) -> None:
    response = client.get("/api/v1/qr/image.svg", query_string={"payload": VIETQR_IO_SAMPLE})
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.data.startswith(b"<svg") or b"<svg" in response.data[:200]


def test_sign_png_and_pdf(client: FlaskClient) -> None:
    query = {"payload": VIETQR_IO_SAMPLE, "name": "Nguyễn Văn A", "note": "Ủng hộ"}
    png = client.get("/api/v1/qr/sign.png", query_string=query)
    assert png.status_code == 200 and decode_png(png.data) == VIETQR_IO_SAMPLE
    pdf = client.get("/api/v1/qr/sign.pdf", query_string={**query, "page": "A4", "download": 1})
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert pdf.headers["Content-Disposition"].startswith("attachment")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_sign_headline_and_title_are_printed(client: FlaskClient, tmp_path: Path) -> None:
    """The headline kind and the title line reach the printed sign, with diacritics."""
    query = {"payload": VIETQR_IO_SAMPLE, "title": "Mừng cưới Lan & Minh", "headline": "wedding"}
    pdf = client.get("/api/v1/qr/sign.pdf", query_string=query)
    assert pdf.status_code == 200
    (tmp_path / "s.pdf").write_bytes(pdf.data)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(tmp_path / "s.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "Mừng cưới\n" in text and "Quét mã để gửi quà mừng" in text
    assert "Mừng cưới Lan & Minh" in text and "79.000 đ" in text
    default = client.get("/api/v1/qr/sign.png", query_string={"payload": VIETQR_IO_SAMPLE})
    wedding = client.get("/api/v1/qr/sign.png", query_string=query)
    assert decode_png(wedding.data) == decode_png(default.data) == VIETQR_IO_SAMPLE
    assert wedding.headers["ETag"] != default.headers["ETag"]


def test_images_have_strong_etags_and_answer_304(client: FlaskClient) -> None:
    query = {"payload": VIETQR_IO_SAMPLE}
    first = client.get("/api/v1/qr/image.png", query_string=query)
    again = client.get("/api/v1/qr/image.png", query_string=query)
    assert first.data == again.data
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert "immutable" in first.headers["Cache-Control"]
    assert "max-age=31536000" in first.headers["Cache-Control"]
    cached = client.get("/api/v1/qr/image.png", query_string=query, headers={"If-None-Match": etag})
    assert cached.status_code == 304 and cached.data == b""
    other = client.get("/api/v1/qr/image.png", query_string={**query, "size": 300})
    assert other.headers["ETag"] != etag


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/api/v1/qr/image.png", {"payload": VIETQR_IO_SAMPLE[:-1] + "0"}, "payload"),
        ("/api/v1/qr/image.png", {}, "payload"),
        ("/api/v1/qr/image.png", {"payload": VIETQR_IO_SAMPLE, "size": 5}, "size"),
        ("/api/v1/qr/image.png", {"payload": VIETQR_IO_SAMPLE, "size": "big"}, "size"),
        ("/api/v1/qr/sign.pdf", {"payload": VIETQR_IO_SAMPLE, "page": "A3"}, "page"),
        ("/api/v1/qr/sign.png", {"payload": VIETQR_IO_SAMPLE, "headline": "party"}, "headline"),
        ("/api/v1/qr/sign.pdf", {"payload": VIETQR_IO_SAMPLE, "headline": ""}, "headline"),
    ],
)
def test_image_errors(client: FlaskClient, path: str, query: dict[str, Any], field: str) -> None:
    assert_field_error(client.get(path, query_string=query), field)


def test_openapi_document_and_docs_page(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["info"]["title"] == "Quét API"
    for path in ("/api/v1/banks", "/api/v1/qr", "/api/v1/qr/decode"):
        assert path in spec["paths"]
    with client.get("/api/docs") as page:
        assert page.status_code == 200
        assert b"/static/vendor/swagger-ui-5.35.0/swagger-ui-bundle.js" in page.data
    with client.get("/static/vendor/swagger-ui-5.35.0/swagger-ui-bundle.js") as bundle:
        assert bundle.status_code == 200


def test_the_sign_prints_only_what_the_code_carries(client: FlaskClient) -> None:
    from app.codes.services import printed_purpose

    with client.application.test_request_context():
        assert printed_purpose("Ủng Hộ Quỹ Vắc Xin", "Ung Ho Quy Vac Xin") == "Ủng Hộ Quỹ Vắc Xin"
        # A note that is not the code's purpose is not printed: the code's own text is.
        assert printed_purpose("Trả nợ", "Ung Ho Quy Vac Xin") == "Ung Ho Quy Vac Xin"
        assert printed_purpose(None, "Ung Ho") == "Ung Ho"
    cut = make(client, purpose="Chúc mừng hạnh phúc trăm năm 🎉", truncate=True).get_json()
    assert "🎉" not in cut["images"]["sign_png"] and "%F0%9F" not in cut["images"]["sign_png"]


def test_holder_name_on_the_sign_is_bounded(client: FlaskClient) -> None:
    assert_field_error(make(client, account_name="Nguyễn " * 10), "account_name")
    query = {"payload": VIETQR_IO_SAMPLE, "name": "x" * 51}
    assert_field_error(client.get("/api/v1/qr/sign.png", query_string=query), "name")


def test_text_longer_than_any_qr_code_is_refused_before_decoding(client: FlaskClient) -> None:
    response = client.post("/api/v1/qr/decode", json={"payload": "0002010102" + "9" * 5000})
    assert_field_error(response, "payload")
    assert "4296" in response.get_json()["errors"]["payload"][0]


# ---- limits: one constant in the core, read by schema, form and service -------------------


def test_border_beyond_the_renderers_limit_is_a_422_not_a_500(client: FlaskClient) -> None:
    from app.render import BORDER_MAX

    query = {"payload": VIETQR_IO_SAMPLE, "border": BORDER_MAX + 2}
    response = client.get("/api/v1/qr/image.png", query_string=query)
    assert_field_error(response, "border")
    ok = client.get("/api/v1/qr/image.png", query_string={**query, "border": BORDER_MAX})
    assert ok.status_code == 200 and decode_png(ok.data) == VIETQR_IO_SAMPLE


def test_a_code_too_big_for_the_size_asked_is_a_422_naming_size(client: FlaskClient) -> None:
    from app.render import BORDER_MAX, PNG_SIZE_MIN

    query = {"payload": VIETQR_IO_SAMPLE, "size": PNG_SIZE_MIN, "border": BORDER_MAX}
    assert_field_error(client.get("/api/v1/qr/image.png", query_string=query), "size")


def test_the_document_states_the_cores_limits(client: FlaskClient) -> None:
    from app.render import BORDER_MAX, PNG_SIZE_MAX

    spec = client.get("/api/v1/openapi.json").get_json()
    parameters = {
        p["name"]: p for p in spec["paths"]["/api/v1/qr/image.{fmt}"]["get"]["parameters"]
    }
    assert parameters["border"]["schema"]["maximum"] == BORDER_MAX
    assert parameters["size"]["schema"]["maximum"] == PNG_SIZE_MAX


# ---- one domain error ------------------------------------------------------------------------


def test_core_refusals_become_domain_errors_with_numbers(client: FlaskClient) -> None:
    from app.codes.schemas import CodeRequest
    from app.codes.services import make_code
    from app.errors import DomainError

    with client.application.test_request_context(headers={"Cookie": "lang=vi"}):
        with pytest.raises(DomainError) as caught:
            make_code(CodeRequest(bank="ICB", account="113366668888", purpose="x" * 31))
    error = caught.value
    assert (error.code, error.field, error.status) == ("codes.purpose.too_long", "purpose", 422)
    assert error.params == {"got": 31, "most": 25}
    assert error.detail == "got 31 characters, at most 25 allowed"
    with client.application.test_request_context():
        assert "(đang có 31, tối đa 25)" in error.message


def test_every_core_error_code_is_known() -> None:
    from app.render import RenderError
    from app.vietqr import PayloadError

    with pytest.raises(ValueError, match="unknown payload error code"):
        PayloadError("amount", "x", code="nonsense")
    with pytest.raises(ValueError, match="unknown render error code"):
        RenderError("size", "x", code="nonsense")


def test_the_codes_messages_render_with_the_params_their_errors_carry(client: FlaskClient) -> None:
    from app.codes.messages import MESSAGES

    params = {"got": 31, "most": 25, "least": 1, "allowed": "a, b", "size": 8, "candidates": "A"}
    with client.application.test_request_context():
        for code, template in MESSAGES.items():
            assert code.startswith("codes.")
            text = str(template) % params
            assert "%(" not in text, code
    generic = [code for code in MESSAGES if code.count(".") == 1]
    with client.application.test_request_context():
        for code in generic:  # a field's rule fits any refusal of it: it needs no params
            assert str(MESSAGES[code]) % {} == str(MESSAGES[code]), code


def test_decode_answer_is_dumped_from_the_decoded_code(client: FlaskClient) -> None:
    body = client.post("/api/v1/qr/decode", json={"payload": "hello"}).get_json()
    assert body["valid"] is False
    for key in ("account", "amount", "purpose", "service", "merchant_name", "bank"):
        assert key in body and body[key] is None
    tags = client.post("/api/v1/qr/decode", json={"payload": VIETQR_IO_SAMPLE}).get_json()["tags"]
    merchant = next(tag for tag in tags if tag["tag"] == "38")
    assert merchant["children"][0] == {"tag": "00", "value": "A000000727", "children": []}
