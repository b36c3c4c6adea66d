"""The reports feature's page blueprint and API blueprint; each part's module adds its views."""

from flask import Blueprint

from app.api_blueprint import Blueprint as ApiBlueprint

bp = Blueprint("reports", __name__, template_folder="templates")

blp = ApiBlueprint(
    "reports_api",
    __name__,
    url_prefix="",
    tag="Báo cáo / Reports",
    description="Chỉ tiêu theo địa bàn, theo tháng, số liệu nhập, báo cáo định kỳ và chỉ tiêu "
    "kế hoạch. / Indicators by locality and month, entered figures, periodic reports and targets.",
)
