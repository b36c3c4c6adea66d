"""The two pages of the codes feature, through the test client."""

from __future__ import annotations

import io

from flask.testing import FlaskClient

from app.render import render_png

SAMPLE = (
    "00020101021238560010A0000007270126000697041501121133666688880208QRIBFTTA5303704"
    "5405790005802VN62220818Ung Ho Quy Vac Xin63043ACF"
)


def test_home_form_lists_banks(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="vi">' in html
    assert "Tạo mã QR nhận tiền" in html
    assert 'list="bank-list"' in html and "VietinBank" in html


def test_home_makes_a_code_with_downloads(client: FlaskClient) -> None:
    response = client.post(
        "/",
        data={
            "bank": "VietinBank",
            "account": "113366668888",
            "amount": "79000",
            "purpose": "Ung Ho Quy Vac Xin",
            "account_name": "Nguyễn Văn A",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert SAMPLE in html
    assert "79.000 đ" in html
    for link in ("image.png", "image.svg", "sign.pdf", "page=A4", "sign.png"):
        assert link in html


def test_home_shows_the_error_beside_the_field(client: FlaskClient) -> None:
    response = client.post(
        "/", data={"bank": "VietinBank", "account": "113366668888", "amount": "50.000"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="e-amount"' in html and "không viết 50.000" in html
    assert 'aria-invalid="true"' in html


def test_home_errors_in_english(client: FlaskClient) -> None:
    client.get("/lang/en")
    html = client.post("/", data={"bank": "Nowhere Bank", "account": "1"}).get_data(as_text=True)
    assert 'id="e-bank"' in html and "bank" in html.lower()
    assert "Make a payment QR code" in html


def test_check_page_lists_defects_in_vietnamese(client: FlaskClient) -> None:
    html = client.post("/kiem-tra", data={"payload": SAMPLE[:-1] + "E"}).get_data(as_text=True)
    assert "Mã có lỗi" in html
    assert "Mã kiểm tra (CRC) sai" in html


def test_check_page_valid_code(client: FlaskClient) -> None:
    html = client.post("/kiem-tra", data={"payload": SAMPLE}).get_data(as_text=True)
    assert "Mã hợp lệ" in html and "113366668888" in html and "79.000 đ" in html


def test_check_page_photo(client: FlaskClient) -> None:
    data = {"payload": "", "image": (io.BytesIO(render_png(SAMPLE)), "code.png")}
    html = client.post("/kiem-tra", data=data, content_type="multipart/form-data").get_data(
        as_text=True
    )
    assert "Mã hợp lệ" in html


def test_check_page_bad_photo_and_empty_form(client: FlaskClient) -> None:
    data = {"image": (io.BytesIO(b"hello"), "x.png")}
    html = client.post("/kiem-tra", data=data, content_type="multipart/form-data").get_data(
        as_text=True
    )
    assert 'id="e-image"' in html and "không phải là ảnh" in html
    html = client.post("/kiem-tra", data={"payload": ""}).get_data(as_text=True)
    assert 'id="e-payload"' in html


@__import__("pytest").mark.app_config(WTF_CSRF_ENABLED=True)
def test_forms_need_the_csrf_token(client: FlaskClient) -> None:
    response = client.post("/", data={"bank": "ICB", "account": "1"})
    assert response.status_code == 400


def test_every_defect_code_has_a_vietnamese_message() -> None:
    from app.codes.messages import DEFECTS
    from app.vietqr import DEFECT_CODES

    assert set(DEFECT_CODES) == set(DEFECTS)


def test_home_refuses_an_overlong_holder_name_beside_the_field(client: FlaskClient) -> None:
    html = client.post(
        "/", data={"bank": "VietinBank", "account": "113366668888", "account_name": "A" * 60}
    ).get_data(as_text=True)
    assert 'id="e-account_name"' in html and "tối đa 50 ký tự" in html
