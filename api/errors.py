"""The API's errors: JSON with a stable ``code``, a Chinese and an English message
and, for bad input, the fields at fault. Nothing else ever leaves the API."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from lms.parsing import BadInput


class FieldError(Schema):
    """One input at fault: where it is (``body.rows.2.email``), and why."""

    field: str
    code: str
    message: str


class Error(Schema):
    """Every error the API answers with."""

    code: str
    message_zh: str
    message_en: str
    fields: list[FieldError] = []


MESSAGES = {
    "unauthorized": _("A valid API token (Authorization: Bearer …) is required."),
    "forbidden": _("Your account may not read or write this."),
    "not_found": _("There is no such object, or it is outside your scope."),
    "invalid": _("The request is not valid; see the fields."),
    "rate_limited": _("Too many requests; try again after Retry-After seconds."),
    "conflict": _("The request conflicts with the object's current state."),
    "bad_request": _("The request is malformed."),
}


class ApiError(Exception):
    """An error with its stable code, its HTTP status and optional field errors."""

    def __init__(self, status: int, code: str, message=None, fields=None):
        self.status = status
        self.code = code
        self.message = message if message is not None else MESSAGES[code]
        self.fields = fields or []
        super().__init__(code)


class RateLimited(ApiError):
    def __init__(self, retry_after: int):
        super().__init__(429, "rate_limited")
        self.retry_after = retry_after


def in_both_languages(message) -> tuple[str, str]:
    with translation.override("zh-hans"):
        chinese = str(message)
    with translation.override("en"):
        english = str(message)
    return chinese, english


def error_body(code: str, message, fields=()) -> dict:
    chinese, english = in_both_languages(message)
    return {
        "code": code,
        "message_zh": chinese,
        "message_en": english,
        "fields": list(fields),
    }


def _respond(api: NinjaAPI, request: HttpRequest, error: ApiError) -> HttpResponse:
    response = api.create_response(
        request,
        error_body(error.code, error.message, error.fields),
        status=error.status,
    )
    if isinstance(error, RateLimited):
        response["Retry-After"] = str(error.retry_after)
    return response


def _from_ninja_validation(exc: NinjaValidationError) -> ApiError:
    fields = []
    for detail in exc.errors:
        location = [str(part) for part in detail.get("loc", ())]
        if location[:1] == ["body"] and len(location) > 2:
            del location[1]  # the endpoint's parameter name: the body is its value
        fields.append(
            {
                "field": ".".join(location),
                "code": str(detail.get("type", "invalid")),
                "message": str(detail.get("msg", "")),
            }
        )
    return ApiError(422, "invalid", fields=fields)


def _from_django_validation(exc: DjangoValidationError) -> ApiError:
    fields = []
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            for error in errors:
                fields.append(_field(name, error))
    else:
        for error in exc.error_list:
            fields.append(_field("", error))
    return ApiError(422, "invalid", fields=fields)


def _field(name: str, error: DjangoValidationError) -> dict:
    message = error.message % error.params if error.params else error.message
    return {"field": name, "code": error.code or "invalid", "message": str(message)}


def install(api: NinjaAPI) -> None:
    """Answer every error of ``api`` in the one shape (``Error``)."""

    def handler(convert):
        def handle(request, exc):
            return _respond(api, request, convert(exc))

        return handle

    api.add_exception_handler(ApiError, handler(lambda exc: exc))
    api.add_exception_handler(
        AuthenticationError, handler(lambda exc: ApiError(401, "unauthorized"))
    )
    api.add_exception_handler(
        PermissionDenied, handler(lambda exc: ApiError(403, "forbidden"))
    )
    api.add_exception_handler(Http404, handler(lambda exc: ApiError(404, "not_found")))
    api.add_exception_handler(NinjaValidationError, handler(_from_ninja_validation))
    api.add_exception_handler(DjangoValidationError, handler(_from_django_validation))
    api.add_exception_handler(
        BadInput, handler(lambda exc: ApiError(400, "bad_request", exc.messages[0]))
    )

    def http_error(exc: HttpError) -> ApiError:
        codes = {401: "unauthorized", 403: "forbidden", 404: "not_found"}
        return ApiError(exc.status_code, codes.get(exc.status_code, "bad_request"))

    api.add_exception_handler(HttpError, handler(http_error))
