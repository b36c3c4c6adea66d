"""What the periodic reports' audit entries mean to a person: entered figures, reports and
targets, their actions (explain, submit, approve, reopen), fields and values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from app.audit_log import recorded_row
from app.feature import AuditLabels
from app.localities.services import locality_named
from app.reports.models import EnteredFigure, Report, Target
from app.reports.periods import Period
from app.reports.rollup import indicator

STATE_LABELS: Mapping[str, Any] = {
    "draft": _l("Đang soạn"),
    "submitted": _l("Đã nộp"),
    "approved": _l("Đã duyệt"),
}


def _indicator_label(code: Any) -> Any:
    found = indicator(str(code))
    return str(found.label) if found is not None else code


def _period_label(key: Any) -> Any:
    try:
        return Period.parse(str(key)).label()
    except ValueError:
        return key


def _subject(model: type[Any]) -> Any:
    def name(
        entity_id: str, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
    ) -> str | None:
        row = recorded_row(model, entity_id)
        if row is None:
            return None
        parts = [row.locality.name]
        if hasattr(row, "period"):
            parts.append(str(_period_label(row.period)))
        if hasattr(row, "indicator"):
            parts.append(str(_indicator_label(row.indicator)))
        if hasattr(row, "year"):
            parts.append(str(row.year))
        return " · ".join(parts)

    return name


FIELD_LABELS: Mapping[str, Any] = {
    "indicator": _l("Chỉ tiêu"),
    "period": _l("Kỳ báo cáo"),
    "numerator": _l("Tử số"),
    "denominator": _l("Mẫu số"),
    "source": _l("Nguồn"),
    "note": _l("Ghi chú"),
    "locality_id": _l("Địa bàn"),
    "state": _l("Trạng thái"),
    "on_time": _l("Đúng hạn"),
    "reopened": _l("Số lần mở lại"),
    "explanations": _l("Giải trình"),
    "reason": _l("Lý do"),
    "year": _l("Năm"),
    "value": _l("Giá trị"),
}
ENTITY_FIELDS: Mapping[str, tuple[str, ...]] = {
    "entered_figure": (
        "indicator",
        "locality_id",
        "period",
        "numerator",
        "denominator",
        "source",
        "note",
    ),
    "report": ("state", "on_time", "reopened", "explanations", "reason"),
    "target": ("indicator", "locality_id", "year", "value", "note"),
}

PERIODS_AUDIT = AuditLabels(
    entities={
        "entered_figure": _l("Số liệu nhập"),
        "report": _l("Báo cáo định kỳ"),
        "target": _l("Chỉ tiêu kế hoạch"),
    },
    actions={
        "explain": _l("Giải trình"),
        "submit": _l("Nộp"),
        "approve": _l("Duyệt"),
        "reopen": _l("Mở lại"),
    },
    fields={
        f"{entity}.{name}": label
        for entity, names in ENTITY_FIELDS.items()
        for name, label in FIELD_LABELS.items()
        if name in names
    },
    values={
        **{f"{entity}.indicator": _indicator_label for entity in ("entered_figure", "target")},
        **{f"{entity}.period": _period_label for entity in ("entered_figure", "report")},
        **{f"{entity}.locality_id": locality_named for entity in ("entered_figure", "target")},
        "report.state": lambda code: str(STATE_LABELS.get(code, code)),
    },
    subjects={
        "entered_figure": _subject(EnteredFigure),
        "report": _subject(Report),
        "target": _subject(Target),
    },
)
