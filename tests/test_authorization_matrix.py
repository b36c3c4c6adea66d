"""The authorization matrix: every role against every endpoint, into commune A and commune B.

Every rule of `app.url_map` must be classified in POLICY below; a new endpoint without a
classification fails `test_every_endpoint_is_classified` with a message saying what to add.

World: province P with communes A and B (and hamlet H under A); users anonymous, plain user,
vendor, host, viewer of A, officer of A, officer of P, officer of B, admin.

Kinds (who is let through):
  public            everyone, anonymous included
  login             any signed-in user
  admin             admins
  officer-or-admin  admins and officers of any locality (user management, the audit log)
  manage-locality   admins and officers of the target locality or an ancestor
  view-locality     those, plus viewers of the target locality or an ancestor
  owner             signed-in users acting on their own record ("mine"); someone else's
                    record ("theirs") is refused with 403 or 404
  invitee           an invitation link: anonymous people (it creates their account) and the
                    signed-in person it is addressed to ("mine"); other signed-in people 403

Refusals: anonymous → 401 JSON (API) or a redirect to the login page with `next` (pages);
signed in → 403. Letting through means: not 401/403, no redirect to the login page, no 5xx
(a 404/422 about the input is fine: authorization passed).

To classify a new endpoint, add `"blueprint.endpoint": [Call(KIND, "METHOD", build), ...]`
where `build(world, target)` returns the request (path and optional data/json); locality kinds
are called with target "A" and "B", owner with "mine" and "theirs", the others with None.
"""

from __future__ import annotations

import io
import itertools
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask

from app.accounts import services as accounts
from app.accounts.models import User
from app.codes import services as codes
from app.codes.schemas import AccountDraft
from app.events.models import Contact, GiftEvent, GiftGiven, LedgerEntry, Wish
from app.extensions import db
from app.localities.models import Locality
from app.markets import checks as sign_checks
from app.markets import registration
from app.markets import services as markets
from app.markets.models import (
    CashlessStreet,
    Market,
    PrintJob,
    RecognitionCriterion,
    Vendor,
    VendorAccount,
)
from app.render import render_png
from app.reports import figures as period_figures
from app.reports import submissions as period_submissions
from app.reports import targets as period_targets
from app.reports.periods import Period
from app.teams import services as teams
from app.teams.models import ActivityTopic, PilotModel, Team, TeamActivity, TeamMember
from tests.factories import (
    PASSWORD,
    Places,
    make_event,
    make_guest,
    make_locality,
    make_user,
    sign_in,
)

ROLES = (
    "anonymous",
    "plain",
    "vendor",
    "host",
    "viewer_a",
    "officer_a",
    "officer_p",
    "officer_b",
    "admin",
)
OFFICERS = {"officer_a", "officer_p", "officer_b"}
MANAGERS = {"A": {"officer_a", "officer_p", "admin"}, "B": {"officer_b", "officer_p", "admin"}}
VIEWERS = {"A": MANAGERS["A"] | {"viewer_a"}, "B": MANAGERS["B"]}

_counter = itertools.count(1)


@dataclass
class World:
    places: Places
    users: dict[str, User | None]
    role: str = "anonymous"

    @property
    def user(self) -> User | None:
        return self.users[self.role]

    def locality(self, target: str) -> Locality:
        return self.places.commune_a if target == "A" else self.places.commune_b

    def stranger(self) -> User:
        return make_user(f"stranger{next(_counter)}@x.vn")


@dataclass
class Request:
    path: str
    data: dict[str, Any] | None = None
    json: Any = None


Build = Callable[[World, str | None], Request]


@dataclass(frozen=True)
class Call:
    kind: str
    method: str
    build: Build
    targets: tuple[str | None, ...] = field(default=())

    def all_targets(self) -> tuple[str | None, ...]:
        if self.targets:
            return self.targets
        if self.kind in ("manage-locality", "view-locality"):
            return ("A", "B")
        if self.kind in ("owner", "invitee"):
            return ("mine", "theirs")
        return (None,)


def path(url: str) -> Build:
    return lambda world, target: Request(url)


def at_locality(template: str, **extra: Any) -> Build:
    """A path with {id} = the target commune's id (and optional form data)."""

    def build(world: World, target: str | None) -> Request:
        assert target is not None
        return Request(template.format(id=world.locality(target).id), **extra)

    return build


# ---- builders for requests that need data -------------------------------------------------


def _hamlet_form(world: World, target: str | None) -> Request:
    assert target is not None
    name = f"Thôn Mới {next(_counter)}"
    return Request(
        f"/dia-ban/{world.locality(target).id}/them-thon", data={"name": name, "kind": "thon"}
    )


def _hamlet_csv(world: World, target: str | None) -> Request:
    assert target is not None
    content = f"tên,loại\nXóm {next(_counter)},thon\n".encode()
    return Request(
        f"/dia-ban/{world.locality(target).id}/nhap-thon",
        data={"file": (io.BytesIO(content), "thon.csv")},
    )


def _hamlet_confirm(world: World, target: str | None) -> Request:
    assert target is not None
    rows = [{"line": 1, "name": f"Xóm {next(_counter)}", "kind": "thon", "code": ""}]
    return Request(
        f"/dia-ban/{world.locality(target).id}/nhap-thon/xac-nhan", data={"rows": json.dumps(rows)}
    )


def _hamlet_api(world: World, target: str | None) -> Request:
    assert target is not None
    return Request(
        f"/api/v1/localities/{world.locality(target).id}/hamlets",
        json={"name": f"Ấp {next(_counter)}", "kind": "ap"},
    )


def _hamlet_api_import(world: World, target: str | None) -> Request:
    assert target is not None
    content = f"tên,loại\nẤp {next(_counter)},ap\n".encode()
    return Request(
        f"/api/v1/localities/{world.locality(target).id}/hamlets/import?dry_run=true",
        data={"file": (io.BytesIO(content), "ap.csv")},
    )


def _hamlet_of(world: World, target: str | None) -> Locality:
    """A new hamlet under the target commune (each call its own: changes do not pile up)."""
    assert target is not None
    return make_locality(f"Thôn Cũ {next(_counter)}", "hamlet", world.locality(target))


def _hamlet_page(action: str, **data: Any) -> Build:
    def build(world: World, target: str | None) -> Request:
        hamlet = _hamlet_of(world, target)
        extra = {k: (v(world, target) if callable(v) else v) for k, v in data.items()}
        return Request(f"/dia-ban/{hamlet.id}/{action}", data=extra or None)

    return build


def _hamlet_api_change(suffix: str = "", **body: Any) -> Build:
    def build(world: World, target: str | None) -> Request:
        hamlet = _hamlet_of(world, target)
        extra = {k: (v(world, target) if callable(v) else v) for k, v in body.items()}
        return Request(f"/api/v1/hamlets/{hamlet.id}{suffix}", json=extra)

    return build


def _own_commune(world: World, target: str | None) -> int:
    """The hamlet's own commune: a move there is allowed to whoever manages the hamlet."""
    return world.locality(target).id


def _invite_form(world: World, target: str | None) -> Request:
    assert target is not None
    return Request(
        "/nguoi-dung/moi",
        data={
            "email": f"moi{next(_counter)}@x.vn",
            "role": "viewer",
            "locality": str(world.locality(target).id),
        },
    )


def _invite_api(world: World, target: str | None) -> Request:
    assert target is not None
    return Request(
        "/api/v1/invitations",
        json={
            "email": f"moi{next(_counter)}@x.vn",
            "role": "viewer",
            "locality_id": world.locality(target).id,
        },
    )


def _revoke_role(world: World, target: str | None) -> Request:
    assert target is not None
    victim = make_user(f"victim{next(_counter)}@x.vn", ("viewer", world.locality(target)))
    return Request(f"/nguoi-dung/vai-tro/{victim.roles[0].id}/thu-hoi")


def _audit_filtered(prefix: str) -> Build:
    def build(world: World, target: str | None) -> Request:
        assert target is not None
        return Request(f"{prefix}?locality={world.locality(target).id}")

    return build


def _own_token(world: World, target: str | None) -> int:
    owner = world.user if target == "mine" and world.user is not None else world.stranger()
    token, _secret = accounts.create_token(owner, "matrix")
    return token.id


def _revoke_token_page(world: World, target: str | None) -> Request:
    return Request(f"/tai-khoan/ma-truy-cap/{_own_token(world, target)}/thu-hoi")


def _revoke_token_api(world: World, target: str | None) -> Request:
    return Request(f"/api/v1/tokens/{_own_token(world, target)}")


def _own_saved_account(world: World, target: str | None) -> int:
    owner = world.user if target == "mine" and world.user is not None else world.stranger()
    saved = codes.save_account(owner, AccountDraft(bank="ICB", account=str(next(_counter))))
    return saved.id


def _saved_account_page(world: World, target: str | None) -> Request:
    return Request(f"/?saved={_own_saved_account(world, target)}")


def _saved_account_api(world: World, target: str | None) -> Request:
    return Request(f"/api/v1/bank-accounts/{_own_saved_account(world, target)}", json={})


def _forget_saved_account(world: World, target: str | None) -> Request:
    return Request(f"/tai-khoan-ngan-hang/{_own_saved_account(world, target)}/xoa")


def _accept_invitation(world: World, target: str | None) -> Request:
    """An invitation for the acting person ("mine"; a new email for anonymous) or another."""
    inviter = world.users["admin"]
    assert inviter is not None
    me = world.user
    email = me.email if target == "mine" and me is not None else f"guest{next(_counter)}@x.vn"
    _invitation, secret = accounts.invite(inviter, email, "viewer", world.places.commune_a)
    return Request(f"/loi-moi/{secret}", data={"password": PASSWORD, "confirm": PASSWORD})


def _change_password(world: World, target: str | None) -> Request:
    return Request(
        "/tai-khoan/mat-khau",
        data={"current_password": PASSWORD, "new_password": "x" * 12, "confirm": "x" * 12},
    )


def _update_contact(world: World, target: str | None) -> Request:
    """The acting person's own email again (the world's logins stay as they are)."""
    email = world.user.email if world.user is not None else "x@x.vn"
    return Request("/tai-khoan/lien-he", data={"email": email, "phone": "", "password": PASSWORD})


def _waiting_invitation(world: World, target: str | None) -> int:
    inviter = world.users["admin"]
    assert inviter is not None and target is not None
    invitation, _secret = accounts.invite(
        inviter, f"cho{next(_counter)}@x.vn", "viewer", world.locality(target)
    )
    return invitation.id


def _withdraw_invitation_page(world: World, target: str | None) -> Request:
    return Request(f"/nguoi-dung/loi-moi/{_waiting_invitation(world, target)}/rut-lai")


def _withdraw_invitation_api(world: World, target: str | None) -> Request:
    return Request(f"/api/v1/invitations/{_waiting_invitation(world, target)}")


def _reset_victim(world: World, target: str | None) -> int:
    assert target is not None
    return make_user(f"quen{next(_counter)}@x.vn", ("viewer", world.locality(target))).id


def _issue_reset_page(world: World, target: str | None) -> Request:
    return Request(f"/nguoi-dung/{_reset_victim(world, target)}/dat-lai-mat-khau")


def _issue_reset_api(world: World, target: str | None) -> Request:
    return Request(f"/api/v1/users/{_reset_victim(world, target)}/password-reset")


def _reset_link(world: World, target: str | None) -> Request:
    """A reset link issued by an admin for someone else: the link is the credential."""
    admin = world.users["admin"]
    assert admin is not None
    _reset, secret = accounts.issue_password_reset(admin, world.stranger().id)
    new = "mat-khau-moi-du-dai"
    return Request(f"/dat-lai-mat-khau/{secret}", data={"password": new, "confirm": new})


# ---- markets: a market (with a stall, a vendor and an account) in the target commune --------


def _market(world: World, target: str | None) -> Market:
    assert target is not None
    admin = world.users["admin"]
    return markets.create_market(
        admin,
        {"name": f"Chợ {next(_counter)}", "locality_id": world.locality(target).id, "kind": "tam"},
    )


def _vendor(world: World, target: str | None) -> Vendor:
    market = _market(world, target)
    return markets.create_vendor(
        world.users["admin"], {"name": f"Cô {next(_counter)}", "market_id": market.id}
    )


def _account(world: World, target: str | None) -> VendorAccount:
    vendor = _vendor(world, target)
    return markets.add_account(
        world.users["admin"], vendor, {"bank": "970415", "number": "113366668888"}
    )


def _street(world: World, target: str | None) -> CashlessStreet:
    assert target is not None
    return markets.create_street(
        world.users["admin"],
        {"name": f"Phố {next(_counter)}", "locality_id": world.locality(target).id},
    )


def _criterion(world: World) -> RecognitionCriterion:
    return markets.add_criterion(world.users["admin"], {"name": f"Tiêu chí {next(_counter)}"})


def on_market(template: str, body: Callable[[World], Any] | None = None) -> Build:
    """A path with {id} = a new market's id in the target commune (and an optional JSON body)."""

    def build(world: World, target: str | None) -> Request:
        market = _market(world, target)
        return Request(template.format(id=market.id), json=body(world) if body else None)

    return build


def on_vendor(template: str, body: dict[str, Any] | None = None) -> Build:
    def build(world: World, target: str | None) -> Request:
        return Request(template.format(id=_vendor(world, target).id), json=body)

    return build


def _event(world: World, target: str | None) -> GiftEvent:
    """A gift event hosted by the caller ("mine") or by a stranger ("theirs", and whenever the
    caller is anonymous), with sides "Nhà trai" and "Nhà gái" and one guest of the first side."""
    user = world.user
    host = user if target == "mine" and user is not None else world.stranger()
    event = make_event(host, world.places.commune_a)
    make_guest(event)
    return event


def on_event(template: str, body: Callable[[GiftEvent], Any] | None = None) -> Build:
    """A path with {event} = a new event (the caller's or a stranger's), {side} = its first
    side, {guest} = its guest; the JSON body, when given, is built from the event."""

    def build(world: World, target: str | None) -> Request:
        event = _event(world, target)
        path = template.format(event=event, side=event.sides[0], guest=event.guests[0])
        return Request(path, json=body(event) if body else None)

    return build


def _event_form(
    template: str, data: dict[str, Any] | Callable[[GiftEvent], dict[str, Any]]
) -> Build:
    """A page path on a new event (as `on_event`) posting form data: `data` (copied), or built
    from the event (a page's form, a file)."""

    def build(world: World, target: str | None) -> Request:
        event = _event(world, target)
        path = template.format(event=event, side=event.sides[0], guest=event.guests[0])
        return Request(path, data=data(event) if callable(data) else dict(data))

    return build


def _new_event_form(world: World, target: str | None) -> Request:
    data = {
        "kind": "dam_cuoi",
        "title": f"Cưới {next(_counter)}",
        "locality_id": str(world.places.commune_a.id),
        "side_name": "Nhà trai",
    }
    return Request("/su-kien/moi", data=data)


def _new_event_api(world: World, target: str | None) -> Request:
    body = {
        "kind": "tan_gia",
        "title": f"Tân gia {next(_counter)}",
        "locality_id": world.places.commune_a.id,
        "sides": [{"name": "Gia đình"}],
    }
    return Request("/api/v1/events", json=body)


CEREMONY = "{side.ceremonies[0].id}"
_CEREMONY_FORM = {"name": "Tiệc cưới", "starts_at": "2026-10-18T11:00"}


def _wish(event: GiftEvent) -> Wish:
    wish = Wish(event=event, name="Bạn Hùng", message="Chúc mừng", public=True)
    db.session.add(wish)
    db.session.commit()
    return wish


def _wish_form(world: World, target: str | None) -> Request:
    event = _event(world, target)
    wish = _wish(event)
    return Request(f"/su-kien/{event.id}/loi-chuc", data={"wish": str(wish.id), "hidden": "1"})


def _wish_api(world: World, target: str | None) -> Request:
    event = _event(world, target)
    wish = _wish(event)
    return Request(f"/api/v1/events/{event.id}/wishes/{wish.id}", json={"hidden": True})


def _market_api(world: World, target: str | None) -> Request:
    assert target is not None
    body = {
        "name": f"Chợ {next(_counter)}",
        "locality_id": world.locality(target).id,
        "kind": "dem",
    }
    return Request("/api/v1/markets", json=body)


def _street_api(world: World, target: str | None) -> Request:
    assert target is not None
    body = {"name": f"Phố {next(_counter)}", "locality_id": world.locality(target).id}
    return Request("/api/v1/streets", json=body)


def _vendor_api(world: World, target: str | None) -> Request:
    market = _market(world, target)
    return Request("/api/v1/vendors", json={"name": "Chị Năm", "market_id": market.id})


def _stall_patch(world: World, target: str | None) -> Request:
    market = _market(world, target)
    stall = markets.add_stall(world.users["admin"], market, {"number": "1"})
    return Request(f"/api/v1/stalls/{stall.id}", json={"goods": "rau"})


def _street_at(template: str, body: dict[str, Any] | None = None) -> Build:
    def build(world: World, target: str | None) -> Request:
        return Request(template.format(id=_street(world, target).id), json=body)

    return build


def _account_at(template: str, body: dict[str, Any] | None = None) -> Build:
    def build(world: World, target: str | None) -> Request:
        return Request(template.format(id=_account(world, target).id), json=body)

    return build


def _recognition(world: World) -> dict[str, Any]:
    return {
        "decision_number": f"{next(_counter)}/QĐ",
        "decided_on": "2026-06-01",
        "criterion_ids": [_criterion(world).id],
    }


def _criterion_patch(world: World, target: str | None) -> Request:
    return Request(f"/api/v1/recognition-criteria/{_criterion(world).id}", json={"active": False})


def made(
    maker: Callable[[World, str | None], Any], template: str, data: dict[str, Any] | None = None
) -> Build:
    """A page path with {id} = the id of a row `maker` builds in the target commune, and form
    data (copied: a request may not share it)."""

    def build(world: World, target: str | None) -> Request:
        row = maker(world, target)
        return Request(template.format(id=row.id), data=dict(data) if data else None)

    return build


def _print_job(world: World, target: str | None) -> PrintJob:
    """A print job of a market in the target commune (a row: nothing is run)."""
    market = _market(world, target)
    job = PrintJob(
        market_id=market.id,
        locality_id=market.locality_id,
        requested_by_label="matrix",
        status="queued",
        total=1,
    )
    db.session.add(job)
    db.session.commit()
    return job


def _stall(world: World, target: str | None) -> Any:
    return markets.add_stall(world.users["admin"], _market(world, target), {"number": "1"})


def _second_account(world: World, target: str | None) -> VendorAccount:
    account = _account(world, target)
    return markets.add_account(
        world.users["admin"], account.vendor, {"bank": "970436", "number": "0123456789"}
    )


# ---- swapped-sign checks: a round of a market (with a held stall) in the target commune -----


def _round_with_stall(world: World, target: str | None) -> tuple[Any, Any]:
    admin = world.users["admin"]
    market = _market(world, target)
    stall = markets.add_stall(admin, market, {"number": "1"})
    vendor = markets.create_vendor(
        admin, {"name": f"Cô {next(_counter)}", "market_id": market.id, "stall_ids": [stall.id]}
    )
    markets.add_account(admin, vendor, {"bank": "970415", "number": "113366668888"})
    return sign_checks.start_round(admin, market=market), stall


def _sign_payload() -> str:
    return codes.make_code(codes.CodeRequest(bank="970415", account="113366668888")).payload


def _round_at(template: str, body: Callable[[Any], Any] | None = None) -> Build:
    def build(world: World, target: str | None) -> Request:
        started, stall = _round_with_stall(world, target)
        return Request(template.format(id=started.id), json=body(stall) if body else None)

    return build


def _roster_csv() -> io.BytesIO:
    return io.BytesIO(f"Họ tên,Tham gia\nCô {next(_counter)},có\n".encode())


def _roster_upload(template: str, place: str) -> Build:
    """A roster file posted to a new market's or street's import ({id}) in the target commune."""

    def build(world: World, target: str | None) -> Request:
        row = _market(world, target) if place == "market" else _street(world, target)
        return Request(template.format(id=row.id), data={"file": (_roster_csv(), "ds.csv")})

    return build


def _pending_vendor(world: World, target: str | None) -> Vendor:
    """A self-registered vendor waiting in a new market of the target commune."""
    market = _market(world, target)
    markets.add_stall(world.users["admin"], market, {"number": "1"})
    return registration.register(
        None,
        {
            "market_id": market.id,
            "stall_number": "1",
            "name": f"Cô {next(_counter)}",
            "phone": f"09{next(_counter)}",
            "bank": "970415",
            "number": "113366668888",
        },
    )


def _on_pending(template: str, body: dict[str, Any] | None = None) -> Build:
    def build(world: World, target: str | None) -> Request:
        return Request(template.format(id=_pending_vendor(world, target).id), json=body)

    return build


def _stall_photo(world: World, target: str | None) -> Request:
    started, stall = _round_with_stall(world, target)
    photo = (io.BytesIO(render_png(_sign_payload(), size=300)), "bien.png")
    return Request(f"/luot-kiem-tra/{started.id}/sap/{stall.id}", data={"photo": photo})


def _shop_check(world: World, target: str | None, photo: bool) -> Request:
    """A shop's check page in a new round of a new street in the target commune."""
    admin = world.users["admin"]
    street = _street(world, target)
    shop = markets.create_vendor(admin, {"name": f"Quán {next(_counter)}", "street_id": street.id})
    markets.add_account(admin, shop, {"bank": "970415", "number": "113366668888"})
    started = sign_checks.start_round(admin, street=street)
    data = {"photo": (io.BytesIO(render_png(_sign_payload(), size=300)), "bien.png")}
    return Request(f"/luot-kiem-tra/{started.id}/cua-hang/{shop.id}", data=data if photo else None)


def _stall_page(world: World, target: str | None) -> Request:
    started, stall = _round_with_stall(world, target)
    return Request(f"/luot-kiem-tra/{started.id}/sap/{stall.id}")


def _open_problem(world: World, target: str | None) -> int:
    started, stall = _round_with_stall(world, target)
    other = codes.make_code(codes.CodeRequest(bank="970436", account="999888777")).payload
    checked = sign_checks.check_sign(
        world.users["admin"], started, {"stall_id": stall.id, "payloads": [other]}
    )
    return checked.check.id


def _resolve_page(world: World, target: str | None) -> Request:
    check_id = _open_problem(world, target)
    return Request(f"/kiem-tra-bien/{check_id}/xu-ly", data={f"check-{check_id}-note": "Đã gỡ"})


def _resolve_api(world: World, target: str | None) -> Request:
    return Request(
        f"/api/v1/sign-checks/{_open_problem(world, target)}/resolve", json={"note": "Đã gỡ"}
    )


def _registration_api(world: World, target: str | None) -> Request:
    market = _market(world, "A")
    markets.add_stall(world.users["admin"], market, {"number": "1"})
    body = {
        "market_id": market.id,
        "stall_number": "1",
        "name": "Chị Năm",
        "phone": "0912",
        "bank": "970415",
        "number": "113366668888",
    }
    return Request("/api/v1/vendor-registrations", json=body)


def _recognition_form(world: World, target: str | None) -> Request:
    market = _market(world, target)
    data = {
        "decision_number": f"{next(_counter)}/QĐ",
        "decided_on": "2026-06-01",
        "criterion_ids": str(_criterion(world).id),
    }
    return Request(f"/cho/{market.id}/cong-nhan", data=data)


def _criterion_form(world: World, target: str | None) -> Request:
    return Request(
        f"/chuan-cho-4-0/{_criterion(world).id}/sua", data={"name": f"Tiêu chí {next(_counter)}"}
    )


def _roster_confirm(world: World, target: str | None) -> Request:
    rows = [{"line": 2, "name": f"Cô {next(_counter)}", "taking_part": "có"}]
    market = _market(world, target)
    return Request(f"/cho/{market.id}/nhap-danh-sach/xac-nhan", data={"rows": json.dumps(rows)})


# ---- community teams (app.teams): a team in a new hamlet of the target commune --------------

_TEAM_DAY = "2025-07-15"


def _team(world: World, target: str | None) -> Team:
    """A team of its own hamlet under the target commune (a locality has one team at a time)."""
    assert target is not None
    hamlet = make_locality(f"Thôn Tổ {next(_counter)}", "hamlet", world.locality(target))
    return teams.create_team(
        world.users["admin"],
        {"locality_id": hamlet.id, "name": f"Tổ {next(_counter)}", "founded_on": date(2025, 7, 15)},
    )


def _topic_id() -> int:
    teams.seed_topics()
    return teams.topics(active_only=True)[0].id


def _team_member(world: World, target: str | None) -> TeamMember:
    team = _team(world, target)
    return teams.add_member(
        world.users["admin"], team, {"name": "Nguyễn Văn An", "joined_on": team.founded_on}
    )


def _team_activity(world: World, target: str | None) -> TeamActivity:
    team = _team(world, target)
    return teams.record_activity(
        world.users["admin"], team, {"held_on": team.founded_on, "topic_id": _topic_id()}
    )


def _pilot(world: World, target: str | None) -> PilotModel:
    assert target is not None
    return teams.add_pilot(
        world.users["admin"],
        {
            "locality_id": world.locality(target).id,
            "kind": "cho_40",
            "name": f"Chợ 4.0 {next(_counter)}",
            "started_on": date(2025, 8, 1),
        },
    )


def _activity_topic(world: World, target: str | None) -> ActivityTopic:
    teams.seed_topics()
    return teams.topics()[0]


def on_team(template: str, body: Callable[[], Any] | None = None, json_body: bool = False) -> Build:
    """A path with {id} = a new team's id in the target commune, with form data or a JSON body
    (a callable: each request its own)."""

    def build(world: World, target: str | None) -> Request:
        team = _team(world, target)
        extra = body() if body else None
        path = template.format(id=team.id)
        return Request(path, json=extra) if json_body else Request(path, data=extra)

    return build


def _member_page(world: World, target: str | None) -> Request:
    member = _team_member(world, target)
    return Request(
        f"/to-cong-nghe-so/{member.team_id}/thanh-vien/{member.id}",
        data={"name": "An", "role": "to_vien", "joined_on": _TEAM_DAY},
    )


def _activity_delete_page(world: World, target: str | None) -> Request:
    activity = _team_activity(world, target)
    return Request(f"/to-cong-nghe-so/{activity.team_id}/hoat-dong/{activity.id}/xoa")


def _activity_edit_page(world: World, target: str | None) -> Request:
    activity = _team_activity(world, target)
    return Request(
        f"/to-cong-nghe-so/{activity.team_id}/hoat-dong/{activity.id}", data=_activity_form()
    )


def _activity_form() -> dict[str, Any]:
    return {"held_on": "2025-09-01", "topic_id": str(_topic_id()), "people_reached": "3"}


def _member_file() -> dict[str, Any]:
    body = f"Họ tên,Ngày vào tổ\nNgười {next(_counter)},15/07/2025\n".encode()
    return {"file": (io.BytesIO(body), "tv.csv")}


def _member_rows() -> dict[str, Any]:
    rows = [{"line": 2, "name": f"Người {next(_counter)}", "joined_on": "15/07/2025"}]
    return {"rows": json.dumps(rows)}


def _new_team_page(world: World, target: str | None) -> Request:
    assert target is not None
    hamlet = make_locality(f"Thôn Mới {next(_counter)}", "hamlet", world.locality(target))
    return Request(
        f"/to-cong-nghe-so/moi?locality_id={hamlet.id}",
        data={"name": "Tổ", "founded_on": _TEAM_DAY},
    )


def _new_team_api(world: World, target: str | None) -> Request:
    assert target is not None
    hamlet = make_locality(f"Thôn Mới {next(_counter)}", "hamlet", world.locality(target))
    return Request(
        "/api/v1/teams", json={"locality_id": hamlet.id, "name": "Tổ", "founded_on": _TEAM_DAY}
    )


def _pilot_body(world: World, target: str | None) -> Request:
    assert target is not None
    return Request(
        "/api/v1/pilot-models",
        json={
            "locality_id": world.locality(target).id,
            "kind": "cho_40",
            "name": "Chợ 4.0",
            "started_on": "2025-08-01",
        },
    )


def _member_api(method_path: str) -> Build:
    def build(world: World, target: str | None) -> Request:
        member = _team_member(world, target)
        return Request(method_path.format(id=member.id), json={"role": "to_pho"})

    return build


def _activity_api(world: World, target: str | None) -> Request:
    return Request(
        f"/api/v1/team-activities/{_team_activity(world, target).id}", json={"people_reached": 4}
    )


def _pilot_at(template: str, body: dict[str, Any] | None = None) -> Build:
    def build(world: World, target: str | None) -> Request:
        pilot = _pilot(world, target)
        path = template.format(id=pilot.id)
        return (
            Request(path, json=body)
            if template.startswith("/api/")
            else Request(path, data={"kind": "cho_40", "name": "Chợ", "started_on": "2025-08-01"})
        )

    return build


def _topic_at(template: str, body: dict[str, Any] | None = None) -> Build:
    def build(world: World, target: str | None) -> Request:
        topic = _activity_topic(world, target)
        path = template.format(id=topic.id)
        return (
            Request(path, json=body) if template.startswith("/api/") else Request(path, data=body)
        )

    return build


def _new_topic(page: bool) -> Build:
    def build(world: World, target: str | None) -> Request:
        body = {"code": f"chu_de_{next(_counter)}", "name": "Chủ đề"}
        return (
            Request("/to-cong-nghe-so/chu-de", data=body)
            if page
            else Request("/api/v1/activity-topics", json=body)
        )

    return build


# ---- the policy table ----------------------------------------------------------------------

PUBLIC, LOGIN, ADMIN, OFFICER_OR_ADMIN = "public", "login", "admin", "officer-or-admin"
MANAGE, VIEW, OWNER = "manage-locality", "view-locality", "owner"
INVITEE = "invitee"


def _guest_file(event: GiftEvent) -> dict[str, Any]:
    body = f"Họ tên,Bên\nKhách {next(_counter)},{event.sides[0].name}\n"
    return {"file": (io.BytesIO(body.encode()), "khach.csv")}


def _guest_rows(event: GiftEvent) -> dict[str, Any]:
    rows = [{"line": 2, "name": f"Khách {next(_counter)}", "side": event.sides[0].name}]
    return {"rows": json.dumps(rows)}


def _contact(world: World, target: str | None) -> Contact:
    """A contact of the caller ("mine") or of a stranger ("theirs", and whenever the caller is
    anonymous), with one gift the owner gave them."""
    user = world.user
    owner = user if target == "mine" and user is not None else world.stranger()
    contact = Contact(owner_id=owner.id, name=f"Anh Nam {next(_counter)}")
    contact.given.append(GiftGiven(unit="dong", quantity=Decimal(500000), occasion="Đám cưới"))
    db.session.add(contact)
    db.session.commit()
    return contact


def on_contact(
    template: str, body: dict[str, Any] | None = None, data: dict[str, Any] | None = None
) -> Build:
    """A path with {contact} = a new contact (the caller's or a stranger's), {gift} = its gift
    given; a JSON body or form data when given."""

    def build(world: World, target: str | None) -> Request:
        contact = _contact(world, target)
        path = template.format(contact=contact, gift=contact.given[0])
        return Request(path, json=body, data=dict(data) if data else None)

    return build


_OLD_LEDGER = "Họ tên,Số tiền\nAnh Nam,500000\n"


def _old_ledger_event(world: World) -> dict[str, Any]:
    return {
        "kind": "dam_cuoi",
        "title": f"Đám cưới {next(_counter)}",
        "held_on": "2019-11-30",
        "locality_id": str(world.places.commune_a.id),
    }


def _old_ledger_page(world: World, target: str | None) -> Request:
    fields = _old_ledger_event(world)
    fields["locality"] = world.places.commune_a.code
    del fields["locality_id"]
    file = (io.BytesIO(_OLD_LEDGER.encode()), "so.csv")
    return Request("/danh-ba/nhap-so-cu", data={**fields, "file": file})


def _old_ledger_confirm(world: World, target: str | None) -> Request:
    rows = [{"line": 2, "name": f"Anh {next(_counter)}", "amount": "500000"}]
    return Request(
        "/danh-ba/nhap-so-cu/xac-nhan",
        data={**_old_ledger_event(world), "rows": json.dumps(rows)},
    )


def _old_ledger_api(world: World, target: str | None) -> Request:
    file = (io.BytesIO(_OLD_LEDGER.encode()), "so.csv")
    return Request(
        "/api/v1/contacts/import?dry_run=1", data={**_old_ledger_event(world), "file": file}
    )


def on_entry(template: str, body: dict[str, Any] | None = None, form: bool = False) -> Build:
    """A path with {event} = a new event (the caller's or a stranger's) and {entry} = an entry
    of its first side's ledger; `body` sent as JSON (or as a form when `form`)."""

    def build(world: World, target: str | None) -> Request:
        event = _event(world, target)
        entry = LedgerEntry(
            event_id=event.id, side_id=event.sides[0].id, giver_name="Anh Nam", quantity=500000
        )
        db.session.add(entry)
        db.session.commit()
        path = template.format(event=event, entry=entry)
        if form:
            return Request(path, data={key: str(value) for key, value in (body or {}).items()})
        return Request(path, json=body)

    return build


def _sync_body(event: GiftEvent) -> dict[str, Any]:
    entry = {"client_id": str(uuid.uuid4()), "side_id": event.sides[0].id, "quantity": "500000"}
    return {"entries": [{**entry, "giver_name": "Chị Lan"}]}


# ---- periodic reports (part "periods"): figures, reports and targets of the target commune ----


def _period_figure(world: World, target: str | None) -> Any:
    body = {
        "indicator": "reports.on_time",
        "locality_id": world.locality(str(target)).id,
        "period": "2025-10",
        "numerator": 1,
        "denominator": 2,
        "source": "matrix",
    }
    return period_figures.enter_figure(world.users["admin"], body, date(2026, 1, 1))


def _period_target(world: World, target: str | None) -> Any:
    body = {
        "indicator": "reports.on_time",
        "locality_id": world.locality(str(target)).id,
        "year": 2020 + next(_counter) % 80,  # a new target each time
        "value": Decimal(100),
    }
    return period_targets.create_target(world.users["admin"], body)


def _hamlet_report(state: str) -> Callable[[World, str | None], Locality]:
    """A new hamlet of the target commune whose October 2025 report is `state`: approving or
    reopening it is for the commune's managers (the level above the hamlet)."""

    def build(world: World, target: str | None) -> Locality:
        hamlet = make_locality(f"Thôn {next(_counter)}", "hamlet", world.locality(str(target)))
        admin = world.users["admin"]
        report = period_submissions.draft_report(hamlet, Period.parse("2025-10"))
        # a hamlet without markets explains why its required figures are missing
        warnings = period_submissions.view(admin, report).unexplained
        period_submissions.explain(admin, report, {key: "Thôn chưa có chợ." for key in warnings})
        period_submissions.submit(admin, report)
        if state == "approved":
            period_submissions.approve(admin, report)
        return hamlet

    return build


def on_period_report(
    template: str, unit: Callable[[World, str | None], Locality] | None = None, **extra: Any
) -> Build:
    """{id}: the target commune, or the unit `unit` builds."""

    def build(world: World, target: str | None) -> Request:
        place = unit(world, target) if unit else world.locality(str(target))
        return Request(template.format(id=place.id), **extra)

    return build


def on_period_row(template: str, row: Callable[[World, str | None], Any], **extra: Any) -> Build:
    def build(world: World, target: str | None) -> Request:
        return Request(template.format(id=row(world, target).id), **extra)

    return build


def _figure_body(world: World, target: str | None) -> Request:
    body = {
        "indicator": "reports.on_time",
        "locality_id": world.locality(str(target)).id,
        "period": "2025-10",
        "numerator": 1,
        "denominator": 2,
        "source": "matrix",
    }
    return Request("/api/v1/reports/figures", json=body)


def _target_body(world: World, target: str | None) -> Request:
    body = {
        "indicator": "reports.on_time",
        "locality_id": world.locality(str(target)).id,
        "year": 2026,
        "value": 90,
    }
    return Request("/api/v1/reports/targets", json=body)


POLICY: dict[str, list[Call]] = {
    # shell
    "static": [Call(PUBLIC, "GET", path("/static/css/app.css"))],
    "site.set_language": [Call(PUBLIC, "GET", path("/lang/en?next=/"))],
    "site.health": [Call(PUBLIC, "GET", path("/healthz"))],
    "site.api_docs": [Call(PUBLIC, "GET", path("/api/docs"))],
    "api-docs.openapi_json": [Call(PUBLIC, "GET", path("/api/v1/openapi.json"))],
    # codes (public by design)
    "codes.home": [
        Call(PUBLIC, "GET", path("/")),
        Call(PUBLIC, "POST", path("/")),
        Call(OWNER, "GET", _saved_account_page),  # a saved account fills the form
    ],
    "codes.forget_account": [Call(OWNER, "POST", _forget_saved_account)],
    "codes.check": [
        Call(PUBLIC, "GET", path("/kiem-tra")),
        Call(PUBLIC, "POST", path("/kiem-tra")),
    ],
    "codes.quick_link": [Call(PUBLIC, "GET", path("/qr/970415-113366668888.svg"))],
    "codes_api.Banks": [Call(PUBLIC, "GET", path("/api/v1/banks"))],
    "codes_api.BankDetail": [Call(PUBLIC, "GET", path("/api/v1/banks/970415"))],
    "codes_api.MakeCode": [
        Call(
            PUBLIC,
            "POST",
            lambda w, t: Request("/api/v1/qr", json={"bank": "970415", "account": "113366668888"}),
        )
    ],
    "codes_api.decode": [Call(PUBLIC, "POST", path("/api/v1/qr/decode"))],
    # codes: a signed-in person's saved bank accounts (her own only)
    "codes_api.SavedAccounts": [
        Call(LOGIN, "GET", path("/api/v1/bank-accounts")),
        Call(
            LOGIN,
            "POST",
            lambda w, t: Request(
                "/api/v1/bank-accounts", json={"bank": "ICB", "account": str(next(_counter))}
            ),
        ),
    ],
    "codes_api.SavedAccountDetail": [
        Call(OWNER, "GET", _saved_account_api),
        Call(OWNER, "PATCH", _saved_account_api),
        Call(OWNER, "DELETE", _saved_account_api),
    ],
    "codes_api.code_image": [Call(PUBLIC, "GET", path("/api/v1/qr/image.svg?payload=x"))],
    "codes_api.sign_image": [Call(PUBLIC, "GET", path("/api/v1/qr/sign.png?payload=x"))],
    # localities: browsing is public, hamlets are managed by the commune's officers
    "localities.browse": [Call(PUBLIC, "GET", path("/dia-ban?q=an"))],
    "localities.detail": [Call(PUBLIC, "GET", at_locality("/dia-ban/{id}"), ("A", "B"))],
    "localities.add_hamlet": [Call(MANAGE, "POST", _hamlet_form)],
    "localities.import_hamlets": [
        Call(MANAGE, "GET", at_locality("/dia-ban/{id}/nhap-thon")),
        Call(MANAGE, "POST", _hamlet_csv),
    ],
    "localities.confirm_hamlets": [Call(MANAGE, "POST", _hamlet_confirm)],
    "localities.hamlet_template": [Call(PUBLIC, "GET", path("/dia-ban/mau-nhap-thon.xlsx"))],
    "localities.edit_hamlet": [
        Call(
            MANAGE,
            "POST",
            _hamlet_page("sua", name=lambda w, t: f"Thôn {next(_counter)}", kind="thon"),
        )
    ],
    "localities.move_hamlet": [Call(MANAGE, "POST", _hamlet_page("chuyen", commune=_own_commune))],
    "localities.retire_hamlet": [Call(MANAGE, "POST", _hamlet_page("ngung-dung"))],
    "localities.restore_hamlet": [Call(MANAGE, "POST", _hamlet_page("khoi-phuc"))],
    "localities_api.Localities": [Call(PUBLIC, "GET", path("/api/v1/localities?q=an"))],
    "localities_api.LocalityDetail": [
        Call(PUBLIC, "GET", at_locality("/api/v1/localities/{id}"), ("A",))
    ],
    "localities_api.LocalityChildren": [
        Call(PUBLIC, "GET", at_locality("/api/v1/localities/{id}/children"), ("A",))
    ],
    "localities_api.LocalityByCode": [
        Call(PUBLIC, "GET", path("/api/v1/localities/by-code/vn2025/commune/91001"))
    ],
    "localities_api.LocalityConversionView": [
        Call(PUBLIC, "GET", at_locality("/api/v1/localities/{id}/conversion"), ("A",))
    ],
    "localities_api.Hamlets": [Call(MANAGE, "POST", _hamlet_api)],
    "localities_api.HamletImport": [Call(MANAGE, "POST", _hamlet_api_import)],
    "localities_api.hamlet_import_template": [
        Call(PUBLIC, "GET", path("/api/v1/localities/hamlet-import-template.csv"))
    ],
    "localities_api.HamletDetail": [
        Call(MANAGE, "PATCH", _hamlet_api_change(name=lambda w, t: f"Thôn {next(_counter)}"))
    ],
    "localities_api.HamletMove": [
        Call(MANAGE, "POST", _hamlet_api_change("/move", commune_id=_own_commune))
    ],
    "localities_api.HamletRetire": [Call(MANAGE, "POST", _hamlet_api_change("/retire"))],
    "localities_api.HamletRestore": [Call(MANAGE, "POST", _hamlet_api_change("/restore"))],
    # accounts: pages
    "accounts.signup": [
        Call(PUBLIC, "GET", path("/dang-ky")),
        Call(
            PUBLIC,
            "POST",
            lambda w, t: Request(
                "/dang-ky",
                data={
                    "email": f"new{next(_counter)}@x.vn",
                    "password": PASSWORD,
                    "confirm": PASSWORD,
                },
            ),
        ),
    ],
    "accounts.login": [
        Call(PUBLIC, "GET", path("/dang-nhap")),
        Call(
            PUBLIC,
            "POST",
            lambda w, t: Request("/dang-nhap", data={"email": "plain@x.vn", "password": PASSWORD}),
        ),
    ],
    "accounts.logout": [Call(PUBLIC, "POST", path("/dang-xuat"))],
    "accounts.accept_invitation": [
        Call(PUBLIC, "GET", _accept_invitation, ("mine", "theirs")),
        Call(INVITEE, "POST", _accept_invitation),
    ],
    "accounts.forgot_password": [
        Call(PUBLIC, "GET", path("/quen-mat-khau")),
        Call(PUBLIC, "POST", lambda w, t: Request("/quen-mat-khau", data={"email": "ai@x.vn"})),
    ],
    "accounts.reset_password": [
        Call(PUBLIC, "GET", _reset_link),
        Call(PUBLIC, "POST", _reset_link),
    ],
    "accounts.account": [Call(LOGIN, "GET", path("/tai-khoan"))],
    "accounts.update_contact": [Call(LOGIN, "POST", _update_contact)],
    "accounts.change_password": [Call(LOGIN, "POST", _change_password)],
    "accounts.logout_everywhere": [Call(LOGIN, "POST", path("/tai-khoan/dang-xuat-moi-noi"))],
    "accounts.self_roles": [
        Call(LOGIN, "POST", lambda w, t: Request("/tai-khoan/vai-tro", data={"is_host": "y"}))
    ],
    "accounts.create_token": [
        Call(LOGIN, "POST", lambda w, t: Request("/tai-khoan/ma-truy-cap", data={"name": "t"}))
    ],
    "accounts.revoke_token": [Call(OWNER, "POST", _revoke_token_page)],
    "accounts.users": [Call(OFFICER_OR_ADMIN, "GET", path("/nguoi-dung"))],
    "accounts.invite": [Call(MANAGE, "POST", _invite_form)],
    "accounts.revoke_role": [Call(MANAGE, "POST", _revoke_role)],
    "accounts.withdraw_invitation": [Call(MANAGE, "POST", _withdraw_invitation_page)],
    "accounts.issue_password_reset": [Call(MANAGE, "POST", _issue_reset_page)],
    "audit.log": [
        Call(OFFICER_OR_ADMIN, "GET", path("/nhat-ky")),
        Call(MANAGE, "GET", _audit_filtered("/nhat-ky")),
    ],
    # accounts: API
    "accounts_api.Me": [Call(LOGIN, "GET", path("/api/v1/me"))],
    "accounts_api.Tokens": [
        Call(LOGIN, "GET", path("/api/v1/tokens")),
        Call(LOGIN, "POST", lambda w, t: Request("/api/v1/tokens", json={"name": "t"})),
    ],
    "accounts_api.TokenDetail": [Call(OWNER, "DELETE", _revoke_token_api)],
    "accounts_api.Users": [Call(OFFICER_OR_ADMIN, "GET", path("/api/v1/users"))],
    "accounts_api.Invitations": [
        Call(OFFICER_OR_ADMIN, "GET", path("/api/v1/invitations")),
        Call(MANAGE, "POST", _invite_api),
    ],
    "accounts_api.InvitationDetail": [Call(MANAGE, "DELETE", _withdraw_invitation_api)],
    "accounts_api.UserPasswordReset": [Call(MANAGE, "POST", _issue_reset_api)],
    "audit_api.AuditLog": [
        Call(OFFICER_OR_ADMIN, "GET", path("/api/v1/audit")),
        Call(MANAGE, "GET", _audit_filtered("/api/v1/audit")),
    ],
    # markets: officers act in their subtree, viewers read it; the checklist is the admin's
    "markets_api.Markets": [
        Call(LOGIN, "GET", path("/api/v1/markets")),
        Call(MANAGE, "POST", _market_api),
    ],
    "markets_api.MarketDetail": [
        Call(VIEW, "GET", on_market("/api/v1/markets/{id}")),
        Call(MANAGE, "PATCH", on_market("/api/v1/markets/{id}", lambda w: {"address": "Số 1"})),
    ],
    "markets_api.MarketStalls": [
        Call(VIEW, "GET", on_market("/api/v1/markets/{id}/stalls")),
        Call(MANAGE, "POST", on_market("/api/v1/markets/{id}/stalls", lambda w: {"number": "9"})),
    ],
    "markets_api.StallDetail": [Call(MANAGE, "PATCH", _stall_patch)],
    "markets_api.MarketRecognitions": [
        Call(VIEW, "GET", on_market("/api/v1/markets/{id}/recognitions")),
        Call(MANAGE, "POST", on_market("/api/v1/markets/{id}/recognitions", _recognition)),
    ],
    "markets_api.Streets": [
        Call(LOGIN, "GET", path("/api/v1/streets")),
        Call(MANAGE, "POST", _street_api),
    ],
    "markets_api.StreetDetail": [
        Call(VIEW, "GET", _street_at("/api/v1/streets/{id}")),
        Call(MANAGE, "PATCH", _street_at("/api/v1/streets/{id}", {"name": "Phố mới"})),
    ],
    "markets_api.Vendors": [
        Call(LOGIN, "GET", path("/api/v1/vendors")),
        Call(MANAGE, "POST", _vendor_api),
    ],
    "markets_api.VendorDetail": [
        Call(VIEW, "GET", on_vendor("/api/v1/vendors/{id}")),
        Call(MANAGE, "PATCH", on_vendor("/api/v1/vendors/{id}", {"goods": "cá"})),
    ],
    "markets_api.VendorAccounts": [
        Call(VIEW, "GET", on_vendor("/api/v1/vendors/{id}/accounts")),
        Call(
            MANAGE,
            "POST",
            on_vendor("/api/v1/vendors/{id}/accounts", {"bank": "970415", "number": "1133"}),
        ),
    ],
    "markets_api.VendorAccountDetail": [
        Call(MANAGE, "PATCH", _account_at("/api/v1/vendor-accounts/{id}", {"holder_name": "A"})),
        Call(MANAGE, "DELETE", _account_at("/api/v1/vendor-accounts/{id}")),
    ],
    "markets_api.VendorSteps": [
        Call(VIEW, "GET", on_vendor("/api/v1/vendors/{id}/steps")),
        Call(MANAGE, "POST", on_vendor("/api/v1/vendors/{id}/steps", {"status": "enrolled"})),
    ],
    "markets_api.VendorStatuses": [
        Call(LOGIN, "GET", path("/api/v1/vendor-statuses")),
        Call(VIEW, "GET", at_locality("/api/v1/vendor-statuses?locality={id}")),
    ],
    "markets_api.Criteria": [
        Call(LOGIN, "GET", path("/api/v1/recognition-criteria")),
        Call(
            ADMIN,
            "POST",
            lambda w, t: Request(
                "/api/v1/recognition-criteria", json={"name": f"T{next(_counter)}"}
            ),
        ),
    ],
    "markets_api.CriterionDetail": [Call(ADMIN, "PATCH", _criterion_patch)],
    # markets: pages
    "markets.places": [Call(VIEW, "GET", at_locality("/dia-ban/{id}/cho"))],
    "markets.add_market": [
        Call(MANAGE, "GET", at_locality("/dia-ban/{id}/cho/them")),
        Call(
            MANAGE,
            "POST",
            at_locality("/dia-ban/{id}/cho/them", data={"name": "Chợ", "kind": "tam"}),
        ),
    ],
    "markets.add_street": [
        Call(MANAGE, "GET", at_locality("/dia-ban/{id}/tuyen-pho/them")),
        Call(MANAGE, "POST", at_locality("/dia-ban/{id}/tuyen-pho/them", data={"name": "Phố"})),
    ],
    "markets.market": [Call(VIEW, "GET", made(_market, "/cho/{id}"))],
    "markets.edit_market": [
        Call(MANAGE, "GET", made(_market, "/cho/{id}/sua")),
        Call(MANAGE, "POST", made(_market, "/cho/{id}/sua", {"name": "Chợ mới", "kind": "dem"})),
    ],
    "markets.add_stall": [Call(MANAGE, "POST", made(_market, "/cho/{id}/sap", {"number": "7"}))],
    "markets.edit_stall": [
        Call(MANAGE, "GET", made(_stall, "/sap/{id}/sua")),
        Call(MANAGE, "POST", made(_stall, "/sap/{id}/sua", {"number": "8"})),
    ],
    "markets.street": [Call(VIEW, "GET", made(_street, "/tuyen-pho/{id}"))],
    "markets.edit_street": [
        Call(MANAGE, "GET", made(_street, "/tuyen-pho/{id}/sua")),
        Call(MANAGE, "POST", made(_street, "/tuyen-pho/{id}/sua", {"name": "Phố mới"})),
    ],
    "markets.add_market_vendor": [
        Call(MANAGE, "GET", made(_market, "/cho/{id}/tieu-thuong/them")),
        Call(MANAGE, "POST", made(_market, "/cho/{id}/tieu-thuong/them", {"name": "Cô Ba"})),
    ],
    "markets.add_street_vendor": [
        Call(MANAGE, "GET", made(_street, "/tuyen-pho/{id}/tieu-thuong/them")),
        Call(MANAGE, "POST", made(_street, "/tuyen-pho/{id}/tieu-thuong/them", {"name": "Tiệm"})),
    ],
    "markets.vendor": [Call(VIEW, "GET", made(_vendor, "/tieu-thuong/{id}"))],
    "markets.vendor_sign": [Call(VIEW, "GET", made(_vendor, "/tieu-thuong/{id}/bien.png"))],
    "markets.edit_vendor": [
        Call(MANAGE, "GET", made(_vendor, "/tieu-thuong/{id}/sua")),
        Call(MANAGE, "POST", made(_vendor, "/tieu-thuong/{id}/sua", {"name": "Cô Tư"})),
    ],
    "markets.add_account": [
        Call(MANAGE, "GET", made(_vendor, "/tieu-thuong/{id}/tai-khoan/them")),
        Call(
            MANAGE,
            "POST",
            made(
                _vendor,
                "/tieu-thuong/{id}/tai-khoan/them",
                {"bank": "970415", "number": "113366668888", "service": "account"},
            ),
        ),
    ],
    "markets.edit_account": [
        Call(MANAGE, "GET", made(_account, "/tai-khoan-nhan/{id}/sua")),
        Call(
            MANAGE,
            "POST",
            made(
                _account,
                "/tai-khoan-nhan/{id}/sua",
                {"bank": "970415", "number": "113366668888", "service": "account"},
            ),
        ),
    ],
    "markets.make_primary": [
        Call(MANAGE, "POST", made(_second_account, "/tai-khoan-nhan/{id}/dat-chinh"))
    ],
    "markets.remove_account": [Call(MANAGE, "POST", made(_account, "/tai-khoan-nhan/{id}/xoa"))],
    "markets.record_step": [
        Call(MANAGE, "POST", made(_vendor, "/tieu-thuong/{id}/buoc", {"status": "enrolled"}))
    ],
    # swapped-sign checks: anyone may verify a sign; rounds are the officers' of the place
    "markets_api.verify_sign": [
        Call(
            PUBLIC,
            "POST",
            lambda w, t: Request("/api/v1/signs/verify", json={"payload": _sign_payload()}),
        )
    ],
    "markets_api.MarketCheckRounds": [
        Call(VIEW, "GET", on_market("/api/v1/markets/{id}/check-rounds")),
        Call(MANAGE, "POST", on_market("/api/v1/markets/{id}/check-rounds")),
    ],
    "markets_api.StreetCheckRounds": [
        Call(VIEW, "GET", made(_street, "/api/v1/streets/{id}/check-rounds")),
        Call(MANAGE, "POST", made(_street, "/api/v1/streets/{id}/check-rounds")),
    ],
    "markets_api.CheckRoundDetail": [Call(VIEW, "GET", _round_at("/api/v1/check-rounds/{id}"))],
    "markets_api.finish_round": [
        Call(MANAGE, "POST", _round_at("/api/v1/check-rounds/{id}/finish"))
    ],
    "markets_api.add_check": [
        Call(
            MANAGE,
            "POST",
            _round_at(
                "/api/v1/check-rounds/{id}/checks",
                lambda stall: {"stall_id": stall.id, "payload": _sign_payload()},
            ),
        )
    ],
    "markets_api.resolve_check": [Call(MANAGE, "POST", _resolve_api)],
    "markets.my_sign_check": [
        Call(LOGIN, "GET", path("/kiem-tra-bien-cua-toi")),
        Call(LOGIN, "POST", path("/kiem-tra-bien-cua-toi")),
    ],
    "markets.market_checks": [Call(VIEW, "GET", made(_market, "/cho/{id}/kiem-tra-bien"))],
    "markets.start_check_round": [
        Call(MANAGE, "POST", made(_market, "/cho/{id}/kiem-tra-bien/bat-dau"))
    ],
    "markets.check_round": [Call(VIEW, "GET", _round_at("/luot-kiem-tra/{id}"))],
    "markets.finish_check_round": [Call(MANAGE, "POST", _round_at("/luot-kiem-tra/{id}/xong"))],
    "markets.check_stall": [Call(MANAGE, "GET", _stall_page), Call(MANAGE, "POST", _stall_photo)],
    "markets.street_checks": [Call(VIEW, "GET", made(_street, "/tuyen-pho/{id}/kiem-tra-bien"))],
    "markets.start_street_check_round": [
        Call(MANAGE, "POST", made(_street, "/tuyen-pho/{id}/kiem-tra-bien/bat-dau"))
    ],
    "markets.check_shop": [
        Call(MANAGE, "GET", lambda world, target: _shop_check(world, target, photo=False)),
        Call(MANAGE, "POST", lambda world, target: _shop_check(world, target, photo=True)),
    ],
    "markets.resolve_sign_check": [Call(MANAGE, "POST", _resolve_page)],
    # markets: self-registration (public, its sign for the session that made it), approval by
    # the place's officers, the Chợ 4.0 checklist (admins) and recognitions (the market's)
    "markets.register": [
        Call(PUBLIC, "GET", path("/dang-ky-tieu-thuong")),
        Call(PUBLIC, "POST", path("/dang-ky-tieu-thuong")),
    ],
    "markets.registered": [Call(PUBLIC, "GET", path("/dang-ky-tieu-thuong/1"))],
    "markets.pending": [Call(MANAGE, "GET", at_locality("/dia-ban/{id}/dang-ky-cho-duyet"))],
    "markets.approve": [Call(MANAGE, "POST", made(_pending_vendor, "/tieu-thuong/{id}/duyet"))],
    "markets.reject": [
        Call(MANAGE, "POST", made(_pending_vendor, "/tieu-thuong/{id}/tu-choi", {"reason": "x"}))
    ],
    "markets.criteria": [
        Call(ADMIN, "GET", path("/chuan-cho-4-0")),
        Call(ADMIN, "POST", lambda w, t: Request("/chuan-cho-4-0", data={"name": "Tiêu chí"})),
    ],
    "markets.edit_criterion": [
        Call(ADMIN, "GET", lambda w, t: Request(f"/chuan-cho-4-0/{_criterion(w).id}/sua")),
        Call(ADMIN, "POST", _criterion_form),
    ],
    "markets.recognise": [Call(MANAGE, "POST", _recognition_form)],
    "markets_api.VendorRegistrations": [
        Call(LOGIN, "GET", path("/api/v1/vendor-registrations")),
        Call(PUBLIC, "POST", _registration_api),
    ],
    "markets_api.VendorApproval": [
        Call(MANAGE, "POST", _on_pending("/api/v1/vendors/{id}/approve"))
    ],
    "markets_api.VendorRejection": [
        Call(MANAGE, "POST", _on_pending("/api/v1/vendors/{id}/reject", {"reason": "Trùng"}))
    ],
    # markets: importing and exporting a roster
    "markets.import_vendors": [
        Call(MANAGE, "GET", made(_market, "/cho/{id}/nhap-danh-sach")),
        Call(MANAGE, "GET", made(_street, "/tuyen-pho/{id}/nhap-danh-sach")),
        Call(MANAGE, "POST", _roster_upload("/cho/{id}/nhap-danh-sach", "market")),
    ],
    "markets.confirm_vendors": [Call(MANAGE, "POST", _roster_confirm)],
    "markets.vendor_template": [
        Call(PUBLIC, "GET", path("/mau-danh-sach-tieu-thuong/cho.xlsx")),
        Call(PUBLIC, "GET", path("/mau-danh-sach-tieu-thuong/tuyen-pho.csv")),
    ],
    "markets.export_vendors": [
        Call(VIEW, "GET", made(_market, "/cho/{id}/danh-sach.xlsx")),
        Call(VIEW, "GET", made(_street, "/tuyen-pho/{id}/danh-sach.csv")),
    ],
    "markets_api.VendorImport": [
        Call(MANAGE, "POST", _roster_upload("/api/v1/markets/{id}/vendors/import", "market")),
        Call(
            MANAGE,
            "POST",
            _roster_upload("/api/v1/streets/{id}/vendors/import?dry_run=1", "street"),
        ),
    ],
    "markets_api.vendor_import_template": [
        Call(PUBLIC, "GET", path("/api/v1/vendor-import-template/market.csv")),
        Call(PUBLIC, "GET", path("/api/v1/vendor-import-template/street.xlsx")),
    ],
    "markets_api.vendor_export": [
        Call(VIEW, "GET", made(_market, "/api/v1/markets/{id}/vendors/export.csv")),
        Call(VIEW, "GET", made(_street, "/api/v1/streets/{id}/vendors/export.xlsx")),
    ],
    # markets: printing every sign of a place (the job's page, progress and file included)
    "markets.print_market": [
        Call(MANAGE, "POST", made(_market, "/cho/{id}/in-bien", {"page": "A6"}))
    ],
    "markets.print_street": [
        Call(MANAGE, "POST", made(_street, "/tuyen-pho/{id}/in-bien", {"page": "A6"}))
    ],
    "markets.print_job": [Call(MANAGE, "GET", made(_print_job, "/in-bien/{id}"))],
    "markets.print_progress": [Call(MANAGE, "GET", made(_print_job, "/in-bien/{id}/tien-do"))],
    "markets.print_file": [Call(MANAGE, "GET", made(_print_job, "/in-bien/{id}/tai-ve"))],
    "markets.print_again": [Call(MANAGE, "POST", made(_print_job, "/in-bien/{id}/chay-lai"))],
    "markets_api.MarketSignPrints": [
        Call(MANAGE, "POST", on_market("/api/v1/markets/{id}/sign-prints", lambda w: {}))
    ],
    "markets_api.StreetSignPrints": [
        Call(MANAGE, "POST", _street_at("/api/v1/streets/{id}/sign-prints", {}))
    ],
    "markets_api.SignPrint": [Call(MANAGE, "GET", made(_print_job, "/api/v1/sign-prints/{id}"))],
    "markets_api.SignPrintFile": [
        Call(MANAGE, "GET", made(_print_job, "/api/v1/sign-prints/{id}/file"))
    ],
    # gift events' core (hosts only: anyone else gets 404)
    "events.my_events": [Call(LOGIN, "GET", path("/su-kien"))],
    "events.new_event": [
        Call(LOGIN, "GET", path("/su-kien/moi")),
        Call(LOGIN, "POST", _new_event_form),
    ],
    "events.event": [Call(OWNER, "GET", on_event("/su-kien/{event.id}"))],
    "events.edit_event": [
        Call(OWNER, "GET", on_event("/su-kien/{event.id}/sua")),
        Call(
            OWNER,
            "POST",
            _event_form(
                "/su-kien/{event.id}/sua",
                lambda e: {"kind": "dam_hoi", "title": "Ăn hỏi", "locality_id": e.locality_id},
            ),
        ),
    ],
    "events.add_side": [
        Call(OWNER, "GET", on_event("/su-kien/{event.id}/ben/them")),
        Call(OWNER, "POST", _event_form("/su-kien/{event.id}/ben/them", lambda e: {"name": "Nội"})),
    ],
    "events.edit_side": [
        Call(OWNER, "GET", on_event("/su-kien/{event.id}/ben/{side.id}/sua")),
        Call(
            OWNER,
            "POST",
            _event_form("/su-kien/{event.id}/ben/{side.id}/sua", lambda e: {"name": "Nhà trai"}),
        ),
    ],
    "events.remove_side": [
        Call(OWNER, "POST", _event_form("/su-kien/{event.id}/ben/{side.id}/xoa", lambda e: {}))
    ],
    "events.add_ceremony": [
        Call(OWNER, "GET", on_event("/su-kien/{event.id}/ben/{side.id}/nghi-le/them")),
        Call(
            OWNER,
            "POST",
            _event_form(
                "/su-kien/{event.id}/ben/{side.id}/nghi-le/them", lambda e: dict(_CEREMONY_FORM)
            ),
        ),
    ],
    "events.edit_ceremony": [
        Call(
            OWNER, "GET", on_event("/su-kien/{event.id}/ben/{side.id}/nghi-le/" + CEREMONY + "/sua")
        ),
        Call(
            OWNER,
            "POST",
            _event_form(
                "/su-kien/{event.id}/ben/{side.id}/nghi-le/" + CEREMONY + "/sua",
                lambda e: dict(_CEREMONY_FORM),
            ),
        ),
    ],
    "events.remove_ceremony": [
        Call(
            OWNER,
            "POST",
            _event_form(
                "/su-kien/{event.id}/ben/{side.id}/nghi-le/" + CEREMONY + "/xoa", lambda e: {}
            ),
        )
    ],
    "events.hosts": [
        Call(OWNER, "GET", on_event("/su-kien/{event.id}/chu-nha")),
        Call(OWNER, "POST", _event_form("/su-kien/{event.id}/chu-nha", lambda e: {"login": "x"})),
    ],
    "events.remove_host": [
        Call(
            OWNER,
            "POST",
            _event_form("/su-kien/{event.id}/chu-nha/{event.hosts[0].id}/xoa", lambda e: {}),
        )
    ],
    "events.archive": [
        Call(OWNER, "POST", _event_form("/su-kien/{event.id}/luu-tru", lambda e: {}))
    ],
    "events.delete_event": [
        Call(OWNER, "GET", on_event("/su-kien/{event.id}/xoa")),
        Call(OWNER, "POST", _event_form("/su-kien/{event.id}/xoa", lambda e: {})),
    ],
    "events_api.Events": [
        Call(LOGIN, "GET", path("/api/v1/events")),
        Call(LOGIN, "POST", _new_event_api),
    ],
    "events_api.EventDetail": [
        Call(OWNER, "GET", on_event("/api/v1/events/{event.id}")),
        Call(OWNER, "PATCH", on_event("/api/v1/events/{event.id}", lambda e: {"title": "Mới"})),
        Call(OWNER, "DELETE", on_event("/api/v1/events/{event.id}")),
    ],
    "events_api.EventArchive": [
        Call(
            OWNER,
            "PUT",
            on_event("/api/v1/events/{event.id}/archive", lambda e: {"archived": True}),
        )
    ],
    "events_api.EventSides": [
        Call(OWNER, "GET", on_event("/api/v1/events/{event.id}/sides")),
        Call(OWNER, "POST", on_event("/api/v1/events/{event.id}/sides", lambda e: {"name": "Nội"})),
    ],
    "events_api.SideDetail": [
        Call(OWNER, "GET", on_event("/api/v1/events/{event.id}/sides/{side.id}")),
        Call(
            OWNER,
            "PATCH",
            on_event("/api/v1/events/{event.id}/sides/{side.id}", lambda e: {"show_qr": False}),
        ),
        Call(OWNER, "DELETE", on_event("/api/v1/events/{event.id}/sides/{side.id}")),
    ],
    "events_api.SideCeremonies": [
        Call(OWNER, "GET", on_event("/api/v1/events/{event.id}/sides/{side.id}/ceremonies")),
        Call(
            OWNER,
            "POST",
            on_event(
                "/api/v1/events/{event.id}/sides/{side.id}/ceremonies",
                lambda e: {"name": "Tiệc", "starts_at": "2026-10-18T11:00:00"},
            ),
        ),
    ],
    "events_api.CeremonyDetail": [
        Call(
            OWNER,
            method,
            on_event(
                "/api/v1/events/{event.id}/sides/{side.id}/ceremonies/" + CEREMONY,
                (lambda e: {"venue": "Nhà văn hoá"}) if method == "PATCH" else None,
            ),
        )
        for method in ("GET", "PATCH", "DELETE")
    ],
    "events_api.EventHosts": [
        Call(OWNER, "GET", on_event("/api/v1/events/{event.id}/hosts")),
        Call(
            OWNER,
            "POST",
            on_event("/api/v1/events/{event.id}/hosts", lambda e: {"login": "nobody@x.vn"}),
        ),
    ],
    "events_api.HostDetail": [
        Call(OWNER, "DELETE", on_event("/api/v1/events/{event.id}/hosts/{event.hosts[0].id}"))
    ],
    # events: the public pages (a token is the only way in) and the hosts' wishes and RSVPs
    "events.public_page": [
        Call(PUBLIC, "GET", on_event("/m/{event.token}")),
        Call(
            PUBLIC,
            "POST",
            _event_form(
                "/m/{side.token}",
                {"form": "wish", "w-name": "Hùng", "w-message": "Chúc mừng", "w-public": "y"},
            ),
        ),
    ],
    "events.guest_page": [
        Call(PUBLIC, "GET", on_event("/m/k/{guest.token}")),
        Call(
            PUBLIC,
            "POST",
            _event_form(
                "/m/k/{guest.token}",
                {"form": "rsvp", "r-name": "Nam", "r-answer": "yes", "r-people": "2"},
            ),
        ),
    ],
    "events.public_qr": [Call(PUBLIC, "GET", on_event("/m/{side.token}/qr.png"))],
    "events.guest_qr": [Call(PUBLIC, "GET", on_event("/m/k/{guest.token}/qr.png"))],
    "events.public_calendar": [Call(PUBLIC, "GET", on_event("/m/{event.token}/lich.ics"))],
    "events.service_worker": [Call(PUBLIC, "GET", path("/m/sw.js"))],
    "events.wishes": [
        Call(OWNER, "GET", on_event("/su-kien/{event.id}/loi-chuc")),
        Call(OWNER, "POST", _wish_form),
    ],
    "events.table_card_pdf": [
        Call(OWNER, "GET", on_event("/su-kien/{event.id}/thiep-ban.pdf?kho=A6"))
    ],
    "events_api.EventWishes": [Call(OWNER, "GET", on_event("/api/v1/events/{event.id}/wishes"))],
    "events_api.EventWish": [Call(OWNER, "PATCH", _wish_api)],
    "events_api.EventRsvps": [Call(OWNER, "GET", on_event("/api/v1/events/{event.id}/rsvps"))],
    # events: guests (app.events.guest_pages, app.events.guest_api)
    "events.guests_page": [
        Call(OWNER, "GET", on_event("/su-kien/{event.id}/khach?q=nam")),
        Call(
            OWNER,
            "POST",
            _event_form(
                "/su-kien/{event.id}/khach",
                lambda event: {"name": f"Khách {next(_counter)}", "side_id": event.sides[0].id},
            ),
        ),
    ],
    "events.guest_page_for_hosts": [
        Call(OWNER, "GET", on_event("/su-kien/{event.id}/khach/{guest.id}")),
        Call(
            OWNER,
            "POST",
            _event_form(
                "/su-kien/{event.id}/khach/{guest.id}",
                lambda event: {"name": "Trần Văn Nam", "side_id": event.sides[0].id},
            ),
        ),
    ],
    "events.remove_guest": [
        Call(OWNER, "POST", on_event("/su-kien/{event.id}/khach/{guest.id}/xoa"))
    ],
    "events.renew_guest_link": [
        Call(OWNER, "POST", on_event("/su-kien/{event.id}/khach/{guest.id}/duong-dan-moi"))
    ],
    "events.guest_links": [Call(OWNER, "GET", on_event("/su-kien/{event.id}/khach/loi-moi"))],
    "events.import_guests": [
        Call(OWNER, "GET", on_event("/su-kien/{event.id}/khach/nhap")),
        Call(OWNER, "POST", _event_form("/su-kien/{event.id}/khach/nhap", _guest_file)),
    ],
    "events.confirm_guests": [
        Call(OWNER, "POST", _event_form("/su-kien/{event.id}/khach/nhap/xac-nhan", _guest_rows))
    ],
    "events.guest_template": [
        Call(OWNER, "GET", on_event("/su-kien/{event.id}/khach/nhap/mau.csv")),
        Call(OWNER, "GET", on_event("/su-kien/{event.id}/khach/nhap/mau.xlsx")),
    ],
    "events_api.Guests": [
        Call(OWNER, "GET", on_event("/api/v1/events/{event.id}/guests")),
        Call(
            OWNER,
            "POST",
            on_event(
                "/api/v1/events/{event.id}/guests",
                lambda event: {"name": f"Khách {next(_counter)}", "side_id": event.sides[0].id},
            ),
        ),
    ],
    "events_api.GuestDetail": [
        Call(OWNER, "GET", on_event("/api/v1/events/{event.id}/guests/{guest.id}")),
        Call(
            OWNER,
            "PATCH",
            on_event(
                "/api/v1/events/{event.id}/guests/{guest.id}", lambda event: {"group_name": "Bạn"}
            ),
        ),
        Call(OWNER, "DELETE", on_event("/api/v1/events/{event.id}/guests/{guest.id}")),
    ],
    "events_api.new_guest_link": [
        Call(OWNER, "POST", on_event("/api/v1/events/{event.id}/guests/{guest.id}/new-link"))
    ],
    "events_api.GuestImport": [
        Call(OWNER, "POST", _event_form("/api/v1/events/{event.id}/guests/import", _guest_file)),
        Call(
            OWNER,
            "POST",
            _event_form("/api/v1/events/{event.id}/guests/import?dry_run=1", _guest_file),
        ),
    ],
    # events: a host's contacts are theirs alone ("mine" = the caller's contact or event)
    "events.contact_list": [
        Call(LOGIN, "GET", path("/danh-ba")),
        Call(
            LOGIN,
            "POST",
            lambda world, target: Request("/danh-ba", data={"name": f"Chị {next(_counter)}"}),
        ),
    ],
    "events.contact_page": [Call(OWNER, "GET", on_contact("/danh-ba/{contact.id}"))],
    "events.edit_contact": [
        Call(OWNER, "GET", on_contact("/danh-ba/{contact.id}/sua")),
        Call(
            OWNER,
            "POST",
            on_contact("/danh-ba/{contact.id}/sua", data={"name": "Anh Ba", "kind": "person"}),
        ),
    ],
    "events.delete_contact": [Call(OWNER, "POST", on_contact("/danh-ba/{contact.id}/xoa"))],
    "events.add_given": [
        Call(
            OWNER,
            "POST",
            on_contact("/danh-ba/{contact.id}/mung", data={"unit": "dong", "quantity": "100000"}),
        )
    ],
    "events.edit_given": [
        Call(OWNER, "GET", on_contact("/danh-ba/{contact.id}/mung/{gift.id}/sua")),
        Call(
            OWNER,
            "POST",
            on_contact(
                "/danh-ba/{contact.id}/mung/{gift.id}/sua",
                data={"unit": "gold_chi", "quantity": "1"},
            ),
        ),
    ],
    "events.delete_given": [
        Call(OWNER, "POST", on_contact("/danh-ba/{contact.id}/mung/{gift.id}/xoa"))
    ],
    "events.guest_history": [
        Call(OWNER, "GET", on_event("/su-kien/{event.id}/khach/{guest.id}/qua-lai"))
    ],
    "events.link_guest": [
        Call(OWNER, "POST", on_event("/su-kien/{event.id}/khach/{guest.id}/qua-lai/lien-ket"))
    ],
    "events.contact_from_guest": [
        Call(OWNER, "POST", on_event("/su-kien/{event.id}/khach/{guest.id}/qua-lai/tao-danh-ba"))
    ],
    "events.import_ledger": [
        Call(LOGIN, "GET", path("/danh-ba/nhap-so-cu")),
        Call(LOGIN, "POST", _old_ledger_page),
    ],
    "events.confirm_ledger": [Call(LOGIN, "POST", _old_ledger_confirm)],
    "events.ledger_template": [Call(PUBLIC, "GET", path("/danh-ba/mau-so-mung.csv"))],
    "events_api.Contacts": [
        Call(LOGIN, "GET", path("/api/v1/contacts")),
        Call(
            LOGIN,
            "POST",
            lambda world, target: Request("/api/v1/contacts", json={"name": "Anh Tư"}),
        ),
    ],
    "events_api.ContactDetail": [
        Call(OWNER, "GET", on_contact("/api/v1/contacts/{contact.id}")),
        Call(OWNER, "PATCH", on_contact("/api/v1/contacts/{contact.id}", {"note": "Hàng xóm"})),
        Call(OWNER, "DELETE", on_contact("/api/v1/contacts/{contact.id}")),
    ],
    "events_api.ContactGifts": [
        Call(OWNER, "GET", on_contact("/api/v1/contacts/{contact.id}/given")),
        Call(
            OWNER,
            "POST",
            on_contact("/api/v1/contacts/{contact.id}/given", {"quantity": "200000"}),
        ),
    ],
    "events_api.ContactGiftDetail": [
        Call(
            OWNER,
            "PATCH",
            on_contact("/api/v1/contacts/{contact.id}/given/{gift.id}", {"note": "Phong bì"}),
        ),
        Call(OWNER, "DELETE", on_contact("/api/v1/contacts/{contact.id}/given/{gift.id}")),
    ],
    "events_api.LedgerImport": [Call(LOGIN, "POST", _old_ledger_api)],
    # events: the ledger (sổ mừng), the event's hosts only
    "events.ledger_page": [Call(OWNER, "GET", on_event("/su-kien/{event.id}/so-mung"))],
    "events.ledger_thanked": [
        Call(OWNER, "POST", on_entry("/su-kien/{event.id}/so-mung/cam-on", {"entry": 0}, True))
    ],
    "events.ledger_add": [
        Call(OWNER, "GET", on_event("/su-kien/{event.id}/so-mung/them")),
        Call(OWNER, "POST", on_event("/su-kien/{event.id}/so-mung/them")),
    ],
    "events.ledger_edit": [
        Call(OWNER, "GET", on_entry("/su-kien/{event.id}/so-mung/{entry.id}/sua")),
        Call(OWNER, "POST", on_entry("/su-kien/{event.id}/so-mung/{entry.id}/sua")),
    ],
    "events.ledger_delete": [
        Call(OWNER, "POST", on_entry("/su-kien/{event.id}/so-mung/{entry.id}/xoa"))
    ],
    "events.ledger_quick": [
        Call(OWNER, "GET", on_event("/su-kien/{event.id}/so-mung/nhap-nhanh")),
        Call(OWNER, "POST", on_event("/su-kien/{event.id}/so-mung/nhap-nhanh")),
    ],
    "events.ledger_export": [
        Call(OWNER, "GET", on_event("/su-kien/{event.id}/so-mung/xuat.csv")),
        Call(OWNER, "GET", on_event("/su-kien/{event.id}/so-mung/xuat.xlsx?ben={side.id}")),
    ],
    "events.ledger_worker": [Call(PUBLIC, "GET", path("/su-kien/so-mung-sw.js"))],
    "events_api.LedgerEntries": [
        Call(OWNER, "GET", on_event("/api/v1/events/{event.id}/ledger?q=nam")),
        Call(
            OWNER,
            "POST",
            on_event(
                "/api/v1/events/{event.id}/ledger",
                lambda e: {"side_id": e.sides[0].id, "giver_name": "Anh Ba", "quantity": 300000},
            ),
        ),
    ],
    "events_api.LedgerEntryDetail": [
        Call(OWNER, "GET", on_entry("/api/v1/events/{event.id}/ledger/{entry.id}")),
        Call(
            OWNER,
            "PATCH",
            on_entry("/api/v1/events/{event.id}/ledger/{entry.id}", {"relation": "Bạn"}),
        ),
        Call(OWNER, "DELETE", on_entry("/api/v1/events/{event.id}/ledger/{entry.id}")),
    ],
    "events_api.ledger_sync": [
        Call(OWNER, "POST", on_event("/api/v1/events/{event.id}/ledger/sync", _sync_body))
    ],
    "events_api.ledger_totals": [
        Call(OWNER, "GET", on_event("/api/v1/events/{event.id}/ledger/totals"))
    ],
    "events_api.ledger_thanked": [
        Call(
            OWNER,
            "POST",
            on_entry("/api/v1/events/{event.id}/ledger/thanked", {"entry_ids": [1]}),
        )
    ],
    "events_api.ledger_export": [
        Call(OWNER, "GET", on_event("/api/v1/events/{event.id}/ledger/export.csv")),
        Call(OWNER, "GET", on_event("/api/v1/events/{event.id}/ledger/export.xlsx")),
    ],
    # dashboard, map, table exports and the reports API (helper "dashboard")
    "reports.home": [Call(LOGIN, "GET", path("/bao-cao"))],
    "reports.unit": [Call(VIEW, "GET", at_locality("/bao-cao/{id}"))],
    "reports.unit_table": [
        Call(VIEW, "GET", at_locality("/bao-cao/{id}/bang.csv")),
        Call(VIEW, "GET", at_locality("/bao-cao/{id}/bang.xlsx")),
    ],
    "reports.country_table": [
        Call(ADMIN, "GET", path("/bao-cao/bang.csv")),
        Call(ADMIN, "GET", path("/bao-cao/bang.xlsx")),
    ],
    "reports.map_page": [Call(LOGIN, "GET", path("/bao-cao/ban-do"))],
    "reports_api.Indicators": [Call(LOGIN, "GET", path("/api/v1/reports/indicators"))],
    "reports_api.Breakdown": [
        Call(VIEW, "GET", at_locality("/api/v1/reports/breakdown?locality_id={id}")),
        Call(ADMIN, "GET", path("/api/v1/reports/breakdown")),
    ],
    "reports_api.Series": [
        Call(VIEW, "GET", at_locality("/api/v1/reports/series?locality_id={id}&months=2")),
        Call(ADMIN, "GET", path("/api/v1/reports/series?months=2")),
    ],
    "reports_api.ProvinceMap": [Call(LOGIN, "GET", path("/api/v1/reports/map"))],
    # ---- document: the report sent upward (page, DOCX, PDF, XLSX) for a unit and a period
    "reports.document_page": [Call(VIEW, "GET", at_locality("/bao-cao/{id}/ky/2025-11/in"))],
    "reports.document_docx": [
        Call(VIEW, "GET", at_locality("/bao-cao/{id}/ky/2025-Q4/bao-cao.docx"))
    ],
    "reports.document_pdf": [Call(VIEW, "GET", at_locality("/bao-cao/{id}/ky/2025/bao-cao.pdf"))],
    "reports.document_xlsx": [
        Call(VIEW, "GET", at_locality("/bao-cao/{id}/ky/2025-11/phu-luc.xlsx"))
    ],
    # ---- periodic reports (part "periods") ----
    "reports.period_report": [Call(VIEW, "GET", at_locality("/bao-cao/{id}/ky/2025-10"))],
    "reports.explain_warning": [
        Call(
            MANAGE,
            "POST",
            at_locality(
                "/bao-cao/{id}/ky/2025-10/giai-trinh?canh-bao=far:x", data={"w-far-x-text": "ok"}
            ),
        )
    ],
    "reports.submit_period_report": [
        Call(MANAGE, "POST", at_locality("/bao-cao/{id}/ky/2025-10/nop"))
    ],
    "reports.approve_period_report": [
        Call(
            MANAGE,
            "POST",
            on_period_report("/bao-cao/{id}/ky/2025-10/duyet", _hamlet_report("submitted")),
        )
    ],
    "reports.reopen_period_report": [
        Call(
            MANAGE,
            "POST",
            on_period_report(
                "/bao-cao/{id}/ky/2025-10/mo-lai",
                _hamlet_report("approved"),
                data={"reason": "sửa"},
            ),
        )
    ],
    "reports.entered_figures": [
        Call(VIEW, "GET", at_locality("/bao-cao/{id}/nhap-so-lieu")),
        Call(
            MANAGE,
            "POST",
            at_locality(
                "/bao-cao/{id}/nhap-so-lieu",
                data={
                    "indicator": "reports.on_time",
                    "period": "2025-10",
                    "numerator": "1",
                    "denominator": "2",
                    "source": "x",
                },
            ),
        ),
    ],
    "reports.delete_entered_figure": [
        Call(MANAGE, "POST", on_period_row("/bao-cao/so-lieu/{id}/xoa", _period_figure))
    ],
    "reports.unit_targets": [
        Call(VIEW, "GET", at_locality("/bao-cao/{id}/chi-tieu")),
        Call(
            MANAGE,
            "POST",
            at_locality(
                "/bao-cao/{id}/chi-tieu",
                data={"indicator": "reports.on_time", "year": "2026", "value": "90"},
            ),
        ),
    ],
    "reports.delete_unit_target": [
        Call(MANAGE, "POST", on_period_row("/bao-cao/chi-tieu/{id}/xoa", _period_target))
    ],
    "reports.waiting_for_me": [Call(LOGIN, "GET", path("/bao-cao/cho-duyet"))],
    "reports_api.Figures": [
        Call(VIEW, "GET", at_locality("/api/v1/reports/figures?locality_id={id}&period=2025-10")),
        Call(MANAGE, "POST", _figure_body),
    ],
    "reports_api.delete_figure": [
        Call(MANAGE, "DELETE", on_period_row("/api/v1/reports/figures/{id}", _period_figure))
    ],
    "reports_api.read_report": [
        Call(VIEW, "GET", at_locality("/api/v1/reports/periodic/{id}/2025-10"))
    ],
    "reports_api.explain_report": [
        Call(
            MANAGE,
            "PUT",
            at_locality(
                "/api/v1/reports/periodic/{id}/2025-10/explanations",
                json={"explanations": {"far:x": "ok"}},
            ),
        )
    ],
    "reports_api.submit_report": [
        Call(MANAGE, "POST", at_locality("/api/v1/reports/periodic/{id}/2025-10/submit"))
    ],
    "reports_api.approve_report": [
        Call(
            MANAGE,
            "POST",
            on_period_report(
                "/api/v1/reports/periodic/{id}/2025-10/approve", _hamlet_report("submitted")
            ),
        )
    ],
    "reports_api.reopen_report": [
        Call(
            MANAGE,
            "POST",
            on_period_report(
                "/api/v1/reports/periodic/{id}/2025-10/reopen",
                _hamlet_report("approved"),
                json={"reason": "sửa"},
            ),
        )
    ],
    "reports_api.waiting_reports": [Call(LOGIN, "GET", path("/api/v1/reports/periodic/waiting"))],
    "reports_api.Targets": [
        Call(VIEW, "GET", at_locality("/api/v1/reports/targets?locality_id={id}")),
        Call(MANAGE, "POST", _target_body),
    ],
    "reports_api.TargetDetail": [
        Call(
            MANAGE,
            "PATCH",
            on_period_row("/api/v1/reports/targets/{id}", _period_target, json={"value": 80}),
        ),
        Call(MANAGE, "DELETE", on_period_row("/api/v1/reports/targets/{id}", _period_target)),
    ],
    "reports_api.target_progress": [
        Call(
            VIEW, "GET", at_locality("/api/v1/reports/targets/progress?locality_id={id}&year=2026")
        )
    ],
    # ---- community teams (app.teams) -----------------------------------------------------
    "teams.teams": [Call(VIEW, "GET", at_locality("/to-cong-nghe-so?locality_id={id}"))],
    "teams.add_team": [
        Call(MANAGE, "GET", at_locality("/to-cong-nghe-so/moi?locality_id={id}")),
        Call(MANAGE, "POST", _new_team_page),
    ],
    "teams.team": [Call(VIEW, "GET", on_team("/to-cong-nghe-so/{id}"))],
    "teams.edit_team": [
        Call(MANAGE, "GET", on_team("/to-cong-nghe-so/{id}/sua")),
        Call(
            MANAGE,
            "POST",
            on_team("/to-cong-nghe-so/{id}/sua", lambda: {"name": "Tổ", "founded_on": _TEAM_DAY}),
        ),
    ],
    "teams.dissolve_team": [
        Call(MANAGE, "GET", on_team("/to-cong-nghe-so/{id}/giai-the")),
        Call(
            MANAGE,
            "POST",
            on_team("/to-cong-nghe-so/{id}/giai-the", lambda: {"dissolved_on": "2026-01-01"}),
        ),
    ],
    "teams.reform_team": [
        Call(MANAGE, "GET", on_team("/to-cong-nghe-so/{id}/tai-lap")),
        Call(
            MANAGE,
            "POST",
            on_team(
                "/to-cong-nghe-so/{id}/tai-lap",
                lambda: {"name": "Tổ mới", "founded_on": "2026-01-01"},
            ),
        ),
    ],
    "teams.add_member": [
        Call(MANAGE, "GET", on_team("/to-cong-nghe-so/{id}/thanh-vien")),
        Call(
            MANAGE,
            "POST",
            on_team(
                "/to-cong-nghe-so/{id}/thanh-vien",
                lambda: {"name": "An", "role": "to_vien", "joined_on": _TEAM_DAY},
            ),
        ),
    ],
    "teams.edit_member": [Call(MANAGE, "GET", _member_page), Call(MANAGE, "POST", _member_page)],
    "teams.add_activity": [
        Call(MANAGE, "GET", on_team("/to-cong-nghe-so/{id}/hoat-dong")),
        Call(MANAGE, "POST", on_team("/to-cong-nghe-so/{id}/hoat-dong", _activity_form)),
    ],
    "teams.edit_activity": [
        Call(MANAGE, "GET", _activity_edit_page),
        Call(MANAGE, "POST", _activity_edit_page),
    ],
    "teams.delete_activity": [Call(MANAGE, "POST", _activity_delete_page)],
    "teams.import_list": [
        Call(MANAGE, "GET", on_team("/to-cong-nghe-so/{id}/nhap-thanh-vien")),
        Call(MANAGE, "POST", on_team("/to-cong-nghe-so/{id}/nhap-thanh-vien", _member_file)),
    ],
    "teams.confirm_list": [
        Call(
            MANAGE, "POST", on_team("/to-cong-nghe-so/{id}/nhap-thanh-vien/xac-nhan", _member_rows)
        )
    ],
    "teams.topics": [
        Call(ADMIN, "GET", path("/to-cong-nghe-so/chu-de")),
        Call(ADMIN, "POST", _new_topic(page=True)),
    ],
    "teams.edit_topic": [
        Call(ADMIN, "GET", _topic_at("/to-cong-nghe-so/chu-de/{id}")),
        Call(ADMIN, "POST", _topic_at("/to-cong-nghe-so/chu-de/{id}", {"name": "Chủ đề"})),
    ],
    "teams.move_topic": [Call(ADMIN, "POST", _topic_at("/to-cong-nghe-so/chu-de/{id}/xuong"))],
    "teams.pilots": [
        Call(VIEW, "GET", at_locality("/mo-hinh-diem?locality_id={id}")),
        Call(
            MANAGE,
            "POST",
            at_locality(
                "/mo-hinh-diem?locality_id={id}",
                data={"kind": "cho_40", "name": "Chợ 4.0", "started_on": "2025-08-01"},
            ),
        ),
    ],
    "teams.edit_pilot": [
        Call(MANAGE, "GET", _pilot_at("/mo-hinh-diem/{id}/sua")),
        Call(MANAGE, "POST", _pilot_at("/mo-hinh-diem/{id}/sua")),
    ],
    "teams_api.Teams": [
        Call(VIEW, "GET", at_locality("/api/v1/teams?locality={id}")),
        Call(MANAGE, "POST", _new_team_api),
    ],
    "teams_api.TeamDetail": [
        Call(VIEW, "GET", on_team("/api/v1/teams/{id}")),
        Call(MANAGE, "PATCH", on_team("/api/v1/teams/{id}", lambda: {"note": "x"}, True)),
    ],
    "teams_api.dissolve": [
        Call(
            MANAGE,
            "POST",
            on_team("/api/v1/teams/{id}/dissolve", lambda: {"dissolved_on": "2026-01-01"}, True),
        )
    ],
    "teams_api.reform": [
        Call(
            MANAGE,
            "POST",
            on_team(
                "/api/v1/teams/{id}/reform",
                lambda: {"name": "Tổ mới", "founded_on": "2026-01-01"},
                True,
            ),
        )
    ],
    "teams_api.TeamMembers": [
        Call(VIEW, "GET", on_team("/api/v1/teams/{id}/members")),
        Call(
            MANAGE,
            "POST",
            on_team(
                "/api/v1/teams/{id}/members",
                lambda: {"name": "An", "joined_on": _TEAM_DAY},
                True,
            ),
        ),
    ],
    "teams_api.MemberDetail": [
        Call(VIEW, "GET", _member_api("/api/v1/team-members/{id}")),
        Call(MANAGE, "PATCH", _member_api("/api/v1/team-members/{id}")),
    ],
    "teams_api.TeamActivities": [
        Call(VIEW, "GET", on_team("/api/v1/teams/{id}/activities")),
        Call(
            MANAGE,
            "POST",
            on_team(
                "/api/v1/teams/{id}/activities",
                lambda: {"held_on": "2025-09-01", "topic_id": _topic_id()},
                True,
            ),
        ),
    ],
    "teams_api.ActivityDetail": [
        Call(VIEW, "GET", _activity_api),
        Call(MANAGE, "PATCH", _activity_api),
        Call(MANAGE, "DELETE", _activity_api),
    ],
    "teams_api.import_list": [
        Call(MANAGE, "POST", on_team("/api/v1/teams/{id}/members/import?dry_run=1", _member_file))
    ],
    "teams_api.import_template": [
        Call(PUBLIC, "GET", path("/api/v1/team-import-template/members.csv")),
        Call(PUBLIC, "GET", path("/api/v1/team-import-template/activities.xlsx")),
    ],
    "teams_api.Topics": [
        Call(LOGIN, "GET", path("/api/v1/activity-topics")),
        Call(ADMIN, "POST", _new_topic(page=False)),
    ],
    "teams_api.TopicDetail": [
        Call(ADMIN, "PATCH", _topic_at("/api/v1/activity-topics/{id}", {"name": "Chủ đề"}))
    ],
    "teams_api.Pilots": [
        Call(VIEW, "GET", at_locality("/api/v1/pilot-models?locality={id}")),
        Call(MANAGE, "POST", _pilot_body),
    ],
    "teams_api.PilotDetail": [
        Call(MANAGE, "PATCH", _pilot_at("/api/v1/pilot-models/{id}", {"name": "Chợ"}))
    ],
}


def is_allowed(kind: str, role: str, target: str | None) -> bool:
    if kind == PUBLIC:
        return True
    if kind == INVITEE:  # the link is the credential; a signed-in person must be the invitee
        return role == "anonymous" or target == "mine"
    if role == "anonymous":
        return False
    if kind == LOGIN:
        return True
    if kind == ADMIN:
        return role == "admin"
    if kind == OFFICER_OR_ADMIN:
        return role == "admin" or role in OFFICERS
    if kind == MANAGE:
        return role in MANAGERS[str(target)]
    if kind == VIEW:
        return role in VIEWERS[str(target)]
    if kind == OWNER:
        return target == "mine"
    raise AssertionError(f"unknown policy kind {kind!r}")


# ---- the tests -----------------------------------------------------------------------------


def test_every_endpoint_is_classified(app: Flask) -> None:
    missing: list[str] = []
    for rule in app.url_map.iter_rules():
        methods = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
        calls = POLICY.get(rule.endpoint, [])
        covered = {call.method for call in calls}
        for method in methods:
            if method not in covered:
                missing.append(f"{method} {rule.rule} ({rule.endpoint})")
    assert not missing, (
        "Unclassified endpoints: add them to POLICY in tests/test_authorization_matrix.py "
        "with a kind (public / login / admin / officer-or-admin / manage-locality / "
        "view-locality / owner) and a request builder:\n  " + "\n  ".join(missing)
    )
    stale = sorted(set(POLICY) - {rule.endpoint for rule in app.url_map.iter_rules()})
    assert not stale, f"POLICY names endpoints that no longer exist: {stale}"


@pytest.fixture
def world(app: Flask) -> World:
    places = Places()
    users: dict[str, User | None] = {
        "anonymous": None,
        "plain": make_user("plain@x.vn"),
        "vendor": make_user("vendor@x.vn", "vendor"),
        "host": make_user("host@x.vn", "host"),
        "viewer_a": make_user("viewer-a@x.vn", ("viewer", places.commune_a)),
        "officer_a": make_user("officer-a@x.vn", ("officer", places.commune_a)),
        "officer_p": make_user("officer-p@x.vn", ("officer", places.province)),
        "officer_b": make_user("officer-b@x.vn", ("officer", places.commune_b)),
        "admin": make_user("admin@x.vn", "admin"),
    }
    return World(places, users)


def _outcome(app: Flask, world: World, call: Call, role: str, target: str | None) -> str | None:
    """None when the response matches the policy, else a line describing the mismatch."""
    world.role = role
    request = call.build(world, target)
    client = app.test_client()
    user = world.users[role]
    if user is not None:
        sign_in(client, user)
    response = client.open(request.path, method=call.method, data=request.data, json=request.json)
    status = response.status_code
    location = response.headers.get("Location", "")
    response.close()  # files served from static/ are streamed
    to_login = status in (301, 302, 303) and location.startswith("/dang-nhap?next=")
    is_api = request.path.startswith("/api/")
    if is_allowed(call.kind, role, target):
        if status in (401, 403) or to_login or status >= 500:
            return f"expected access, got {status} {location}".rstrip()
        return None
    if role == "anonymous":
        ok = status == 401 if is_api else to_login
        expected = "401" if is_api else "302 to the login page"
    elif call.kind == OWNER:
        ok, expected = status in (403, 404), "403/404"
    else:
        ok, expected = status == 403, "403"
    return None if ok else f"expected {expected}, got {status} {location}".rstrip()


@pytest.mark.parametrize("endpoint", sorted(POLICY))
def test_matrix(app: Flask, world: World, endpoint: str) -> None:
    failures: list[str] = []
    checked = 0
    for call in POLICY[endpoint]:
        for target in call.all_targets():
            for role in ROLES:
                problem = _outcome(app, world, call, role, target)
                checked += 1
                if problem:
                    where = f" → {target}" if target else ""
                    failures.append(f"{call.method} [{call.kind}] as {role}{where}: {problem}")
    assert checked >= len(ROLES)
    assert not failures, f"{endpoint}:\n  " + "\n  ".join(failures)


@pytest.mark.parametrize(
    ("kind", "allowed_roles"),
    [
        (PUBLIC, set(ROLES)),
        (LOGIN, set(ROLES) - {"anonymous"}),
        (ADMIN, {"admin"}),
        (OFFICER_OR_ADMIN, OFFICERS | {"admin"}),
    ],
)
def test_policy_kinds_mean_what_the_docstring_says(kind: str, allowed_roles: set[str]) -> None:
    assert {role for role in ROLES if is_allowed(kind, role, None)} == allowed_roles
    assert {role for role in ROLES if is_allowed(MANAGE, role, "A")} == {
        "officer_a",
        "officer_p",
        "admin",
    }
    assert "officer_a" not in {role for role in ROLES if is_allowed(VIEW, role, "B")}
