"""The topics community teams work on, as the admin's list starts (seeded by migration 0013's
data step and by `flask demo load` when absent). Pure data: no Flask, no database.

Each topic names what a person gets from it (`outcome`): the thing an activity counts and an
indicator ("teams.outcome_<code>") rolls up.
"""

from __future__ import annotations

from typing import Final, NamedTuple


class SeedTopic(NamedTuple):
    code: str
    name: str
    outcome: str


SEED_TOPICS: Final = (
    SeedTopic("vneid", "Định danh điện tử VNeID (Đề án 06)", "tài khoản VNeID được kích hoạt"),
    SeedTopic(
        "dvc_account", "Tài khoản dịch vụ công trực tuyến", "tài khoản dịch vụ công được tạo"
    ),
    SeedTopic("dvc_file", "Hồ sơ dịch vụ công trực tuyến", "hồ sơ dịch vụ công được nộp"),
    SeedTopic("mobile_money", "Mobile Money", "tài khoản Mobile Money được mở"),
    SeedTopic("e_wallet", "Ví điện tử (MoMo, ZaloPay, ViettelMoney)", "ví điện tử được mở"),
    SeedTopic(
        "digital_bank", "Ngân hàng số / tài khoản thanh toán", "tài khoản thanh toán được mở"
    ),
    SeedTopic("e_health", "Sổ sức khỏe điện tử", "sổ sức khỏe điện tử được kích hoạt"),
    SeedTopic(
        "ecommerce",
        "Bán hàng trên sàn thương mại điện tử",
        "hộ được đưa lên sàn thương mại điện tử",
    ),
    SeedTopic(
        "cashless_campaign",
        "Thanh toán không dùng tiền mặt (chiến dịch)",
        "người được hướng dẫn thanh toán không dùng tiền mặt",
    ),
)
SEED_CODES: Final = tuple(topic.code for topic in SEED_TOPICS)
