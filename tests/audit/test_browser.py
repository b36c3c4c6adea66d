"""The audit log on a 360-px phone: nothing overflows and no word is broken mid-word."""

from __future__ import annotations

from typing import Any

import pytest

from app.accounts import services as accounts
from app.audit_log import acting_as
from app.extensions import db
from app.localities import services as localities
from tests.audit.test_audit_words import _everything_recorded
from tests.conftest import fits, screenshot, sign_in_page
from tests.factories import PASSWORD, Places, make_user

pytestmark = pytest.mark.browser

#: Every word of the log's entries that spans two lines (a token longer than 24 characters,
#: such as a long email, may break: it could not fit a line anyway).
BROKEN_WORDS = """root => {
  const broken = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement.closest(".sr-only")) continue;  // read aloud, not shown
    for (const m of node.data.matchAll(/\\S+/g)) {
      if (m[0].length > 24) continue;
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}"""


def test_the_audit_log_on_a_phone(page: Any, places: Places) -> None:
    made = _everything_recorded(places)
    officer = make_user(
        "nguyen.thi.hong.dao.can.bo.dia.ban@uy-ban-nhan-dan-xa.gov.vn", name="Nguyễn Thị Hồng Đào"
    )
    with acting_as("cli"):
        hamlet = localities.add_hamlet(places.commune_a, "Tổ dân phố Phước Thạnh Thượng", "to")
        db.session.commit()
        accounts.grant_role(officer, "officer", places.commune_a)
    assert hamlet.id
    sign_in_page(page, made["admin"].email, PASSWORD)
    page.goto("/nhat-ky")
    entries = page.locator("li.audit-entry")
    assert entries.count() == 10
    fits(page)
    log = page.locator("ol.audit-list")
    assert log.evaluate(BROKEN_WORDS) == []
    text = log.inner_text()
    assert "Tổ dân phố Phước Thạnh Thượng (Xã An Bình)" in text
    assert "Cán bộ địa bàn" in text and "Trực thuộc" in text and "Dòng lệnh" in text
    screenshot(page, "audit-log-phone")
    # The check above does find words broken mid-word when the CSS breaks them.
    log.evaluate("root => { root.style.wordBreak = 'break-all'; }")
    assert log.evaluate(BROKEN_WORDS) != []
