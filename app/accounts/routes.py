"""Pages of the accounts feature: sign-up, login, logout, account (password, tokens), users,
invitations. Views are thin: a form validates, one service call acts, a template renders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms.fields import SelectChoice

from app.accounts import mail, services
from app.accounts.forms import (
    AcceptInvitationForm,
    ConfirmForm,
    ContactForm,
    ForgotPasswordForm,
    InviteForm,
    LoginForm,
    PasswordChangeForm,
    ResetPasswordForm,
    SelfRolesForm,
    SignupForm,
    TokenForm,
)
from app.accounts.models import User, hash_secret, phone_for_people
from app.errors import DomainError
from app.extensions import limiter
from app.forms import show_beside
from app.localities.tree import get_locality
from app.redirects import local_path

bp = Blueprint("accounts", __name__, template_folder="templates")

#: Login attempts: per address and login (guessing one account), and per address (spraying).
LOGIN_LIMITS = "5 per minute;20 per hour"
LOGIN_LIMITS_PER_ADDRESS = "60 per hour"
#: "Forgot password" requests: per address and login (mail bombing one person), per address.
RESET_REQUEST_LIMITS = "3 per 15 minutes;10 per day"
RESET_REQUEST_LIMITS_PER_ADDRESS = "20 per hour"
Page = str | tuple[str, int] | WerkzeugResponse | tuple[WerkzeugResponse, int]


def _login_key() -> str:
    """The address and the login typed (an email or a phone number however it is written)."""
    return f"{get_remote_address()}|{services.login_key(request.form.get('email', ''))}"


def _log_in(user: User, *, remember: bool = False) -> None:
    """Open a new server-side login session for this browser and set its cookies."""
    services.start_session(user, remember=remember, user_agent=request.user_agent.string)
    login_user(user, remember=remember)


def _submit[T](form: FlaskForm, fallback: str, action: Callable[[], T]) -> tuple[T | None, int]:
    """Validate `form`, then let the service `action` act: (its result, 200); otherwise (None,
    the status of the page that says why: 422 for invalid input, the refusal's own status), the
    service's refusal shown beside its field (or `fallback`), the input kept."""
    if not form.validate_on_submit():
        return None, 422 if form.errors else 200
    try:
        return action(), 200
    except DomainError as error:
        show_beside(form, error, fallback)
        return None, error.status


def _flash_conflict[T](action: Callable[[], T]) -> T | None:
    """Let the service `action` act on the users page: its result, or None when it refused with
    a conflict (409, e.g. the last admin), said in a flash message. Other refusals (unknown: 404,
    out of reach: 403) raise on to an error page."""
    try:
        return action()
    except DomainError as error:
        if error.status != 409:
            raise
        flash(error.message, "error")
        return None


def _public_url(endpoint: str, **values: Any) -> str:
    """A link to hand out: under PUBLIC_BASE_URL when set, else this host."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return str(base).rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, **values, _external=True)


def invitation_url(secret: str) -> str:
    """The invitation link to pass on (invitations are not mailed)."""
    return _public_url("accounts.accept_invitation", token=secret)


def reset_url(secret: str) -> str:
    """The password reset link (mailed, or passed on by the officer who issued it)."""
    return _public_url("accounts.reset_password", token=secret)


def _no_store(response: Any) -> WerkzeugResponse:
    """Pages that show a secret once must not be cached or leak through the Referer."""
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return cast(WerkzeugResponse, response)


# ---- sign-up, login, logout -----------------------------------------------------------------


@bp.route("/dang-ky", methods=["GET", "POST"])
def signup() -> Page:
    """Create an account; vendors and hosts tick their role here."""
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = SignupForm()
    user, status = _submit(
        form,
        "email",
        lambda: services.sign_up(
            form.email.data,
            form.name.data or "",
            form.password.data,
            form.ticked_roles(),
            phone=form.phone.data,
        ),
    )
    if user is not None:
        _log_in(user)
        flash(_("Chào mừng bạn đến với Quét! Tài khoản đã được tạo."), "success")
        return redirect(url_for("accounts.account"))
    return render_template("accounts/signup.html", form=form), status


@bp.route("/dang-nhap", methods=["GET", "POST"])
@limiter.limit(
    LOGIN_LIMITS,
    key_func=_login_key,
    methods=["POST"],
    error_message=lambda: _(
        "Bạn đã thử đăng nhập quá nhiều lần. Vui lòng chờ một lúc rồi thử lại."
    ),
)
@limiter.limit(
    LOGIN_LIMITS_PER_ADDRESS,
    methods=["POST"],
    error_message=lambda: _(
        "Có quá nhiều lần đăng nhập từ địa chỉ này. Vui lòng chờ một lúc rồi thử lại."
    ),
)
def login() -> Page:
    """Sign in with an email or a phone number and the password; `next` may only be a path on
    this site."""
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if current_user.is_authenticated and request.method == "GET":
        return redirect(local_path(form.next.data, url_for("accounts.account")))
    failed = False
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            _log_in(user, remember=bool(form.remember.data))
            return redirect(local_path(form.next.data, url_for("accounts.account")))
        failed = True
    status = 401 if failed else (422 if form.errors else 200)
    return render_template("accounts/login.html", form=form, failed=failed), status


@bp.errorhandler(429)
def too_many_attempts(error: Any) -> tuple[str, int]:
    return render_template("accounts/rate_limited.html", message=error.description), 429


@bp.post("/dang-xuat")
def logout() -> WerkzeugResponse:
    """Sign out (a POST with the CSRF token, so no other site can sign you out): the login
    session ends on the server, so neither cookie of this browser works again."""
    if current_user.is_authenticated:
        services.end_session(current_user)
    logout_user()
    flash(_("Bạn đã đăng xuất."), "success")
    return redirect(url_for("accounts.login"))


@bp.post("/tai-khoan/dang-xuat-moi-noi")
@login_required
def logout_everywhere() -> WerkzeugResponse:
    """End every login session of this account, on every device (this one included)."""
    ended = services.end_all_sessions(current_user)
    logout_user()
    flash(
        _("Đã đăng xuất khỏi %(n)d phiên trên mọi thiết bị. Hãy đăng nhập lại.", n=ended),
        "success",
    )
    return redirect(url_for("accounts.login"))


# ---- forgotten passwords ---------------------------------------------------------------------


def _reset_request_key() -> str:
    return f"{get_remote_address()}|{services.login_key(request.form.get('email', ''))}"


@bp.route("/quen-mat-khau", methods=["GET", "POST"])
@limiter.limit(
    RESET_REQUEST_LIMITS,
    key_func=_reset_request_key,
    methods=["POST"],
    error_message=lambda: _("Bạn đã yêu cầu quá nhiều lần. Vui lòng chờ một lúc rồi thử lại."),
)
@limiter.limit(
    RESET_REQUEST_LIMITS_PER_ADDRESS,
    methods=["POST"],
    error_message=lambda: _(
        "Có quá nhiều yêu cầu từ địa chỉ này. Vui lòng chờ một lúc rồi thử lại."
    ),
)
def forgot_password() -> Page:
    """Ask for a reset link by mail (when mail is configured). The answer is the same whether
    the account exists or not; without mail, the page says who can issue a link."""
    form = ForgotPasswordForm()
    mail_on = services.mail_configured()
    if not mail_on or not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("accounts/forgot.html", form=form, mail_on=mail_on), status
    found = services.request_password_reset(form.email.data)
    response = make_response(render_template("accounts/forgot.html", form=form, sent=True))
    if found is not None:
        user, secret = found
        hours = int(services.RESET_MAIL_LIFETIME.total_seconds() // 3600)
        message = mail.reset_mail(user.email or "", user.display_name, reset_url(secret), hours)
        mail.send_after_response(response, message)
    return _no_store(response)


@bp.route("/dat-lai-mat-khau/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> Page:
    """Set a new password through a one-time link; every session of the account ends."""
    reset = services.find_password_reset(token)
    if reset is None:
        return _no_store(render_template("accounts/reset_invalid.html")), 404
    form = ResetPasswordForm()
    user, status = _submit(
        form, "password", lambda: services.reset_password(reset, form.password.data)
    )
    if user is not None:
        if current_user.is_authenticated and current_user.id == user.id:
            logout_user()
        flash(_("Đã đặt mật khẩu mới và đăng xuất mọi phiên cũ. Hãy đăng nhập."), "success")
        return redirect(url_for("accounts.login"))
    return _no_store(render_template("accounts/reset.html", form=form, user=reset.user)), status


# ---- the account page -----------------------------------------------------------------------


def _account_page(
    *,
    password_form: PasswordChangeForm | None = None,
    token_form: TokenForm | None = None,
    contact_form: ContactForm | None = None,
    new_token: str | None = None,
    status: int = 200,
) -> tuple[str, int]:
    user = cast(User, current_user)
    roles_form = SelfRolesForm(formdata=None)
    if contact_form is None:
        contact_form = ContactForm(
            formdata=None,
            data={"email": user.email or "", "phone": phone_for_people(user.phone or "")},
        )
    return render_template(
        "accounts/account.html",
        user=user,
        contact_form=contact_form,
        phone_shown=phone_for_people(user.phone or ""),
        password_form=password_form or PasswordChangeForm(formdata=None),
        token_form=token_form or TokenForm(formdata=None),
        roles_form=roles_form,
        tokens=services.tokens_of(user),
        login_sessions=services.open_sessions(user),
        current_session_hash=hash_secret(user.session_secret or ""),
        device_label=services.device_label,
        new_token=new_token,
        role_label=services.role_label,
    ), status


@bp.get("/tai-khoan")
@login_required
def account() -> Page:
    """Profile, roles, password change and API tokens."""
    return _account_page()


@bp.post("/tai-khoan/mat-khau")
@login_required
def change_password() -> Page:
    form = PasswordChangeForm()
    user, status = _submit(
        form,
        "new_password",
        lambda: services.change_password(
            current_user, form.current_password.data, form.new_password.data
        ),
    )
    if user is not None:
        _log_in(user)  # every session ended: this browser gets a new one
        flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất."), "success")
        return redirect(url_for("accounts.account"))
    return _account_page(password_form=form, status=status)


@bp.post("/tai-khoan/lien-he")
@login_required
def update_contact() -> Page:
    """Change the email and phone number this account signs in with."""
    form = ContactForm()
    user, status = _submit(
        form,
        "email",
        lambda: services.update_contact(
            current_user, form.email.data, form.phone.data, form.password.data
        ),
    )
    if user is not None:
        flash(_("Đã lưu email và số điện thoại."), "success")
        return redirect(url_for("accounts.account"))
    return _account_page(contact_form=form, status=status)


@bp.post("/tai-khoan/vai-tro")
@login_required
def self_roles() -> Page:
    """Add the self-service roles: vendor (tiểu thương), host (người tổ chức sự kiện)."""
    form = SelfRolesForm()
    if form.validate_on_submit():
        for role in form.ticked_roles():
            services.add_self_service_role(current_user, role)
        flash(_("Đã cập nhật vai trò."), "success")
    return redirect(url_for("accounts.account"))


@bp.post("/tai-khoan/ma-truy-cap")
@login_required
def create_token() -> Page:
    """Create an API token; its secret is shown on this response only."""
    form = TokenForm()
    created, status = _submit(
        form, "name", lambda: services.create_token(current_user, form.name.data)
    )
    if created is not None:
        _token, secret = created
        return _no_store(_account_page(new_token=secret, status=201))
    return _account_page(token_form=form, status=status)


@bp.post("/tai-khoan/ma-truy-cap/<int:token_id>/thu-hoi")
@login_required
def revoke_token(token_id: int) -> WerkzeugResponse:
    token = services.revoke_token(current_user, token_id)
    flash(_("Đã thu hồi mã truy cập “%(name)s”.", name=token.name), "success")
    return redirect(url_for("accounts.account"))


# ---- user management and invitations ---------------------------------------------------------


def _users_page(
    actor: User,
    invite_form: InviteForm,
    *,
    invitation_link: str | None = None,
    reset_link: tuple[User, str] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    locality_search = request.args.get("dia_ban", "")
    choices = services.manageable_localities(actor, locality_search)
    invite_form.locality.choices = [SelectChoice(0, _("— Chọn địa bàn —"))] + [
        SelectChoice(loc.id, loc.known_as) for loc in choices
    ]
    return render_template(
        "accounts/users.html",
        users=services.users_in_scope(actor, request.args.get("q", "")).items,
        invite_form=invite_form,
        invitation_link=invitation_link,
        reset_link=reset_link,
        invitations=services.open_invitations(actor),
        locality_search=locality_search,
        role_label=services.role_label,
        can_revoke=lambda assignment: services.can_revoke(actor, assignment),
        can_issue_reset=lambda user: services.can_issue_reset(actor, user),
    ), status


@bp.get("/nguoi-dung")
@login_required
def users() -> Page:
    """Users with roles in my scope (admins: everyone) and the invitation form."""
    actor = services.require_user_manager(current_user)
    return _users_page(actor, InviteForm(formdata=None))


@bp.post("/nguoi-dung/moi")
@login_required
def invite() -> Page:
    """Invite an email as officer or viewer of a locality inside my subtree."""
    actor = services.require_user_manager(current_user)
    form = InviteForm()
    form.locality.choices = None  # checked by the service (scope), not by a choice list
    form.locality.validate_choice = False
    created, status = _submit(
        form,
        "email",
        lambda: services.invite(
            actor, form.email.data, form.role.data, get_locality(form.locality.data)
        ),
    )
    if created is not None:
        invitation, secret = created
        flash(
            _(
                "Đã tạo lời mời cho %(email)s. Hãy gửi đường dẫn dưới đây cho họ "
                "(hết hạn sau 7 ngày, dùng một lần).",
                email=invitation.email,
            ),
            "success",
        )
        return _no_store(
            _users_page(
                actor,
                InviteForm(formdata=None),
                invitation_link=invitation_url(secret),
                status=201,
            )
        )
    return _users_page(actor, form, status=status)


@bp.post("/nguoi-dung/vai-tro/<int:assignment_id>/thu-hoi")
@login_required
def revoke_role(assignment_id: int) -> WerkzeugResponse:
    actor = services.require_user_manager(current_user)
    removed = _flash_conflict(lambda: services.revoke_role(actor, assignment_id))
    if removed is not None:
        flash(
            _(
                "Đã thu hồi vai trò %(role)s của %(email)s.",
                role=services.role_label(removed["role"]),
                email=removed["user"],
            ),
            "success",
        )
    return redirect(url_for("accounts.users"))


@bp.post("/nguoi-dung/loi-moi/<int:invitation_id>/rut-lai")
@login_required
def withdraw_invitation(invitation_id: int) -> WerkzeugResponse:
    """Withdraw a waiting invitation: its link stops working."""
    actor = services.require_user_manager(current_user)
    invitation = _flash_conflict(lambda: services.withdraw_invitation(actor, invitation_id))
    if invitation is not None:
        flash(_("Đã rút lại lời mời gửi %(email)s.", email=invitation.email), "success")
    return redirect(url_for("accounts.users", _anchor="loi-moi-dang-cho"))


@bp.post("/nguoi-dung/<int:user_id>/dat-lai-mat-khau")
@login_required
def issue_password_reset(user_id: int) -> Page:
    """Issue a one-time reset link for someone in my reach, shown once to pass on."""
    actor = services.require_user_manager(current_user)
    issued = _flash_conflict(lambda: services.issue_password_reset(actor, user_id))
    if issued is None:
        return redirect(url_for("accounts.users"))
    reset, secret = issued
    return _no_store(
        _users_page(
            actor, InviteForm(formdata=None), reset_link=(reset.user, reset_url(secret)), status=201
        )
    )


@bp.route("/loi-moi/<token>", methods=["GET", "POST"])
def accept_invitation(token: str) -> Page:
    """Accept an invitation: set a password (new person) or attach the role (signed in)."""
    invitation = services.find_invitation(token)
    if invitation is None:
        return _no_store(render_template("accounts/invitation_invalid.html")), 404
    if current_user.is_authenticated:
        form: FlaskForm = ConfirmForm()
        assignment, status = _submit(
            form, "submit", lambda: services.accept_invitation(invitation, current_user)
        )
        if assignment is not None:
            flash(_("Bạn đã nhận vai trò mới."), "success")
            return redirect(url_for("accounts.account"))
        # Another email than the invited one (refused with a 403 when posted) says so.
        mode = "confirm" if current_user.email == invitation.email else "mismatch"
    elif services.get_user_by_email(invitation.email) is not None:
        form, mode, status = ConfirmForm(formdata=None), "login", 200
    else:
        form = AcceptInvitationForm()
        mode = "new"
        user, status = _submit(
            form,
            "password",
            lambda: services.accept_invitation_with_new_account(
                invitation, form.name.data or "", form.password.data
            ),
        )
        if user is not None:
            _log_in(user)
            flash(_("Chào mừng! Tài khoản của bạn đã được tạo với vai trò được mời."), "success")
            return redirect(url_for("accounts.account"))
    return _no_store(
        render_template(
            "accounts/invitation.html",
            invitation=invitation,
            form=form,
            mode=mode,
            role_label=services.role_label,
        )
    ), status
