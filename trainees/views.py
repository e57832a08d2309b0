from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The trainee's own area: their account now, their learning record as it grows."""
    return TemplateResponse(request, "trainees/dashboard.html", {})
