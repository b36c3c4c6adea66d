"""The two pages of the codes feature, through the test client."""

from __future__ import annotations

import io
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

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
    assert 'id="e-f-amount"' in html and "không viết 50.000" in html
    assert 'aria-invalid="true"' in html


def test_home_errors_in_english(client: FlaskClient) -> None:
    client.get("/lang/en")
    html = client.post("/", data={"bank": "Nowhere Bank", "account": "1"}).get_data(as_text=True)
    assert 'id="e-f-bank"' in html and "bank" in html.lower()
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
    assert 'id="e-f-image"' in html and "không phải là ảnh" in html
    html = client.post("/kiem-tra", data={"payload": ""}).get_data(as_text=True)
    assert 'id="e-f-payload"' in html


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
    assert 'id="e-f-account_name"' in html and "tối đa 50 ký tự" in html


def _errors(html: str) -> dict[str, str]:
    """The error shown beside each field, by the field's input id."""
    return dict(re.findall(r'<p class="error" id="e-(f-\w+)" role="alert">([^<]*)</p>', html))


def test_home_shows_every_error_at_once_keeping_the_input(client: FlaskClient) -> None:
    typed = {
        "bank": "Nowhere Bank",
        "account": "12$34",
        "account_name": "A" * 60,
        "amount": "50.000",
        "purpose": "Chúc mừng 🎉",
    }
    html = client.post("/", data=typed).get_data(as_text=True)
    errors = _errors(html)
    assert set(errors) == {"f-bank", "f-account", "f-account_name", "f-amount", "f-purpose"}
    assert "không viết 50.000" in errors["f-amount"]
    assert "tối đa 50 ký tự" in errors["f-account_name"]
    assert html.count('aria-invalid="true"') == 5
    for name in ("account", "amount"):
        assert f'value="{typed[name]}"' in html
    assert 'value="' + "A" * 50 + '"' in html  # cut to its length, not thrown away
    assert 'id="result"' not in html


def test_home_refuses_empty_bank_and_account_in_vietnamese(client: FlaskClient) -> None:
    errors = _errors(client.post("/", data={"bank": " ", "account": ""}).get_data(as_text=True))
    assert errors == {
        "f-bank": "Chọn ngân hàng nhận tiền.",
        "f-account": "Nhập số tài khoản (hoặc số thẻ) nhận tiền.",
    }


def test_an_ambiguous_bank_offers_the_candidates_to_pick(client: FlaskClient) -> None:
    typed = {"bank": "Ngân hàng", "account": "113366668888", "amount": "79000"}
    html = client.post("/", data=typed).get_data(as_text=True)
    assert "Tên này khớp với nhiều ngân hàng" in _errors(html)["f-bank"]
    picks = re.findall(r'name="bank_pick" value="(\d{6})" data-name="([^"]+)"', html)
    assert len(picks) == 8 and ("970425", "ABBANK") in picks
    # Picking one (no script needed) makes the code with everything else as typed.
    html = client.post("/", data={**typed, "bank_pick": "970415"}).get_data(as_text=True)
    assert 'id="result"' in html and "79.000 đ" in html
    assert "970415" in html and 'value="VietinBank"' in html
    assert "bank_pick" not in html


def test_a_misspelt_bank_offers_the_close_one(client: FlaskClient) -> None:
    html = client.post("/", data={"bank": "Vietcombak", "account": "1"}).get_data(as_text=True)
    assert re.findall(r'name="bank_pick" value="(\d{6})"', html)[0] == "970436"


def test_the_kinds_of_code_are_named_for_a_vendor(client: FlaskClient) -> None:
    html = client.post("/", data={"bank": "ICB", "account": "113366668888"}).get_data(as_text=True)
    assert "Mã để người trả tự nhập số tiền" in html and "biển dán ở quầy" in html
    assert "một lần" not in html and "Mã tĩnh" not in html
    html = client.post(
        "/", data={"bank": "ICB", "account": "113366668888", "amount": "50000"}
    ).get_data(as_text=True)
    assert "Mã có số tiền cố định" in html and "một lần" not in html


def test_the_result_offers_the_quick_link_and_its_buttons(client: FlaskClient) -> None:
    html = client.post(
        "/",
        data={
            "bank": "VietinBank",
            "account": "113366668888",
            "amount": "79000",
            "purpose": "Ủng hộ quỹ vắc xin",
            "account_name": "Nguyễn Văn A",
        },
    ).get_data(as_text=True)
    found = re.search(r'id="quick-link" type="text" value="([^"]+)"', html)
    assert found is not None
    link = urlsplit(unescape(found.group(1)))
    assert link.path == "/qr/970415-113366668888-compact2.png"
    assert parse_qs(link.query) == {
        "amount": ["79000"],
        "addInfo": ["Ung ho quy vac xin"],
        "accountName": ["Nguyễn Văn A"],
    }
    # The copy and share buttons wait for the script to show them (no script: just the link).
    assert re.search(r'<button type="button" class="secondary" data-copy="[^>]* hidden>', html)
    assert re.search(r'<button type="button" data-share-url="[^>]* hidden>', html)
    # The quick link draws the same code the page shows.
    image = client.get(f"{link.path}?{link.query}")
    assert image.status_code == 200 and image.mimetype == "image/png"


def test_the_title_line_goes_to_the_sign(client: FlaskClient) -> None:
    html = client.post(
        "/", data={"bank": "ICB", "account": "113366668888", "title": "Bún bò cô Ba"}
    ).get_data(as_text=True)
    signs = re.findall(r'(/api/v1/qr/sign\.(?:png|pdf)\?[^"]+)', html)
    assert len(signs) == 4
    for sign in signs:
        assert parse_qs(urlsplit(unescape(sign)).query)["title"] == ["Bún bò cô Ba"]
    assert client.get(unescape(signs[0])).status_code == 200
    html = client.post(
        "/", data={"bank": "ICB", "account": "113366668888", "title": "x" * 81}
    ).get_data(as_text=True)
    assert "tối đa 80 ký tự" in _errors(html)["f-title"]


def test_the_form_posts_to_the_result(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert 'action="/#result"' in html


def test_a_field_the_form_refused_shows_that_refusal_only(client: FlaskClient) -> None:
    html = client.post(
        "/", data={"bank": "ICB", "account": "113366668888", "amount": "1" * 40}
    ).get_data(as_text=True)
    assert html.count('id="e-f-amount"') == 1  # not also the service's view of the cut value
    assert _errors(html)["f-amount"] == "Quá dài: tối đa 32 ký tự."
