"""Realistic bank transfer descriptions, written after the shapes the project notes collected
(gifts-reconciliation.md §2.1): Vietcombank's ``MBVCB.<ref>.<ref2>.<text>.CT tu … toi …``,
internet banking's ``IBVCB.…``, NAPAS ``GD <ref>-<date> <time>`` suffixes, ``FT…`` ids, ACB's
``ACB;<account>;<text>``, MoMo's ``<txid>-<phone>-<text>``, ``IBFT``/``QR - <6 digits>`` prefixes,
text upper-cased with its diacritics stripped or kept, echoed twice, wrapped over lines.

The codes in POSITIVE were made by app.matching.new_code and are pinned: they are golden too (a
change to the alphabet or the check character breaks them, as it would break printed signs).
"""


def full_width(text: str) -> str:
    """``text`` in full-width forms, as some Asian input methods type it."""
    return "".join(chr(ord(character) + 0xFEE0) for character in text)


#: Descriptions with no code in them, including the rare texts where ``QT`` occurs by itself
#: (quỹ tín dụng, quốc tế).
NEGATIVE: list[str] = [
    "Mung cuoi",
    "MUNG CUOI",
    "Mừng cưới",
    "Mừng đám cưới Tuấn và Quỳnh, chúc hai bạn trăm năm hạnh phúc",
    "MBVCB.3278907687.5183947.MUNG CUOI ANH NAM CHI LAN.CT tu 0071000123456 NGUYEN VAN AN toi "
    "0451000987654 TRAN THI BICH tai Vietcombank",
    "IBVCB.MBVCB11518004.MUNG SINH NHAT CO HUYEN.CT tu 9704366801234011 LE THI HUYEN toi "
    "9704051234567017 PHAM VAN DUC tai Agribank MUNG SINH NHAT CO HUYEN",
    "MBVCB.4417208815.034521.chuyen tien.CT tu 1013456789 DO MINH KHOA toi 19035123456789 "
    "VU THI THU tai Techcombank",
    "NGUYEN VAN NAM chuyen tien GD 789604-040125 00:05:38",
    "TRAN THI MAI CHUYEN KHOAN GD 112233-311224 21:14:09",
    "FT26021234567890 TT tien hang",
    "FT24338912345678\\BNK:VCB\\TRAN VAN HUNG CK",
    "ACB;12345678;THANH TOAN TIEN RAU",
    "ACB;20456789;Tra tien ca thang 11",
    "123456789012-0912345678-mung tho ba noi",
    "MOMO 410203948576-0987654321-Li xi Tet cho chau",
    "QR - 123456 Thanh toan don hang",
    "QR - 998877 MUA RAU CHO BEN THANH",
    "IBFT NGUYEN THI HOA CK tien thue sap thang 11",
    "IBFT PHAM QUANG HUY chuyen tien mua hang",
    "IB TRAN QUOC TUAN thanh toan hoa don dien",
    "Chuyển tiền mua hàng chợ Bến Thành",
    "Thanh toán tiền thịt heo sạp 12 chợ Đông Ba",
    "TRAN VAN QUANG TRA TIEN CA",
    "HOANG THI THUY TRANG tra no",
    "Tiền phở sáng nay, cảm ơn cô",
    "Tra tien hu tieu 2 to",
    "Mua 2 kg cam sanh",
    "ck tien trai cay",
    "CK tiền điện tháng 10",
    "Tiền học thêm tháng 9 bé Na",
    "Ủng hộ Quỹ Vắc xin",
    "Ung ho dong bao mien Trung lu lut",
    "Đóng học phí HK1 2026 MSSV 20261234",
    "Thanh toan phi quan ly cho thang 12 sap 45 day B",
    "NOP PHI VE SINH CHO PHUONG AN HOI",
    "Chúc mừng tân gia anh Khải chị Quyên",
    "Mung tan gia nha chi Quyen",
    "Mừng thôi nôi bé Quỳnh Anh",
    "MUNG THO ONG NOI 80 TUOI",
    "Dam hoi Minh Thu - Quang Tung, chuc mung hai ban",
    "Nha trai mung dam cuoi Tuan Quynh",
    "Tien mung cuoi cua ban cu dai hoc Bach Khoa",
    "Chị Hạnh gửi tiền mừng cưới, chúc 2 em hạnh phúc",
    "QTDND Phu Xuan tra lai tien",
    "Quỹ TDND Phú Xuân chuyển trả lãi",
    "CKQT tu tai khoan 19035123456789 Techcombank",
    "PHI GD QT 2 USD",
    "THANH TOAN QUOC TE VISA 4123XXXXXXXX1234",
    "TT QT the tin dung THANG 11",
    "QT Tuan chuyen tien",
    "Anh Quoc Tuan gui",
    "NGUYEN QUOC THANG CHUYEN TIEN MUA CA",
    "Cô Quyết tiền rau",
    "SEPAY 12345 DH10293 thanh toan",
    "DH 20491 thanh toan don hang",
    "VQR303f2894 ce thanh toan",
    "V.QR303f2894ce",
    "P HAM DUC TUAN chuyen tien",
    "DU C HIEU CK",
    "Chuyen tien\nmua hang\ncho dem",
    "MBVCB.9988776655.112233.TIEN\nHANG THANG\n11.CT tu 0071000111222 LE VAN TAM toi "
    "0451000333444 NGO THI HA tai Vietcombank",
    "REM Tfr Ac: 1234567890 O@L_TRAN THI LAN_chuyen tien",
    "TKThe :0123456789, tai MB. NGUYEN VAN TUAN chuyen tien -CTLNHIDI000012345678901",
    "Payment for order #A1B2C3 via VNPAY-QR",
    "TIEN LI XI TET QUY MAO",
    "",
    "   ",
    "...---...",
]

#: Descriptions with codes in them, each mangled as banks and people do, and the codes expected.
POSITIVE: list[tuple[str, list[str]]] = [
    ("QTQX78PYRN", ["QTQX78PYRN"]),
    ("qtqx78pyrn", ["QTQX78PYRN"]),
    ("MBVCB.123.QT73928532.chuyen tien", ["QT73928532"]),
    (
        "MBVCB.3278907687.5183947.QT4C5Q836P.CT tu 0071000123456 NGUYEN VAN AN toi 0451000987654 "
        "TRAN THI BICH tai Vietcombank",
        ["QT4C5Q836P"],
    ),
    (
        "IBVCB.MBVCB11518004.QTA6YCH5T8 MUNG CUOI.CT tu 9704366801234011 LE THI HUYEN toi "
        "9704051234567017 PHAM VAN DUC tai Agribank QTA6YCH5T8 MUNG CUOI",
        ["QTA6YCH5T8"],
    ),
    ("ND:QTDC4MNP5DCT tu 0123", ["QTDC4MNP5D"]),
    ("qt 6eh 2ah ma", ["QT6EH2AHMA"]),
    ("QT.U829.2XDC chuyen tien", ["QTU8292XDC"]),
    ("QT-C35T-D36U", ["QTC35TD36U"]),
    ("THANH TOAN QT3CQ7E\nM5N GD 789604-040125 00:05:38", ["QT3CQ7EM5N"]),
    ("Mừng cưới QT6H2Y7QHX chúc hai bạn hạnh phúc", ["QT6H2Y7QHX"]),
    ("Mừng cướiQTEAQNE56Hchúc mừng", ["QTEAQNE56H"]),
    (full_width("QT5ET4U4XK"), ["QT5ET4U4XK"]),
    ("qt6yax738r", ["QT6YAX738R"]),
    ("QTĐNE7RNĐQ tiền rau", ["QTDNE7RNDQ"]),
    ("FT26021234567890QTQD83M4YN", ["QTQD83M4YN"]),
    ("ACB;12345678;QTR262PKMN", ["QTR262PKMN"]),
    ("123456789012-0912345678-QTPMXM7AA3 mung tho", ["QTPMXM7AA3"]),
    ("QR - 123456 QT4ECAC42P", ["QT4ECAC42P"]),
    ("IBFT QTXPNY9K9U NGUYEN THI HOA", ["QTXPNY9K9U"]),
    ("Tien hang QTK4QRDT3X va QTQ6XQM8KT", ["QTK4QRDT3X", "QTQ6XQM8KT"]),
    ("QTQ6XQM8KT QTK4QRDT3X QTQ6XQM8KT", ["QTQ6XQM8KT", "QTK4QRDT3X"]),
    ("q t p c 3 r y n t u", ["QTPC3RYNTU"]),
    ("Q\r\nT34PQU4MP", ["QT34PQU4MP"]),
    ("mua ca QT5X6UD75N", ["QT5X6UD75N"]),
    # One character wrong (typed from the sign): not found.
    ("MBVCB.123.QT73928533.chuyen tien", []),
    # Two neighbours swapped: not found.
    ("ND:QTDC4MNP5DCT tu 0123".replace("P5", "5P"), []),
    # A look-alike typed for a digit (S for 5): not found, never guessed.
    ("QT SET4U4XK", []),
]
