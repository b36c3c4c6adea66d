"""Swapped-sign checks (`app.markets.checks`): a genuine sign, a swapped one, the same number at
another bank, another vendor's account, a pending vendor, two codes on one photo, a code that is
not a bank code, a photo without a code, a sign code with a wrong check character; photos are
real signs rendered by `app.render`, with another QR pasted over, noise, rotation and JPEG."""

from __future__ import annotations

import io
import random

import pytest
import zxingcpp
from flask import Flask
from PIL import Image, ImageFilter
from sqlalchemy import select

from app.audit.presentation import Presenter
from app.audit_log import AuditEntry
from app.errors import DomainError
from app.extensions import db
from app.feature import audit_labels
from app.markets import checks, services
from app.markets.models import Vendor
from app.matching import ALPHABET, check_character
from app.render import render_png, render_sign_png
from app.vietqr import PaymentCode, build_payload
from tests.markets.conftest import ACCOUNT, BANK, World, add_vendor

OTHER_BANK = "970436"  # Vietcombank
THIEF_ACCOUNT = "0071000999888"
EWALLET = "https://momo.vn/pay/0909123456"


def vendor_with_account(
    world: World,
    name: str,
    stall: int | None = 0,
    bank: str = BANK,
    number: str = ACCOUNT,
    **extra: object,
) -> Vendor:
    stall_ids = [world.stalls[stall].id] if stall is not None else []
    vendor = add_vendor(world, name, stall_ids=stall_ids, **extra)
    services.add_account(
        world.officer_a, vendor, {"bank": bank, "number": number, "holder_name": name.upper()}
    )
    return vendor


def payload_for(world: World, vendor: Vendor, bank: str, number: str) -> str:
    return services.account_code(vendor, bank, number, "account", None).payload


def sign_photo(vendor: Vendor, pasted: str | None = None, extra: str | None = None) -> bytes:
    """A phone photo of the vendor's printed sign: its QR covered by a sticker of `pasted` when
    given, a second sticker `extra` beside it; then noise, a slight rotation, JPEG."""
    made = services.sign_code_of(vendor)
    assert made is not None
    sign = Image.open(io.BytesIO(render_sign_png(made.sign(vendor.name), width=600)))
    sign = sign.convert("RGB")
    (genuine,) = zxingcpp.read_barcodes(sign)
    top_left, bottom_right = genuine.position.top_left, genuine.position.bottom_right
    side = bottom_right.x - top_left.x
    if pasted is not None:
        # A sticker slightly larger than the genuine code, with its own quiet zone.
        sticker = Image.open(io.BytesIO(render_png(pasted, size=side + 40, border=2)))
        sign.paste(sticker.convert("RGB"), (top_left.x - 20, top_left.y - 20))
    canvas = Image.new("RGB", (sign.width + (360 if extra else 120), sign.height + 120), "#c8b89a")
    canvas.paste(sign, (60, 60))
    if extra is not None:
        second = Image.open(io.BytesIO(render_png(extra, size=280, border=4)))
        canvas.paste(second.convert("RGB"), (sign.width + 70, 200))
    rng = random.Random(7)
    pixels = canvas.load()
    assert pixels is not None
    for _ in range(canvas.width * canvas.height // 12):
        x, y = rng.randrange(canvas.width), rng.randrange(canvas.height)
        r, g, b = pixels[x, y]  # type: ignore[misc]
        shift = rng.randint(-60, 60)
        pixels[x, y] = (
            max(0, min(255, r + shift)),
            max(0, min(255, g + shift)),
            max(0, min(255, b + shift)),
        )
    photo = canvas.rotate(4, expand=True, fillcolor="#8a7b64", resample=Image.Resampling.BICUBIC)
    photo = photo.filter(ImageFilter.GaussianBlur(0.6))
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=70)
    return out.getvalue()


def a_wrong_check_character(code: str) -> str:
    right = check_character(code[:-1])
    wrong = next(c for c in ALPHABET if c != right)
    return code[:-1] + wrong


# ---- texts ---------------------------------------------------------------------------------


def test_a_genuine_code_pays_to_the_vendor(world: World) -> None:
    dao = vendor_with_account(world, "Cô Đào")
    found = checks.verify(
        world.officer_a, payloads=[payload_for(world, dao, BANK, ACCOUNT)], sign_code=dao.sign_code
    )
    assert found.result == "ok" and found.registered
    (code,) = found.codes
    assert code.result == "ok"
    assert code.matched is not None and code.matched.is_primary
    assert code.matched_bank_name == "VietinBank" and code.account_masked == "····8888"


def test_a_swapped_code_says_where_it_pays(world: World) -> None:
    dao = vendor_with_account(world, "Cô Đào")
    thief = build_payload(
        PaymentCode(bank_bin=OTHER_BANK, account=THIEF_ACCOUNT, merchant_name="LE VAN GIAN")
    )
    found = checks.verify(None, payloads=[thief], stall_id=world.stalls[0].id)
    assert found.vendor is not None and found.vendor.id == dao.id
    (code,) = found.codes
    assert code.result == "mismatch" and found.result == "mismatch"
    assert (code.bank_bin, code.bank_name, code.account) == (
        OTHER_BANK,
        "Vietcombank",
        THIEF_ACCOUNT,
    )
    assert code.holder_name == "LE VAN GIAN"
    assert code.same_number_elsewhere is None and not code.belongs_to_other


def test_the_same_number_at_another_bank_is_a_mismatch(world: World) -> None:
    dao = vendor_with_account(world, "Cô Đào")
    elsewhere = payload_for(world, dao, OTHER_BANK, ACCOUNT)
    found = checks.verify(
        None,
        payloads=[elsewhere],
        market_id=world.market.id,
        stall_number=world.stalls[0].number,
    )
    (code,) = found.codes
    assert code.result == "mismatch"
    assert code.same_number_elsewhere is not None
    assert code.elsewhere_bank_name == "VietinBank" and code.bank_name == "Vietcombank"
    assert code.holder_name is None  # the code names no holder: the page says so


def test_another_vendors_account_is_named_only_to_their_managers(world: World) -> None:
    dao = vendor_with_account(world, "Cô Đào", stall=0)
    vendor_with_account(world, "Anh Gian", stall=1, bank=OTHER_BANK, number=THIEF_ACCOUNT)
    swapped = payload_for(world, dao, OTHER_BANK, THIEF_ACCOUNT)
    as_officer = checks.verify(world.officer_a, payloads=[swapped], sign_code=dao.sign_code)
    (code,) = as_officer.codes
    assert code.result == "mismatch" and code.belongs_to_other
    (other,) = code.others
    assert (other.name, other.place, other.stalls) == ("Anh Gian", "Chợ An Bình", ["2"])
    for stranger in (None, world.officer_b, world.vendor_user):
        (told,) = checks.verify(stranger, payloads=[swapped], sign_code=dao.sign_code).codes
        assert told.belongs_to_other
        assert [(o.vendor_id, o.name, o.stalls) for o in told.others] == [(None, None, None)]


def test_a_pending_vendor_is_never_ok(world: World) -> None:
    pending = vendor_with_account(world, "Chị Mới", stall=2)
    pending.registration = "pending"
    db.session.commit()
    genuine = payload_for(world, pending, BANK, ACCOUNT)
    found = checks.verify(None, payloads=[genuine], sign_code=pending.sign_code)
    assert not found.registered
    assert [c.result for c in found.codes] == ["not_registered"] and found.result != "ok"


def test_a_sign_code_nobody_has_is_not_registered(world: World) -> None:
    dao = vendor_with_account(world, "Cô Đào")
    body = "QT" + "2345678"
    unknown = body + check_character(body)
    found = checks.verify(
        None, payloads=[payload_for(world, dao, BANK, ACCOUNT)], sign_code=unknown
    )
    assert found.vendor is None and found.named
    assert [c.result for c in found.codes] == ["not_registered"]
    (code,) = found.codes
    assert code.belongs_to_other and code.others[0].vendor_id is None  # not named to anyone
    (told,) = checks.verify(
        world.officer_a, payloads=[payload_for(world, dao, BANK, ACCOUNT)], sign_code=unknown
    ).codes
    assert [o.name for o in told.others] == ["Cô Đào"]


def test_a_wrong_check_character_is_refused_on_the_sign_code(world: World) -> None:
    dao = vendor_with_account(world, "Cô Đào")
    with pytest.raises(DomainError) as refused:
        checks.verify(
            None,
            payloads=[payload_for(world, dao, BANK, ACCOUNT)],
            sign_code=a_wrong_check_character(dao.sign_code),
        )
    assert (refused.value.field, refused.value.code) == ("sign_code", "markets.sign_code_bad_check")
    assert "ký tự kiểm tra" in refused.value.message


def test_not_a_bank_code_cannot_be_checked(world: World) -> None:
    dao = vendor_with_account(world, "Cô Đào")
    found = checks.verify(None, payloads=[EWALLET], vendor_id=dao.id)
    assert [c.result for c in found.codes] == ["not_vietqr"]
    assert found.result == "not_vietqr"


def test_without_a_vendor_it_says_who_owns_the_account(world: World) -> None:
    dao = vendor_with_account(world, "Cô Đào")
    pending = vendor_with_account(world, "Chị Mới", stall=1, bank=OTHER_BANK, number="555666777")
    pending.registration = "pending"
    db.session.commit()
    genuine = payload_for(world, dao, BANK, ACCOUNT)
    unknown = payload_for(world, dao, OTHER_BANK, "555666777")
    first, second = checks.verify(world.officer_a, payloads=[genuine, unknown]).codes
    assert first.result == "found" and [o.name for o in first.others] == ["Cô Đào"]
    assert second.result == "found" and not second.belongs_to_other  # pending: not registered


def test_a_damaged_code_is_a_mismatch(world: World) -> None:
    dao = vendor_with_account(world, "Cô Đào")
    genuine = payload_for(world, dao, BANK, ACCOUNT)
    damaged = genuine[:-4] + ("0000" if genuine[-4:] != "0000" else "1111")
    (code,) = checks.verify(None, payloads=[damaged], vendor_id=dao.id).codes
    assert code.result == "mismatch" and code.damaged


def test_nothing_to_check_is_refused(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        checks.verify(None, payloads=["  "])
    assert refused.value.field == "payload"


def test_an_empty_stall_is_refused(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        checks.verify(None, payloads=[EWALLET], stall_id=world.stalls[2].id)
    assert (refused.value.field, refused.value.code) == ("stall_id", "markets.stall_empty")


# ---- photos --------------------------------------------------------------------------------


def test_a_photo_of_the_genuine_sign(world: World) -> None:
    dao = vendor_with_account(world, "Cô Nguyễn Thị Đào")
    found = checks.verify(None, photo=sign_photo(dao), sign_code=dao.sign_code)
    assert [c.result for c in found.codes] == ["ok"]


def test_a_photo_of_a_swapped_sign(world: World) -> None:
    dao = vendor_with_account(world, "Cô Nguyễn Thị Đào")
    vendor_with_account(world, "Anh Gian", stall=1, bank=OTHER_BANK, number=THIEF_ACCOUNT)
    thief = payload_for(world, dao, OTHER_BANK, THIEF_ACCOUNT)
    found = checks.verify(
        world.officer_a, photo=sign_photo(dao, pasted=thief), stall_id=world.stalls[0].id
    )
    (code,) = found.codes
    assert code.result == "mismatch" and code.account == THIEF_ACCOUNT
    assert [o.name for o in code.others] == ["Anh Gian"]


def test_a_photo_with_two_codes_checks_each(world: World) -> None:
    dao = vendor_with_account(world, "Cô Nguyễn Thị Đào")
    foreign = payload_for(world, dao, OTHER_BANK, THIEF_ACCOUNT)
    found = checks.verify(None, photo=sign_photo(dao, extra=foreign), vendor_id=dao.id)
    assert sorted(c.result for c in found.codes) == ["mismatch", "ok"]
    assert found.result == "mismatch"


def test_a_photo_without_a_code_is_refused_on_the_photo(world: World) -> None:
    dao = vendor_with_account(world, "Cô Đào")
    blank = io.BytesIO()
    Image.new("RGB", (400, 300), "#c8b89a").save(blank, "JPEG")
    with pytest.raises(DomainError) as refused:
        checks.verify(None, photo=blank.getvalue(), vendor_id=dao.id)
    assert (refused.value.field, refused.value.code) == ("photo", "codes.image.no_code")
    with pytest.raises(DomainError) as refused:
        checks.verify(None, photo=b"not an image", vendor_id=dao.id)
    assert refused.value.field == "photo"


# ---- rounds --------------------------------------------------------------------------------


def test_a_round_saves_results_and_mismatches_stay_open_until_resolved(world: World) -> None:
    dao = vendor_with_account(world, "Cô Đào", stall=0)
    gian = vendor_with_account(world, "Anh Gian", stall=1, bank=OTHER_BANK, number=THIEF_ACCOUNT)
    started = checks.start_round(world.officer_a, market=world.market)
    ok = checks.check_sign(
        world.officer_a, started, {"stall_id": world.stalls[0].id}, sign_photo(dao)
    ).check
    thief = payload_for(world, dao, OTHER_BANK, THIEF_ACCOUNT)
    checked = checks.check_sign(
        world.officer_a,
        started,
        {"stall_id": world.stalls[0].id, "payloads": [thief]},
    )
    bad, verification = checked.check, checked.verification
    assert ok.result == "ok" and bad.result == "mismatch"
    assert bad.payloads == [thief] and (bad.found_bank_bin, bad.found_account) == (
        OTHER_BANK,
        THIEF_ACCOUNT,
    )
    assert bad.other_vendor_id == gian.id and verification.result == "mismatch"
    summary = checks.summary(started)
    assert (summary.checked, summary.ok, summary.problems) == (1, 0, 1)  # the latest counts
    assert checks.open_problems(world.market) == [bad]

    with pytest.raises(DomainError) as refused:
        checks.resolve_check(world.officer_b, bad, "Đã gỡ")
    assert refused.value.status == 403
    with pytest.raises(DomainError) as refused:
        checks.resolve_check(world.officer_a, bad, "  ")
    assert refused.value.field == "note"
    with pytest.raises(DomainError) as refused:
        checks.resolve_check(world.officer_a, ok, "Không có gì")
    assert refused.value.code == "markets.check_not_problem"
    checks.resolve_check(world.officer_a, bad, "Đã gỡ mã lạ, dán lại biển đúng")
    assert checks.open_problems(world.market) == []
    assert bad.resolved_by_label == "officer-a@x.vn"

    checks.finish_round(world.officer_a, started)
    with pytest.raises(DomainError) as refused:
        checks.check_sign(
            world.officer_a, started, {"stall_id": world.stalls[0].id}, sign_photo(dao)
        )
    assert refused.value.status == 409
    actions = db.session.scalars(
        select(AuditEntry.entity + ":" + AuditEntry.action).where(
            AuditEntry.entity.in_(("check_round", "sign_check"))
        )
    ).all()
    assert sorted(actions) == [
        "check_round:create",
        "check_round:update",
        "sign_check:create",
        "sign_check:create",
        "sign_check:update",
    ]
    assert checks.place_checks(world.market).last is not None


def test_only_managers_start_rounds_and_a_failed_check_writes_nothing(world: World) -> None:
    dao = vendor_with_account(world, "Cô Đào")
    with pytest.raises(DomainError) as refused:
        checks.start_round(world.officer_b, market=world.market)
    assert refused.value.status == 403
    started = checks.start_round(world.officer_a, market=world.market)
    blank = io.BytesIO()
    Image.new("L", (300, 300), 255).save(blank, "PNG")
    with pytest.raises(DomainError) as refused:
        checks.check_sign(
            world.officer_a, started, {"stall_id": world.stalls[0].id}, blank.getvalue()
        )
    assert refused.value.field == "photo"
    with pytest.raises(DomainError) as refused:
        checks.check_sign(
            world.officer_a, started, {"stall_id": world.stalls[2].id}, sign_photo(dao)
        )
    assert refused.value.field == "stall_id"
    db.session.expire_all()
    assert checks.get_round(started.id).checks == []


def test_the_audit_log_tells_rounds_and_checks_in_words(app: Flask, world: World) -> None:
    dao = vendor_with_account(world, "Cô Đào", stall=0)
    vendor_with_account(world, "Anh Gian", stall=1, bank=OTHER_BANK, number=THIEF_ACCOUNT)
    started = checks.start_round(world.officer_a, market=world.market)
    thief = payload_for(world, dao, OTHER_BANK, THIEF_ACCOUNT)
    checked = checks.check_sign(
        world.officer_a, started, {"stall_id": world.stalls[0].id, "payloads": [thief]}
    )
    checks.resolve_check(world.officer_a, checked.check, "Đã gỡ mã lạ")
    presenter = Presenter(audit_labels(app))
    entries = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity.in_(("check_round", "sign_check")))
        .order_by(AuditEntry.id)
    )
    shown = [presenter.entry(entry) for entry in entries]
    assert [(s.action, s.entity, s.subject) for s in shown] == [
        ("Thêm", "Lượt kiểm tra biển", "Chợ An Bình"),
        ("Thêm", "Kiểm tra biển mã", "Cô Đào · Sạp 1"),
        ("Sửa", "Kiểm tra biển mã", "Cô Đào · Sạp 1"),
    ]
    created = {c.label: c.after for c in shown[1].changes}
    assert created["Kết quả"] == "Sai lệch"
    assert created["Ngân hàng mã đang trả vào"] == f"Vietcombank ({OTHER_BANK})"
    assert created["Tài khoản của tiểu thương khác"] == "Anh Gian"
    assert created["Lượt kiểm tra"] == "Lượt kiểm tra Chợ An Bình"
    resolved = {c.label: c.after for c in shown[2].changes}
    assert resolved["Cách xử lý"] == "Đã gỡ mã lạ"


def test_open_mismatches_load_their_stalls_and_vendors_in_a_fixed_number_of_queries(
    world: World,
) -> None:
    """The market page names each open mismatch's stall and vendor: three mismatches cost
    the same queries as one."""
    from sqlalchemy import event

    thief = None
    started = checks.start_round(world.officer_a, market=world.market)
    for index, name in enumerate(("Cô Đào", "Bác Ba", "Chị Hoa")):
        vendor = vendor_with_account(world, name, stall=index, number=f"11336666{index:04d}")
        thief = thief or payload_for(world, vendor, OTHER_BANK, THIEF_ACCOUNT)
        checks.check_sign(
            world.officer_a, started, {"stall_id": world.stalls[index].id, "payloads": [thief]}
        )

    def cost() -> int:
        db.session.expire_all()
        statements: list[str] = []

        def count(*args: object) -> None:
            statements.append(str(args[2]))

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            found = checks.open_problems(market=world.market)
            names = [
                (c.stall.number if c.stall else "", c.vendor.name if c.vendor else "")
                for c in found
            ]
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        assert len(names) == 3 and names[0] == ("1", "Cô Đào")
        return len(statements)

    assert cost() <= 4  # the checks, their stalls, their vendors, the vendors it pays instead


def test_a_market_s_rounds_are_summed_in_a_fixed_number_of_queries(world: World) -> None:
    """The rounds page sums every round's checks: three rounds cost the same queries as one."""
    from sqlalchemy import event

    dao = vendor_with_account(world, "Cô Đào", stall=0)
    genuine = payload_for(world, dao, BANK, ACCOUNT)
    for _ in range(3):
        walk = checks.start_round(world.officer_a, market=world.market)
        checks.check_sign(
            world.officer_a, walk, {"stall_id": world.stalls[0].id, "payloads": [genuine]}
        )
    db.session.expire_all()
    assert world.market.id  # loaded again before counting
    statements: list[object] = []

    def count(*args: object) -> None:
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        summed = [checks.summary(r) for r in checks.rounds_of(world.market)]
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert [(s.checked, s.ok) for s in summed] == [(1, 1)] * 3
    assert len(statements) <= 2  # the rounds, their checks
