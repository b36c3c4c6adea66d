"""The check page's verdict: a bad code says, big and red, not to pay; a good one who is paid."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient, FlaskCliRunner

from app.vietqr import encode_tlv, payload_crc

SAMPLE = (
    "00020101021238560010A0000007270126000697041501121133666688880208QRIBFTTA5303704"
    "5405790005802VN62220818Ung Ho Quy Vac Xin63043ACF"
)


def seal(fields: list[tuple[str, str]]) -> str:
    body = encode_tlv(fields) + "6304"
    return body + payload_crc(body)


def check(client: FlaskClient, payload: str) -> str:
    response = client.post("/kiem-tra", data={"payload": payload})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def result(html: str) -> str:
    """The result section, from its opening tag to its end."""
    return html[html.index('id="result"') : html.index("</section>")]


def shown(html: str) -> str:
    """What a person sees without opening a toggle: the result without its <details>."""
    return re.sub(r"<details.*?</details>", "", result(html), flags=re.S)


def causes(html: str) -> list[str]:
    block = re.search(r'<ul class="causes">(.*?)</ul>', html, re.S)
    assert block is not None
    return [re.sub(r"\s+", " ", li).strip() for li in re.findall(r"<li>(.*?)</li>", block[1], re.S)]


def test_a_bad_code_says_not_to_pay_and_hides_its_payee(client: FlaskClient) -> None:
    html = check(client, SAMPLE[:-1] + "E")
    visible = shown(html)
    assert "verdict-do_not_pay" in html
    assert "Đừng trả tiền theo mã này" in visible and "Mã có lỗi" in visible
    assert causes(html) == ["Mã kiểm tra (CRC) sai: mã đã bị sửa hoặc chép thiếu."]
    assert "Mã hợp lệ" not in html
    # bank, account and amount are only behind the "not to be trusted" toggle
    for fact in ("113366668888", "79.000 đ", "VietinBank"):
        assert fact not in visible
    untrusted = re.search(r'<details class="untrusted">(.*?)</details>', html, re.S)
    assert untrusted is not None
    assert "113366668888" in untrusted[1] and "không đáng tin" in untrusted[1]
    # the technical English line is behind its own toggle
    assert "the CRC is 'E' " not in visible
    technical = re.search(r'<details class="technical">(.*?)</details>', html, re.S)
    assert technical is not None and "the content gives" in technical[1]


@pytest.mark.parametrize(
    ("text", "cause"),
    [
        ("hello", "Đây không phải mã thanh toán."),
        (
            "https://zalo.me/0912345678",
            "Đây là một đường link (zalo.me), không phải mã thanh toán.",
        ),
        (
            seal(
                [
                    ("00", "01"),
                    ("01", "11"),
                    ("29", encode_tlv([("00", "A000000677010111"), ("01", "0066812345678")])),
                    ("53", "764"),
                    ("58", "TH"),
                ]
            ),
            "Đây là mã thanh toán của nước khác (TH): ứng dụng ngân hàng Việt Nam không trả "
            "được mã này.",
        ),
    ],
)
def test_text_that_is_no_code_says_so_once(client: FlaskClient, text: str, cause: str) -> None:
    html = check(client, text)
    assert "Đừng trả tiền theo mã này" in shown(html)
    assert causes(html) == [cause]
    assert "Mã có lỗi" not in html  # it is not a faulty code: it is no code at all
    assert "Thiếu một trường bắt buộc" not in html
    assert 'class="untrusted"' not in html


def test_a_cut_code_reports_the_cut_only(client: FlaskClient) -> None:
    html = check(client, SAMPLE[:60])
    assert causes(html) == [
        "Mã bị cắt cụt sau 60 ký tự: phần cuối, cả mã kiểm tra, đã mất (thường do chép hoặc "
        "chụp thiếu)."
    ]
    assert html.count('class="badge bad"') == 1


def test_a_good_code_shows_who_is_paid(client: FlaskClient) -> None:
    html = check(client, SAMPLE)
    visible = shown(html)
    assert "verdict-pay" in html and "Mã hợp lệ" in visible and "Tiền sẽ chuyển đến:" in visible
    for fact in ("VietinBank", "113366668888", "79.000 đ", "Ung Ho Quy Vac Xin"):
        assert fact in visible
    assert "Đừng trả tiền" not in html


def test_a_good_code_with_a_note_keeps_the_green_verdict(client: FlaskClient) -> None:
    lowercase = SAMPLE[:-4] + SAMPLE[-4:].lower()
    visible = shown(check(client, lowercase))
    assert "Mã hợp lệ" in visible and "Lưu ý" in visible
    assert "Mã kiểm tra viết chữ thường" in visible


def test_another_providers_code_asks_to_check_the_payee(client: FlaskClient) -> None:
    merchant = encode_tlv([("00", "A000000775"), ("01", "0105314287")])
    payload = seal([("00", "01"), ("01", "11"), ("26", merchant), ("53", "704"), ("58", "VN")])
    visible = shown(check(client, payload))
    assert "Xem kỹ người nhận trước khi trả" in visible and "VNPAY-QR" in visible
    assert "Mã hợp lệ" not in visible and "Đừng trả tiền" not in visible


def test_the_verdict_in_english(client: FlaskClient) -> None:
    client.get("/lang/en")
    html = check(client, "https://zalo.me/0912345678")
    assert "Do not pay with this code" in html
    assert causes(html) == ["This is a link (zalo.me), not a payment code."]
    html = check(client, SAMPLE[:60])
    assert causes(html) == [
        "The code is cut off after 60 characters: its end, checksum included, is missing "
        "(usually an incomplete copy or photo)."
    ]
    visible = shown(check(client, SAMPLE))
    assert "The money goes to:" in visible and "Technical details" in html


def test_the_api_answer_carries_the_verdict(client: FlaskClient) -> None:
    body = client.post("/api/v1/qr/decode", json={"payload": SAMPLE[:60]}).get_json()
    assert body["valid"] is False and body["verdict"] == "do_not_pay"
    assert body["summary"].startswith("Do not pay: the payload is cut off after 60 characters")
    assert body["defects"] == [
        {
            "tag": "38",
            "code": "truncated",
            "severity": "error",
            "message": body["defects"][0]["message"],
            "params": {"position": 60},
        }
    ]
    good = client.post("/api/v1/qr/decode", json={"payload": SAMPLE}).get_json()
    assert good["verdict"] == "pay"
    assert good["summary"] == "Pays 79000 VND to account 113366668888 at VietinBank"


def test_the_command_line_prints_the_verdict(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["qr", "decode", "hello"])
    assert result.exit_code == 1
    assert "verdict: Do not pay: this is not a payment code" in result.output
    assert [line for line in result.output.splitlines() if line.startswith("error ")] == [
        "error [-] not_a_code: this is not a payment code: the text 'hello' is not an EMVCo "
        "payload (which begins with '000201')"
    ]


def test_no_code_is_not_called_a_faulty_code(client: FlaskClient) -> None:
    assert "chỉ chuyển tiền theo mã VietQR" in shown(check(client, "hello"))
    assert "chỉ chuyển tiền theo mã VietQR" not in check(client, SAMPLE[:60])
