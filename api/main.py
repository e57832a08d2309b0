"""The REST API (/api/v1/): django-ninja, its OpenAPI 3.1 document and docs page
(served from ninja's own static files, no CDN)."""

from __future__ import annotations

from functools import wraps

from ninja import NinjaAPI, Router
from wagtail.log_actions import log

from api import errors
from api.auth import AUTH
from api.endpoints import (
    heritage,
    learning,
    reference,
    statistics,
    subsidies,
    writes,
)
from api.endpoints.common import errors as error_responses
from api.schemas import TokenUserOut
from lms import policy

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

api = NinjaAPI(
    title="Jiangxin API",
    version="1.0.0",
    description=(
        "Records of Jiangxin for other systems. Authenticate with a personal API "
        "token (`Authorization: Bearer jx_…`, made in the admin under *API tokens*); "
        "every answer is cut down to the token's user's region or institution, as "
        "in the admin. Lists page by an opaque `cursor` in the order rows last "
        "changed; pass `updated_since` to sync. Errors carry a stable `code`."
    ),
    auth=AUTH,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)


def audited(view):
    """Every write request that names a caller goes to Wagtail's audit log, with
    the token it came with and its outcome, whatever that was."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        user = getattr(request, "auth", None)
        if request.method not in SAFE_METHODS and user is not None:
            token = getattr(request, "api_token", None)
            log(
                instance=token or user,
                action="api.write",
                user=user,
                data={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "token": token.pk if token else None,
                },
            )
        return response

    return wrapper


me = Router(tags=["account"])


@me.get("/me", response={200: TokenUserOut, **error_responses(401, 429)})
def who_am_i(request):
    """The caller as the API sees them: their scope decides every answer."""
    user = request.auth
    return {
        "id": user.pk,
        "email": user.email,
        "is_system_account": hasattr(user, "system_account"),
        "sees_everything": policy.sees_everything(user),
        "region": policy.staff_region_code(user),
        "institution": policy.staff_institution_id(user),
    }


for router in (
    me,
    reference.router,
    learning.router,
    learning.public,
    subsidies.router,
    heritage.router,
    statistics.router,
    writes.router,
):
    router.add_decorator(audited, mode="view")
    api.add_router("/", router)
