"""Golden payloads from the research notes (§1.6), each verified in two independent decoders."""

from app.vietqr import PaymentCode

#: name → (payload, what it says). Whole strings, CRC included.
GOLDEN: dict[str, tuple[str, PaymentCode]] = {
    "acb_static": (
        "00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA"
        "53037045802VN6304AE9F",
        PaymentCode("970416", "257678859", initiation="static"),
    ),
    "acb_dynamic_purpose": (
        "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA"
        "53037045405100005802VN62150811Chuyen tien630453E6",
        PaymentCode(
            "970416", "257678859", amount=10000, purpose="Chuyen tien", initiation="dynamic"
        ),
    ),
    "vietqr_io_sample": (
        "00020101021238560010A0000007270126000697041501121133666688880208QRIBFTTA"
        "53037045405790005802VN62220818Ung Ho Quy Vac Xin63043ACF",
        PaymentCode(
            "970415",
            "113366668888",
            amount=79000,
            purpose="Ung Ho Quy Vac Xin",
            initiation="dynamic",
        ),
    ),
    "napas_card": (
        "00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC"
        "53037045802VN63044F52",
        PaymentCode("970403", "9704031101234567", service="card", initiation="static"),
    ),
    "napas_dynamic_bill_purpose": (
        "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA"
        "530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E",
        PaymentCode(
            "970403",
            "0011012345678",
            amount=180000,
            bill_number="NPS6869",
            purpose="thanh toan don hang",
            initiation="dynamic",
        ),
    ),
    # The notes quote only the tail "...53037045802VN63049E6F" of the NAPAS static example; the
    # head is the same beneficiary as the dynamic example above, and the CRC 9E6F confirms it.
    "napas_static": (
        "00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA"
        "53037045802VN63049E6F",
        PaymentCode("970403", "0011012345678", initiation="static"),
    ),
    "account_14_digits_crc_leading_zero": (
        "00020101021138580010A000000727012800069704070114190304136010180208QRIBFTTA"
        "53037045802VN63040283",
        PaymentCode("970407", "19030413601018", initiation="static"),
    ),
    "odoo_mcc_name_city": (
        "00020101021238590010A0000007270129000697042201156607040600001290208QRIBFTTA"
        "52040000530370454031005802VN5914company_1_data6007Vietnam62150811INVTEST0001"
        "63042656",
        PaymentCode(
            "970422",
            "660704060000129",
            amount=100,
            purpose="INVTEST0001",
            merchant_name="company_1_data",
            merchant_city="Vietnam",
            initiation="dynamic",
            mcc="0000",
        ),
    ),
}
