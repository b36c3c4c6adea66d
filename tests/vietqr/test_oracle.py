"""Cross-check with independent decoders: npm vietnam-qr-pay 1.5.1 and promptparse 1.6.0.

Needs node and the packages installed once (node_modules is git-ignored)::

    npm install --prefix tests/vietqr/oracle

Skips with the reason when either is missing.
"""

import json
import random
import shutil
import string
import subprocess
from pathlib import Path
from typing import Any

import pytest

from app.vietqr import PaymentCode, build_payload, decode_payload, default_directory

from .vectors import GOLDEN

ORACLE = Path(__file__).parent / "oracle"
NODE = shutil.which("node")

pytestmark = [
    pytest.mark.skipif(NODE is None, reason="node is not installed"),
    pytest.mark.skipif(
        not (ORACLE / "node_modules" / "vietnam-qr-pay").is_dir()
        or not (ORACLE / "node_modules" / "promptparse").is_dir(),
        reason="oracle packages missing: run `npm install --prefix tests/vietqr/oracle`",
    ),
]


def oracle(payloads: list[str]) -> list[dict[str, Any]]:
    assert NODE is not None
    result = subprocess.run(
        [NODE, str(ORACLE / "oracle.js")],
        input=json.dumps(payloads),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    answers: list[dict[str, Any]] = json.loads(result.stdout)
    return answers


def sample_codes(count: int, seed: int = 20261129) -> list[PaymentCode]:
    rng = random.Random(seed)
    bins = [bank.bin for bank in default_directory()]
    safe = string.ascii_letters + string.digits + " -._"

    def text(limit: int) -> str | None:
        if rng.random() < 0.4:
            return None
        value = "".join(rng.choice(safe) for _ in range(rng.randint(1, limit))).strip()
        return value or None

    codes = []
    for _ in range(count):
        card = rng.random() < 0.2
        amount = rng.choice([None, rng.randint(1, 10**13 - 1), rng.randint(1000, 5_000_000)])
        account = (
            "".join(rng.choice(string.digits) for _ in range(rng.randint(16, 19)))
            if card
            else "".join(
                rng.choice(string.ascii_uppercase + string.digits)
                for _ in range(rng.randint(6, 19))
            )
        )
        codes.append(
            PaymentCode(
                bank_bin=rng.choice(bins),
                account=account,
                service="card" if card else "account",
                amount=amount,
                purpose=text(25),
                bill_number=text(25),
                reference=text(25),
                merchant_name=text(25),
                merchant_city=text(15),
                mcc=rng.choice([None, "0000", "5812"]),
            )
        )
    return codes


def test_oracle_reads_our_payloads_the_same_way() -> None:
    codes = [code for _, code in GOLDEN.values()] + sample_codes(200)
    payloads = [build_payload(code) for code in codes]
    for payload, code, seen in zip(payloads, codes, oracle(payloads), strict=True):
        ours = decode_payload(payload)
        assert ours.code is not None
        assert seen["isValid"] is True, payload
        assert seen["promptparseStrictOk"] is True, payload
        assert seen["rebuilt"] == payload
        assert seen["initMethod"] == ("11" if ours.initiation == "static" else "12")
        assert seen["guid"] == "A000000727"
        assert seen["service"] == ("QRIBFTTC" if code.service == "card" else "QRIBFTTA")
        assert seen["bankBin"] == ours.code.bank_bin
        assert seen["bankNumber"] == ours.code.account
        assert seen["amount"] == (None if ours.code.amount is None else str(ours.code.amount))
        assert (seen["currency"], seen["country"]) == ("704", "VN")
        assert seen["merchantName"] == ours.code.merchant_name
        assert seen["city"] == ours.code.merchant_city
        assert seen["billNumber"] == ours.code.bill_number
        assert seen["reference"] == ours.code.reference
        assert seen["purpose"] == ours.code.purpose


def test_oracle_agrees_on_bad_crcs() -> None:
    good = [build_payload(code) for code in sample_codes(30, seed=7)]
    tampered = [p[:-4] + ("0000" if p[-4:] != "0000" else "FFFF") for p in good]
    lowercase = [p[:-4] + p[-4:].lower() for p in good]
    answers = oracle(tampered + lowercase)
    for payload, seen in zip(tampered, answers[: len(tampered)], strict=True):
        assert seen["isValid"] is False
        assert decode_payload(payload).valid is False
    for payload, seen in zip(lowercase, answers[len(tampered) :], strict=True):
        assert seen["isValid"] is True
        assert decode_payload(payload).valid is True
