"""Public verification of certificates, and the trainee's own certificates."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from lms import policy
from lms.identity import mask_name
from lms.models import Person
from media.storage import is_presigning
from trainees.certificates import pdf
from trainees.certificates.models import Certificate
from trainees.certificates.selectors import certificates_for

RATE_WINDOW_SECONDS = 60


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR, not X-Forwarded-For, which a client can set to dodge the limit;
    # behind a proxy, the server must put the client's address there.
    return request.META.get("REMOTE_ADDR", "")


def over_rate_limit(request: HttpRequest) -> bool:
    """Count a lookup from this client; True past the allowed number a minute."""
    limit = getattr(settings, "CERTIFICATES_VERIFY_PER_MINUTE", 20)
    key = f"certificates:verify:{client_ip(request)}"
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW_SECONDS)
        count = 1
    return count > limit


def _too_many(request: HttpRequest) -> HttpResponse:
    response = TemplateResponse(
        request,
        "certificates/verify.html",
        {"too_many": True, "form": LookupForm()},
        status=429,
    )
    response["Retry-After"] = str(RATE_WINDOW_SECONDS)
    return response


class LookupForm(forms.Form):
    serial = forms.CharField(label=gettext_lazy("certificate number"), max_length=40)
    code = forms.CharField(label=gettext_lazy("verification code"), max_length=8)

    def clean_serial(self):
        return "".join(self.cleaned_data["serial"].split()).upper()

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).upper()


def _verified(certificate: Certificate | None) -> dict:
    if certificate is None:
        return {"outcome": "unknown"}
    return {
        "outcome": "revoked" if certificate.is_revoked else "valid",
        "certificate": certificate,
        "holder": mask_name(certificate.person.real_name),
    }


def _issued_here():
    return Certificate.objects.issued_here().select_related("person", "institution")


@never_cache
def verify(request: HttpRequest, serial: str) -> HttpResponse:
    """What anyone may know of a certificate from its number (the QR code's page)."""
    if over_rate_limit(request):
        return _too_many(request)
    serial = "".join(serial.split()).upper()
    certificate = _issued_here().filter(serial=serial).first()
    context = {**_verified(certificate), "serial": serial, "form": LookupForm()}
    status = 404 if certificate is None else 200
    return TemplateResponse(request, "certificates/verify.html", context, status=status)


@never_cache
def lookup(request: HttpRequest) -> HttpResponse:
    """Look a certificate up by its number and verification code."""
    form = LookupForm(request.GET or None)
    context = {"form": form}
    if form.is_bound:
        if over_rate_limit(request):
            return _too_many(request)
        if form.is_valid():
            certificate = (
                _issued_here()
                .filter(
                    serial=form.cleaned_data["serial"],
                    verification_code=form.cleaned_data["code"],
                )
                .first()
            )
            context.update(_verified(certificate), serial=form.cleaned_data["serial"])
    return TemplateResponse(request, "certificates/verify.html", context)


def _own_person(user) -> Person | None:
    return Person.objects.filter(user=user).first()


@login_required
def my_certificates(request: HttpRequest) -> HttpResponse:
    """The trainee's certificates, with their PDFs to download."""
    person = _own_person(request.user)
    certificates = certificates_for([person])[person.pk] if person else []
    return TemplateResponse(
        request,
        "certificates/my_certificates.html",
        {"certificates": certificates, "has_person": person is not None},
    )


def _downloadable(user, serial: str) -> tuple[Certificate, bool]:
    """The holder's own valid certificate, or any in a staff member's scope; and
    whether the copy must be masked (staff who may not see full ID numbers)."""
    certificate = Certificate.objects.filter(serial=serial).first()
    if certificate is None:
        raise Http404
    if certificate.person.user_id == user.pk and not certificate.is_revoked:
        return certificate, False
    if not policy.can_view(user, certificate):
        raise Http404
    return certificate, not policy.may_see_full_id_numbers(user)


@never_cache
@login_required
def download(request: HttpRequest, serial: str) -> HttpResponse:
    """The PDF: the holder's stored copy, with the full ID number, through a
    short-lived signed URL where storage signs its own (S3), else streamed through
    this view; staff get a copy rendered with the number masked unless they may
    see full numbers. Nobody else's certificate exists for a stranger."""
    certificate, masked = _downloadable(request.user, serial)
    if not certificate.pdf:
        messages.info(
            request, _("The PDF is still being prepared. Try again in a minute.")
        )
        return redirect("certificates:mine")
    if masked:
        response = HttpResponse(
            pdf.render_certificate(certificate, masked=True),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{certificate.serial}.pdf"'
        )
        return response
    storage = certificate.pdf.storage
    if is_presigning(storage):
        return redirect(storage.url(certificate.pdf.name))
    return FileResponse(
        storage.open(certificate.pdf.name, "rb"),
        as_attachment=True,
        filename=f"{certificate.serial}.pdf",
        content_type="application/pdf",
    )
