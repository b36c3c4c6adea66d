"""vietqr.io-compatible quick links: /qr/<bank>-<account>-<template>.<fmt>."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from app.render import symbol
from app.vietqr import decode_payload

SAMPLE = (
    "00020101021238560010A0000007270126000697041501121133666688880208QRIBFTTA5303704"
    "5405790005802VN62220818Ung Ho Quy Vac Xin63043ACF"
)
SIZES = {"compact": (540, 540), "compact2": (540, 640), "qr_only": (480, 480), "print": (600, 776)}
QUERY = {"amount": "79000", "addInfo": "Ung Ho Quy Vac Xin", "accountName": "NGUYEN VAN A"}


@pytest.mark.parametrize("template", sorted(SIZES))
@pytest.mark.parametrize("bank", ["970415", "ICB", "Vietinbank"])
def test_png_templates_carry_the_same_code_as_vietqr_io(
    client: FlaskClient, template: str, bank: str
) -> None:
    response = client.get(f"/qr/{bank}-113366668888-{template}.png", query_string=QUERY)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "image/png"
    image = Image.open(io.BytesIO(response.data))
    assert image.size == SIZES[template]
    results = zxingcpp.read_barcodes(image)
    assert [r.text for r in results] == [SAMPLE]


@pytest.mark.parametrize(
    ("fmt", "mimetype", "magic"),
    [
        ("jpg", "image/jpeg", b"\xff\xd8"),
        ("svg", "image/svg+xml", b"<"),
        ("pdf", "application/pdf", b"%PDF"),
    ],
)
def test_other_formats(client: FlaskClient, fmt: str, mimetype: str, magic: bytes) -> None:
    response = client.get(f"/qr/ICB-113366668888-print.{fmt}", query_string=QUERY)
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert response.data.lstrip().startswith(magic)


def test_jpg_decodes(client: FlaskClient) -> None:
    response = client.get("/qr/ICB-113366668888-qr_only.jpg", query_string=QUERY)
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.data)))
    assert [r.text for r in results] == [SAMPLE]


def test_revalidation_is_304(client: FlaskClient) -> None:
    url = "/qr/ICB-113366668888-compact.png"
    first = client.get(url, query_string=QUERY)
    second = client.get(url, query_string=QUERY, headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 304
    assert second.headers["ETag"] == first.headers["ETag"]


def test_template_may_be_left_out(client: FlaskClient) -> None:
    assert client.get("/qr/ICB-113366668888.png").status_code == 200


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/qr/NOPE-113366668888-compact.png", "bank"),
        ("/qr/ICB-113366668888-fancy.png", "template"),
        ("/qr/ICB-12345678901234567890-compact.png", "account"),
        ("/qr/ICB-113366668888-compact.png?amount=50.000", "amount"),
        ("/qr/ICB-113366668888-compact.png?amount=0", "amount"),
        ("/qr/ICB-113366668888-compact.png?addInfo=" + "x" * 201, "purpose"),
    ],
)
def test_bad_quick_links_are_json_422(client: FlaskClient, url: str, field: str) -> None:
    response = client.get(url)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]


def test_malformed_quick_link_is_404(client: FlaskClient) -> None:
    response = client.get("/qr/a-b-c-d.png")
    assert response.status_code == 404
    assert response.get_json()["code"] == 404


def test_revalidation_neither_builds_nor_draws(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "/qr/ICB-113366668888-qr_only.png"
    etag = client.get(url, query_string=QUERY).headers["ETag"]

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a 304 must not build the payload")

    with monkeypatch.context() as patch:
        patch.setattr("app.codes.services.make_code", refuse)
        response = client.get(url, query_string=QUERY, headers={"If-None-Match": etag})
        assert response.status_code == 304
    other = client.get(
        url, query_string={**QUERY, "amount": "1000"}, headers={"If-None-Match": etag}
    )
    assert other.status_code == 200 and other.headers["ETag"] != etag


def test_quick_link_query_is_loaded_by_the_api_schema(client: FlaskClient) -> None:
    response = client.get(
        "/qr/ICB-113366668888-compact.png", query_string={"accountName": "A" * 51}
    )
    assert response.status_code == 422
    assert "account_name" in response.get_json()["errors"]


@pytest.mark.parametrize("encoder", ["zint", "zxing", "qrcode"])
@pytest.mark.parametrize(
    "url",
    [
        "/qr/ICB-113366668888-qr_only.png",
        "/qr/ICB-113366668888-qr_only.svg",
        "/qr/ICB-113366668888-compact.png",
        "/qr/ICB-113366668888-print.pdf",
        "/api/v1/qr/sign.png",
        "/api/v1/qr/sign.pdf",
    ],
)
def test_every_image_is_drawn_by_the_configured_encoder(
    client: FlaskClient, app: Flask, monkeypatch: pytest.MonkeyPatch, encoder: str, url: str
) -> None:
    """The encoder is part of the ETag, so it must be the one that draws (quick links and signs
    once used zxing-cpp whatever was configured)."""
    app.config["QR_ENCODER"] = encoder
    used: list[str] = []
    real = symbol._encode_cached.__wrapped__

    def spy(payload: str, chosen: str) -> symbol.Symbol:
        used.append(chosen)
        return real(payload, chosen)

    monkeypatch.setattr(symbol, "_encode_cached", spy)
    query = {"payload": SAMPLE} if url.startswith("/api/") else QUERY
    response = client.get(url, query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert used and set(used) == {encoder}


@pytest.mark.parametrize(
    ("add_info", "carried"),
    [
        ("Ủng hộ quỹ vắc xin phòng chống Covid-19 (đợt 2)", "Ung ho quy vac xin phong"),
        ("Đơn #123 / giá: 50%", "Don 123 gia 50"),
        ("Tiền điện tháng 11", "Tien dien thang 11"),
        ("x" * 30, "x" * 25),
        ("HD-2024.01_A", "HD-2024.01_A"),
    ],
)
@pytest.mark.parametrize("template", ["qr_only", "compact2"])
def test_quick_link_add_info_is_made_to_fit_as_vietqr_io_does(
    client: FlaskClient, template: str, add_info: str, carried: str
) -> None:
    """In an <img> tag a refusal is a broken image: addInfo is transliterated, characters a
    payload cannot carry are dropped and the text is cut at 25 characters."""
    response = client.get(
        f"/qr/ICB-113366668888-{template}.png",
        query_string={"amount": "79000", "addInfo": add_info},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    texts = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(response.data)))]
    assert len(texts) == 1
    decoded = decode_payload(texts[0])
    assert decoded.valid and decoded.code is not None
    assert decoded.code.purpose == carried


def test_the_json_api_stays_strict_about_the_purpose(client: FlaskClient) -> None:
    for purpose in ("x" * 30, "Đơn #123 / giá: 50%"):
        response = client.post(
            "/api/v1/qr", json={"bank": "ICB", "account": "113366668888", "purpose": purpose}
        )
        assert response.status_code == 422
        assert "purpose" in response.get_json()["errors"]
