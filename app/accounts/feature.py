"""What the accounts feature contributes: sign-up, login, account and user pages, the accounts
API, `flask users`, sessions and bearer tokens (set up explicitly), and the access policy."""

from flask_babel import lazy_gettext as _l

from app.accounts import auth, resources, routes
from app.accounts.cli import users_cli
from app.accounts.messages import MESSAGES
from app.feature import AuditLabels, Feature

FEATURE = Feature(
    "accounts",
    pages=routes.bp,
    api=resources.blp,
    commands=(users_cli,),
    messages=MESSAGES,
    audit_labels=AuditLabels(
        entities={
            "role_assignment": _l("Vai trò"),
            "invitation": _l("Lời mời"),
            "password_reset": _l("Đặt lại mật khẩu"),
        },
        actions={
            "grant": _l("Cấp vai trò"),
            "revoke": _l("Thu hồi vai trò"),
            "invite": _l("Mời"),
            "accept": _l("Nhận lời mời"),
            "withdraw": _l("Rút lại lời mời"),
            "request_reset": _l("Yêu cầu đường dẫn qua email"),
            "issue_reset": _l("Cấp đường dẫn đặt lại"),
            "use_reset": _l("Đặt mật khẩu mới"),
        },
    ),
    setup=auth.init_app,
)
