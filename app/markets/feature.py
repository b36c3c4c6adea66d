"""What the markets feature contributes: its pages and API, what its refusals say and what its
audit entries mean."""

from flask_babel import lazy_gettext as _l

from app.feature import AuditLabels, Feature
from app.markets import resources, routes
from app.markets.messages import MESSAGES

FEATURE = Feature(
    "markets",
    pages=routes.bp,
    api=resources.blp,
    messages=MESSAGES,
    audit_labels=AuditLabels(
        entities={
            "market": _l("Chợ"),
            "stall": _l("Sạp"),
            "cashless_street": _l("Tuyến phố không dùng tiền mặt"),
            "vendor": _l("Tiểu thương"),
            "vendor_account": _l("Tài khoản nhận tiền"),
            "participation_step": _l("Bước tham gia"),
            "recognition_criterion": _l("Tiêu chí Chợ 4.0"),
            "market_recognition": _l("Công nhận Chợ 4.0"),
        },
        actions={"delete": _l("Xoá")},
    ),
)
