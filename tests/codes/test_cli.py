"""`flask qr …` and `flask banks …`."""

from __future__ import annotations

import json
from pathlib import Path

import zxingcpp
from flask import Flask
from flask.testing import FlaskCliRunner
from PIL import Image

SAMPLE = (
    "00020101021238560010A0000007270126000697041501121133666688880208QRIBFTTA5303704"
    "5405790005802VN62220818Ung Ho Quy Vac Xin63043ACF"
)
# Source and licence: tests/data/README.md.
REFERENCE = Path(__file__).resolve().parents[1] / "data" / "banks-vietqr-io.json"


def test_encode_prints_the_payload_and_writes_files(runner: FlaskCliRunner, tmp_path: Path) -> None:
    png, pdf = tmp_path / "c.png", tmp_path / "s.pdf"
    result = runner.invoke(
        args=[
            "qr",
            "encode",
            "--bank",
            "ICB",
            "--account",
            "113366668888",
            "--amount",
            "79000",
            "--purpose",
            "Ung Ho Quy Vac Xin",
            "--png",
            str(png),
            "--pdf",
            str(pdf),
        ]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == SAMPLE
    assert [r.text for r in zxingcpp.read_barcodes(Image.open(png))] == [SAMPLE]
    assert pdf.read_bytes().startswith(b"%PDF")


def test_encode_writes_a_gift_sign_with_its_title(runner: FlaskCliRunner, tmp_path: Path) -> None:
    pdf = tmp_path / "s.pdf"
    args = ["qr", "encode", "--bank", "ICB", "--account", "113366668888", "--pdf", str(pdf)]
    result = runner.invoke(args=[*args, "--title", "Mừng cưới Lan & Minh", "--headline", "wedding"])
    assert result.exit_code == 0, result.output
    data = pdf.read_bytes()
    plain = runner.invoke(args=args)
    assert plain.exit_code == 0 and pdf.read_bytes() != data
    bad = runner.invoke(args=[*args, "--headline", "party"])
    assert bad.exit_code != 0 and "headline" in bad.output
    long = runner.invoke(args=[*args, "--title", "x" * 81])
    assert long.exit_code != 0 and "title" in long.output


def test_encode_refuses_bad_input(runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["qr", "encode", "--bank", "ICB", "--account", "1", "--amount", "50,000"]
    )
    assert result.exit_code != 0 and "amount" in result.output


def test_decode(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(args=["qr", "decode", SAMPLE])
    assert result.exit_code == 0 and "valid: yes" in result.output and "VietinBank" in result.output
    bad = runner.invoke(args=["qr", "decode", SAMPLE[:-1] + "0"])
    assert bad.exit_code == 1 and "bad_crc" in bad.output
    png = tmp_path / "c.png"
    runner.invoke(
        args=["qr", "encode", "--bank", "ICB", "--account", "113366668888", "--png", str(png)]
    )
    photo = runner.invoke(args=["qr", "decode", "--image", str(png), "--json"])
    assert photo.exit_code == 0 and json.loads(photo.output)["account"] == "113366668888"


def test_banks_list(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["banks", "list"])
    assert result.exit_code == 0 and "970415" in result.output and "Liobank" in result.output


def test_banks_update(runner: FlaskCliRunner, app: Flask, tmp_path: Path) -> None:
    app.instance_path = str(tmp_path)
    app.extensions.pop("quet.banks", None)
    data = json.loads(REFERENCE.read_text(encoding="utf-8"))
    data["banks"] = [b for b in data["banks"] if b["bin"] != "970415"]
    source = tmp_path / "vietqr-io-banks.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(args=["banks", "update", str(source)])
    assert result.exit_code == 0, result.output
    assert "- 970415" in result.output
    assert (tmp_path / "banks.json").exists()
    listed = runner.invoke(args=["banks", "list"])
    assert "970415" not in listed.output


def test_banks_update_refuses_garbage(runner: FlaskCliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert runner.invoke(args=["banks", "update", str(bad)]).exit_code != 0
    empty = tmp_path / "empty.json"
    empty.write_text('{"banks": []}', encoding="utf-8")
    assert runner.invoke(args=["banks", "update", str(empty)]).exit_code != 0


def test_encode_loads_through_the_api_schema(runner: FlaskCliRunner) -> None:
    too_long = runner.invoke(
        args=["qr", "encode", "--bank", "ICB", "--account", "1", "--name", "A" * 60]
    )
    assert too_long.exit_code != 0 and "account_name" in too_long.output
    small = runner.invoke(
        args=["qr", "encode", "--bank", "ICB", "--account", "1", "--png", "x.png", "--size", "5"]
    )
    assert small.exit_code != 0 and "size" in small.output
