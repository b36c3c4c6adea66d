"""The API's blueprint: flask-smorest's, with page numbers bounded like every other integer."""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from functools import wraps
from typing import Any

import flask_smorest
from marshmallow import Schema, fields, validate

from app.request_guards import MAX_DB_INTEGER, query_int


def _bounded_page(schema: type[Schema]) -> type[Schema]:
    page = schema._declared_fields["page"]
    bounded_page = fields.Integer(
        load_default=page.load_default, validate=validate.Range(min=1, max=MAX_DB_INTEGER)
    )
    return type(schema.__name__, (schema,), {"page": bounded_page})


class Blueprint(flask_smorest.Blueprint):
    """Every API blueprint. `tag` names its section of the API reference for people ("Mã
    thanh toán / Payment codes"; the Flask name by default). `paginate` refuses a `page` beyond
    what the database can count (2^31 - 1) with a 422 naming it, as every other integer
    parameter is refused; flask-smorest bounds `page_size` itself."""

    def __init__(self, *args: Any, tag: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tag: str = tag or self.name

    def route(
        self, rule: str, *, parameters: Any = None, tags: list[str] | None = None, **options: Any
    ) -> Callable[[Any], Any]:
        """flask-smorest's route, its operations in this blueprint's section by default."""
        decorator: Callable[[Any], Any] = super().route(
            rule, parameters=parameters, tags=tags or [self.tag], **options
        )
        return decorator

    def paginate(
        self,
        pager: Any = None,
        *,
        page: int | None = None,
        page_size: int | None = None,
        max_page_size: int | None = None,
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        paginate = super().paginate(
            pager, page=page, page_size=page_size, max_page_size=max_page_size
        )

        def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
            paginated = paginate(view)

            @wraps(paginated)
            def bounded(*args: Any, **kwargs: Any) -> Any:
                query_int("page", 1, maximum=MAX_DB_INTEGER)
                return paginated(*args, **kwargs)

            # Document the bound: the parameters flask-smorest records for the spec get a
            # schema whose `page` says its maximum (parsing still uses flask-smorest's).
            apidoc = deepcopy(bounded._apidoc)  # type: ignore[attr-defined]
            parameters = apidoc["pagination"]["parameters"]
            parameters["schema"] = _bounded_page(parameters["schema"])
            bounded._apidoc = apidoc  # type: ignore[attr-defined]
            return bounded

        return decorator
