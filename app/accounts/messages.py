"""What the accounts feature's refusals say: error code → translatable message (the codes its
services raise as `DomainError`s), registered through `app.accounts.feature.FEATURE`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

MESSAGES: Mapping[str, Any] = {
    "accounts.email_invalid": _l("Địa chỉ email không hợp lệ."),
    "accounts.email_taken": _l("Email này đã có tài khoản. Hãy đăng nhập."),
    "accounts.password_too_short": _l("Mật khẩu cần ít nhất %(n)d ký tự."),
    "accounts.password_wrong": _l("Mật khẩu hiện tại không đúng."),
    "accounts.role_unknown": _l("Vai trò không tồn tại: %(role)s"),
    "accounts.role_by_invitation": _l("Vai trò này chỉ được cấp qua lời mời."),
    "accounts.role_needs_locality": _l("Vai trò này cần một địa bàn."),
    "accounts.role_without_locality": _l("Vai trò này không gắn với địa bàn."),
    "accounts.role_not_found": _l("Không có vai trò này."),
    "accounts.role_out_of_reach": _l("Vai trò này nằm ngoài phạm vi bạn quản lý."),
    "accounts.last_admin": _l("Không thể thu hồi quyền quản trị cuối cùng."),
    "accounts.users_forbidden": _l("Chỉ quản trị viên và cán bộ địa bàn quản lý người dùng."),
    "accounts.invitation_role": _l("Chỉ mời được cán bộ hoặc người xem của một địa bàn."),
    "accounts.locality_required": _l("Hãy chọn địa bàn."),
    "accounts.locality_out_of_reach": _l("Địa bàn này nằm ngoài phạm vi bạn quản lý."),
    "accounts.invitation_other_email": _l(
        "Lời mời này dành cho %(email)s; hãy đăng nhập bằng email đó."
    ),
    "accounts.token_name_required": _l("Hãy đặt tên cho mã truy cập."),
    "accounts.token_name_too_long": _l("Tên dài nhất %(n)d ký tự."),
    "accounts.token_not_found": _l("Không có mã truy cập này."),
    "accounts.phone_invalid": _l(
        "Số điện thoại không hợp lệ. Ví dụ: 0912 345 678 hoặc +84 912 345 678."
    ),
    "accounts.phone_taken": _l("Số điện thoại này đã có tài khoản. Hãy đăng nhập."),
    "accounts.email_or_phone_required": _l("Hãy nhập email hoặc số điện thoại (ít nhất một)."),
    "accounts.own_role": _l(
        "Bạn không thể tự thu hồi vai trò của mình. Hãy nhờ một cán bộ hoặc quản trị viên khác."
    ),
    "accounts.invitation_not_found": _l("Không có lời mời này."),
    "accounts.invitation_already_accepted": _l("Lời mời này đã được nhận, không rút lại được."),
    "accounts.invitation_closed": _l("Lời mời này đã được rút lại hoặc đã hết hạn."),
    "accounts.user_not_found": _l("Không có người dùng này."),
    "accounts.reset_own": _l(
        "Bạn không tự cấp đường dẫn đặt lại mật khẩu cho mình; hãy đổi mật khẩu ở trang tài khoản."
    ),
    "accounts.reset_out_of_reach": _l(
        "Chỉ quản trị viên, hoặc cán bộ quản lý mọi địa bàn của người này, cấp được đường dẫn "
        "đặt lại mật khẩu cho họ."
    ),
}
