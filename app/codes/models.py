"""What the codes feature stores: the bank accounts a signed-in person keeps to make codes
without retyping them.

A saved account is personal: only its owner lists, reads, changes or deletes it (someone else's
is a 404), it belongs to no locality, and it goes with its owner. It is not written to the
audit log, which records changes to shared data for the officers who read it: a vendor's bank
accounts are nobody else's business, and copying them into a log officers read would spread
personal data instead of accounting for a shared change.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.database import Base, TimestampMixin
from app.render import MAX_HOLDER_NAME
from app.vietqr.payload import MAX_ACCOUNT

#: A saved account's own name ("Quầy chợ Bến Thành", "Tài khoản mừng cưới").
MAX_LABEL: Final = 60
#: How many accounts one person may keep.
MAX_SAVED_ACCOUNTS: Final = 50


class SavedAccount(TimestampMixin, Base):
    """A bank account kept by its owner (`user_id`): the bank's BIN, the account number as a
    code carries it (normalised), the holder's name as printed on signs, and a label."""

    __tablename__ = "saved_accounts"
    __table_args__ = (UniqueConstraint("user_id", "bank_bin", "account"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The users table is the accounts feature's; named, not imported (codes needs no feature).
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    bank_bin: Mapped[str] = mapped_column(String(6))
    account: Mapped[str] = mapped_column(String(MAX_ACCOUNT))
    account_name: Mapped[str | None] = mapped_column(String(MAX_HOLDER_NAME))
    label: Mapped[str | None] = mapped_column(String(MAX_LABEL))
