"""What the events feature says: its refusals (error code → translatable message, registered
through `app.events.feature.FEATURE`).

A message's `%(…)s` parameters are the `DomainError`'s keyword arguments.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

MESSAGES: Mapping[str, Any] = {
    "events.event_not_found": _l("Không tìm thấy sự kiện này."),
    "events.side_not_found": _l("Không tìm thấy bên nhận mừng này."),
    "events.guest_not_found": _l("Không tìm thấy khách mời này."),
    "events.ledger_read_only": _l(
        "Sổ mừng của bên này chỉ được chia sẻ để xem; chỉ chủ nhà của bên đó mới ghi được."
    ),
}
