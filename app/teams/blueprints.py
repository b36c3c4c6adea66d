"""The teams feature's page blueprint and API blueprint; each part's module adds its views."""

from flask import Blueprint

from app.api_blueprint import Blueprint as ApiBlueprint

bp = Blueprint("teams", __name__, template_folder="templates")

blp = ApiBlueprint(
    "teams_api",
    __name__,
    url_prefix="",
    tag="Tổ công nghệ số / Community teams",
    description="Tổ công nghệ số cộng đồng, thành viên, hoạt động, chủ đề và mô hình điểm. / "
    "Community digital-technology teams, members, activities, topics and pilot models.",
)
