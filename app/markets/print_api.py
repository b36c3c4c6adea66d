"""API for printing every sign of a market or street into one PDF (on the markets API
blueprint): start a job, follow its progress, fetch the file. Officers who manage the place
(and admins) only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from flask.views import MethodView
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from app.api_docs import SIGNED_IN, answers
from app.markets import printing
from app.markets.models import PrintJob
from app.markets.print_pages import send_print_file
from app.markets.resources import blp
from app.markets.schemas import PrintJobInSchema, PrintJobSchema


@blp.route("/markets/<int:market_id>/sign-prints")
class MarketSignPrints(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 400, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(PrintJobInSchema)
    @blp.response(202, PrintJobSchema)
    def post(self, data: dict[str, Any], market_id: int) -> PrintJob:
        """In mọi biển của chợ / Print every sign of a market

        Bắt đầu in biển của mọi tiểu thương đã duyệt có tài khoản chính vào một tệp PDF, theo
        thứ tự sạp; việc in chạy nền, theo dõi ở `GET /sign-prints/{id}`.

        Start printing the sign of every approved vendor with a primary account into one PDF,
        in stall order; the work runs in the background, follow it at `GET /sign-prints/{id}`."""
        return printing.create_print_job(current_user, market_id=market_id, page=data["page"])


@blp.route("/streets/<int:street_id>/sign-prints")
class StreetSignPrints(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 400, 401, 403, 404, 422, security=SIGNED_IN)
    @blp.arguments(PrintJobInSchema)
    @blp.response(202, PrintJobSchema)
    def post(self, data: dict[str, Any], street_id: int) -> PrintJob:
        """In mọi biển của tuyến phố / Print every sign of a street

        Bắt đầu in biển của mọi cửa hàng đã duyệt có tài khoản chính vào một tệp PDF, theo số
        nhà; việc in chạy nền, theo dõi ở `GET /sign-prints/{id}`.

        Start printing the sign of every approved shop with a primary account into one PDF, by
        house number; the work runs in the background, follow it at `GET /sign-prints/{id}`."""
        return printing.create_print_job(current_user, street_id=street_id, page=data["page"])


@blp.route("/sign-prints/<int:job_id>")
class SignPrint(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 404, security=SIGNED_IN)
    @blp.response(200, PrintJobSchema)
    def get(self, job_id: int) -> PrintJob:
        """Một lượt in biển / One sign print

        Trạng thái (queued, running, done, failed), số biển đã in trên tổng số, và khi xong
        thì `file_url` của tệp PDF. Lượt in được giữ một ngày.

        Its state (queued, running, done, failed), signs printed out of the total, and when
        done the PDF's `file_url`. Prints are kept for a day."""
        return printing.visible_print_job(current_user, job_id)


@blp.route("/sign-prints/<int:job_id>/file")
class SignPrintFile(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [login_required]

    @answers(blp, 401, 403, 404, 409, security=SIGNED_IN)
    @blp.response(200, description="the PDF of every sign, as an attachment")
    def get(self, job_id: int) -> WerkzeugResponse:
        """Tệp PDF của lượt in / The sign print's PDF

        Tệp PDF đã in xong (409 khi còn đang in), tải về với tên theo chợ hoặc tuyến phố.

        The finished PDF (409 while it is still being printed), downloaded under the market's
        or street's name."""
        return send_print_file(printing.visible_print_job(current_user, job_id))
