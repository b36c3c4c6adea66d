"""Marshmallow schemas of the localities API: what comes in, and what goes out, dumped from
the services' objects (`Locality`, `services.Unit`, `SearchPage`, `Conversion`,
`HamletPreview`)."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from app.localities.models import ERAS, HAMLET_KINDS, LEVELS
from app.request_guards import Id, Text


class LocalityRefSchema(Schema):
    """A unit in brief (breadcrumbs, children, conversion targets)."""

    id = fields.Integer()
    era = fields.String(metadata={"description": "vn2025 or legacy"})
    level = fields.String(metadata={"description": "province, district, commune or hamlet"})
    kind = fields.String(metadata={"description": "division type, e.g. tinh, phuong, ap"})
    kind_label = fields.String(metadata={"example": "Phường"})
    code = fields.String(allow_none=True, metadata={"example": "28777"})
    name = fields.String(metadata={"example": "Phường An Hội"})


class LocalitySchema(LocalityRefSchema):
    search_name = fields.String(metadata={"example": "an hoi"})
    retired_at = fields.DateTime(
        allow_none=True,
        metadata={"description": "hamlets only: when it was retired (null while in use)"},
    )
    parent_id = fields.Integer(allow_none=True)
    depth = fields.Integer()
    path = fields.String(metadata={"description": "materialised path of ids from the root"})


class ChildSchema(LocalityRefSchema):
    child_count = fields.Integer(metadata={"description": "units directly below this one"})


class NowPartOfSchema(Schema):
    province = fields.Nested(LocalityRefSchema, allow_none=True)
    communes = fields.List(
        fields.Nested("ConversionTargetSchema"),
        metadata={"description": "a legacy commune: the 2025 communes it went into"},
    )


class LocalityHitSchema(LocalitySchema):
    ancestors = fields.List(
        fields.Nested(LocalityRefSchema), metadata={"description": "root first"}
    )
    now_part_of = fields.Nested(
        NowPartOfSchema,
        allow_none=True,
        metadata={
            "description": "a pre-2025 unit: the 2025 province (and communes) it is now part "
            "of; null for 2025 units"
        },
    )


class LocalityDetailSchema(LocalitySchema):
    ancestors = fields.List(
        fields.Nested(LocalityRefSchema), metadata={"description": "root first"}
    )
    children = fields.List(
        fields.Nested(ChildSchema),
        metadata={"description": "the first children by name (at most 50); see children_url"},
    )
    child_count = fields.Integer(metadata={"description": "how many children there are in all"})
    children_url = fields.Method(
        "_children_url",
        metadata={
            "type": "string",
            "description": "the paginated list of all children (X-Pagination header)",
        },
    )

    def _children_url(self, unit: Any) -> str:
        return url_for("localities_api.LocalityChildren", locality_id=unit.id)


class SearchQuerySchema(Schema):
    q = fields.String(
        load_default="",
        validate=validate.Length(max=100),
        metadata={
            "description": "name, with or without diacritics or type word ('ben tre', "
            "'Phường An Hội', 'tp ho chi minh')"
        },
    )
    level = fields.String(load_default=None, validate=validate.OneOf(LEVELS))
    era = fields.String(load_default=None, validate=validate.OneOf(ERAS))
    parent = Id(load_default=None, metadata={"description": "parent locality id"})
    # page and page_size: flask-smorest's pagination parameters (X-Pagination header)


class ChildrenQuerySchema(Schema):
    retired = fields.Boolean(
        load_default=False,
        metadata={"description": "list the retired hamlets instead of the units in use"},
    )
    # page and page_size: flask-smorest's pagination parameters (X-Pagination header)


class SearchResultSchema(Schema):
    """One page of hits; the page information is in the X-Pagination header."""

    items = fields.List(fields.Nested(LocalityHitSchema), metadata={"description": "this page"})
    total = fields.Integer(metadata={"description": "hits in all (X-Pagination's total)"})


class ChildrenSchema(Schema):
    """One page of a unit's children; the page information is in the X-Pagination header."""

    locality = fields.Nested(LocalityRefSchema)
    children = fields.List(fields.Nested(ChildSchema), metadata={"description": "this page"})
    total = fields.Integer(
        attribute="child_count",
        metadata={"description": "children in all (X-Pagination's total)"},
    )


class ConversionTargetSchema(Schema):
    locality = fields.Nested(LocalityRefSchema)
    partly = fields.Boolean(
        metadata={
            "description": "only part of the legacy unit went here: restated figures are "
            "approximate"
        }
    )


class ConversionSchema(Schema):
    locality = fields.Nested(LocalityRefSchema)
    targets = fields.List(fields.Nested(ConversionTargetSchema))


class HamletCreateSchema(Schema):
    name = Text(max_length=200, required=True, metadata={"example": "Ấp 3"})
    kind = Text(
        max_length=40,
        required=True,
        metadata={
            "description": "one of " + ", ".join(HAMLET_KINDS) + " (Vietnamese labels such "
            "as 'Ấp', 'Tổ dân phố' are accepted)",
            "example": "ap",
        },
    )
    code = Text(max_length=20, load_default=None, allow_none=True, metadata={"example": "AP03"})


class HamletUpdateSchema(Schema):
    """What changes in a hamlet: any of name, kind, code (left out: kept; code null or "":
    removed)."""

    name = Text(max_length=200, metadata={"example": "Ấp Phú Lợi"})
    kind = Text(max_length=40, metadata={"description": "as when adding", "example": "ap"})
    code = Text(max_length=20, allow_none=True, metadata={"example": "AP03"})


class HamletMoveSchema(Schema):
    commune_id = Id(
        required=True,
        metadata={"description": "the 2025 commune (of the same province) to file it under"},
    )


class HamletFileSchema(Schema):
    file = Upload(
        required=True,
        metadata={
            "description": "CSV (UTF-8, UTF-8 BOM or Windows-1258) "
            "or XLSX with columns tên/name, loại/type, mã/code (optional); "
            "a template: /api/v1/localities/hamlet-import-template.xlsx (or .csv)"
        },
    )


class HamletImportQuerySchema(Schema):
    dry_run = fields.Boolean(load_default=False, metadata={"description": "preview only"})


class HamletRowSchema(Schema):
    line = fields.Integer()
    name = fields.String(metadata={"description": "as given"})
    kind = fields.String(metadata={"description": "as given"})
    code = fields.String()
    stored_name = fields.String(metadata={"description": "as it will be stored"})
    kind_value = fields.String(allow_none=True)
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class HamletPreviewSchema(Schema):
    valid = fields.Boolean()
    error_count = fields.Integer()
    rows = fields.List(fields.Nested(HamletRowSchema))


class HamletImportResultSchema(Schema):
    """What an import wrote (201), dumped from the list of new hamlets. With dry_run the view
    answers the preview (200), which this schema dumps as `HamletPreviewSchema` does."""

    count = fields.Integer()
    created = fields.List(fields.Nested(LocalityRefSchema))

    def dump(self, obj: Any, *, many: bool | None = None) -> Any:
        if not isinstance(obj, list):
            return HamletPreviewSchema().dump(obj)
        return super().dump({"count": len(obj), "created": obj}, many=many)
