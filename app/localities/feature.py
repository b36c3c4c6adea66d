"""What the localities feature contributes: the locality pages and API, `flask localities`,
what its error codes say and what its audit entries mean."""

from flask_babel import lazy_gettext as _l

from app.feature import AuditLabels, Feature
from app.localities import resources, routes
from app.localities.cli import localities_cli
from app.localities.messages import MESSAGES

FEATURE = Feature(
    "localities",
    pages=routes.bp,
    api=resources.blp,
    commands=(localities_cli,),
    messages=MESSAGES,
    audit_labels=AuditLabels(
        entities={"locality": _l("Địa bàn"), "localities": _l("Danh mục địa bàn")},
        actions={
            "move": _l("Chuyển"),
            "import": _l("Nhập dữ liệu"),
            "retire": _l("Ngừng dùng"),
            "restore": _l("Khôi phục"),
        },
    ),
)
