"""REST API of the accounts feature: /me, /tokens, /users, /invitations.

Every endpoint needs a signed-in user: a bearer token (`Authorization: Bearer quet_…`) for
scripts, or the session cookie (plus `X-CSRFToken` on unsafe methods) for the browser. Views
return the objects; the response schemas dump them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, cast

from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest.pagination import PaginationParameters

from app.accounts import services
from app.accounts.models import ApiToken, Invitation, User
from app.accounts.routes import invitation_url, reset_url
from app.accounts.schemas import (
    InvitationCreateSchema,
    InvitationSchema,
    MeSchema,
    OpenInvitationSchema,
    PasswordResetIssuedSchema,
    TokenCreatedSchema,
    TokenCreateSchema,
    TokenSchema,
    UserListQuerySchema,
    UserSchema,
)
from app.api_blueprint import Blueprint
from app.api_docs import SIGNED_IN, answers
from app.localities.tree import get_locality

blp = Blueprint(
    "accounts_api",
    __name__,
    tag="Tài khoản / Accounts",
    description="Người dùng đang đăng nhập, mã truy cập API, người dùng, lời mời, đường dẫn đặt "
    "lại mật khẩu. / The signed-in user, API tokens, users, invitations, password reset links.",
)


@dataclass(frozen=True)
class ShownOnce:
    """A new row and what this one answer shows beside it (a token's secret, an invitation's
    link); the row's own fields are read through it."""

    row: Any
    shown_once: str

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.row, name)


@blp.route("/me")
class Me(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, security=SIGNED_IN)
    @blp.response(200, MeSchema)
    def get(self) -> User:
        """Tôi / Me

        Người dùng đang đăng nhập và các vai trò (mã truy cập có đúng các vai trò này).

        The signed-in user and their roles (a token acts with exactly these roles)."""
        return cast(User, current_user._get_current_object())


@blp.route("/tokens")
class Tokens(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, security=SIGNED_IN)
    @blp.response(200, TokenSchema(many=True))
    def get(self) -> list[ApiToken]:
        """Mã truy cập của tôi / My API tokens

        Mới nhất trước; mã bí mật không bao giờ hiện lại.

        My API tokens, newest first (the secrets are never shown again)."""
        return services.tokens_of(current_user)

    @answers(blp, 400, 401, 413, 422, security=SIGNED_IN)
    @blp.arguments(TokenCreateSchema)
    @blp.response(201, TokenCreatedSchema)
    def post(self, data: dict[str, Any]) -> ShownOnce:
        """Tạo mã truy cập / Create an API token

        Câu trả lời chứa mã bí mật, lần duy nhất nó được hiện.

        Create a token; the response holds its secret, the only time it is shown."""
        return ShownOnce(*services.create_token(current_user, data["name"]))


@blp.route("/tokens/<int:token_id>")
class TokenDetail(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 404, 422, security=SIGNED_IN)
    @blp.response(204)
    def delete(self, token_id: int) -> None:
        """Thu hồi mã truy cập / Revoke an API token

        Mã ngừng hoạt động ngay.

        Revoke one of my tokens; it stops working at once."""
        services.revoke_token(current_user, token_id)


@blp.route("/users")
class Users(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 422, security=SIGNED_IN)
    @blp.arguments(UserListQuerySchema, location="query")
    @blp.response(200, UserSchema(many=True))
    @blp.paginate(page_size=200, max_page_size=200)
    def get(
        self, query: dict[str, Any], pagination_parameters: PaginationParameters
    ) -> list[services.ScopedUser]:
        """Người dùng / Users

        Quản trị viên: mọi người dùng. Cán bộ: người dùng có vai trò trong địa bàn của mình (chỉ các
        vai trò đó). Theo email; chia trang bằng `page` và `page_size` (header X-Pagination).

        Admins: every user. Officers: users with roles inside their subtree (those roles). By email;
        paginated by `page` and `page_size` (metadata in the X-Pagination header)."""
        found = services.users_in_scope(
            cast(User, current_user._get_current_object()),
            query["q"],
            offset=pagination_parameters.first_item,
            limit=pagination_parameters.page_size,
        )
        pagination_parameters.item_count = found.total
        return found.items


@blp.route("/users/<int:user_id>/password-reset")
class UserPasswordReset(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 404, 409, 422, security=SIGNED_IN)
    @blp.response(201, PasswordResetIssuedSchema)
    def post(self, user_id: int) -> ShownOnce:
        """Cấp đường dẫn đặt lại mật khẩu / Issue a password reset link

        Cấp một đường dẫn dùng một lần cho người quên mật khẩu; chỉ chuyển cho đúng người đó (dùng
        được một lần, trong 24 giờ, và kết thúc mọi phiên đăng nhập của tài khoản).

        Issue a one-time password reset link for someone who lost their password (admins:
        anyone else; officers: people whose every officer or viewer role lies in their subtree,
        admins excepted). Pass the returned `url` on to that person only; it works once, for 24
        hours, and using it ends every session of the account."""
        actor = services.require_user_manager(current_user)
        reset, secret = services.issue_password_reset(actor, user_id)
        return ShownOnce(reset, reset_url(secret))


@blp.route("/invitations")
class Invitations(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 422, security=SIGNED_IN)
    @blp.response(200, OpenInvitationSchema(many=True))
    @blp.paginate(page_size=100, max_page_size=100)
    def get(self, pagination_parameters: PaginationParameters) -> list[Invitation]:
        """Lời mời đang chờ / Waiting invitations

        Các lời mời đang chờ mà tôi được rút lại (quản trị: tất cả; cán bộ: lời mời cho địa bàn
        thuộc phạm vi của mình), hết hạn sớm nhất trước; chia trang.

        The invitations still waiting that I may withdraw (admins: all; officers: those for
        a locality in their subtree), the soonest to expire first; paginated."""
        waiting = services.open_invitations(cast(User, current_user._get_current_object()))
        pagination_parameters.item_count = len(waiting)
        first = pagination_parameters.first_item
        return waiting[first : first + pagination_parameters.page_size]

    @answers(blp, 400, 401, 403, 404, 409, 413, 422, security=SIGNED_IN)
    @blp.arguments(InvitationCreateSchema)
    @blp.response(201, InvitationSchema)
    def post(self, data: dict[str, Any]) -> ShownOnce:
        """Mời người dùng / Invite someone

        Mời một người làm cán bộ hoặc người xem của một địa bàn thuộc quyền mình. Không có máy chủ
        thư: hãy tự gửi `url` trả về cho người được mời.

        Invite someone as officer or viewer of a locality inside my subtree. There is no mail
        server: pass the returned `url` on to the person yourself."""
        locality = get_locality(data["locality_id"])
        invitation, secret = services.invite(current_user, data["email"], data["role"], locality)
        return ShownOnce(invitation, invitation_url(secret))


@blp.route("/invitations/<int:invitation_id>")
class InvitationDetail(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 404, 409, 422, security=SIGNED_IN)
    @blp.response(204)
    def delete(self, invitation_id: int) -> None:
        """Rút lại lời mời / Withdraw an invitation

        Rút lại một lời mời đang chờ: đường dẫn hết dùng được ngay (có ghi nhật ký).

        Withdraw a waiting invitation: its link stops working at once (audited)."""
        actor = services.require_user_manager(current_user)
        services.withdraw_invitation(actor, invitation_id)
