"""The events part of `flask demo load`: a wedding of two sides hosted by the demo host — Nhà
gái's Lễ Vu Quy and Nhà trai's Lễ Thành Hôn on different days, each side with its account —
thirty guests across sides, groups and who invited them, some answers and wishes (one hidden by
the hosts), a ledger in đồng (envelopes and transfers) with one gift in gold, one in US dollars
and one in kind, some thanked; and a few of the host's contacts with what the host gave them.

Rows are built through the models with every value checked by the feature's rules (gifts by
`clean_gift`, accounts by the codes feature, codes by `new_code`). A second run finds the
wedding by its title and its host and adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final

from sqlalchemy import select

from app.codes import services as codes
from app.database import utcnow
from app.events.gifts import clean_gift
from app.events.models import (
    Ceremony,
    Contact,
    EventHost,
    EventSide,
    GiftEvent,
    GiftGiven,
    Guest,
    LedgerEntry,
    Rsvp,
    Wish,
)
from app.extensions import db
from app.localities.models import Locality
from app.matching import new_code
from app.transaction import transaction

DEMO_WEDDING: Final = "Lễ cưới Hùng & Mai"
GUESTS: Final = 30
FAMILY: Final = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ")
GIVEN: Final = ("Văn Nam", "Thị Lan", "Minh Tâm", "Thị Hoa", "Quốc Bảo", "Thu Trang")
HONORIFICS: Final = ("anh", "chị", "cô", "chú", "bác", "em")
#: Each side: its name, the names its card prints, its account, its ceremony, its groups and
#: who invites its guests.
SIDES: Final[tuple[dict[str, Any], ...]] = (
    {
        "name": "Nhà trai",
        "hosts_names": "Ông Nguyễn Văn Hải – Bà Trần Thị Thu",
        "bank": "970436",
        "account": "0071000123456",
        "holder": "NGUYEN VAN HUNG",
        "ceremony": "Lễ Thành Hôn",
        "days": 21,
        "venue": "Trung tâm tiệc cưới Sông Tiền",
        "address": "Số 5 Đường 30/4, Phường An Hội, Tỉnh Vĩnh Long",
        "groups": ("Bạn chú rể", "Đồng nghiệp chú rể", "Họ hàng nhà trai"),
        "inviters": ("Chú rể", "Bố mẹ chú rể"),
    },
    {
        "name": "Nhà gái",
        "hosts_names": "Ông Lê Văn Phúc – Bà Phạm Thị Hạnh",
        "bank": "970415",
        "account": "113366668888",
        "holder": "LE THI MAI",
        "ceremony": "Lễ Vu Quy",
        "days": 20,
        "venue": "Tư gia nhà gái",
        "address": "Khu phố 1, Phường An Hội, Tỉnh Vĩnh Long",
        "groups": ("Bạn cô dâu", "Đồng nghiệp cô dâu", "Họ hàng nhà gái"),
        "inviters": ("Cô dâu", "Bố mẹ cô dâu"),
    },
)
#: Ledger entries: (guest index or None, method, gift, source, thanked).
ENTRIES: Final[tuple[tuple[int | None, str, dict[str, Any], str, bool], ...]] = (
    (0, "envelope", {"quantity": 500_000}, "manual", True),
    (1, "transfer", {"quantity": 1_000_000}, "matched_transfer", True),
    (2, "envelope", {"quantity": 300_000}, "manual", False),
    (3, "transfer", {"quantity": 500_000}, "manual", False),
    (4, "envelope", {"quantity": 2_000_000}, "manual", True),
    (5, "gold", {"unit": "gold_chi", "quantity": "1", "value_vnd": 8_500_000}, "manual", False),
    (6, "envelope", {"unit": "foreign", "currency": "USD", "quantity": 100}, "manual", False),
    (7, "in_kind", {"unit": "in_kind", "description": "Bộ ấm chén Bát Tràng"}, "manual", True),
    (8, "envelope", {"quantity": 500_000}, "manual", False),
    (9, "transfer", {"quantity": 700_000}, "matched_transfer", False),
    (None, "envelope", {"quantity": 200_000}, "manual", False),
)
#: The host's contacts: (name, relation, phone, what the host gave them, guest index linked).
CONTACTS: Final[tuple[tuple[str, str, str, dict[str, Any], int | None], ...]] = (
    (
        "Anh Trần Minh Tâm",
        "Bạn đại học",
        "0903111222",
        {"occasion": "Đám cưới anh Tâm", "days_ago": 400, "quantity": 1_000_000},
        2,
    ),
    (
        "Gia đình chú Ba Lê",
        "Họ hàng",
        "",
        {"occasion": "Tân gia nhà chú Ba", "days_ago": 200, "unit": "gold_chi", "quantity": "1"},
        1,
    ),
    (
        "Chị Đỗ Thu Trang",
        "Đồng nghiệp",
        "0988777666",
        {"occasion": "Thôi nôi bé Na", "days_ago": 90, "quantity": 500_000},
        None,
    ),
)


@dataclass(frozen=True)
class Loaded:
    event: GiftEvent
    created: bool

    def summary(self) -> str:
        if not self.created:
            return f"Events: {self.event.title} already there."
        return (
            f"Events: {self.event.title} with {len(self.event.sides)} sides, "
            f"{len(self.event.guests)} guests, {len(self.event.entries)} ledger entries and "
            f"{len(CONTACTS)} contacts of the host added."
        )


def _guest_name(index: int) -> str:
    return f"{FAMILY[index % len(FAMILY)]} {GIVEN[(index // len(FAMILY)) % len(GIVEN)]}"


def _at(day: date, hour: int) -> datetime:
    """`hour` o'clock in Vietnam on `day`, as aware UTC."""
    return datetime.combine(day, time(hour), tzinfo=UTC) - timedelta(hours=7)


def load(commune: Locality, host: Any) -> Loaded:
    """The demo wedding in `commune` hosted by `host` (idempotent)."""
    found = db.session.scalar(
        select(GiftEvent)
        .join(EventHost, EventHost.event_id == GiftEvent.id)
        .where(GiftEvent.title == DEMO_WEDDING, EventHost.user_id == host.id)
    )
    if found is not None:
        return Loaded(found, created=False)
    today = (datetime.now(UTC) + timedelta(hours=7)).date()
    with transaction():
        event = GiftEvent(
            kind="dam_cuoi",
            title=DEMO_WEDDING,
            locality=commune,
            message="Trân trọng kính mời quý khách đến chung vui cùng gia đình chúng tôi.",
        )
        event.hosts.append(EventHost(user_id=host.id, role="owner"))
        for position, spec in enumerate(SIDES):
            made = codes.make_code(
                codes.CodeRequest(
                    bank=spec["bank"], account=spec["account"], account_name=spec["holder"]
                )
            )
            side = EventSide(
                name=spec["name"],
                position=position,
                hosts_names=spec["hosts_names"],
                bank_bin=made.bank.bin,
                account_number=made.code.account,
                account_name=spec["holder"],
                code=new_code("QH"),
            )
            day = today + timedelta(days=spec["days"])
            side.ceremonies.append(
                Ceremony(
                    name=spec["ceremony"],
                    starts_at=_at(day, 10),
                    ends_at=_at(day, 13),
                    venue=spec["venue"],
                    address=spec["address"],
                    map_url="https://www.openstreetmap.org/#map=17/10.2410/106.3750",
                )
            )
            event.sides.append(side)
        db.session.add(event)
        db.session.flush()
        guests = _guests(event)
        _answers(event, guests)
        _ledger(event, guests, host)
        _contacts(host, guests, today)
    return Loaded(event, created=True)


def _guests(event: GiftEvent) -> list[Guest]:
    guests: list[Guest] = []
    for index in range(GUESTS):
        spec = SIDES[index % 2]
        guest = Guest(
            event=event,
            side=event.sides[index % 2],
            name=_guest_name(index),
            honorific=HONORIFICS[index % len(HONORIFICS)],
            phone=f"+8491{index:07d}" if index % 3 == 0 else "",
            group_name=spec["groups"][index // 2 % len(spec["groups"])],
            invited_by=spec["inviters"][index // 6 % len(spec["inviters"])],
            code=new_code("QK"),
        )
        db.session.add(guest)
        guests.append(guest)
    db.session.flush()
    return guests


def _answers(event: GiftEvent, guests: list[Guest]) -> None:
    for index, answer, people in ((0, "yes", 2), (1, "yes", 1), (3, "no", 0), (4, "maybe", 1)):
        guest = guests[index]
        db.session.add(
            Rsvp(side=guest.side, guest=guest, name=guest.name, answer=answer, people=people)
        )
    db.session.add(Rsvp(side=event.sides[1], name="Cô Sáu bán hoa", answer="yes", people=3))
    wishes = (
        (0, "Chúc hai bạn trăm năm hạnh phúc, sớm có tin vui!", True, False),
        (1, "Chúc mừng hạnh phúc cô dâu chú rể!", True, False),
        (2, "Mãi yêu thương nhau nhé.", False, False),
        (5, "Chúc mừng! (xem ở đây: quảng cáo…)", True, True),
    )
    for index, message, public, hidden in wishes:
        guest = guests[index]
        db.session.add(
            Wish(
                event=event,
                side_id=guest.side.id,
                guest_id=guest.id,
                name=guest.name,
                message=message,
                public=public,
                hidden=hidden,
            )
        )


def _ledger(event: GiftEvent, guests: list[Guest], host: Any) -> None:
    received = event.sides[0].ceremonies[0].starts_at + timedelta(hours=2)
    for index, method, gift, source, thanked in ENTRIES:
        guest = guests[index] if index is not None else None
        entry = LedgerEntry(
            event=event,
            side=guest.side if guest else event.sides[0],
            guest=guest,
            giver_kind="person" if guest else "unnamed",
            giver_name=guest.name if guest else "",
            relation=guest.group_name if guest else "",
            owner=guest.invited_by if guest else "",
            method=method,
            received_at=received,
            source=source,
            thanked_at=utcnow() if thanked else None,
            created_by_id=host.id,
            **clean_gift(gift).as_fields(),
        )
        db.session.add(entry)


def _contacts(host: Any, guests: list[Guest], today: date) -> None:
    for name, relation, phone, given, guest_index in CONTACTS:
        contact = Contact(
            owner_id=host.id,
            kind="household" if name.startswith("Gia đình") else "person",
            name=name,
            relation=relation,
            phone=f"+84{phone[1:]}" if phone else "",
        )
        gift = dict(given)
        days_ago = int(gift.pop("days_ago"))
        occasion = str(gift.pop("occasion"))
        contact.given.append(
            GiftGiven(
                occasion=occasion,
                given_on=today - timedelta(days=days_ago),
                **clean_gift(gift).as_fields(),
            )
        )
        db.session.add(contact)
        db.session.flush()
        if guest_index is not None:
            guests[guest_index].contact_id = contact.id
